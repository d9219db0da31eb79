//! Domain events (SPEC §4): every audit event is also a domain event with a public
//! [`EventType`]. Events reach live subscribers only after their transaction committed:
//!
//! - the audit trail writes an `outbox_events` row in the write's own transaction and
//!   [`stage`]s the event; [`crate::db::write`] hands the staged events to [`after_commit`]
//!   once the commit succeeded (a rolled-back write publishes nothing);
//! - on SQLite (one process writes the file) they go to an in-process broadcast [`Bus`],
//!   one per database file;
//! - on PostgreSQL a trigger on `outbox_events` sends `NOTIFY casegraph_events` (delivered
//!   at commit, dropped on rollback) and every replica's [`listen`] task forwards the
//!   notifications to its bus, so a subscriber on any replica sees every replica's writes.
//!
//! Buses are bounded ([`BUS_CAPACITY`]): a subscriber that falls that far behind is told
//! it lagged and its subscription ends, instead of memory growing for it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use entity::{audit_event, outbox_event};
use sea_orm::{DatabaseConnection, EntityTrait};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::broadcast;
use uuid::Uuid;

use crate::domain::{ActorType, EventType};

/// The PostgreSQL channel the outbox trigger notifies.
pub const CHANNEL: &str = "casegraph_events";

/// Events a bus keeps for its slowest subscriber before that subscriber lags.
pub const BUS_CAPACITY: usize = 1024;

/// One domain event, as subscriptions and webhooks deliver it (the webhook body).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainEvent {
    /// The audit event's id; the same on every delivery attempt.
    pub event_id: Uuid,
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub workspace_id: String,
    pub case_id: Option<Uuid>,
    /// Position in the case's (or the workspace's) chain.
    pub seq: i64,
    /// The audit action, e.g. `case.updated`.
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<Uuid>,
    pub actor: EventActor,
    pub at: DateTime<Utc>,
    /// `{ field: { before, after } }`, or a snapshot of what was created.
    pub changes: Value,
}

/// Who caused an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventActor {
    #[serde(rename = "type")]
    pub kind: ActorType,
    pub id: String,
}

impl DomainEvent {
    /// The event of an audit event and its payload (`changes`).
    pub fn of(e: &audit_event::Model, changes: &Value) -> Self {
        DomainEvent {
            event_id: e.id,
            event_type: event_type(&e.action, changes),
            workspace_id: e.workspace_id.clone(),
            case_id: e.case_id,
            seq: e.seq,
            action: e.action.clone(),
            entity_type: e.entity_type.clone(),
            entity_id: e.entity_id,
            actor: EventActor {
                kind: e.actor_type,
                id: e.actor_id.clone(),
            },
            at: e.at,
            changes: changes.clone(),
        }
    }

    /// Its `outbox_events` row.
    pub fn outbox_row(&self) -> outbox_event::ActiveModel {
        outbox_event::Model {
            id: self.event_id,
            workspace_id: self.workspace_id.clone(),
            case_id: self.case_id,
            seq: self.seq,
            event_type: self.event_type,
            payload: serde_json::to_value(self).unwrap_or(Value::Null),
            created_at: self.at,
            dispatched_at: None,
        }
        .into()
    }
}

/// The one place audit actions map onto public event types. An update whose changes
/// include the status is a status change.
pub fn event_type(action: &str, changes: &Value) -> EventType {
    use EventType::*;
    let changes_status = changes.get("status").is_some();
    match action {
        "case.created" => CaseCreated,
        "case.updated" if changes_status => CaseStatusChanged,
        "case.reopened" => CaseStatusChanged,
        "case.assigned" => CaseAssigned,
        "case.deleted" => CaseDeleted,
        "case.erased" => CaseErased,
        "case.reviewed" => ReviewCreated,
        "case.updated" | "case.review_date_set" | "custom_properties.set" => CaseUpdated,
        "check.created" => CheckCreated,
        "check.updated"
        | "check.reviewed"
        | "check.deactivation_set"
        | "check.exclusion_set"
        | "check.expired" => CheckUpdated,
        "aml_hit.created" | "aml_hit.updated" | "aml_hits.reviewed" => AmlHitsUpdated,
        "company.created" | "individual.created" => EntityCreated,
        "company.updated" | "individual.updated" => EntityUpdated,
        "company.deleted" | "individual.deleted" => EntityDeleted,
        "relation.created" | "relation.updated" | "relation.deleted" => RelationChanged,
        "note.added" => NoteAdded,
        "note.deleted" => NoteDeleted,
        "document.uploaded" | "document.created" => DocumentUploaded,
        "document.deleted" => DocumentDeleted,
        "risk.pushed" | "risk.set_manually" | "risk.automatic_enabled" => RiskUpdated,
        "alert.raised" => AlertRaised,
        "alert.actioned" => AlertActioned,
        _ => match action.split_once('.').map(|(kind, _)| kind) {
            // A new action not listed yet still lands on its aggregate's type.
            Some("case") => CaseUpdated,
            Some("check") => CheckUpdated,
            Some("company" | "individual") => EntityUpdated,
            Some("document") => DocumentUploaded,
            Some("risk") => RiskUpdated,
            Some("alert") => AlertActioned,
            _ => WorkspaceUpdated,
        },
    }
}

