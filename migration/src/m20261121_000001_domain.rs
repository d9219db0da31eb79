//! The whole case domain of SPEC §3, created at once so that later work adds columns
//! instead of reshaping tables. Every row carries `workspace_id` (the tenant) so that
//! every query, nested ones included, can be scoped without a join.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `id UUID PRIMARY KEY`.
fn id() -> ColumnDef {
    uuid("id").primary_key().take()
}

/// `created_at` / `updated_at`, both required.
fn stamps(t: &mut TableCreateStatement) -> &mut TableCreateStatement {
    t.col(timestamp_with_time_zone("created_at"))
        .col(timestamp_with_time_zone("updated_at"))
}

/// A foreign key from `table.col` to `target.id`.
fn fk(
    table: &str,
    col: &str,
    target: &str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{col}"))
        .from(table.to_owned(), col.to_owned())
        .to(target.to_owned(), "id")
        .on_delete(on_delete)
        .take()
}

/// A table owned by a workspace: `id`, `workspace_id` (FK) and the given columns.
fn tenant_table(name: &str) -> TableCreateStatement {
    Table::create()
        .table(name.to_owned())
        .col(id())
        .col(string_len("workspace_id", 64))
        .foreign_key(&mut fk(
            name,
            "workspace_id",
            "workspaces",
            ForeignKeyAction::Cascade,
        ))
        .take()
}

/// A table that belongs to a case: a tenant table with `case_id` (FK, cascade).
fn case_child(name: &str) -> TableCreateStatement {
    let mut t = tenant_table(name);
    t.col(uuid("case_id")).foreign_key(&mut fk(
        name,
        "case_id",
        "cases",
        ForeignKeyAction::Cascade,
    ));
    t
}

async fn index(m: &SchemaManager<'_>, table: &str, cols: &[&str]) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(format!("idx_{table}_{}", cols.join("_")))
        .table(table.to_owned());
    for c in cols {
        idx.col(String::from(*c));
    }
    m.create_index(idx).await
}

