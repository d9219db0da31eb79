//! Webhooks (SPEC §4, admin): a workspace's receivers of domain events, and the record of
//! their deliveries. Delivery itself is the relay's ([`super::webhook_relay`]).
//!
//! URLs are `http` or `https`, and unless the server allows it (`--webhook-allow-private`)
//! must not point at loopback, private, link-local or other internal addresses — checked
//! when the webhook is saved (every address the name resolves to) and again before each
//! delivery, since a name can be re-pointed after it was checked.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use async_graphql::{InputObject, MaybeUndefined};
use chrono::{DateTime, Utc};
use entity::{webhook, webhook_delivery};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, Order, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::page::{Cursor, Direction, Page, PageRequest};
use super::{audit, update_row, Session};
use crate::auth::Permission;
use crate::domain::{EventType, EventTypes};
use crate::error::{AppError, AppResult};

/// Whether webhook URLs may point at internal addresses (server configuration).
#[derive(Debug, Clone, Copy, Default)]
pub struct UrlPolicy {
    pub allow_private: bool,
}

/// `createWebhook`'s input.
#[derive(Debug, Clone, InputObject)]
pub struct CreateWebhookInput {
    /// Where events are POSTed: an `http` or `https` URL of a public address.
    pub url: String,
    /// The event types to send (empty: all).
    pub event_types: Vec<EventType>,
    /// The HMAC-SHA256 key of the `X-CaseGraph-Signature` header (16 to 256 characters);
    /// never returned.
    pub secret: String,
    /// Whether events are sent (default true).
    pub active: Option<bool>,
}

/// `updateWebhook`'s input: omitted fields stay.
#[derive(Debug, Clone, InputObject)]
pub struct UpdateWebhookInput {
    /// A new URL.
    pub url: Option<String>,
    /// New event types (empty: all).
    pub event_types: Option<Vec<EventType>>,
    /// A new secret (rotation: the next attempt is signed with it).
    pub secret: Option<String>,
    /// Pause (false) or resume (true): while paused no deliveries are made for it; events
    /// committed meanwhile are not sent later.
    pub active: MaybeUndefined<bool>,
}

const MAX_URL: usize = 2048;

/// Checks a webhook URL: syntax, scheme, and (unless allowed) that every address its host
/// resolves to is public. `field` names the input on refusal.
pub async fn check_url(field: &str, text: &str, policy: UrlPolicy) -> AppResult<url::Url> {
    let bad = |m: &str| AppError::bad_input(field, m);
    if text.len() > MAX_URL {
        return Err(bad("at most 2048 characters"));
    }
    let url = url::Url::parse(text).map_err(|_| bad("is not a URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("must be an http or https URL"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad(
            "must not carry credentials; sign with the secret instead",
        ));
    }
    let host = url.host().ok_or_else(|| bad("has no host"))?;
    if policy.allow_private {
        return Ok(url);
    }
    let port = url.port_or_known_default().unwrap_or(443);
    let addresses: Vec<IpAddr> = match host {
        url::Host::Ipv4(ip) => vec![IpAddr::V4(ip)],
        url::Host::Ipv6(ip) => vec![IpAddr::V6(ip)],
        url::Host::Domain(name) => tokio::net::lookup_host((name, port))
            .await
            .map_err(|_| bad("its host name does not resolve"))?
            .map(|a| a.ip())
            .collect(),
    };
    if addresses.is_empty() {
        return Err(bad("its host name does not resolve"));
    }
    if addresses.iter().any(|ip| !is_public(*ip)) {
        return Err(bad(
            "points at a loopback, private or link-local address, which webhooks may not reach",
        ));
    }
    Ok(url)
}