/// Where committed events are announced in this process.
pub type Bus = broadcast::Sender<Arc<DomainEvent>>;

/// A new bus.
pub fn bus() -> Bus {
    broadcast::channel(BUS_CAPACITY).0
}

/// The in-process bus of a SQLite database file (every server of this process on that file
/// shares it, as they share its writer queue).
pub fn local_bus(file: &Path) -> Bus {
    static BUSES: LazyLock<Mutex<HashMap<PathBuf, Bus>>> = LazyLock::new(Mutex::default);
    BUSES
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(file.to_owned())
        .or_insert_with(bus)
        .clone()
}

/// Events staged by the current task's open write.
pub type Staged = Arc<Mutex<Vec<DomainEvent>>>;

tokio::task_local! {
    static STAGED: Staged;
}

/// Runs `work` with a fresh staging area; returns the area with what `work` staged.
pub async fn staging<F: std::future::Future>(work: F) -> (F::Output, Staged) {
    let staged = Staged::default();
    let out = STAGED.scope(staged.clone(), work).await;
    (out, staged)
}

/// Stages events written by the current write, to announce once it commits.
pub fn stage(events: impl IntoIterator<Item = DomainEvent>) {
    let _ = STAGED.try_with(|staged| {
        staged
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(events);
    });
}

/// After a commit: announces the staged events on the SQLite file's bus. (PostgreSQL's
/// trigger has already queued their notifications, sent by the commit itself.)
pub fn after_commit(sqlite_file: Option<&Path>, staged: &Staged) {
    let Some(file) = sqlite_file else { return };
    let events = std::mem::take(&mut *staged.lock().unwrap_or_else(PoisonError::into_inner));
    if events.is_empty() {
        return;
    }
    let bus = local_bus(file);
    for e in events {
        // No subscriber: nothing to do.
        let _ = bus.send(Arc::new(e));
    }
}

/// PostgreSQL: LISTENs on [`CHANNEL`] (before returning, so nothing committed after the
/// server starts is missed) and forwards every notification to `bus` until the bus is
/// dropped. A notification too large for NOTIFY names its event, read from the outbox.
/// sqlx's listener reconnects by itself after a lost connection; events committed while it
/// was away are not replayed to live subscribers (webhooks, read from the outbox, are).
pub async fn listen(url: &str, db: DatabaseConnection, bus: &Bus) -> Result<(), String> {
    let mut listener = sea_orm::sqlx::postgres::PgListener::connect(url)
        .await
        .map_err(|e| format!("LISTEN connection: {e}"))?;
    listener
        .listen(CHANNEL)
        .await
        .map_err(|e| format!("LISTEN {CHANNEL}: {e}"))?;
    let bus = bus.downgrade();
    tokio::spawn(async move {
        loop {
            let notification = match listener.recv().await {
                Ok(n) => n,
                Err(e) => {
                    if bus.strong_count() == 0 {
                        // The server is gone.
                        return;
                    }
                    tracing::warn!(error = %e, "event listener: connection lost; reconnecting");
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    continue;
                }
            };
            let Some(bus) = bus.upgrade() else { return };
            match decode(notification.payload(), &db).await {
                Some(event) => {
                    let _ = bus.send(Arc::new(event));
                }
                None => tracing::warn!("event listener: unreadable notification"),
            }
        }
    });
    Ok(())
}

/// A notification's event: the payload itself, or (when it was too large) the outbox row.
async fn decode(payload: &str, db: &DatabaseConnection) -> Option<DomainEvent> {
    let value: Value = serde_json::from_str(payload).ok()?;
    if value.get("truncated").is_none() {
        return serde_json::from_value(value).ok();
    }
    let id: Uuid = serde_json::from_value(value.get("eventId")?.clone()).ok()?;
    let row = outbox_event::Entity::find_by_id(id).one(db).await.ok()??;
    serde_json::from_value(row.payload).ok()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_action_of_the_services_maps_to_its_type() {
        use EventType::*;
        let cases = [
            ("case.created", CaseCreated),
            ("case.updated", CaseUpdated),
            ("case.reopened", CaseStatusChanged),
            ("case.reviewed", ReviewCreated),
            ("check.reviewed", CheckUpdated),
            ("note.added", NoteAdded),
            ("risk.pushed", RiskUpdated),
            ("alert.raised", AlertRaised),
            ("relation.deleted", RelationChanged),
            ("template.upserted", WorkspaceUpdated),
            ("workspace.settings_updated", WorkspaceUpdated),
            ("case.something_new", CaseUpdated),
        ];
        for (action, expected) in cases {
            assert_eq!(event_type(action, &json!({})), expected, "{action}");
        }
        let status = json!({ "status": { "before": "OPEN", "after": "IN_REVIEW" } });
        assert_eq!(event_type("case.updated", &status), CaseStatusChanged);
    }
}
