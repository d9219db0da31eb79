//! The domain's enumerations. Each is stored as its SCREAMING_SNAKE_CASE name, which is
//! also its GraphQL name, so the database and the API read the same.

/// An enumeration stored as text.
pub trait StoredEnum: Sized + Copy {
    /// Reads a stored name back.
    fn from_stored(text: &str) -> Option<Self>;
}

/// Declares a stored enumeration: a GraphQL enum plus its text form for the database.
macro_rules! stored_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stored (and GraphQL) name.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            /// Reads a stored name back.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some(Self::$variant),)+ _ => None }
            }
        }

        impl StoredEnum for $name {
            fn from_stored(text: &str) -> Option<Self> {
                Self::parse(text)
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
        /// Low.
        Low = "LOW",
        /// Medium (the default).
        Medium = "MEDIUM",
        /// High.
        High = "HIGH",
        /// Critical.
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
        /// Low.
        Low = "LOW",
        /// Medium.
        Medium = "MEDIUM",
        /// High.
        High = "HIGH",
        /// Critical.
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
        /// Approved.
        Approved = "APPROVED",
        /// Rejected.
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
        /// Passport.
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
        /// Verified.
        Verified = "VERIFIED",
        /// Refused.
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
    /// A case's derived flags, in this order.
    CaseFlag {
        /// The case has checks and all are approved.
        AllChecksApproved = "ALL_CHECKS_APPROVED",
        /// A reviewer has actions and the contact has none.
        ForReview = "FOR_REVIEW",
        /// The contact has actions and the first collect is not completed.
        ForFirstCollect = "FOR_FIRST_COLLECT",
        /// Some checks must be collected again.
        ForRecollection = "FOR_RECOLLECTION",
        /// The first collect is completed (sticky).
        FirstCollectCompleted = "FIRST_COLLECT_COMPLETED",
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
        /// Mr.
        Mr = "MR",
        /// Miss.
        Miss = "MISS",
        /// Mrs.
        Mrs = "MRS",
        /// Ms.
        Ms = "MS",
        /// Dr.
        Dr = "DR",
    }
}

stored_enum! {
    /// A person's gender.
    Gender {
        /// Male.
        Male = "MALE",
        /// Female.
        Female = "FEMALE",
        /// Other.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_reads_back() {
        for v in CheckStatus::ALL {
            assert_eq!(CheckStatus::parse(v.as_str()), Some(*v));
        }
        for v in CaseType::ALL {
            assert_eq!(CaseType::parse(v.as_str()), Some(*v));
        }
        assert_eq!(CaseStatus::parse("open"), None);
    }
}
