//! Batched reads behind the GraphQL DataLoaders: one statement fetches a relation for a
//! whole set of parents, always within the caller's workspace.

use std::collections::HashMap;

use entity::{
    alert, aml_hit, audit_event, audit_payload, case_review, case_tag, check, company, document,
    individual, note, pending_decision, relation, risk, user,
};
use sea_orm::{ColumnTrait, EntityTrait, ModelTrait, QueryFilter, QueryOrder, Value};
use uuid::Uuid;

use super::Session;
use crate::error::AppResult;

/// A one-to-many relation loaded by parent id: which table, which column points at the
/// parent, and the order children come in.
pub trait Children: Send + Sync + 'static {
    type Entity: EntityTrait;
    fn workspace() -> <Self::Entity as EntityTrait>::Column;
    fn parent() -> <Self::Entity as EntityTrait>::Column;
    fn order() -> <Self::Entity as EntityTrait>::Column;
}

/// Children of many parents in one statement, grouped by parent id.
pub async fn children<R: Children>(
    s: &Session,
    parents: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<<R::Entity as EntityTrait>::Model>>> {
    let rows = R::Entity::find()
        .filter(R::workspace().eq(s.workspace()))
        .filter(R::parent().is_in(parents.iter().copied()))
        .order_by_asc(R::order())
        .all(s.read())
        .await?;
    let mut out: HashMap<Uuid, Vec<_>> = HashMap::with_capacity(parents.len());
    for row in rows {
        if let Value::Uuid(Some(parent)) = row.get(R::parent()) {
            out.entry(parent).or_default().push(row);
        }
    }
    Ok(out)
}

macro_rules! children {
    ($(#[$m:meta])* $name:ident: $module:ident by $parent:ident ordered by $order:ident) => {
        $(#[$m])*
        pub struct $name;
        impl Children for $name {
            type Entity = $module::Entity;
            fn workspace() -> $module::Column {
                $module::Column::WorkspaceId
            }
            fn parent() -> $module::Column {
                $module::Column::$parent
            }
            fn order() -> $module::Column {
                $module::Column::$order
            }
        }
    };
}

children!(/// A case's companies.
    CaseCompanies: company by CaseId ordered by CreatedAt);
children!(/// A case's individuals.
    CaseIndividuals: individual by CaseId ordered by CreatedAt);
children!(/// A case's relations.
    CaseRelations: relation by CaseId ordered by CreatedAt);
children!(/// A case's checks.
    CaseChecks: check by CaseId ordered by CreatedAt);
children!(/// A case's documents.
    CaseDocuments: document by CaseId ordered by UploadedAt);
children!(/// A case's notes.
    CaseNotes: note by CaseId ordered by CreatedAt);
children!(/// A case's risks, oldest first.
    CaseRisks: risk by CaseId ordered by CreatedAt);
children!(/// A case's reviews, oldest first.
    CaseReviews: case_review by CaseId ordered by CreatedAt);
children!(/// A case's tags.
    CaseTags: case_tag by CaseId ordered by Tag);
children!(/// A case's audit trail, in chain order.
    CaseAuditTrail: audit_event by CaseId ordered by Seq);
children!(/// An audit event's payload (one).
    EventPayload: audit_payload by EventId ordered by EventId);
children!(/// A case's pending decision (at most one).
    CasePendingDecision: pending_decision by CaseId ordered by ProposedAt);
children!(/// A case's alerts, oldest first.
    CaseAlerts: alert by CaseId ordered by CreatedAt);
children!(/// A check's documents.
    CheckDocuments: document by CheckId ordered by UploadedAt);
children!(/// A check's AML hits.
    CheckAmlHits: aml_hit by CheckId ordered by CreatedAt);
children!(/// A check's notes.
    CheckNotes: note by CheckId ordered by CreatedAt);

/// Users by id, within the workspace.
pub async fn users(s: &Session, ids: &[Uuid]) -> AppResult<HashMap<Uuid, user::Model>> {
    let rows = user::Entity::find()
        .filter(user::Column::WorkspaceId.eq(s.workspace()))
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .all(s.read())
        .await?;
    Ok(rows.into_iter().map(|u| (u.id, u)).collect())
}
