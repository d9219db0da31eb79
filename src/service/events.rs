//! Live subscriptions to domain events (SPEC §4): `caseEvents` and `workspaceEvents`.
//! The caller must be allowed to read; it hears only its own workspace's events, after
//! they committed (see [`crate::events`]).

use std::sync::Arc;

use entity::{audit_event, case};
use futures_util::stream::{self, Stream};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

use super::Session;
use crate::auth::Permission;
use crate::domain::EventType;
use crate::error::{AppError, AppResult};
use crate::events::{Bus, DomainEvent};

/// What a subscriber wants.
#[derive(Debug, Clone)]
pub struct Interest {
    workspace_id: String,
    case_id: Option<Uuid>,
    /// `None` or empty: every type.
    types: Option<Vec<EventType>>,
    /// The case's last event when the subscription started: events up to it committed
    /// before, and may still be on their way (PostgreSQL's NOTIFY); they are not repeated.
    after_seq: i64,
}

impl Interest {
    fn wants(&self, e: &DomainEvent) -> bool {
        e.workspace_id == self.workspace_id
            && self
                .case_id
                .is_none_or(|id| e.case_id == Some(id) && e.seq > self.after_seq)
            && self
                .types
                .as_ref()
                .is_none_or(|t| t.is_empty() || t.contains(&e.event_type))
    }
}

/// Subscribes the caller to its workspace's events, or one case's (which must exist in the
/// workspace: `NOT_FOUND` otherwise, like any read). The stream yields the events in commit
/// order; when the subscriber falls more than the bus's capacity behind it yields one
/// `LIMIT_EXCEEDED` error and ends (the client resubscribes and reads what it missed from
/// the audit trail).
pub async fn subscribe(
    s: &Session,
    bus: &Bus,
    case_id: Option<Uuid>,
    types: Option<Vec<EventType>>,
) -> AppResult<impl Stream<Item = AppResult<Arc<DomainEvent>>> + Send + 'static> {
    s.principal.authorize(Permission::Read)?;
    // Subscribe before the existence check: nothing committed after it is missed.
    let receiver = bus.subscribe();
    let mut after_seq = 0;
    if let Some(id) = case_id {
        let found = case::Entity::find_by_id(id)
            .select_only()
            .column(case::Column::Id)
            .filter(case::Column::WorkspaceId.eq(s.workspace()))
            .filter(case::Column::DeletedAt.is_null())
            .into_tuple::<Uuid>()
            .one(s.read())
            .await?;
        if found.is_none() {
            return Err(AppError::NotFound { entity: "Case" });
        }
        // A case's events are numbered in commit order (writers to one case queue), so its
        // head now divides what committed before the subscription from what follows.
        after_seq = audit_event::Entity::find()
            .select_only()
            .column(audit_event::Column::Seq)
            .filter(audit_event::Column::WorkspaceId.eq(s.workspace()))
            .filter(audit_event::Column::CaseId.eq(id))
            .order_by_desc(audit_event::Column::Seq)
            .limit(1)
            .into_tuple::<i64>()
            .one(s.read())
            .await?
            .unwrap_or(0);
    }
    let interest = Interest {
        workspace_id: s.workspace().to_owned(),
        case_id,
        types,
        after_seq,
    };
    Ok(stream::unfold(
        Some((receiver, interest)),
        |state| async move {
            let (mut receiver, interest) = state?;
            loop {
                match receiver.recv().await {
                    Ok(e) if interest.wants(&e) => {
                        return Some((Ok(e), Some((receiver, interest))))
                    }
                    Ok(_) => continue,
                    Err(RecvError::Lagged(missed)) => {
                        let error = AppError::LimitExceeded(format!(
                            "subscriber too slow: {missed} events were dropped; \
                             resubscribe and read the audit trail for what was missed"
                        ));
                        return Some((Err(error), None));
                    }
                    Err(RecvError::Closed) => return None,
                }
            }
        },
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use futures_util::StreamExt;
    use serde_json::json;

    use super::*;
    use crate::auth::Principal;
    use crate::domain::{ActorType, Role};
    use crate::events::EventActor;

    fn event(workspace: &str, seq: i64, event_type: EventType) -> Arc<DomainEvent> {
        Arc::new(DomainEvent {
            event_id: Uuid::new_v4(),
            event_type,
            workspace_id: workspace.to_owned(),
            case_id: Some(Uuid::nil()),
            seq,
            action: "case.updated".into(),
            entity_type: "CASE".into(),
            entity_id: None,
            actor: EventActor {
                kind: ActorType::User,
                id: "u".into(),
            },
            at: chrono::Utc::now(),
            changes: json!({}),
        })
    }

    fn session() -> Session {
        Session::new(
            sea_orm::DatabaseConnection::default(),
            Principal {
                workspace_id: "w".into(),
                subject: "u".into(),
                user_id: Uuid::nil(),
                role: Role::Viewer,
            },
            "r".into(),
        )
    }

    #[tokio::test]
    async fn a_subscriber_hears_its_workspace_and_types_only() {
        let bus = crate::events::bus();
        let stream = subscribe(&session(), &bus, None, Some(vec![EventType::NoteAdded]))
            .await
            .unwrap();
        bus.send(event("other", 1, EventType::NoteAdded)).unwrap();
        bus.send(event("w", 2, EventType::CaseUpdated)).unwrap();
        bus.send(event("w", 3, EventType::NoteAdded)).unwrap();
        drop(bus);
        let heard: Vec<i64> = stream.map(|e| e.unwrap().seq).collect().await;
        assert_eq!(heard, vec![3]);
    }

    #[tokio::test]
    async fn a_subscriber_that_falls_behind_gets_one_error_and_ends() {
        // A subscriber that never reads: the bus keeps its capacity, not more.
        let bus: Bus = tokio::sync::broadcast::channel(4).0;
        let mut stream = Box::pin(subscribe(&session(), &bus, None, None).await.unwrap());
        for seq in 0..10 {
            bus.send(event("w", seq, EventType::CaseUpdated)).unwrap();
        }
        let first = stream.next().await.unwrap();
        assert!(
            matches!(&first, Err(AppError::LimitExceeded(m)) if m.contains("6 events were dropped")),
            "{first:?}"
        );
        assert!(stream.next().await.is_none());
    }
}