/// Whether an address is on the public internet (not loopback, private, link-local,
/// shared, documentation, multicast, unspecified, …).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        // Shared address space (carrier-grade NAT), 100.64.0.0/10.
        || (a == 100 && (64..128).contains(&b))
        // IETF protocol assignments, benchmarking, reserved.
        || (a == 192 && b == 0 && ip.octets()[2] == 0)
        || (a == 198 && (18..20).contains(&b))
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        // Unique local fc00::/7, link-local fe80::/10, documentation 2001:db8::/32.
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || (first == 0x2001 && ip.segments()[1] == 0x0db8))
}

fn check_secret(field: &str, secret: &str) -> AppResult<String> {
    let n = secret.chars().count();
    if !(16..=256).contains(&n) {
        return Err(AppError::bad_input(field, "must be 16 to 256 characters"));
    }
    Ok(secret.to_owned())
}

fn dedup(types: &[EventType]) -> EventTypes {
    let mut out: Vec<EventType> = vec![];
    for t in types {
        if !out.contains(t) {
            out.push(*t);
        }
    }
    EventTypes(out)
}

/// What the audit trail records of a webhook (never the secret).
fn audited(w: &webhook::Model) -> serde_json::Value {
    json!({ "url": w.url, "eventTypes": w.event_types, "active": w.active })
}

/// `createWebhook` (admin).
pub async fn create(
    s: &Session,
    input: &CreateWebhookInput,
    policy: UrlPolicy,
) -> AppResult<webhook::Model> {
    s.principal.authorize(Permission::Administer)?;
    let url = check_url("input.url", &input.url, policy).await?;
    let now = s.now();
    let row = webhook::Model {
        id: Uuid::new_v4(),
        workspace_id: s.workspace().to_owned(),
        url: url.to_string(),
        event_types: dedup(&input.event_types),
        secret: check_secret("input.secret", &input.secret)?,
        active: input.active.unwrap_or(true),
        created_at: now,
        updated_at: now,
    };
    s.write(async |txn| {
        webhook::ActiveModel::from(row.clone()).insert(txn).await?;
        audit::record_workspace(
            txn,
            s,
            "webhook.created",
            "WEBHOOK",
            Some(row.id),
            json!({ "created": audited(&row) }),
        )
        .await?;
        Ok(row)
    })
    .await
}

/// `updateWebhook` (admin).
pub async fn update(
    s: &Session,
    id: Uuid,
    input: &UpdateWebhookInput,
    policy: UrlPolicy,
) -> AppResult<webhook::Model> {
    s.principal.authorize(Permission::Administer)?;
    let url = match &input.url {
        Some(u) => Some(check_url("input.url", u, policy).await?.to_string()),
        None => None,
    };
    let secret = input
        .secret
        .as_deref()
        .map(|v| check_secret("input.secret", v))
        .transpose()?;
    if input.active.is_null() {
        return Err(AppError::bad_input("input.active", "must be true or false"));
    }
    s.write(async |txn| {
        let before = webhook::Entity::find_by_id(id)
            .filter(webhook::Column::WorkspaceId.eq(s.workspace()))
            .lock_exclusive()
            .one(txn)
            .await?
            .ok_or(AppError::NotFound { entity: "Webhook" })?;
        let mut after = before.clone();
        if let Some(url) = url {
            after.url = url;
        }
        if let Some(types) = &input.event_types {
            after.event_types = dedup(types);
        }
        if let Some(secret) = secret {
            after.secret = secret;
        }
        if let MaybeUndefined::Value(active) = input.active {
            after.active = active;
        }
        if after == before {
            return Ok(after);
        }
        after.updated_at = s.now();
        update_row(txn, &before, &after).await?;
        let mut changes = audit::diff(&[
            ("url", json!(before.url), json!(after.url)),
            (
                "eventTypes",
                json!(before.event_types),
                json!(after.event_types),
            ),
            ("active", json!(before.active), json!(after.active)),
        ]);
        if before.secret != after.secret {
            // That it changed, not what it is.
            changes["secret"] = json!({ "rotated": true });
        }
        audit::record_workspace(txn, s, "webhook.updated", "WEBHOOK", Some(id), changes).await?;
        Ok(after)
    })
    .await
}