async fn unique(m: &SchemaManager<'_>, table: &str, cols: &[&str]) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(format!("uq_{table}_{}", cols.join("_")))
        .table(table.to_owned())
        .unique();
    for c in cols {
        idx.col(String::from(*c));
    }
    m.create_index(idx).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Workspaces: the tenant. The id is the token's `workspace_id` claim.
        let mut t = Table::create();
        t.table("workspaces")
            .col(string_len("id", 64).primary_key())
            .col(string("name"))
            .col(json("settings"));
        stamps(&mut t);
        m.create_table(t).await?;

        // Users: a token's `sub` within a workspace, for assignment and audit.
        let mut t = tenant_table("users");
        t.col(string("subject"))
            .col(string_null("name"))
            .col(string_null("email"))
            .col(string_len("role", 32))
            .col(timestamp_with_time_zone("last_seen_at"));
        stamps(&mut t);
        m.create_table(t).await?;
        unique(m, "users", &["workspace_id", "subject"]).await?;

        // Case templates come before cases, which point at them.
        let mut t = tenant_table("case_templates");
        t.col(string_len("key", 64))
            .col(string("name"))
            .col(text_null("description"))
            .col(string_len("case_type", 32))
            .col(string_len("priority", 16))
            .col(string("name_pattern"))
            .col(json("tags"))
            .col(json_null("metadata"))
            .col(json("custom_properties"))
            .col(json("checks"))
            .col(boolean("is_builtin"));
        stamps(&mut t);
        m.create_table(t).await?;
        unique(m, "case_templates", &["workspace_id", "key"]).await?;

        let mut t = tenant_table("cases");
        t.col(string_len_null("external_id", 255))
            .col(string_len("name", 255))
            .col(text_null("description"))
            .col(string_len("case_type", 32))
            .col(string_len("priority", 16))
            .col(string_len("status", 16))
            .col(string_len("processing", 16))
            .col(json_null("metadata"))
            .col(json("custom_properties"))
            .col(uuid_null("assignee_id"))
            .col(string_len("risk_level", 16))
            .col(uuid_null("current_risk_id"))
            .col(boolean("automatic_risk_enabled"))
            .col(boolean("reviewer_has_actions"))
            .col(boolean("contact_has_actions"))
            .col(boolean("first_collect_completed"))
            .col(boolean("all_checks_approved"))
            .col(boolean("for_review"))
            .col(boolean("for_first_collect"))
            .col(boolean("for_recollection"))
            .col(boolean("is_aml_positive"))
            .col(timestamp_with_time_zone_null("next_review_at"))
            .col(uuid_null("template_id"))
            .col(json("related_case_ids"))
            .col(string_null("related_screening_id"))
            .col(json("related_hit_ids"))
            .col(text_null("summary"))
            .col(big_integer("version"))
            .col(string("created_by"))
            .col(timestamp_with_time_zone_null("deleted_at"))
            .foreign_key(&mut fk(
                "cases",
                "assignee_id",
                "users",
                ForeignKeyAction::SetNull,
            ))
            .foreign_key(&mut fk(
                "cases",
                "template_id",
                "case_templates",
                ForeignKeyAction::SetNull,
            ));
        stamps(&mut t);
        m.create_table(t).await?;
        // Indexes for every foreign key and every CaseFilter field.
        for cols in [
            &["workspace_id", "created_at"][..],
            &["workspace_id", "updated_at"],
            &["workspace_id", "name"],
            &["workspace_id", "status"],
            &["workspace_id", "case_type"],
            &["workspace_id", "priority"],
            &["workspace_id", "risk_level"],
            &["workspace_id", "next_review_at"],
            &["workspace_id", "external_id"],
            &["workspace_id", "reviewer_has_actions"],
            &["workspace_id", "contact_has_actions"],
            &["workspace_id", "first_collect_completed"],
            &["workspace_id", "all_checks_approved"],
            &["workspace_id", "for_review"],
            &["workspace_id", "for_first_collect"],
            &["workspace_id", "for_recollection"],
            &["assignee_id"],
            &["template_id"],
            &["current_risk_id"],
        ] {
            index(m, "cases", cols).await?;
        }
        // External ids are unique among the workspace's live cases only: deleting a case
        // frees its external id. Partial indexes read the same on SQLite and PostgreSQL.
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_cases_live_external_id ON cases (workspace_id, external_id) \
                 WHERE deleted_at IS NULL AND external_id IS NOT NULL",
            )
            .await?;

        // Tags: a set per case, in its own table so that the tag filter is indexed.
        let mut t = Table::create();
        t.table("case_tags")
            .col(uuid("case_id"))
            .col(string_len("workspace_id", 64))
            .col(string_len("tag", 64))
            .primary_key(Index::create().col("case_id").col("tag"))
            .foreign_key(&mut fk(
                "case_tags",
                "case_id",
                "cases",
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "case_tags",
                "workspace_id",
                "workspaces",
                ForeignKeyAction::Cascade,
            ));
        m.create_table(t).await?;
        index(m, "case_tags", &["workspace_id", "tag"]).await?;

        let mut t = case_child("companies");
        t.col(string_len("name", 255))
            .col(string_len_null("registration_number", 20))
            .col(string_len_null("country", 2))
            .col(string_null("legal_form"))
            .col(json_null("address"))
            .col(boolean("is_main"))
            .col(json("custom_properties"))
            .col(json_null("metadata"));
        stamps(&mut t);
        m.create_table(t).await?;
        index(m, "companies", &["case_id"]).await?;
        index(m, "companies", &["workspace_id"]).await?;
        // At most one main company per case, enforced by the database too.
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_companies_main ON companies (case_id) WHERE is_main",
            )
            .await?;

        let mut t = case_child("individuals");
        t.col(string_len_null("title", 8))
            .col(string_len("first_name", 40))
            .col(string_len("last_name", 40))
            .col(string_len_null("maiden_name", 40))
            .col(date_null("birth_date"))
            .col(integer_null("birth_year"))
            .col(integer_null("birth_month"))
            .col(integer_null("birth_day"))
            .col(string_len_null("gender", 32))
            .col(string_len_null("nationality", 2))
            .col(json("emails"))
            .col(json("phone_numbers"))
            .col(json_null("address"))
            .col(boolean("is_business_contact"))
            .col(boolean("is_beneficial_owner"))
            .col(json("custom_properties"))
            .col(json_null("metadata"));
        stamps(&mut t);
        m.create_table(t).await?;
        index(m, "individuals", &["case_id"]).await?;
        index(m, "individuals", &["workspace_id"]).await?;

        let mut t = case_child("relations");
        t.col(uuid_null("from_individual_id"))
            .col(uuid_null("from_company_id"))
            .col(uuid("to_company_id"))
            .col(double_null("ownership_percentage"))
            .col(double_null("voting_rights_percentage"))
            .col(json("roles"))
            .col(string_null("position"))
            .foreign_key(&mut fk(
                "relations",
                "from_individual_id",
                "individuals",
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "relations",
                "from_company_id",
                "companies",
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "relations",
                "to_company_id",
                "companies",
                ForeignKeyAction::Cascade,
            ));
        stamps(&mut t);
        m.create_table(t).await?;
        for cols in [
            &["case_id"][..],
            &["workspace_id"],
            &["from_individual_id"],
            &["from_company_id"],
            &["to_company_id"],
        ] {
            index(m, "relations", cols).await?;
        }

        let mut t = case_child("checks");
        t.col(string_len("check_type", 32))
            .col(string_len("label", 255))
            .col(string_len("subject_type", 16))
            .col(uuid_null("subject_company_id"))
            .col(uuid_null("subject_individual_id"))
            .col(string_len("status", 16))
            .col(boolean("is_deactivated"))
            .col(boolean("is_excluded"))
            .col(json_null("data"))
            .col(string_null("reviewed_by"))
            .col(timestamp_with_time_zone_null("reviewed_at"))
            .col(text_null("review_comment"))
            .col(timestamp_with_time_zone_null("expires_at"))
            .foreign_key(&mut fk(
                "checks",
                "subject_company_id",
                "companies",
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "checks",
                "subject_individual_id",
                "individuals",
                ForeignKeyAction::Cascade,
            ));
        stamps(&mut t);
        m.create_table(t).await?;
        for cols in [
            &["case_id"][..],
            &["workspace_id"],
            &["subject_company_id"],
            &["subject_individual_id"],
        ] {
            index(m, "checks", cols).await?;
        }

        let mut t = case_child("aml_hits");
        t.col(uuid("check_id"))
            .col(string("name"))
            .col(json("list_types"))
            .col(double_null("score"))
            .col(string_len("status", 32))
            .col(string_null("provider_ref"))
            .col(json_null("data"))
            .col(string_null("reviewed_by"))
            .col(timestamp_with_time_zone_null("reviewed_at"))
            .foreign_key(&mut fk(
                "aml_hits",
                "check_id",
                "checks",
                ForeignKeyAction::Cascade,
            ));
        stamps(&mut t);
        m.create_table(t).await?;
        for cols in [&["case_id"][..], &["workspace_id"], &["check_id"]] {
            index(m, "aml_hits", cols).await?;
        }

        // Documents: metadata only for now; the bytes live in object storage.
        let mut t = case_child("documents");
        t.col(uuid_null("check_id"))
            .col(uuid_null("company_id"))
            .col(uuid_null("individual_id"))
            .col(string_len("document_type", 32))
            .col(string("file_name"))
            .col(string("content_type"))
            .col(big_integer("size"))
            .col(string_len("sha256", 64))
            .col(string("storage_key"))
            .col(string_len("verification_status", 32))
            .col(timestamp_with_time_zone("uploaded_at"))
            .col(timestamp_with_time_zone_null("expires_at"))
            .col(string("uploaded_by"))
            .foreign_key(&mut fk(
                "documents",
                "check_id",
                "checks",
                ForeignKeyAction::SetNull,
            ))
            .foreign_key(&mut fk(
                "documents",
                "company_id",
                "companies",
                ForeignKeyAction::SetNull,
            ))
            .foreign_key(&mut fk(
                "documents",
                "individual_id",
                "individuals",
                ForeignKeyAction::SetNull,
            ));
        stamps(&mut t);
        m.create_table(t).await?;
        for cols in [
            &["case_id"][..],
            &["workspace_id"],
            &["check_id"],
            &["company_id"],
            &["individual_id"],
            &["expires_at"],
        ] {
            index(m, "documents", cols).await?;
        }

        let mut t = case_child("risks");
        t.col(string_len("mode", 16))
            .col(string_len("level", 16))
            .col(double_null("score"))
            .col(json("components"))
            .col(json("flags"))
            .col(text_null("comment"))
            .col(string("created_by"))
            .col(timestamp_with_time_zone("created_at"));
        m.create_table(t).await?;
        index(m, "risks", &["case_id", "created_at"]).await?;
        index(m, "risks", &["workspace_id"]).await?;

        let mut t = case_child("case_reviews");
        t.col(string_len("status", 16))
            .col(text_null("comment"))
            .col(timestamp_with_time_zone_null("next_review_at"))
            .col(string_len("reviewer_type", 16))
            .col(string_null("reviewer_id"))
            .col(timestamp_with_time_zone("created_at"));
        m.create_table(t).await?;
        index(m, "case_reviews", &["case_id", "created_at"]).await?;
        index(m, "case_reviews", &["workspace_id"]).await?;

        let mut t = case_child("notes");
        t.col(uuid_null("check_id"))
            .col(text("body"))
            .col(string("author_id"))
            .foreign_key(&mut fk(
                "notes",
                "check_id",
                "checks",
                ForeignKeyAction::Cascade,
            ));
        stamps(&mut t);
        m.create_table(t).await?;
        for cols in [
            &["case_id", "created_at"][..],
            &["workspace_id"],
            &["check_id"],
        ] {
            index(m, "notes", cols).await?;
        }

        let mut t = tenant_table("custom_property_definitions");
        t.col(string_len("target", 16))
            .col(string_len("key", 64))
            .col(string("label"))
            .col(string_len("property_type", 16))
            .col(json("settings"));
        stamps(&mut t);
        m.create_table(t).await?;
        unique(
            m,
            "custom_property_definitions",
            &["workspace_id", "target", "key"],
        )
        .await?;

        let mut t = tenant_table("screening_results");
        t.col(string("screening_id"))
            .col(string_len("kind", 32))
            .col(double("confidence"))
            .col(double("risk_score"))
            .col(json("subject"))
            .col(json("hits"))
            .col(uuid_null("case_id"))
            .col(text("outcome"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut fk(
                "screening_results",
                "case_id",
                "cases",
                ForeignKeyAction::SetNull,
            ));
        m.create_table(t).await?;
        unique(m, "screening_results", &["workspace_id", "screening_id"]).await?;
        index(m, "screening_results", &["case_id"]).await?;

        let mut t = case_child("alerts");
        t.col(string_len("alert_type", 32))
            .col(string_len("status", 16))
            .col(json("payload"))
            .col(string("raised_by"))
            .col(string_null("actioned_by"))
            .col(timestamp_with_time_zone_null("actioned_at"));
        stamps(&mut t);
        m.create_table(t).await?;
        for cols in [&["case_id"][..], &["workspace_id", "status", "alert_type"]] {
            index(m, "alerts", cols).await?;
        }

        // Audit events: append-only and hash-chained per case. `seq` numbers the events of
        // one case; the unique (case_id, seq) index stops two writers from forking the chain.
        // No foreign key to cases: the trail outlives whatever it describes.
        let mut t = tenant_table("audit_events");
        t.col(uuid_null("case_id"))
            .col(big_integer("seq"))
            .col(string_len("action", 64))
            .col(string_len("actor_type", 16))
            .col(string("actor_id"))
            .col(timestamp_with_time_zone("at"))
            .col(string_len("entity_type", 32))
            .col(uuid_null("entity_id"))
            .col(json("changes"))
            .col(string_null("request_id"))
            .col(string_len("prev_hash", 64))
            .col(string_len("hash", 64));
        m.create_table(t).await?;
        unique(m, "audit_events", &["case_id", "seq"]).await?;
        index(m, "audit_events", &["workspace_id", "at"]).await?;

        // Idempotency keys: a retried call returns the first response.
        let mut t = tenant_table("idempotency_keys");
        t.col(string_len("operation", 64))
            .col(string_len("key", 255))
            .col(string_len("request_hash", 64))
            .col(json("response"))
            .col(timestamp_with_time_zone("created_at"));
        m.create_table(t).await?;
        unique(m, "idempotency_keys", &["workspace_id", "operation", "key"]).await?;

        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "idempotency_keys",
            "audit_events",
            "alerts",
            "screening_results",
            "custom_property_definitions",
            "notes",
            "case_reviews",
            "risks",
            "documents",
            "aml_hits",
            "checks",
            "relations",
            "individuals",
            "companies",
            "case_tags",
            "cases",
            "case_templates",
            "users",
            "workspaces",
        ] {
            m.drop_table(Table::drop().table(table.to_owned()).to_owned())
                .await?;
        }
        Ok(())
    }
}
