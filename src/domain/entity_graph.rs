//! A case's entity graph and its rules (SPEC §3 "Companies and individuals", "Relations"):
//! the `ref`s that name new entities within one call, at most one main company, relations
//! from an entity of the case to a company of the case (the main one when omitted) with no
//! self-relation and at most 100% of direct ownership and of voting rights into one company,
//! and no change that leaves an entity without a path to the main company.
//!
//! Pure: the service loads a case's rows into an [`EntityGraph`], asks it to add, change or
//! remove parties and relations (a refusal is `BAD_USER_INPUT` naming the input field), and
//! writes what it accepted. The ownership math is [`super::ownership`].

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{company, individual, relation};
use serde_json::json;
use uuid::Uuid;

use super::ownership::{orphaned_by_change, Edge};
use super::values::{optional_text, required_text, Percentage, MAX_NAME};
use super::{RelationRole, RelationRoles};
use crate::error::{AppError, AppResult};

/// Longest `ref` of a new entity.
pub const MAX_REF: usize = 64;

/// Slack for sums of direct percentages (floats), in percent.
const SUM_SLACK: f64 = 1e-9;

/// An entity of a case: a company or an individual.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    Company(Uuid),
    Individual(Uuid),
}

impl Party {
    pub fn id(self) -> Uuid {
        match self {
            Party::Company(id) | Party::Individual(id) => id,
        }
    }

    pub fn is_company(self) -> bool {
        matches!(self, Party::Company(_))
    }

    /// The public type name, for `NOT_FOUND`.
    pub fn type_name(self) -> &'static str {
        match self {
            Party::Company(_) => "Company",
            Party::Individual(_) => "Individual",
        }
    }

    /// The entity type in the audit trail.
    pub fn entity_type(self) -> &'static str {
        match self {
            Party::Company(_) => "COMPANY",
            Party::Individual(_) => "INDIVIDUAL",
        }
    }

    /// Where a relation starts.
    pub fn source_of(r: &relation::Model) -> Option<Party> {
        r.from_company_id
            .map(Party::Company)
            .or(r.from_individual_id.map(Party::Individual))
    }
}

/// What a relation says, as given: checked when the relation is added to a graph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RelationTerms {
    /// Direct ownership, 0–100.
    pub ownership: Option<f64>,
    /// Direct voting rights, 0–100.
    pub voting: Option<f64>,
    pub roles: Vec<RelationRole>,
    pub position: Option<String>,
}

/// The relation rows of a case as ownership edges.
pub fn edges(relations: &[relation::Model]) -> Vec<Edge<Uuid>> {
    relations
        .iter()
        .filter_map(|r| {
            Some(Edge {
                from: Party::source_of(r)?.id(),
                to: r.to_company_id,
                ownership: r.ownership_percentage,
                voting: r.voting_rights_percentage,
            })
        })
        .collect()
}

/// A case's companies, individuals and relations: the rows that exist plus what a call adds
/// or changes. Every change goes through a rule; the rows are read-only outside.
#[derive(Debug, Clone)]
pub struct EntityGraph {
    case_id: Uuid,
    workspace_id: String,
    companies: Vec<company::Model>,
    individuals: Vec<individual::Model>,
    relations: Vec<relation::Model>,
    /// How many of each list exist in the database (the rest are new).
    existing: (usize, usize, usize),
    /// The `ref`s of the entities this call adds.
    refs: HashMap<String, Party>,
}

impl EntityGraph {
    /// The graph of an existing case (or an empty one for a case being created).
    pub fn new(
        case_id: Uuid,
        workspace_id: &str,
        companies: Vec<company::Model>,
        individuals: Vec<individual::Model>,
        relations: Vec<relation::Model>,
    ) -> Self {
        EntityGraph {
            case_id,
            workspace_id: workspace_id.to_owned(),
            existing: (companies.len(), individuals.len(), relations.len()),
            companies,
            individuals,
            relations,
            refs: HashMap::new(),
        }
    }

    pub fn case_id(&self) -> Uuid {
        self.case_id
    }

    pub fn workspace_id(&self) -> &str {
        &self.workspace_id
    }

    pub fn companies(&self) -> &[company::Model] {
        &self.companies
    }

    pub fn individuals(&self) -> &[individual::Model] {
        &self.individuals
    }

    pub fn relations(&self) -> &[relation::Model] {
        &self.relations
    }

    pub fn company(&self, id: Uuid) -> Option<&company::Model> {
        self.companies.iter().find(|c| c.id == id)
    }

