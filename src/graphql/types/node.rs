//! The Relay `Node` interface: every object with a UUID id, refetchable by `Query.node`.

use async_graphql::{Interface, ID};

use super::alert::Alert;
use super::audit::AuditEvent;
use super::case::Case;
use super::check::{AmlHit, Check};
use super::custom_property::CustomPropertyDefinition;
use super::document::Document;
use super::note::Note;
use super::party::{Company, Individual, Relation};
use super::review::CaseReview;
use super::risk::Risk;
use super::screening::ScreeningResult;
use super::workspace::User;
use crate::graphql::loaders::Node;
use crate::service::node::Found;

/// An object with an id (Relay): `node(id:)` fetches it again by that id alone.
#[derive(Interface)]
#[graphql(
    name = "Node",
    field(
        name = "id",
        ty = "ID",
        desc = "The object's id: a UUID, unique across every kind."
    )
)]
pub enum AnyNode {
    Case(Case),
    Company(Company),
    Individual(Individual),
    Relation(Relation),
    Check(Check),
    AmlHit(AmlHit),
    Document(Document),
    Note(Note),
    Risk(Risk),
    CaseReview(CaseReview),
    Alert(Alert),
    AuditEvent(AuditEvent),
    User(User),
    CustomPropertyDefinition(CustomPropertyDefinition),
    ScreeningResult(ScreeningResult),
}

impl From<Found> for AnyNode {
    fn from(found: Found) -> Self {
        match found {
            Found::Case(m) => AnyNode::Case(Case(Node::one(m))),
            Found::Company(m) => AnyNode::Company(Company(Node::one(m))),
            Found::Individual(m) => AnyNode::Individual(Individual(Node::one(m))),
            Found::Relation(m) => AnyNode::Relation(Relation(Node::one(m))),
            Found::Check(m) => AnyNode::Check(Check(Node::one(m))),
            Found::AmlHit(m) => AnyNode::AmlHit(AmlHit(Node::one(m))),
            Found::Document(m) => AnyNode::Document(Document(Node::one(m))),
            Found::Note(m) => AnyNode::Note(Note(Node::one(m))),
            Found::Risk(m) => AnyNode::Risk(Risk(Node::one(m))),
            Found::CaseReview(m) => AnyNode::CaseReview(CaseReview(Node::one(m))),
            Found::Alert(m) => AnyNode::Alert(Alert(Node::one(m))),
            Found::AuditEvent(m) => AnyNode::AuditEvent(AuditEvent(Node::one(m))),
            Found::User(m) => AnyNode::User(User(Node::one(m))),
            Found::CustomPropertyDefinition(m) => {
                AnyNode::CustomPropertyDefinition(CustomPropertyDefinition(m))
            }
            Found::ScreeningResult(m) => AnyNode::ScreeningResult(ScreeningResult(m)),
        }
    }
}
