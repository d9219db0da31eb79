//! The fixed lists the demo is drawn from: countries (with their registers' number formats),
//! company and person names, sectors, the demo's users. Pure data and the formatting of
//! registration numbers; what happens to a case is in `plan`.

use crate::domain::{CaseStatus, CaseType};

/// The subject that creates the cases (an admin).
pub const SEEDER: (&str, &str) = ("demo-seed", "Demo data loader");

/// The scoring integration that pushes automatic risks.
pub const RISK_ENGINE: (&str, &str) = ("risk-engine", "Risk scoring engine");

/// The demo reviewers: subject and display name.
pub const REVIEWERS: [(&str, &str); 3] = [
    ("alice.reviewer", "Alice Moreau"),
    ("bruno.reviewer", "Bruno Keller"),
    ("chen.reviewer", "Chen Wei"),
];

/// A country the demo's companies and people live in.
pub struct Country {
    pub code: &'static str,
    pub legal_form: &'static str,
    /// A mobile number prefix (calling code first, without the `+`) and how many digits
    /// follow it, so that generated numbers are valid for the country.
    pub phone: (&'static str, u32),
    pub town: &'static str,
    pub street: &'static str,
    pub postcode: &'static str,
    /// The region tag of cases based there.
    pub region: &'static str,
    /// Company number `n` of the country's register, written as that register writes it.
    pub registration: fn(usize) -> String,
}

pub const COUNTRIES: [Country; 10] = [
    Country {
        code: "FR",
        legal_form: "SAS",
        phone: ("336", 8),
        town: "Paris",
        street: "Rue de Rivoli",
        postcode: "75001",
        region: "eu",
        registration: siren,
    },
    Country {
        code: "DE",
        legal_form: "GmbH",
        phone: ("49170", 7),
        town: "Berlin",
        street: "Friedrichstraße",
        postcode: "10117",
        region: "eu",
        registration: handelsregister,
    },
    Country {
        code: "GB",
        legal_form: "Ltd",
        phone: ("4477", 8),
        town: "London",
        street: "Baker Street",
        postcode: "NW1 6XE",
        region: "uk",
        registration: companies_house,
    },
    Country {
        code: "NL",
        legal_form: "B.V.",
        phone: ("3161", 7),
        town: "Amsterdam",
        street: "Keizersgracht",
        postcode: "1015 CJ",
        region: "eu",
        registration: kvk,
    },
    Country {
        code: "ES",
        legal_form: "S.L.",
        phone: ("346", 8),
        town: "Madrid",
        street: "Calle de Alcalá",
        postcode: "28014",
        region: "eu",
        registration: cif,
    },
    Country {
        code: "IT",
        legal_form: "S.r.l.",
        phone: ("3934", 8),
        town: "Milano",
        street: "Via Torino",
        postcode: "20123",
        region: "eu",
        registration: rea,
    },
    Country {
        code: "LU",
        legal_form: "S.A.",
        phone: ("352691", 6),
        town: "Luxembourg",
        street: "Boulevard Royal",
        postcode: "L-2449",
        region: "eu",
        registration: rcs_luxembourg,
    },
    Country {
        code: "IE",
        legal_form: "Limited",
        phone: ("35387", 7),
        town: "Dublin",
        street: "Grafton Street",
        postcode: "D02 VF65",
        region: "eu",
        registration: cro,
    },
    Country {
        code: "CH",
        legal_form: "AG",
        phone: ("4179", 7),
        town: "Zürich",
        street: "Bahnhofstrasse",
        postcode: "8001",
        region: "ch",
        registration: uid,
    },
    Country {
        code: "US",
        legal_form: "Inc.",
        phone: ("12122", 6),
        town: "New York",
        street: "Madison Avenue",
        postcode: "10022",
        region: "us",
        registration: ein,
    },
];

/// Where holding companies are registered (indices into [`COUNTRIES`]): LU, NL, IE, CH.
pub const HOLDING_HOMES: [usize; 4] = [6, 3, 7, 8];

/// Outside investors: name (with legal form) and home (index into [`COUNTRIES`]).
pub const INVESTORS: [(&str, usize); 6] = [
    ("Northstar Ventures LP", 2),
    ("Alpine Growth Partners AG", 8),
    ("Rhine Capital GmbH", 1),
    ("Blue Harbor Fund SCSp", 6),
    ("Seine Partenaires SAS", 0),
    ("Atlantic Bridge Capital Inc.", 9),
];

pub const BRANDS: [&str; 20] = [
    "Northwind",
    "Bluefin",
    "Helios",
    "Aurora",
    "Cobalt",
    "Meridian",
    "Silverline",
    "Oakridge",
    "Quantum",
    "Lumen",
    "Harbor",
    "Verdant",
    "Atlas",
    "Pioneer",
    "Crescent",
    "Summit",
    "Falcon",
    "Granite",
    "Nimbus",
    "Orchid",
];

/// Business lines: the word in the company name and the sector tag.
pub const SECTORS: [(&str, &str); 12] = [
    ("Payments", "fintech"),
    ("Logistics", "logistics"),
    ("Capital", "financial-services"),
    ("Foods", "retail"),
    ("Biotech", "life-sciences"),
    ("Energy", "energy"),
    ("Software", "technology"),
    ("Textiles", "manufacturing"),
    ("Shipping", "logistics"),
    ("Trading", "commodities"),
    ("Realty", "real-estate"),
    ("Games", "gaming"),
];

pub const FEMALE_NAMES: [&str; 15] = [
    "Amelia", "Sofia", "Claire", "Hannah", "Isabel", "Julia", "Lena", "Maria", "Nora", "Olivia",
    "Paula", "Sara", "Elena", "Ingrid", "Chloe",
];

pub const MALE_NAMES: [&str; 15] = [
    "Lucas", "Daniel", "Marco", "Thomas", "Jonas", "Pierre", "Hugo", "Mateo", "Viktor", "Samuel",
    "Felix", "Oliver", "Anders", "Ravi", "Kenji",
];

pub const LAST_NAMES: [&str; 25] = [
    "Martin",
    "Schneider",
    "Rossi",
    "Dubois",
    "Novak",
    "Jensen",
    "Garcia",
    "Bianchi",
    "Fischer",
    "Laurent",
    "Kowalski",
    "van Dijk",
    "O'Brien",
    "Silva",
    "Moreau",
    "Weber",
    "Costa",
    "Lindqvist",
    "Petrov",
    "Nakamura",
    "Haddad",
    "Murphy",
    "Keller",
    "Romano",
    "Andersen",
];

pub const SOURCES: [&str; 4] = ["web-onboarding", "partner-api", "branch", "screening-feed"];

pub const ACCOUNT_MANAGERS: [&str; 5] = [
    "Julie Bernard",
    "Tom Walsh",
    "Greta Hoffmann",
    "Luis Ortega",
    "Priya Nair",
];

/// Final statuses, cycled over the cases: 20 open, 15 approved, 5 of each other status.
pub const STATUS_CYCLE: [CaseStatus; 10] = [
    CaseStatus::Open,
    CaseStatus::Open,
    CaseStatus::Approved,
    CaseStatus::Open,
    CaseStatus::Draft,
    CaseStatus::Approved,
    CaseStatus::Rejected,
    CaseStatus::Open,
    CaseStatus::Closed,
    CaseStatus::Approved,
];

/// Case types, cycled over the cases of each status (see `plan::Blueprint::new`).
pub const KIND_CYCLE: [CaseType; 13] = [
    CaseType::Kyb,
    CaseType::Kyc,
    CaseType::Kyb,
    CaseType::Aml,
    CaseType::Kyc,
    CaseType::Pep,
    CaseType::Kyb,
    CaseType::Sanctions,
    CaseType::PeriodicReview,
    CaseType::Verification,
    CaseType::AdverseMedia,
    CaseType::Fraud,
    CaseType::TransactionReview,
];

// ---------------------------------------------------------------------------------------
// Registration numbers, one format per register. Each draws its digits from `n` (see
// [`mix`]) and adds the register's check digit where it has one.
// ---------------------------------------------------------------------------------------

/// `n` scrambled (SplitMix64's finaliser), so that neighbouring companies get unrelated
/// numbers rather than an arithmetic progression.
fn mix(n: usize) -> u64 {
    let mut z = (n as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `count` decimal digits derived from `n`, the first one never 0.
fn digits(n: usize, count: u32) -> Vec<u32> {
    let span = 9 * 10u64.pow(count - 1);
    let value = 10u64.pow(count - 1) + mix(n) % span;
    value
        .to_string()
        .chars()
        .filter_map(|c| c.to_digit(10))
        .collect()
}

fn text(digits: &[u32]) -> String {
    digits
        .iter()
        .filter_map(|d| char::from_digit(*d, 10))
        .collect()
}

/// France: the SIREN, nine digits whose last is a Luhn check digit, grouped by three.
fn siren(n: usize) -> String {
    let mut d = digits(n, 8);
    d.push(luhn_check_digit(&d));
    let s = text(&d);
    format!("{} {} {}", &s[0..3], &s[3..6], &s[6..9])
}

/// The Luhn digit that completes `digits`: doubling every second digit from the right of
/// the completed number, the sum is a multiple of ten.
fn luhn_check_digit(digits: &[u32]) -> u32 {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| match i % 2 {
            0 if d * 2 > 9 => d * 2 - 9,
            0 => d * 2,
            _ => d,
        })
        .sum();
    (10 - sum % 10) % 10
}

/// Germany: section B of the Handelsregister (companies with share capital); Berlin's court,
/// Charlottenburg, suffixes its numbers with `B`.
fn handelsregister(n: usize) -> String {
    format!("HRB {} B", text(&digits(n, 6)))
}

/// United Kingdom: a Companies House number, eight digits for England and Wales (those
/// issued so far start with 0 or 1).
fn companies_house(n: usize) -> String {
    format!("{:08}", 1_000_000 + mix(n) % 14_000_000)
}

/// The Netherlands: the Kamer van Koophandel's eight digits.
fn kvk(n: usize) -> String {
    format!("KvK {}", text(&digits(n, 8)))
}

/// Spain: the CIF of a limited company (`B`), seven digits and a check digit.
fn cif(n: usize) -> String {
    let d = digits(n, 7);
    let sum: u32 = d
        .iter()
        .enumerate()
        .map(|(i, &x)| match i % 2 {
            0 => (x * 2) / 10 + (x * 2) % 10,
            _ => x,
        })
        .sum();
    format!("B{}{}", text(&d), (10 - sum % 10) % 10)
}

/// Italy: the REA number of Milan's chamber of commerce.
fn rea(n: usize) -> String {
    format!("MI-{}", text(&digits(n, 7)))
}

/// Luxembourg: the Registre de commerce et des sociétés, section B.
fn rcs_luxembourg(n: usize) -> String {
    format!("B{}", text(&digits(n, 6)))
}

/// Ireland: a Companies Registration Office number.
fn cro(n: usize) -> String {
    text(&digits(n, 6))
}

/// Switzerland: the enterprise identification number (UID), eight digits and a modulo-11
/// check digit. Numbers whose check would be 10 are not issued: the eighth digit moves on by
/// one (its weight, 4, changes the remainder, so the next one is valid).
fn uid(n: usize) -> String {
    const WEIGHTS: [u32; 8] = [5, 4, 3, 2, 7, 6, 5, 4];
    let mut d = digits(n, 8);
    let remainder = |d: &[u32]| d.iter().zip(WEIGHTS).map(|(x, w)| x * w).sum::<u32>() % 11;
    if remainder(&d) == 1 {
        d[7] = (d[7] + 1) % 10;
    }
    let check = (11 - remainder(&d)) % 11;
    let s = text(&d);
    format!("CHE-{}.{}.{}{check}", &s[0..3], &s[3..6], &s[6..8])
}

/// United States: an employer identification number.
fn ein(n: usize) -> String {
    let s = text(&digits(n, 9));
    format!("{}-{}", &s[0..2], &s[2..9])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::values::{Parse, RegistrationNumber, MAX_REGISTRATION_NUMBER};

    /// (That each country's numbers have a format of their own is checked over the API, in
    /// `tests/api/demo.rs`.)
    #[test]
    fn registration_numbers_fit_the_domain() {
        for country in &COUNTRIES {
            for n in 0..500 {
                let number = (country.registration)(n);
                assert!(
                    number.chars().count() <= MAX_REGISTRATION_NUMBER,
                    "{number}"
                );
                assert!(RegistrationNumber::parse("r", &number).is_ok(), "{number}");
            }
        }
    }

    #[test]
    fn check_digits_hold() {
        // A SIREN passes the Luhn test over all nine digits.
        for n in 0..200 {
            let d: Vec<u32> = siren(n).chars().filter_map(|c| c.to_digit(10)).collect();
            assert_eq!(d.len(), 9);
            assert_eq!(luhn_check_digit(&d[..8]), d[8]);
            let doubled: u32 = d
                .iter()
                .rev()
                .enumerate()
                .map(|(i, &x)| {
                    if i % 2 == 1 {
                        (x * 2) / 10 + (x * 2) % 10
                    } else {
                        x
                    }
                })
                .sum();
            assert_eq!(doubled % 10, 0, "{}", siren(n));
        }
        // A UID's weighted sum, check digit included, is a multiple of 11.
        for n in 0..200 {
            let d: Vec<u32> = uid(n).chars().filter_map(|c| c.to_digit(10)).collect();
            let sum: u32 = d
                .iter()
                .zip([5, 4, 3, 2, 7, 6, 5, 4, 1])
                .map(|(x, w)| x * w)
                .sum();
            assert_eq!(sum % 11, 0, "{}", uid(n));
        }
        // Known numbers: SIREN 732 829 320, UID CHE-116.281.710 (both published).
        assert_eq!(luhn_check_digit(&[7, 3, 2, 8, 2, 9, 3, 2]), 0);
        let sum: u32 = [1, 1, 6, 2, 8, 1, 7, 1]
            .iter()
            .zip([5, 4, 3, 2, 7, 6, 5, 4])
            .map(|(x, w)| x * w)
            .sum();
        assert_eq!((11 - sum % 11) % 11, 0);
    }

    #[test]
    fn numbers_of_one_register_are_distinct() {
        for country in &COUNTRIES {
            let mut seen: Vec<String> = (0..150).map(country.registration).collect();
            seen.sort();
            seen.dedup();
            assert_eq!(seen.len(), 150, "{}", country.code);
        }
    }
}
