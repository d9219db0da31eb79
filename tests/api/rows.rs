//! The positional row reader (`db::rows`) reads every table exactly as SeaORM's derived
//! reader does: the demo workspace puts varied values (NULLs, dates, JSON, scores, enums,
//! countries) into the tables, and each entity's rows are read both ways and compared.

use casegraph::db::rows;
use casegraph::demo;
use entity::*;
use sea_orm::{ConnectionTrait, QueryTrait};

use crate::helpers::spawn_app;

/// Reads `E`'s rows with both readers; panics where they differ. The number of rows.
async fn same<E>(db: &sea_orm::DatabaseConnection, name: &str) -> usize
where
    E: rows::Positional,
    E::Model: PartialEq + std::fmt::Debug,
{
    let derived = E::find().all(db).await.unwrap();
    let raw = db
        .query_all_raw(E::find().build(db.get_database_backend()))
        .await
        .unwrap();
    assert_eq!(raw.len(), derived.len(), "{name}: row counts");
    for (row, d) in raw.iter().zip(&derived) {
        let p = E::read(row)
            .unwrap_or_else(|| panic!("{name}: a row the positional reader leaves to SeaORM"))
            .unwrap();
        assert_eq!(&p, d, "{name}: the positional reader read another value");
    }
    derived.len()
}

#[tokio::test]
async fn the_positional_reader_reads_every_table_as_seaorm_does() {
    let app = spawn_app().await;
    demo::seed(&app.state.db, &app.state.documents)
        .await
        .unwrap();
    let db = &app.state.db;
    // Tables the demo fills: each must hold rows, or the comparison proves nothing.
    let filled = [
        ("cases", same::<case::Entity>(db, "cases").await),
        ("companies", same::<company::Entity>(db, "companies").await),
        (
            "individuals",
            same::<individual::Entity>(db, "individuals").await,
        ),
        ("relations", same::<relation::Entity>(db, "relations").await),
        ("checks", same::<check::Entity>(db, "checks").await),
        ("aml_hits", same::<aml_hit::Entity>(db, "aml_hits").await),
        ("documents", same::<document::Entity>(db, "documents").await),
        ("notes", same::<note::Entity>(db, "notes").await),
        ("risks", same::<risk::Entity>(db, "risks").await),
        (
            "case_reviews",
            same::<case_review::Entity>(db, "case_reviews").await,
        ),
        (
            "audit_events",
            same::<audit_event::Entity>(db, "audit_events").await,
        ),
        (
            "audit_payloads",
            same::<audit_payload::Entity>(db, "audit_payloads").await,
        ),
        ("users", same::<user::Entity>(db, "users").await),
        (
            "workspaces",
            same::<workspace::Entity>(db, "workspaces").await,
        ),
        ("case_tags", same::<case_tag::Entity>(db, "case_tags").await),
    ];
    for (table, n) in filled {
        assert!(n > 0, "the demo left {table} empty");
    }
    // The rest, whatever they hold.
    same::<alert::Entity>(db, "alerts").await;
    same::<audit_checkpoint::Entity>(db, "audit_checkpoints").await;
    same::<case_template::Entity>(db, "case_templates").await;
    same::<custom_property_definition::Entity>(db, "custom_property_definitions").await;
    same::<idempotency_key::Entity>(db, "idempotency_keys").await;
    same::<outbox_event::Entity>(db, "outbox_events").await;
    same::<pending_decision::Entity>(db, "pending_decisions").await;
    same::<screening_result::Entity>(db, "screening_results").await;
    same::<webhook::Entity>(db, "webhooks").await;
    same::<webhook_delivery::Entity>(db, "webhook_deliveries").await;
}
