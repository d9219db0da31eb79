//! Pure domain rules: input parsing into safe values, the derived state of a case (flags),
//! its lifecycle, its entity graph (refs, main company, relations, orphans), ownership and
//! custom properties. No I/O here; everything is unit-tested
//! beside it. The stored enumerations are the entity crate's (`entity::enums`: a stored
//! name, its JSON name and its GraphQL name are one word), re-exported here.

pub mod custom_property;
pub mod entity_graph;
pub mod flags;
pub mod lifecycle;
pub mod ownership;
pub mod schedule;
pub mod settings;
pub mod values;

pub use entity::enums::*;
pub use flags::CaseFlag;