    pub fn individual(&self, id: Uuid) -> Option<&individual::Model> {
        self.individuals.iter().find(|p| p.id == id)
    }

    pub fn relation(&self, id: Uuid) -> Option<&relation::Model> {
        self.relations.iter().find(|r| r.id == id)
    }

    /// Whether the party is an entity of this case.
    pub fn contains(&self, party: Party) -> bool {
        match party {
            Party::Company(id) => self.company(id).is_some(),
            Party::Individual(id) => self.individual(id).is_some(),
        }
    }

    /// The main company, if any.
    pub fn main_id(&self) -> Option<Uuid> {
        self.companies.iter().find(|c| c.is_main).map(|c| c.id)
    }

    /// The companies, individuals and relations this call adds, in the order they were added.
    pub fn new_companies(&self) -> &[company::Model] {
        &self.companies[self.existing.0..]
    }

    pub fn new_individuals(&self) -> &[individual::Model] {
        &self.individuals[self.existing.1..]
    }

    pub fn new_relations(&self) -> &[relation::Model] {
        &self.relations[self.existing.2..]
    }

    /// A new company row of this case with every optional field empty, for the caller to
    /// fill from its input before [`EntityGraph::add_company`].
    pub fn blank_company(&self, id: Uuid, stamp: DateTime<Utc>) -> company::Model {
        company::Model {
            id,
            workspace_id: self.workspace_id.clone(),
            case_id: self.case_id,
            name: String::new(),
            registration_number: None,
            country: None,
            legal_form: None,
            address: None,
            is_main: false,
            custom_properties: json!({}),
            metadata: None,
            created_at: stamp,
            updated_at: stamp,
        }
    }

    /// A new individual row of this case with every optional field empty, for the caller
    /// to fill from its input before [`EntityGraph::add_individual`].
    pub fn blank_individual(&self, id: Uuid, stamp: DateTime<Utc>) -> individual::Model {
        individual::Model {
            id,
            workspace_id: self.workspace_id.clone(),
            case_id: self.case_id,
            title: None,
            first_name: String::new(),
            last_name: String::new(),
            maiden_name: None,
            birth_date: None,
            birth_year: None,
            birth_month: None,
            birth_day: None,
            gender: None,
            nationality: None,
            emails: json!([]),
            phone_numbers: json!([]),
            address: None,
            is_business_contact: false,
            is_beneficial_owner: false,
            custom_properties: json!({}),
            metadata: None,
            created_at: stamp,
            updated_at: stamp,
        }
    }

    /// Names a new entity for the rest of the call: 1–64 characters, once per call.
    pub fn claim_ref(
        &mut self,
        field: &str,
        reference: Option<&str>,
        party: Party,
    ) -> AppResult<()> {
        if let Some(r) = reference {
            let r = required_text(field, r, MAX_REF)?;
            if self.refs.contains_key(&r) {
                return Err(AppError::bad_input(field, "is used twice in this call"));
            }
            self.refs.insert(r, party);
        }
        Ok(())
    }

    /// The entity a `ref` of this call names.
    pub fn resolve_ref(&self, field: &str, reference: &str) -> AppResult<Party> {
        self.refs.get(reference).copied().ok_or_else(|| {
            AppError::bad_input(
                field,
                format!("no entity with ref \"{reference}\" in this call"),
            )
        })
    }

    /// Adds a company (`at` is its input path): refused if it is a second main company.
    pub fn add_company(&mut self, at: &str, company: company::Model) -> AppResult<()> {
        self.check_main(at, &company)?;
        self.companies.push(company);
        Ok(())
    }

    /// Adds an individual.
    pub fn add_individual(&mut self, individual: individual::Model) {
        self.individuals.push(individual);
    }

    /// Replaces a company by its changed version: refused if it becomes a second main
    /// company. (Un-marking the main company is checked by [`EntityGraph::ensure_connected`]:
    /// refused while anything hangs from it.)
    pub fn replace_company(&mut self, at: &str, company: company::Model) -> AppResult<()> {
        self.check_main(at, &company)?;
        if let Some(slot) = self.companies.iter_mut().find(|c| c.id == company.id) {
            *slot = company;
        }
        Ok(())
    }

    fn check_main(&self, at: &str, company: &company::Model) -> AppResult<()> {
        if company.is_main
            && self
                .companies
                .iter()
                .any(|c| c.is_main && c.id != company.id)
        {
            return Err(AppError::bad_input(
                format!("{at}.isMain"),
                "the case already has a main company",
            ));
        }
        Ok(())
    }

