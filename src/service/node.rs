//! Relay refetch (`Query.node`): finds which kind of object a plain UUID names within the
//! caller's workspace, then reads that row — two indexed statements, whatever the kind.

use entity::{
    alert, aml_hit, audit_event, case, case_review, check, company, custom_property_definition,
    document, individual, note, relation, risk, screening_result, user,
};
use sea_orm::sea_query::{Alias, Expr, Query, SelectStatement, UnionType};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::Session;
use crate::error::AppResult;

/// Most ids one `nodes` call looks up.
pub const MAX_IDS: usize = 100;

macro_rules! found {
    (
        case: $($case_scoped:ident: $case_module:ident),+;
        workspace: $($ws_scoped:ident: $ws_module:ident),+
    ) => {
        /// An object found by id, of whichever kind it is.
        pub enum Found {
            Case(case::Model),
            $($case_scoped($case_module::Model),)+
            $($ws_scoped($ws_module::Model),)+
        }

        /// One `SELECT '<kind>' … WHERE id = ?` per table, all in one `UNION ALL`: a live
        /// case of the workspace, a child of one, or a workspace-level object.
        fn which(workspace: &str, id: Uuid) -> SelectStatement {
            let kind = Alias::new("kind");
            let live_cases = Query::select()
                .column(case::Column::Id)
                .from(case::Entity)
                .cond_where(super::case::live(workspace))
                .to_owned();
            let mut union = Query::select()
                .expr_as(Expr::val("Case"), kind.clone())
                .from(case::Entity)
                .cond_where(super::case::live(workspace))
                .and_where(case::Column::Id.eq(id))
                .to_owned();
            $(union.union(
                UnionType::All,
                Query::select()
                    .expr_as(Expr::val(stringify!($case_scoped)), kind.clone())
                    .from($case_module::Entity)
                    .and_where($case_module::Column::Id.eq(id))
                    .and_where($case_module::Column::WorkspaceId.eq(workspace))
                    .and_where($case_module::Column::CaseId.in_subquery(live_cases.clone()))
                    .to_owned(),
            );)+
            $(union.union(
                UnionType::All,
                Query::select()
                    .expr_as(Expr::val(stringify!($ws_scoped)), kind.clone())
                    .from($ws_module::Entity)
                    .and_where($ws_module::Column::Id.eq(id))
                    .and_where($ws_module::Column::WorkspaceId.eq(workspace))
                    .to_owned(),
            );)+
            union
        }

        /// The object `id` names in the caller's workspace, if any (a child of a deleted
        /// case is gone with it).
        pub async fn find(s: &Session, id: Uuid) -> AppResult<Option<Found>> {
            let db = s.read();
            let row = db
                .query_one(&which(s.workspace(), id))
                .await?;
            let Some(kind) = row.map(|r| r.try_get::<String>("", "kind")).transpose()? else {
                return Ok(None);
            };
            Ok(match kind.as_str() {
                "Case" => super::case::get(db, s, id).await.ok().map(Found::Case),
                $(stringify!($case_scoped) => $case_module::Entity::find_by_id(id)
                    .filter($case_module::Column::WorkspaceId.eq(s.workspace()))
                    .one(db)
                    .await?
                    .map(Found::$case_scoped),)+
                $(stringify!($ws_scoped) => $ws_module::Entity::find_by_id(id)
                    .filter($ws_module::Column::WorkspaceId.eq(s.workspace()))
                    .one(db)
                    .await?
                    .map(Found::$ws_scoped),)+
                _ => None,
            })
        }
    };
}

found!(
    case: Company: company, Individual: individual, Relation: relation, Check: check,
        AmlHit: aml_hit, Document: document, Note: note, Risk: risk, CaseReview: case_review,
        Alert: alert, AuditEvent: audit_event;
    workspace: User: user, CustomPropertyDefinition: custom_property_definition,
        ScreeningResult: screening_result
);
