//! The ownership graph of cases: total ownership and voting interest of every entity in the
//! main company, and the beneficial owners. The math is `domain::ownership`; this module
//! loads what it needs for many cases at once (four statements, whatever the number).

use std::collections::HashMap;
use std::sync::Arc;

use entity::{company, individual, relation};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{workspace, Session};
use crate::domain::entity_graph::edges;
use crate::domain::ownership::{
    beneficial_owners, total_interest, Interests, Measure, OwnerCandidate,
};
use crate::error::AppResult;

/// The computed ownership of one case.
pub struct CaseOwnership {
    pub ownership: Option<Interests<Uuid>>,
    pub voting: Option<Interests<Uuid>>,
    /// Individuals at or above the workspace's threshold, or declared.
    pub beneficial_owners: Vec<Uuid>,
}

impl CaseOwnership {
    /// An entity's total interest in percent; `None` without a main company, or for a closed
    /// ring of companies owning each other fully (no finite answer).
    pub fn total(&self, id: Uuid, measure: Measure) -> Option<f64> {
        let interests = match measure {
            Measure::Ownership => self.ownership.as_ref(),
            Measure::Voting => self.voting.as_ref(),
        };
        interests.and_then(|i| i.get(&id))
    }
}

/// Ownership of many cases of the caller's workspace.
pub async fn of_cases(
    s: &Session,
    case_ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Arc<CaseOwnership>>> {
    let ids = || case_ids.iter().copied();
    let mains = company::Entity::find()
        .filter(company::Column::WorkspaceId.eq(s.workspace()))
        .filter(company::Column::CaseId.is_in(ids()))
        .filter(company::Column::IsMain.eq(true))
        .all(s.read())
        .await?;
    let relations = relation::Entity::find()
        .filter(relation::Column::WorkspaceId.eq(s.workspace()))
        .filter(relation::Column::CaseId.is_in(ids()))
        .all(s.read())
        .await?;
    let people = individual::Entity::find()
        .filter(individual::Column::WorkspaceId.eq(s.workspace()))
        .filter(individual::Column::CaseId.is_in(ids()))
        .all(s.read())
        .await?;
    let threshold = workspace::settings(s.read(), s.workspace())
        .await?
        .ubo_threshold;
    let mut out = HashMap::with_capacity(case_ids.len());
    for case_id in ids() {
        let main = mains.iter().find(|c| c.case_id == case_id).map(|c| c.id);
        let case_relations: Vec<relation::Model> = relations
            .iter()
            .filter(|r| r.case_id == case_id)
            .cloned()
            .collect();
        let candidates: Vec<OwnerCandidate<Uuid>> = people
            .iter()
            .filter(|p| p.case_id == case_id)
            .map(|p| OwnerCandidate {
                id: p.id,
                declared: p.is_beneficial_owner,
            })
            .collect();
        let computed = main.map(|m| {
            let e = edges(&case_relations);
            (
                total_interest(&e, m, Measure::Ownership),
                total_interest(&e, m, Measure::Voting),
            )
        });
        let beneficial = match &computed {
            Some((own, vote)) => beneficial_owners(&candidates, own, vote, threshold),
            None => candidates
                .iter()
                .filter(|c| c.declared)
                .map(|c| c.id)
                .collect(),
        };
        let (ownership, voting) = computed.map_or((None, None), |(o, v)| (Some(o), Some(v)));
        out.insert(
            case_id,
            Arc::new(CaseOwnership {
                ownership,
                voting,
                beneficial_owners: beneficial,
            }),
        );
    }
    Ok(out)
}