    /// Adds a relation `from → to` (`to` omitted: the main company) after checking it: both
    /// ends are entities of this case, no company relates to itself, the percentages are
    /// 0–100 and direct ownership and voting rights into `to` stay at most 100%. `at` is the
    /// relation's input path. Returns the new relation's id.
    pub fn add_relation(
        &mut self,
        at: &str,
        from: Party,
        to: Option<Uuid>,
        terms: &RelationTerms,
        stamp: DateTime<Utc>,
    ) -> AppResult<Uuid> {
        let relation = self.checked_relation(at, Uuid::new_v4(), from, to, terms, stamp)?;
        let id = relation.id;
        self.relations.push(relation);
        Ok(id)
    }

    /// Changes a relation: the same rules as a new one, its old version aside. It keeps its
    /// id, source and creation time. Returns the changed relation.
    pub fn change_relation(
        &mut self,
        at: &str,
        id: Uuid,
        to: Uuid,
        terms: &RelationTerms,
        stamp: DateTime<Utc>,
    ) -> AppResult<relation::Model> {
        let slot = self
            .relations
            .iter()
            .position(|r| r.id == id)
            .ok_or(AppError::NotFound { entity: "Relation" })?;
        let old = &self.relations[slot];
        let from = Party::source_of(old)
            .ok_or_else(|| AppError::Internal("relation without a source".into()))?;
        let created_at = old.created_at;
        let mut new = self.checked_relation(at, id, from, Some(to), terms, stamp)?;
        new.created_at = created_at;
        self.relations[slot] = new.clone();
        Ok(new)
    }

    fn checked_relation(
        &self,
        at: &str,
        id: Uuid,
        from: Party,
        to: Option<Uuid>,
        terms: &RelationTerms,
        stamp: DateTime<Utc>,
    ) -> AppResult<relation::Model> {
        let to = match to {
            Some(id) if self.company(id).is_some() => id,
            Some(_) => {
                return Err(AppError::bad_input(
                    format!("{at}.toCompanyId"),
                    "is not a company of this case",
                ))
            }
            None => self.main_id().ok_or_else(|| {
                AppError::bad_input(
                    format!("{at}.toCompanyId"),
                    "the case has no main company; name the company",
                )
            })?,
        };
        if !self.contains(from) {
            let field = match from {
                Party::Company(_) => "fromCompanyId",
                Party::Individual(_) => "fromIndividualId",
            };
            return Err(AppError::bad_input(
                format!("{at}.{field}"),
                "is not an entity of this case",
            ));
        }
        if from == Party::Company(to) {
            return Err(AppError::bad_input(
                format!("{at}.toCompanyId"),
                "a company cannot relate to itself",
            ));
        }
        let percentage = |name: &str, value: Option<f64>| {
            value
                .map(|p| Percentage::new(&format!("{at}.{name}"), p).map(|p| p.value()))
                .transpose()
        };
        let ownership = percentage("ownershipPercentage", terms.ownership)?;
        let voting = percentage("votingRightsPercentage", terms.voting)?;
        let direct = |pick: fn(&relation::Model) -> Option<f64>| -> f64 {
            self.relations
                .iter()
                // A changed relation's old version does not count against it.
                .filter(|r| r.to_company_id == to && r.id != id)
                .filter_map(pick)
                .sum()
        };
        if direct(|r| r.ownership_percentage) + ownership.unwrap_or(0.0) > 100.0 + SUM_SLACK {
            return Err(AppError::bad_input(
                format!("{at}.ownershipPercentage"),
                "direct ownership of the company would exceed 100%",
            ));
        }
        if direct(|r| r.voting_rights_percentage) + voting.unwrap_or(0.0) > 100.0 + SUM_SLACK {
            return Err(AppError::bad_input(
                format!("{at}.votingRightsPercentage"),
                "direct voting rights in the company would exceed 100%",
            ));
        }
        Ok(relation::Model {
            id,
            workspace_id: self.workspace_id.clone(),
            case_id: self.case_id,
            from_individual_id: match from {
                Party::Individual(id) => Some(id),
                Party::Company(_) => None,
            },
            from_company_id: match from {
                Party::Company(id) => Some(id),
                Party::Individual(_) => None,
            },
            to_company_id: to,
            ownership_percentage: ownership,
            voting_rights_percentage: voting,
            roles: RelationRoles(terms.roles.clone()),
            position: optional_text(
                &format!("{at}.position"),
                terms.position.as_deref(),
                MAX_NAME,
            )?,
            created_at: stamp,
            updated_at: stamp,
        })
    }

