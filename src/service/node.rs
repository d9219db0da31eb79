//! Relay refetch (`Query.node`, `Query.nodes`): finds which kind of object each plain UUID
//! names within the caller's workspace, then reads the rows — one statement for the kinds
//! and one per kind found, however many ids.

use std::collections::HashMap;

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
        #[derive(Clone)]
        pub enum Found {
            Case(case::Model),
            $($case_scoped($case_module::Model),)+
            $($ws_scoped($ws_module::Model),)+
        }

        /// One `SELECT id, '<kind>' … WHERE id IN (…)` per table, all in one `UNION ALL`:
        /// live cases of the workspace, children of one, or workspace-level objects.
        fn which(workspace: &str, ids: &[Uuid]) -> SelectStatement {
            let kind = Alias::new("kind");
            let live_cases = Query::select()
                .column(case::Column::Id)
                .from(case::Entity)
                .cond_where(super::case::live(workspace))
                .to_owned();
            let mut union = Query::select()
                .column(case::Column::Id)
                .expr_as(Expr::val("Case"), kind.clone())
                .from(case::Entity)
                .cond_where(super::case::live(workspace))
                .and_where(case::Column::Id.is_in(ids.iter().copied()))
                .to_owned();
            $(union.union(
                UnionType::All,
                Query::select()
                    .column($case_module::Column::Id)
                    .expr_as(Expr::val(stringify!($case_scoped)), kind.clone())
                    .from($case_module::Entity)
                    .and_where($case_module::Column::Id.is_in(ids.iter().copied()))
                    .and_where($case_module::Column::WorkspaceId.eq(workspace))
                    .and_where($case_module::Column::CaseId.in_subquery(live_cases.clone()))
                    .to_owned(),
            );)+
            $(union.union(
                UnionType::All,
                Query::select()
                    .column($ws_module::Column::Id)
                    .expr_as(Expr::val(stringify!($ws_scoped)), kind.clone())
                    .from($ws_module::Entity)
                    .and_where($ws_module::Column::Id.is_in(ids.iter().copied()))
                    .and_where($ws_module::Column::WorkspaceId.eq(workspace))
                    .to_owned(),
            );)+
            union
        }

        /// The objects `ids` name in the caller's workspace, in the order given (`None` where
        /// nothing is found; a child of a deleted case is gone with it): one statement finds
        /// the kinds, then one per kind reads the rows.
        pub async fn find_many(s: &Session, ids: &[Uuid]) -> AppResult<Vec<Option<Found>>> {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let db = s.read();
            let mut by_kind: HashMap<String, Vec<Uuid>> = HashMap::new();
            for row in db.query_all(&which(s.workspace(), ids)).await? {
                let id: Uuid = row.try_get("", "id")?;
                let kind: String = row.try_get("", "kind")?;
                by_kind.entry(kind).or_default().push(id);
            }
            let mut found: HashMap<Uuid, Found> = HashMap::new();
            for (kind, of_kind) in by_kind {
                match kind.as_str() {
                    "Case" => found.extend(
                        case::Entity::find()
                            .filter(super::case::live(s.workspace()))
                            .filter(case::Column::Id.is_in(of_kind))
                            .all(db)
                            .await?
                            .into_iter()
                            .map(|m| (m.id, Found::Case(m))),
                    ),
                    $(stringify!($case_scoped) => found.extend(
                        $case_module::Entity::find()
                            .filter($case_module::Column::Id.is_in(of_kind))
                            .filter($case_module::Column::WorkspaceId.eq(s.workspace()))
                            .all(db)
                            .await?
                            .into_iter()
                            .map(|m| (m.id, Found::$case_scoped(m))),
                    ),)+
                    $(stringify!($ws_scoped) => found.extend(
                        $ws_module::Entity::find()
                            .filter($ws_module::Column::Id.is_in(of_kind))
                            .filter($ws_module::Column::WorkspaceId.eq(s.workspace()))
                            .all(db)
                            .await?
                            .into_iter()
                            .map(|m| (m.id, Found::$ws_scoped(m))),
                    ),)+
                    _ => {}
                }
            }
            Ok(ids.iter().map(|id| found.get(id).cloned()).collect())
        }
    };
}

/// The object `id` names in the caller's workspace, if any: [`find_many`] of one id, two
/// indexed statements whatever the kind.
pub async fn find(s: &Session, id: Uuid) -> AppResult<Option<Found>> {
    Ok(find_many(s, &[id]).await?.pop().flatten())
}

found!(
    case: Company: company, Individual: individual, Relation: relation, Check: check,
        AmlHit: aml_hit, Document: document, Note: note, Risk: risk, CaseReview: case_review,
        Alert: alert, AuditEvent: audit_event;
    workspace: User: user, CustomPropertyDefinition: custom_property_definition,
        ScreeningResult: screening_result
);