/// `deleteWebhook` (admin): the webhook and its deliveries go.
pub async fn delete(s: &Session, id: Uuid) -> AppResult<Uuid> {
    s.principal.authorize(Permission::Administer)?;
    s.write(async |txn| {
        let found = webhook::Entity::find_by_id(id)
            .filter(webhook::Column::WorkspaceId.eq(s.workspace()))
            .one(txn)
            .await?
            .ok_or(AppError::NotFound { entity: "Webhook" })?;
        webhook::Entity::delete_by_id(id).exec(txn).await?;
        audit::record_workspace(
            txn,
            s,
            "webhook.deleted",
            "WEBHOOK",
            Some(id),
            json!({ "deleted": audited(&found) }),
        )
        .await?;
        Ok(id)
    })
    .await
}

/// `webhooks` (admin): the workspace's webhooks, oldest first.
pub async fn list(s: &Session) -> AppResult<Vec<webhook::Model>> {
    s.principal.authorize(Permission::Administer)?;
    Ok(webhook::Entity::find()
        .filter(webhook::Column::WorkspaceId.eq(s.workspace()))
        .order_by_asc(webhook::Column::CreatedAt)
        .order_by_asc(webhook::Column::Id)
        .limit(1000)
        .all(s.read())
        .await?)
}

/// `webhookDeliveries` (admin): a webhook's deliveries, newest first (forwards only).
pub async fn deliveries(
    s: &Session,
    webhook_id: Uuid,
    page: &PageRequest,
) -> AppResult<Page<webhook_delivery::Model>> {
    s.principal.authorize(Permission::Administer)?;
    if page.direction == Direction::Backward {
        return Err(AppError::bad_input("last", "deliveries page forwards only"));
    }
    let exists = webhook::Entity::find_by_id(webhook_id)
        .select_only()
        .column(webhook::Column::Id)
        .filter(webhook::Column::WorkspaceId.eq(s.workspace()))
        .into_tuple::<Uuid>()
        .one(s.read())
        .await?;
    if exists.is_none() {
        return Err(AppError::NotFound { entity: "Webhook" });
    }
    let mut cond = Condition::all()
        .add(webhook_delivery::Column::WorkspaceId.eq(s.workspace()))
        .add(webhook_delivery::Column::WebhookId.eq(webhook_id));
    if let Some(cursor) = &page.cursor {
        let at: DateTime<Utc> = DateTime::parse_from_rfc3339(&cursor.value)
            .map_err(|_| AppError::bad_input("after", "is not a cursor from this API"))?
            .with_timezone(&Utc);
        cond = cond.add(
            Condition::any()
                .add(webhook_delivery::Column::CreatedAt.lt(at))
                .add(
                    Condition::all()
                        .add(webhook_delivery::Column::CreatedAt.eq(at))
                        .add(webhook_delivery::Column::Id.lt(cursor.id)),
                ),
        );
    }
    let mut rows = webhook_delivery::Entity::find()
        .filter(cond)
        .order_by(webhook_delivery::Column::CreatedAt, Order::Desc)
        .order_by(webhook_delivery::Column::Id, Order::Desc)
        .limit(page.size + 1)
        .all(s.read())
        .await?;
    let more = rows.len() as u64 > page.size;
    rows.truncate(page.size as usize);
    Ok(Page {
        items: rows
            .into_iter()
            .map(|d| {
                (
                    Cursor {
                        value: d.created_at.to_rfc3339(),
                        id: d.id,
                    },
                    d,
                )
            })
            .collect(),
        has_next_page: more,
        has_previous_page: page.cursor.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(
                !is_public(ip.parse().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST))),
                "{ip}"
            );
        }
        for ip in ["93.184.216.34", "2606:4700::1111", "8.8.8.8"] {
            assert!(
                is_public(ip.parse().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST))),
                "{ip}"
            );
        }
    }
}