    /// Removes an entity and every relation touching it. Returns the relations removed.
    pub fn remove(&mut self, party: Party) -> Vec<relation::Model> {
        let id = party.id();
        match party {
            Party::Company(_) => self.companies.retain(|c| c.id != id),
            Party::Individual(_) => self.individuals.retain(|p| p.id != id),
        }
        let (removed, kept) = std::mem::take(&mut self.relations)
            .into_iter()
            .partition(|r| {
                r.to_company_id == id
                    || r.from_company_id == Some(id)
                    || r.from_individual_id == Some(id)
            });
        self.relations = kept;
        removed
    }

    /// Removes a relation; returns it.
    pub fn remove_relation(&mut self, id: Uuid) -> Option<relation::Model> {
        let at = self.relations.iter().position(|r| r.id == id)?;
        Some(self.relations.remove(at))
    }

    /// Refuses this graph, a changed version of `before`, when an entity that had a path to
    /// the main company in `before` has none here. `field` is the input at fault.
    pub fn ensure_connected(&self, field: &str, before: &EntityGraph) -> AppResult<()> {
        let Some(main) = before.main_id() else {
            return Ok(());
        };
        // Un-marked (or deleted), the main company holds nobody any more: with no main
        // company, every entity that had a path to it has none.
        let after_edges = if self.main_id() == Some(main) {
            edges(&self.relations)
        } else {
            Vec::new()
        };
        let orphaned = orphaned_by_change(
            &before.node_ids(),
            &edges(&before.relations),
            &self.node_ids(),
            &after_edges,
            main,
        );
        if orphaned.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = orphaned.iter().map(Uuid::to_string).collect();
        Err(AppError::bad_input(
            field,
            format!(
                "would leave {} without a path to the main company: {}",
                if ids.len() == 1 {
                    "an entity"
                } else {
                    "entities"
                },
                ids.join(", ")
            ),
        ))
    }

