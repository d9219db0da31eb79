//! Schema migrations for CaseGraph. One migration per change; a migration that has
//! shipped is never edited. The same schema is produced on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261121_000001_domain;
mod m20261121_000002_audit_append_only;
mod m20261130_000003_due_dates_alert_keys;
mod m20261130_100001_screening_template_key;
mod m20261130_100201_events_outbox_webhooks;
mod m20261130_100301_audit_payloads;
mod m20261130_100302_pending_decisions;
mod m20261130_100401_nested_read_indexes;
mod m20261130_100501_case_erasure;

/// Applies CaseGraph's migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_domain::Migration),
            Box::new(m20261121_000002_audit_append_only::Migration),
            Box::new(m20261130_000003_due_dates_alert_keys::Migration),
            Box::new(m20261130_100001_screening_template_key::Migration),
            Box::new(m20261130_100201_events_outbox_webhooks::Migration),
            Box::new(m20261130_100301_audit_payloads::Migration),
            Box::new(m20261130_100302_pending_decisions::Migration),
            Box::new(m20261130_100401_nested_read_indexes::Migration),
            Box::new(m20261130_100501_case_erasure::Migration),
        ]
    }
}
