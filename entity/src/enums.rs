//! The stored enumerations. Each value is stored as text, its SCREAMING_SNAKE_CASE name,
//! which is also its JSON name (audit trail) and, with the `graphql` feature, its GraphQL
//! name: the database, the audit trail and the API read the same words.
//!
//! The columns are typed (SeaORM `DeriveActiveEnum` over the existing text columns, no
//! database enum type), so a row is read into a known variant or not at all: code past the
//! read never parses a stored name.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Declares a stored enumeration from one list of `Variant = "NAME"` pairs: the database
/// text (`DeriveActiveEnum`), the serde name and the GraphQL name are all `"NAME"`.
macro_rules! stored_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        #[derive(
            Copy, Clone, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize,
            Deserialize,
        )]
        #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
        $(#[$meta])*
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[sea_orm(string_value = $text)]
                #[serde(rename = $text)]
                #[cfg_attr(feature = "graphql", graphql(name = $text))]
                $variant
            ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stored (and JSON, and GraphQL) name.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            /// Reads a name given outside the database (a token claim, a CLI argument);
            /// stored values are read by the column type.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}

stored_enum! {
    /// What a case is about.
    CaseType {
        /// Know your customer: a person.
        Kyc = "KYC",
        /// Know your business: a company.
        Kyb = "KYB",
        /// Anti-money-laundering screening.
        Aml = "AML",
        /// A sanctions list match.
        Sanctions = "SANCTIONS",
        /// A politically exposed person.
        Pep = "PEP",
        /// Suspected fraud.
        Fraud = "FRAUD",
        /// An identity or document verification.
        Verification = "VERIFICATION",
        /// Negative news.
        AdverseMedia = "ADVERSE_MEDIA",
        /// A scheduled refresh of an existing customer.
        PeriodicReview = "PERIODIC_REVIEW",
        /// Review of a transaction.
        TransactionReview = "TRANSACTION_REVIEW",
    }
}

stored_enum! {
    /// How urgent a case is.
    CasePriority {
        /// Low: when time allows.
        Low = "LOW",
        /// Medium (the default).
        Medium = "MEDIUM",
        /// High: ahead of normal work.
        High = "HIGH",
        /// Critical: work on it before anything else.
        Critical = "CRITICAL",
    }
}

stored_enum! {
    /// Where a case stands.
    CaseStatus {
        /// Being prepared; not yet worked on.
        Draft = "DRAFT",
        /// Being worked on (the default).
        Open = "OPEN",
        /// Approved by a case review.
        Approved = "APPROVED",
        /// Rejected by a case review.
        Rejected = "REJECTED",
        /// Closed by a case review.
        Closed = "CLOSED",
    }
}

stored_enum! {
    /// Which due diligence a case runs.
    Processing {
        /// Full due diligence.
        Full = "FULL",
        /// Anti-money-laundering screening only.
        AmlOnly = "AML_ONLY",
    }
}

stored_enum! {
    /// A risk level.
    RiskLevel {
        /// Not assessed yet.
        NotDefined = "NOT_DEFINED",
        /// Low risk: simplified due diligence.
        Low = "LOW",
        /// Medium risk: standard due diligence.
        Medium = "MEDIUM",
        /// High risk: enhanced due diligence.
        High = "HIGH",
        /// Critical risk: refuse or escalate.
        Critical = "CRITICAL",
        /// Business with this customer is not allowed.
        Prohibited = "PROHIBITED",
    }
}

stored_enum! {
    /// Who set a risk.
    RiskMode {
        /// Pushed by a scoring integration.
        Automatic = "AUTOMATIC",
        /// Set by a reviewer.
        Manual = "MANUAL",
    }
}

stored_enum! {
    /// What a check verifies.
    CheckType {
        /// Identity verification (selfie, liveness).
        IdVerification = "ID_VERIFICATION",
        /// An identity document.
        IdDocument = "ID_DOCUMENT",
        /// Any other document.
        Document = "DOCUMENT",
        /// Anti-money-laundering screening.
        Aml = "AML",
        /// A company registry lookup.
        Registry = "REGISTRY",
        /// Electronic KYC against trusted data sources.
        Ekyc = "EKYC",
        /// A fraud database lookup.
        FraudDatabase = "FRAUD_DATABASE",
        /// Online reputation.
        OnlineReputation = "ONLINE_REPUTATION",
        /// A workspace-defined check.
        Custom = "CUSTOM",
    }
}

stored_enum! {
    /// Where a check stands.
    CheckStatus {
        /// Waiting on the contact.
        InProgress = "IN_PROGRESS",
        /// Automated work under way.
        Processing = "PROCESSING",
        /// Waiting on a reviewer.
        NeedReview = "NEED_REVIEW",
        /// Approved: the check passed.
        Approved = "APPROVED",
        /// Rejected: the check failed.
        Rejected = "REJECTED",
        /// Expired (a document or result is out of date).
        Expired = "EXPIRED",
    }
}

stored_enum! {
    /// What a check is about.
    CheckSubjectType {
        /// The case itself.
        Case = "CASE",
        /// One of the case's companies.
        Company = "COMPANY",
        /// One of the case's individuals.
        Individual = "INDIVIDUAL",
    }
}

stored_enum! {
    /// The decision on one AML hit.
    AmlHitStatus {
        /// Not decided yet.
        PotentialMatch = "POTENTIAL_MATCH",
        /// The hit is not about this subject.
        NoMatch = "NO_MATCH",
        /// The hit matched wrongly.
        FalsePositive = "FALSE_POSITIVE",
        /// The hit is about this subject.
        TruePositive = "TRUE_POSITIVE",
    }
}

stored_enum! {
    /// The list an AML hit comes from.
    AmlListType {
        /// A sanctions list.
        Sanction = "SANCTION",
        /// Politically exposed persons.
        Pep = "PEP",
        /// Negative news.
        AdverseMedia = "ADVERSE_MEDIA",
        /// A warning list.
        Warning = "WARNING",
        /// Any other list.
        Other = "OTHER",
    }
}

stored_enum! {
    /// A kind of document.
    DocumentType {
        /// A passport.
        Passport = "PASSPORT",
        /// National identity card.
        IdCard = "ID_CARD",
        /// Driving licence.
        DrivingLicense = "DRIVING_LICENSE",
        /// Residence permit.
        ResidencePermit = "RESIDENCE_PERMIT",
        /// Utility bill.
        UtilityBill = "UTILITY_BILL",
        /// Bank statement.
        BankStatement = "BANK_STATEMENT",
        /// Any proof of address.
        ProofOfAddress = "PROOF_OF_ADDRESS",
        /// Certificate of incorporation.
        CertificateOfIncorporation = "CERTIFICATE_OF_INCORPORATION",
        /// Articles of association.
        ArticlesOfAssociation = "ARTICLES_OF_ASSOCIATION",
        /// Shareholder register.
        ShareholderRegister = "SHAREHOLDER_REGISTER",
        /// Source of funds evidence.
        SourceOfFunds = "SOURCE_OF_FUNDS",
        /// Source of wealth evidence.
        SourceOfWealth = "SOURCE_OF_WEALTH",
        /// Anything else.
        Other = "OTHER",
    }
}

stored_enum! {
    /// Where a document's verification stands.
    VerificationStatus {
        /// Not verified yet.
        Pending = "PENDING",
        /// Verified against a trusted source.
        Verified = "VERIFIED",
        /// Verification refused: the data did not match.
        Rejected = "REJECTED",
        /// Out of date.
        Expired = "EXPIRED",
    }
}

stored_enum! {
    /// The decision of a case review.
    ReviewStatus {
        /// Approve the case.
        Approved = "APPROVED",
        /// Reject the case.
        Rejected = "REJECTED",
        /// Close the case.
        Closed = "CLOSED",
    }
}

stored_enum! {
    /// Who acted: a person, an integration or CaseGraph itself.
    ActorType {
        /// A person with a user token.
        User = "USER",
        /// An integration.
        Api = "API",
        /// CaseGraph itself (automatic rules, background jobs).
        System = "SYSTEM",
    }
}

stored_enum! {
    /// What a relation means.
    RelationRole {
        /// Holds shares.
        Shareholder = "SHAREHOLDER",
        /// Represents the company legally.
        LegalRepresentative = "LEGAL_REPRESENTATIVE",
        /// Sits on the board.
        Director = "DIRECTOR",
        /// Declared ultimate beneficial owner.
        BeneficialOwner = "BENEFICIAL_OWNER",
    }
}

stored_enum! {
    /// A person's title.
    Title {
        /// Mister (Mr).
        Mr = "MR",
        /// Miss, for an unmarried woman.
        Miss = "MISS",
        /// Missus (Mrs), for a married woman.
        Mrs = "MRS",
        /// Ms, for a woman whatever her marital status.
        Ms = "MS",
        /// Doctor (Dr).
        Dr = "DR",
    }
}

stored_enum! {
    /// A person's gender.
    Gender {
        /// Male gender.
        Male = "MALE",
        /// Female gender.
        Female = "FEMALE",
        /// Another gender, or not stated.
        Other = "OTHER",
        /// Not given.
        PreferNotToSay = "PREFER_NOT_TO_SAY",
    }
}

stored_enum! {
    /// What a caller may do (SPEC §2). Each includes the rights of the ones before it,
    /// except `INTEGRATION`.
    Role {
        /// Read everything in the workspace.
        Viewer = "VIEWER",
        /// Build and update cases.
        Analyst = "ANALYST",
        /// Also decide: reviews, check and hit decisions, manual risk.
        Reviewer = "REVIEWER",
        /// Also settings, definitions, templates.
        Admin = "ADMIN",
        /// A partner system: build cases, push risks and results; no decisions.
        Integration = "INTEGRATION",
    }
}

stored_enum! {
    /// The type of a custom property's value.
    #[cfg_attr(feature = "graphql", graphql(name = "CustomPropertyType"))]
    PropertyType {
        /// One or more keys from the property's options.
        Choices = "CHOICES",
        /// One or more ISO 3166-1 alpha-2 country codes.
        Countries = "COUNTRIES",
        /// A date, `yyyy-MM-dd`.
        Date = "DATE",
        /// An email address, at most 250 characters.
        Email = "EMAIL",
        /// A number, optionally bounded and shown as a percentage or an amount.
        Numeric = "NUMERIC",
        /// An E.164 phone number.
        PhoneNumber = "PHONE_NUMBER",
        /// Text: one line of at most 250 characters, or up to 1,500 when multiline.
        Text = "TEXT",
        /// An absolute http(s) URL.
        Url = "URL",
        /// A boolean.
        YesNo = "YES_NO",
    }
}

stored_enum! {
    /// What a custom property is set on.
    #[cfg_attr(feature = "graphql", graphql(name = "CustomPropertyTarget"))]
    PropertyTarget {
        /// Properties of cases.
        Case = "CASE",
        /// Companies of a case.
        Company = "COMPANY",
        /// Individuals of a case.
        Individual = "INDIVIDUAL",
    }
}

/// Declares a JSON array column of a stored enumeration (read and written whole).
macro_rules! stored_list {
    ($(#[$meta:meta])* $name:ident($item:ty)) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
        #[serde(transparent)]
        pub struct $name(pub Vec<$item>);
    };
}

stored_list! {
    /// The roles of a relation (`relations.roles`), a JSON array of names.
    RelationRoles(RelationRole)
}

stored_list! {
    /// The lists an AML hit comes from (`aml_hits.list_types`), a JSON array of names.
    AmlListTypes(AmlListType)
}

stored_enum! {
    /// What a screening provider screened for.
    ScreeningKind {
        /// Sanctions lists.
        Sanctions = "SANCTIONS",
        /// Politically exposed persons.
        Pep = "PEP",
        /// Negative news.
        AdverseMedia = "ADVERSE_MEDIA",
        /// Fraud signals.
        Fraud = "FRAUD",
        /// A failed identity or document verification.
        VerificationFailure = "VERIFICATION_FAILURE",
    }
}

stored_enum! {
    /// What became of an ingested screening result.
    ScreeningOutcome {
        /// A case was created (see `case`).
        CaseCreated = "CASE_CREATED",
        /// The workspace's trigger for this kind is off: no case.
        TriggerOff = "TRIGGER_OFF",
        /// The confidence (sanctions) or risk score (adverse media) is under the trigger's
        /// threshold: no case.
        BelowThreshold = "BELOW_THRESHOLD",
        /// A result with this `screeningId` was ingested before: nothing new was created.
        DuplicateScreeningId = "DUPLICATE_SCREENING_ID",
    }
}

stored_enum! {
    /// What an alert is about.
    AlertType {
        /// A proposed change to case or entity fields.
        CaseDetailsReview = "CASE_DETAILS_REVIEW",
        /// The case should be (re)opened for review.
        ManualReview = "MANUAL_REVIEW",
        /// New or updated AML hits.
        AmlMatch = "AML_MATCH",
        /// A document expires within the workspace's window.
        DocumentExpiring = "DOCUMENT_EXPIRING",
        /// A document has expired.
        DocumentExpired = "DOCUMENT_EXPIRED",
        /// The case's periodic review date has passed.
        ReviewDue = "REVIEW_DUE",
        /// The case's due date (SLA) has passed while it is still draft or open.
        SlaBreached = "SLA_BREACHED",
    }
}

stored_enum! {
    /// Where an alert stands.
    AlertStatus {
        /// Waiting for an action.
        Active = "ACTIVE",
        /// Excluded: nothing was applied.
        Excluded = "EXCLUDED",
        /// Its changes were applied.
        Applied = "APPLIED",
        /// Looked at and dismissed: no action needed.
        Dismissed = "DISMISSED",
    }
}

stored_enum! {
    /// What happened, as subscriptions and webhooks name it. Every audit action maps onto
    /// one of these (`service::events::event_type`).
    EventType {
        /// A case was created.
        CaseCreated = "CASE_CREATED",
        /// A case's fields, tags, custom properties or review date changed.
        CaseUpdated = "CASE_UPDATED",
        /// A case's status changed (an update or a reopening).
        CaseStatusChanged = "CASE_STATUS_CHANGED",
        /// A case was assigned.
        CaseAssigned = "CASE_ASSIGNED",
        /// A case was deleted.
        CaseDeleted = "CASE_DELETED",
        /// A case's personal data was erased under retention (`eraseCase` or the retention
        /// job); the event carries no personal data.
        CaseErased = "CASE_ERASED",
        /// A case review (approve, reject, close) was recorded.
        ReviewCreated = "REVIEW_CREATED",
        /// A check was added to a case.
        CheckCreated = "CHECK_CREATED",
        /// A check changed: reviewed, deactivated, excluded, expired or updated.
        CheckUpdated = "CHECK_UPDATED",
        /// AML hits were added, updated or decided.
        AmlHitsUpdated = "AML_HITS_UPDATED",
        /// A company or individual was added.
        EntityCreated = "ENTITY_CREATED",
        /// A company or individual changed.
        EntityUpdated = "ENTITY_UPDATED",
        /// A company or individual was removed.
        EntityDeleted = "ENTITY_DELETED",
        /// An ownership or control relation was added, changed or removed.
        RelationChanged = "RELATION_CHANGED",
        /// A note was added.
        NoteAdded = "NOTE_ADDED",
        /// A note was deleted.
        NoteDeleted = "NOTE_DELETED",
        /// A document was uploaded.
        DocumentUploaded = "DOCUMENT_UPLOADED",
        /// A document was deleted.
        DocumentDeleted = "DOCUMENT_DELETED",
        /// The case's risk changed (automatic push, manual setting).
        RiskUpdated = "RISK_UPDATED",
        /// An alert was raised.
        AlertRaised = "ALERT_RAISED",
        /// An alert was actioned (applied, excluded, dismissed).
        AlertActioned = "ALERT_ACTIONED",
        /// Workspace settings, custom property definitions or templates changed.
        WorkspaceUpdated = "WORKSPACE_UPDATED",
    }
}

stored_list! {
    /// The event types a webhook wants (`webhooks.event_types`); empty: all.
    EventTypes(EventType)
}

stored_enum! {
    /// Where a webhook delivery stands.
    DeliveryStatus {
        /// Not delivered yet: waiting for its turn or its next attempt.
        Pending = "PENDING",
        /// The receiver answered 2xx.
        Delivered = "DELIVERED",
        /// Given up after the retry period.
        Failed = "FAILED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::ActiveEnum;

    /// The database text, the JSON name (the audit trail's hash covers it) and `as_str`
    /// are one word, and every stored word reads back to its value.
    fn round_trips<E>(all: &[E], as_str: fn(E) -> &'static str)
    where
        E: ActiveEnum<Value = String> + Serialize + Copy + PartialEq + std::fmt::Debug,
    {
        for v in all {
            let text = as_str(*v);
            assert_eq!(v.to_value(), text);
            assert_eq!(E::try_from_value(&text.to_owned()).ok(), Some(*v));
            assert_eq!(serde_json::to_value(v).ok(), Some(serde_json::json!(text)));
        }
    }

    #[test]
    fn stored_names_are_json_names() {
        round_trips(CaseType::ALL, CaseType::as_str);
        round_trips(CasePriority::ALL, CasePriority::as_str);
        round_trips(CaseStatus::ALL, CaseStatus::as_str);
        round_trips(Processing::ALL, Processing::as_str);
        round_trips(RiskLevel::ALL, RiskLevel::as_str);
        round_trips(RiskMode::ALL, RiskMode::as_str);
        round_trips(CheckType::ALL, CheckType::as_str);
        round_trips(CheckStatus::ALL, CheckStatus::as_str);
        round_trips(CheckSubjectType::ALL, CheckSubjectType::as_str);
        round_trips(AmlHitStatus::ALL, AmlHitStatus::as_str);
        round_trips(AmlListType::ALL, AmlListType::as_str);
        round_trips(DocumentType::ALL, DocumentType::as_str);
        round_trips(VerificationStatus::ALL, VerificationStatus::as_str);
        round_trips(ReviewStatus::ALL, ReviewStatus::as_str);
        round_trips(ActorType::ALL, ActorType::as_str);
        round_trips(RelationRole::ALL, RelationRole::as_str);
        round_trips(Title::ALL, Title::as_str);
        round_trips(Gender::ALL, Gender::as_str);
        round_trips(Role::ALL, Role::as_str);
        round_trips(AlertType::ALL, AlertType::as_str);
        round_trips(AlertStatus::ALL, AlertStatus::as_str);
        round_trips(PropertyType::ALL, PropertyType::as_str);
        round_trips(PropertyTarget::ALL, PropertyTarget::as_str);
        assert_eq!(CaseType::AdverseMedia.as_str(), "ADVERSE_MEDIA");
        assert_eq!(PropertyType::PhoneNumber.as_str(), "PHONE_NUMBER");
    }

    #[test]
    fn unknown_names_are_refused() {
        assert!(CaseStatus::try_from_value(&"open".to_owned()).is_err());
        assert!(PropertyType::try_from_value(&"COLOUR".to_owned()).is_err());
        assert_eq!(CaseStatus::parse("open"), None);
        assert_eq!(Role::parse("ADMIN"), Some(Role::Admin));
        assert!(serde_json::from_str::<CheckStatus>("\"DONE\"").is_err());
    }

    #[test]
    fn lists_are_json_arrays_of_names() {
        let roles = RelationRoles(vec![RelationRole::Shareholder, RelationRole::Director]);
        let json = serde_json::to_string(&roles).ok();
        assert_eq!(json.as_deref(), Some(r#"["SHAREHOLDER","DIRECTOR"]"#));
        let back: Result<AmlListTypes, _> = serde_json::from_str(r#"["PEP","OTHER"]"#);
        assert_eq!(
            back.ok(),
            Some(AmlListTypes(vec![AmlListType::Pep, AmlListType::Other]))
        );
        assert!(serde_json::from_str::<RelationRoles>(r#"["OWNER"]"#).is_err());
    }
}