    fn node_ids(&self) -> Vec<Uuid> {
        self.companies
            .iter()
            .map(|c| c.id)
            .chain(self.individuals.iter().map(|p| p.id))
            .collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::error::AppError;

    fn stamp() -> DateTime<Utc> {
        DateTime::UNIX_EPOCH
    }

    fn company(graph: &EntityGraph, is_main: bool) -> company::Model {
        let mut c = graph.blank_company(Uuid::new_v4(), stamp());
        c.name = "Acme".into();
        c.is_main = is_main;
        c
    }

    fn person(graph: &EntityGraph) -> individual::Model {
        let mut p = graph.blank_individual(Uuid::new_v4(), stamp());
        p.first_name = "Ada".into();
        p.last_name = "Lovelace".into();
        p
    }

    fn empty() -> EntityGraph {
        EntityGraph::new(Uuid::new_v4(), "ws", vec![], vec![], vec![])
    }

    /// A graph with a main company; returns it and the main company's id.
    fn with_main() -> (EntityGraph, Uuid) {
        let mut g = empty();
        let main = company(&g, true);
        let id = main.id;
        g.add_company("c", main).unwrap();
        (g, id)
    }

    fn add_company(g: &mut EntityGraph) -> Party {
        let c = company(g, false);
        let id = c.id;
        g.add_company("c", c).unwrap();
        Party::Company(id)
    }

    fn add_person(g: &mut EntityGraph) -> Party {
        let p = person(g);
        let id = p.id;
        g.add_individual(p);
        Party::Individual(id)
    }

    fn owns(percent: f64) -> RelationTerms {
        RelationTerms {
            ownership: Some(percent),
            ..RelationTerms::default()
        }
    }

    fn role() -> RelationTerms {
        RelationTerms {
            roles: vec![RelationRole::Director],
            ..RelationTerms::default()
        }
    }

    /// The field a refusal names.
    fn field(result: AppResult<impl std::fmt::Debug>) -> String {
        match result {
            Err(AppError::BadInput { field, .. }) => field,
            other => panic!("expected BAD_USER_INPUT, got {other:?}"),
        }
    }

    /// `graph` as stored: everything it holds counts as existing.
    fn stored(graph: &EntityGraph) -> EntityGraph {
        EntityGraph::new(
            graph.case_id,
            &graph.workspace_id,
            graph.companies.clone(),
            graph.individuals.clone(),
            graph.relations.clone(),
        )
    }

    #[test]
    fn party_names_its_kind() {
        let id = Uuid::new_v4();
        assert_eq!(Party::Company(id).id(), id);
        assert!(Party::Company(id).is_company());
        assert!(!Party::Individual(id).is_company());
        assert_eq!(Party::Company(id).type_name(), "Company");
        assert_eq!(Party::Individual(id).entity_type(), "INDIVIDUAL");
    }

    #[test]
    fn refs_name_new_entities_once_per_call() {
        let mut g = empty();
        let p = Party::Individual(Uuid::new_v4());
        g.claim_ref("a.ref", Some(" ceo "), p).unwrap();
        g.claim_ref("b.ref", None, Party::Company(Uuid::new_v4()))
            .unwrap();
        assert_eq!(g.resolve_ref("x", "ceo").unwrap(), p);
        assert_eq!(
            field(g.claim_ref("c.ref", Some("ceo"), Party::Company(Uuid::new_v4()))),
            "c.ref"
        );
        assert_eq!(field(g.claim_ref("d.ref", Some("  "), p)), "d.ref");
        assert_eq!(
            field(g.claim_ref("e.ref", Some(&"r".repeat(65)), p)),
            "e.ref"
        );
        assert_eq!(field(g.resolve_ref("f.subjectRef", "cfo")), "f.subjectRef");
    }

    #[test]
    fn a_case_has_at_most_one_main_company() {
        let (mut g, main) = with_main();
        let second = company(&g, true);
        assert_eq!(
            field(g.add_company("input.companies[1]", second)),
            "input.companies[1].isMain"
        );
        // The main company itself may be changed and stay main.
        let mut same = g.company(main).unwrap().clone();
        same.name = "Acme Holding".into();
        g.replace_company("input", same).unwrap();
        assert_eq!(g.company(main).unwrap().name, "Acme Holding");
        // Another company may become main only once the first is not.
        let other = add_company(&mut g);
        let mut promoted = g.company(other.id()).unwrap().clone();
        promoted.is_main = true;
        assert_eq!(field(g.replace_company("input", promoted)), "input.isMain");
    }

    #[test]
    fn a_relation_goes_to_the_main_company_unless_named() {
        let (mut g, main) = with_main();
        let p = add_person(&mut g);
        let id = g.add_relation("r", p, None, &owns(30.0), stamp()).unwrap();
        let r = g.relation(id).unwrap();
        assert_eq!(r.to_company_id, main);
        assert_eq!(r.from_individual_id, Some(p.id()));
        assert_eq!(r.from_company_id, None);
        assert_eq!(r.ownership_percentage, Some(30.0));
        assert_eq!(g.new_relations().len(), 1);

        let mut no_main = empty();
        let p = add_person(&mut no_main);
        assert_eq!(
            field(no_main.add_relation("r", p, None, &role(), stamp())),
            "r.toCompanyId"
        );
    }

    #[test]
    fn both_ends_belong_to_the_case() {
        let (mut g, main) = with_main();
        let stranger = Uuid::new_v4();
        let p = add_person(&mut g);
        assert_eq!(
            field(g.add_relation("r", p, Some(stranger), &role(), stamp())),
            "r.toCompanyId"
        );
        // An individual is not a company to relate to.
        assert_eq!(
            field(g.add_relation("r", p, Some(p.id()), &role(), stamp())),
            "r.toCompanyId"
        );
        assert_eq!(
            field(g.add_relation(
                "r",
                Party::Individual(stranger),
                Some(main),
                &role(),
                stamp()
            )),
            "r.fromIndividualId"
        );
        assert_eq!(
            field(g.add_relation("r", Party::Company(stranger), None, &role(), stamp())),
            "r.fromCompanyId"
        );
    }

    #[test]
    fn a_company_cannot_relate_to_itself() {
        let (mut g, main) = with_main();
        assert_eq!(
            field(g.add_relation("r", Party::Company(main), None, &role(), stamp())),
            "r.toCompanyId"
        );
    }

    #[test]
    fn percentages_are_0_to_100() {
        let (mut g, _) = with_main();
        let p = add_person(&mut g);
        for bad in [-1.0, 100.5, f64::NAN, f64::INFINITY] {
            assert_eq!(
                field(g.add_relation("r", p, None, &owns(bad), stamp())),
                "r.ownershipPercentage"
            );
        }
        let voting = RelationTerms {
            voting: Some(101.0),
            ..RelationTerms::default()
        };
        assert_eq!(
            field(g.add_relation("r", p, None, &voting, stamp())),
            "r.votingRightsPercentage"
        );
        assert!(g.add_relation("r", p, None, &owns(0.0), stamp()).is_ok());
    }

    #[test]
    fn direct_holdings_into_one_company_stay_within_100() {
        let (mut g, main) = with_main();
        let a = add_person(&mut g);
        let b = add_person(&mut g);
        let holding = add_company(&mut g);
        g.add_relation("r", a, None, &owns(60.0), stamp()).unwrap();
        assert_eq!(
            field(g.add_relation("r", b, None, &owns(40.5), stamp())),
            "r.ownershipPercentage"
        );
        // Float noise at exactly 100% is not an excess.
        g.add_relation("r", b, None, &owns(39.9), stamp()).unwrap();
        g.add_relation("r", holding, None, &owns(0.1), stamp())
            .unwrap();
        // Another company has its own 100%.
        g.add_relation("r", b, Some(holding.id()), &owns(100.0), stamp())
            .unwrap();
        // Voting rights are counted apart from ownership.
        let votes = |v: f64| RelationTerms {
            voting: Some(v),
            ..RelationTerms::default()
        };
        g.add_relation("r", a, Some(main), &votes(100.0), stamp())
            .unwrap();
        assert_eq!(
            field(g.add_relation("r", b, Some(main), &votes(0.5), stamp())),
            "r.votingRightsPercentage"
        );
    }

    #[test]
    fn the_position_is_an_optional_text() {
        let (mut g, _) = with_main();
        let p = add_person(&mut g);
        let long = RelationTerms {
            position: Some("p".repeat(256)),
            ..RelationTerms::default()
        };
        assert_eq!(
            field(g.add_relation("r", p, None, &long, stamp())),
            "r.position"
        );
        let blank = RelationTerms {
            position: Some("  ".into()),
            ..RelationTerms::default()
        };
        let id = g.add_relation("r", p, None, &blank, stamp()).unwrap();
        assert_eq!(g.relation(id).unwrap().position, None);
    }

    #[test]
    fn a_changed_relation_keeps_its_id_source_and_creation_time() {
        let (mut g, main) = with_main();
        let p = add_person(&mut g);
        let holding = add_company(&mut g);
        g.add_relation("r", holding, None, &owns(10.0), stamp())
            .unwrap();
        let id = g.add_relation("r", p, None, &owns(90.0), stamp()).unwrap();
        let later = stamp() + chrono::Duration::days(1);
        // Its old share does not count against its new one.
        let changed = g
            .change_relation("input", id, main, &owns(90.0), later)
            .unwrap();
        assert_eq!(changed.id, id);
        assert_eq!(changed.from_individual_id, Some(p.id()));
        assert_eq!(changed.created_at, stamp());
        assert_eq!(changed.updated_at, later);
        assert_eq!(g.relations().len(), 2);
        assert_eq!(
            field(g.change_relation("input", id, main, &owns(90.5), later)),
            "input.ownershipPercentage"
        );
        assert!(matches!(
            g.change_relation("input", Uuid::new_v4(), main, &owns(1.0), later),
            Err(AppError::NotFound { entity: "Relation" })
        ));
    }

    #[test]
    fn removing_an_entity_takes_its_relations() {
        let (mut g, _) = with_main();
        let holding = add_company(&mut g);
        let p = add_person(&mut g);
        let q = add_person(&mut g);
        g.add_relation("r", holding, None, &owns(50.0), stamp())
            .unwrap();
        g.add_relation("r", p, Some(holding.id()), &owns(50.0), stamp())
            .unwrap();
        g.add_relation("r", q, None, &role(), stamp()).unwrap();
        let removed = g.remove(holding);
        assert_eq!(removed.len(), 2);
        assert_eq!(g.relations().len(), 1);
        assert!(!g.contains(holding));
        assert!(g.contains(p));
    }

    #[test]
    fn a_change_may_not_orphan_an_entity() {
        let (mut g, _) = with_main();
        let holding = add_company(&mut g);
        let p = add_person(&mut g);
        let to_main = g
            .add_relation("r", holding, None, &owns(50.0), stamp())
            .unwrap();
        g.add_relation("r", p, Some(holding.id()), &owns(50.0), stamp())
            .unwrap();
        let before = stored(&g);

        // Deleting the holding's only link orphans it and its owner.
        let mut after = before.clone();
        after.remove_relation(to_main);
        let message = match after.ensure_connected("id", &before) {
            Err(AppError::BadInput { field, message }) => {
                assert_eq!(field, "id");
                message
            }
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert!(message.contains("entities"), "{message}");
        assert!(message.contains(&holding.id().to_string()), "{message}");

        // Deleting the person who hangs at the end orphans nobody.
        let mut after = before.clone();
        after.remove(p);
        after.ensure_connected("id", &before).unwrap();

        // Deleting the holding orphans the person who held it.
        let mut after = before.clone();
        after.remove(holding);
        assert_eq!(field(after.ensure_connected("id", &before)), "id");
    }

    #[test]
    fn un_marking_the_main_company_orphans_what_hangs_from_it() {
        let (mut g, main) = with_main();
        let lone = stored(&g);
        let mut unmarked = lone.company(main).unwrap().clone();
        unmarked.is_main = false;
        // Nothing hangs from it: the case may be left without a main company.
        let mut after = lone.clone();
        after.replace_company("input", unmarked.clone()).unwrap();
        after.ensure_connected("input.isMain", &lone).unwrap();

        let p = add_person(&mut g);
        g.add_relation("r", p, None, &owns(30.0), stamp()).unwrap();
        let before = stored(&g);
        let mut after = before.clone();
        after.replace_company("input", unmarked).unwrap();
        assert_eq!(
            field(after.ensure_connected("input.isMain", &before)),
            "input.isMain"
        );
    }

    #[test]
    fn without_a_main_company_nothing_is_orphaned() {
        let mut g = empty();
        let a = add_company(&mut g);
        let p = add_person(&mut g);
        g.add_relation("r", p, Some(a.id()), &role(), stamp())
            .unwrap();
        let before = stored(&g);
        let mut after = before.clone();
        after.remove(a);
        after.ensure_connected("id", &before).unwrap();
    }

    #[test]
    fn entities_that_were_already_orphans_may_stay_so() {
        let (mut g, _) = with_main();
        let loose = add_person(&mut g);
        let other = add_company(&mut g);
        g.add_relation("r", loose, Some(other.id()), &role(), stamp())
            .unwrap();
        let before = stored(&g);
        let mut after = before.clone();
        after.remove(other);
        after.ensure_connected("id", &before).unwrap();
    }

    #[test]
    fn new_rows_are_what_the_call_added() {
        let (g, _) = with_main();
        let mut g = stored(&g);
        assert!(g.new_companies().is_empty());
        let a = add_company(&mut g);
        let p = add_person(&mut g);
        g.add_relation("r", p, Some(a.id()), &role(), stamp())
            .unwrap();
        assert_eq!(g.new_companies().len(), 1);
        assert_eq!(g.new_companies()[0].id, a.id());
        assert_eq!(g.new_individuals()[0].id, p.id());
        assert_eq!(g.new_relations().len(), 1);
        assert_eq!(g.companies().len(), 2);
    }

    #[test]
    fn edges_start_at_either_kind_of_party() {
        let (mut g, main) = with_main();
        let a = add_company(&mut g);
        let p = add_person(&mut g);
        g.add_relation("r", a, None, &owns(40.0), stamp()).unwrap();
        g.add_relation("r", p, Some(a.id()), &owns(50.0), stamp())
            .unwrap();
        let e = edges(g.relations());
        assert_eq!(
            (e[0].from, e[0].to, e[0].ownership),
            (a.id(), main, Some(40.0))
        );
        assert_eq!((e[1].from, e[1].to), (p.id(), a.id()));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// One attempt to add a relation: indices into the graph's parties, and percentages
        /// (sometimes out of range).
        #[derive(Debug, Clone)]
        struct Attempt {
            from: usize,
            to: Option<usize>,
            ownership: Option<f64>,
            voting: Option<f64>,
        }

        fn percentage() -> impl Strategy<Value = Option<f64>> {
            prop_oneof![
                Just(None),
                (0.0..=100.0f64).prop_map(Some),
                (0u32..=4).prop_map(|q| Some(f64::from(q) * 25.0)),
                (-50.0..150.0f64).prop_map(Some),
            ]
        }

        fn attempts() -> impl Strategy<Value = Vec<Attempt>> {
            prop::collection::vec(
                (
                    0usize..8,
                    prop::option::of(0usize..4),
                    percentage(),
                    percentage(),
                )
                    .prop_map(|(from, to, ownership, voting)| Attempt {
                        from,
                        to,
                        ownership,
                        voting,
                    }),
                0..40,
            )
        }

        /// A main company, three more companies and four individuals; every attempt is
        /// tried, and kept only when the rules accept it.
        fn build(attempts: &[Attempt]) -> (EntityGraph, Vec<Party>, usize) {
            let (mut g, main) = with_main();
            let mut parties = vec![Party::Company(main)];
            for _ in 0..3 {
                parties.push(add_company(&mut g));
            }
            for _ in 0..4 {
                parties.push(add_person(&mut g));
            }
            let mut accepted = 0;
            for a in attempts {
                let terms = RelationTerms {
                    ownership: a.ownership,
                    voting: a.voting,
                    ..RelationTerms::default()
                };
                let to = a.to.map(|i| parties[i].id());
                if g.add_relation("r", parties[a.from], to, &terms, stamp())
                    .is_ok()
                {
                    accepted += 1;
                }
            }
            (g, parties, accepted)
        }

        /// Which parties reach the main company through relations, in either direction.
        fn connected(g: &EntityGraph) -> Vec<Uuid> {
            let Some(main) = g.main_id() else {
                return vec![];
            };
            let mut seen = vec![main];
            let mut grew = true;
            while grew {
                grew = false;
                for r in g.relations() {
                    let from = Party::source_of(r).unwrap().id();
                    for (a, b) in [(from, r.to_company_id), (r.to_company_id, from)] {
                        if seen.contains(&a) && !seen.contains(&b) {
                            seen.push(b);
                            grew = true;
                        }
                    }
                }
            }
            seen
        }

        proptest! {
            #[test]
            fn accepted_relations_keep_every_rule(attempts in attempts()) {
                let (g, _, accepted) = build(&attempts);
                prop_assert_eq!(g.relations().len(), accepted);
                for c in g.companies() {
                    let into = g.relations().iter().filter(|r| r.to_company_id == c.id);
                    let (own, vote) = into.fold((0.0, 0.0), |(o, v), r| {
                        (
                            o + r.ownership_percentage.unwrap_or(0.0),
                            v + r.voting_rights_percentage.unwrap_or(0.0),
                        )
                    });
                    prop_assert!(own <= 100.0 + SUM_SLACK, "ownership into {} is {own}", c.id);
                    prop_assert!(vote <= 100.0 + SUM_SLACK, "voting into {} is {vote}", c.id);
                }
                for r in g.relations() {
                    let from = Party::source_of(r).unwrap();
                    prop_assert!(g.contains(from));
                    prop_assert!(g.company(r.to_company_id).is_some());
                    prop_assert_ne!(from, Party::Company(r.to_company_id));
                    for p in [r.ownership_percentage, r.voting_rights_percentage].into_iter().flatten() {
                        prop_assert!((0.0..=100.0).contains(&p));
                    }
                }
            }

            #[test]
            fn a_removal_is_refused_exactly_when_it_disconnects(
                attempts in attempts(),
                victim in 0usize..48,
            ) {
                let (g, parties, _) = build(&attempts);
                let before = stored(&g);
                let mut after = before.clone();
                // Remove a relation, or (past the relations) a party other than the main company.
                let n = before.relations().len();
                if victim < n {
                    let id = before.relations()[victim].id;
                    after.remove_relation(id);
                } else {
                    after.remove(parties[1 + victim % (parties.len() - 1)]);
                }
                let was: Vec<Uuid> = connected(&before);
                let still: Vec<Uuid> = connected(&after);
                let lost = was
                    .iter()
                    .filter(|id| after.company(**id).is_some() || after.individual(**id).is_some())
                    .any(|id| !still.contains(id));
                prop_assert_eq!(after.ensure_connected("id", &before).is_err(), lost);
            }

            #[test]
            fn every_claimed_ref_resolves_to_its_party(names in prop::collection::vec("[a-z]{1,3}", 0..12)) {
                let mut g = empty();
                let mut claimed: HashMap<String, Party> = HashMap::new();
                for (i, name) in names.iter().enumerate() {
                    let party = if i % 2 == 0 {
                        Party::Company(Uuid::new_v4())
                    } else {
                        Party::Individual(Uuid::new_v4())
                    };
                    let result = g.claim_ref("ref", Some(name), party);
                    prop_assert_eq!(result.is_ok(), !claimed.contains_key(name));
                    claimed.entry(name.clone()).or_insert(party);
                }
                for (name, party) in &claimed {
                    prop_assert_eq!(g.resolve_ref("ref", name).unwrap(), *party);
                }
            }
        }
    }
}
