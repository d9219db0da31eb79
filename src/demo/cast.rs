//! Who a demo case is about: its companies and people, ready to create, with the ownership
//! that links them. Beneficial owners are not picked by hand: they are computed from the
//! planned ownership with the same rule as `Case.beneficialOwners` (`domain::ownership`), so
//! that the flag an analyst sees on a person agrees with the list the API computes.

use chrono::NaiveDate;

use super::data::{
    Country, BRANDS, COUNTRIES, FEMALE_NAMES, HOLDING_HOMES, INVESTORS, LAST_NAMES, MALE_NAMES,
    SECTORS,
};
use crate::domain::ownership::{beneficial_owners, total_interest, Edge, Measure, OwnerCandidate};
use crate::domain::{CaseType, Gender, RelationRole, Title};
use crate::service::party::{AddressInput, CompanyInput, IndividualInput, RelationInput};

/// A company or person of a case, as checks, hits and notes refer to it.
pub struct Party {
    pub reference: &'static str,
    pub name: String,
    /// How a screening list might spell it.
    pub alias: String,
    pub is_company: bool,
}

/// A case's companies and people, ready to create, and who they are.
pub struct Cast {
    pub companies: Vec<CompanyInput>,
    pub individuals: Vec<IndividualInput>,
    /// Most important first: the main company (or the person) leads.
    pub parties: Vec<Party>,
    pub country: &'static Country,
    /// The sector tag (businesses only).
    pub sector: Option<&'static str>,
    /// Whether a holding sits between the owners and the main company.
    pub layered: bool,
}

/// A person of the demo, derived from a global person number.
struct Person {
    first: &'static str,
    last: &'static str,
    gender: Gender,
    title: Title,
    birth: Option<NaiveDate>,
    home: &'static Country,
    number: usize,
}

impl Person {
    /// Person `number` (from 0), living in country `home` (an index into [`COUNTRIES`]).
    fn new(number: usize, home: usize) -> Self {
        // Counted from 1 inside, so that nobody gets the all-zero birth date or phone number.
        let number = number + 1;
        let female = (number + number / 4).is_multiple_of(2);
        let first = if female {
            FEMALE_NAMES[(number * 7) % FEMALE_NAMES.len()]
        } else {
            MALE_NAMES[(number * 7) % MALE_NAMES.len()]
        };
        let title = match (female, number % 3) {
            (_, 2) => Title::Dr,
            (true, 0) => Title::Ms,
            (true, _) => Title::Mrs,
            (false, _) => Title::Mr,
        };
        Person {
            first,
            last: LAST_NAMES[(number * 11) % LAST_NAMES.len()],
            gender: if female { Gender::Female } else { Gender::Male },
            title,
            birth: NaiveDate::from_ymd_opt(
                1950 + ((number * 7) % 52) as i32,
                1 + ((number * 5) % 12) as u32,
                1 + ((number * 11) % 28) as u32,
            ),
            home: &COUNTRIES[home % COUNTRIES.len()],
            number,
        }
    }

    fn name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }

    fn party(&self, reference: &'static str) -> Party {
        Party {
            reference,
            name: self.name(),
            alias: format!(
                "{}. {}",
                self.first.chars().next().unwrap_or('X'),
                self.last
            ),
            is_company: false,
        }
    }

    /// The individual to create, with its relations (not yet a beneficial owner: see
    /// [`Cast::mark_beneficial_owners`]).
    fn input(
        &self,
        reference: &'static str,
        relations: Vec<RelationInput>,
        is_business_contact: bool,
    ) -> IndividualInput {
        let email = format!("{}.{}@mail.example", slug(self.first), slug(self.last));
        IndividualInput {
            reference: Some(reference.to_owned()),
            title: Some(self.title),
            first_name: self.first.to_owned(),
            last_name: self.last.to_owned(),
            maiden_name: None,
            birth_date: self.birth.map(crate::service::input::Date),
            birth_year: None,
            birth_month: None,
            birth_day: None,
            gender: Some(self.gender),
            nationality: Some(self.home.code.to_owned()),
            emails: vec![email],
            phone_numbers: vec![{
                let (prefix, digits) = self.home.phone;
                let subscriber = (self.number * 7_919 + 1_234_567) % 10usize.pow(digits);
                format!("+{prefix}{subscriber:0width$}", width = digits as usize)
            }],
            address: Some(address(self.home, 1 + (self.number * 13) % 180)),
            is_business_contact,
            is_beneficial_owner: false,
            metadata: None,
            custom_properties: None,
            relations,
        }
    }
}

/// The country index of case `i`'s customer. It shifts every ten cases, so that a brand
/// (which comes back every twenty) does not always come with the same country.
pub fn home(i: usize) -> usize {
    i + i / 10
}

/// Lower-case ASCII letters and digits only (for e-mail addresses).
fn slug(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn address(country: &Country, number: usize) -> AddressInput {
    AddressInput {
        line1: Some(number.to_string()),
        line2: None,
        line3: None,
        line4: Some(country.street.to_owned()),
        line5: None,
        line6: Some(country.town.to_owned()),
        line7: None,
        postcode: Some(country.postcode.to_owned()),
        country: Some(country.code.to_owned()),
    }
}

/// A relation to a company of the case (`None`: the main company).
fn relation_to(
    to: Option<&str>,
    ownership: Option<f64>,
    roles: &[RelationRole],
    position: Option<&str>,
) -> RelationInput {
    RelationInput {
        to_company_id: None,
        to_company_ref: to.map(str::to_owned),
        ownership_percentage: ownership,
        voting_rights_percentage: ownership,
        roles: roles.to_vec(),
        position: position.map(str::to_owned),
    }
}

/// A company to create, registered in `country` under number `number` of its register.
fn company_input(
    reference: &'static str,
    name: &str,
    country: &Country,
    number: usize,
    is_main: bool,
    relations: Vec<RelationInput>,
) -> CompanyInput {
    CompanyInput {
        reference: Some(reference.to_owned()),
        name: name.to_owned(),
        registration_number: Some((country.registration)(number)),
        country: Some(country.code.to_owned()),
        legal_form: Some(country.legal_form.to_owned()),
        address: Some(address(country, 1 + (number * 17) % 120)),
        is_main,
        metadata: None,
        custom_properties: None,
        relations,
    }
}

fn company_party(reference: &'static str, name: &str) -> Party {
    let brand = name.split_whitespace().next().unwrap_or(name);
    Party {
        reference,
        name: name.to_owned(),
        alias: format!("{brand} Group"),
        is_company: true,
    }
}

impl Cast {
    /// The cast of case `index` of type `kind`: a group for KYB and periodic reviews of
    /// businesses, an owner-managed company for other businesses, a person otherwise.
    /// `ubo_threshold` is the workspace's beneficial-owner threshold (percent).
    pub fn of(index: usize, kind: CaseType, is_business: bool, ubo_threshold: f64) -> Self {
        let mut cast = match (is_business, kind) {
            (true, CaseType::Kyb | CaseType::PeriodicReview) => Cast::group(index),
            (true, _) => Cast::owner_managed(index),
            (false, _) => Cast::person(index),
        };
        cast.mark_beneficial_owners(ubo_threshold);
        cast
    }

    fn main_name(i: usize, country: &Country) -> (String, &'static str, &'static str) {
        let brand = BRANDS[(i * 7) % BRANDS.len()];
        let (line, sector) = SECTORS[(i * 5) % SECTORS.len()];
        (
            format!("{brand} {line} {}", country.legal_form),
            brand,
            sector,
        )
    }

    /// A group: main company owned by a holding (itself owned by two people, one of whom
    /// also holds shares directly), sometimes an outside investor, and a managing director.
    /// Direct ownership of the main company stays at most 98%, of the holding exactly 100%.
    /// The partner's total ranges from about 20% to 48%: above the usual threshold in some
    /// groups, below it in others.
    fn group(i: usize) -> Self {
        let country = &COUNTRIES[home(i) % COUNTRIES.len()];
        let (main, brand, sector) = Cast::main_name(i, country);
        let holding_home = &COUNTRIES[HOLDING_HOMES[(i / 3) % HOLDING_HOMES.len()]];
        let holding = format!("{brand} Holding {}", holding_home.legal_form);
        let holding_share = (51 + (i * 7) % 20) as f64;
        let founder_share = (60 + (i * 3) % 21) as f64;
        let partner_direct = (10 + (i % 3) * 5) as f64;
        let [ubo, partner, director] = [0, 1, 2].map(|k| Person::new(i * 4 + k, home(i) + k * 3));

        let mut companies = vec![
            company_input("main", &main, country, i * 3, true, vec![]),
            company_input(
                "holding",
                &holding,
                holding_home,
                i * 3 + 1,
                false,
                vec![relation_to(
                    None,
                    Some(holding_share),
                    &[RelationRole::Shareholder],
                    None,
                )],
            ),
        ];
        let mut parties = vec![
            company_party("main", &main),
            ubo.party("ubo"),
            company_party("holding", &holding),
            director.party("director"),
            partner.party("partner"),
        ];
        if i.is_multiple_of(3) {
            let (name, home) = INVESTORS[(i / 3) % INVESTORS.len()];
            companies.push(company_input(
                "investor",
                name,
                &COUNTRIES[home],
                i * 3 + 2,
                false,
                vec![relation_to(
                    None,
                    Some(8.0),
                    &[RelationRole::Shareholder],
                    None,
                )],
            ));
            parties.push(company_party("investor", name));
        }
        let individuals = vec![
            ubo.input(
                "ubo",
                vec![relation_to(
                    Some("holding"),
                    Some(founder_share),
                    &[RelationRole::Shareholder],
                    Some("Founder"),
                )],
                false,
            ),
            partner.input(
                "partner",
                vec![
                    relation_to(
                        Some("holding"),
                        Some(100.0 - founder_share),
                        &[RelationRole::Shareholder],
                        None,
                    ),
                    relation_to(
                        None,
                        Some(partner_direct),
                        &[RelationRole::Shareholder],
                        None,
                    ),
                ],
                false,
            ),
            director.input(
                "director",
                vec![relation_to(
                    None,
                    None,
                    &[RelationRole::Director, RelationRole::LegalRepresentative],
                    Some(if i.is_multiple_of(2) {
                        "Managing Director"
                    } else {
                        "Chief Executive Officer"
                    }),
                )],
                true,
            ),
        ];
        Cast {
            companies,
            individuals,
            parties,
            country,
            sector: Some(sector),
            layered: true,
        }
    }

    /// A company wholly owned and run by its founder.
    fn owner_managed(i: usize) -> Self {
        let country = &COUNTRIES[home(i) % COUNTRIES.len()];
        let (main, _, sector) = Cast::main_name(i, country);
        let owner = Person::new(i * 4, home(i));
        Cast {
            companies: vec![company_input("main", &main, country, i * 3, true, vec![])],
            individuals: vec![owner.input(
                "owner",
                vec![relation_to(
                    None,
                    Some(100.0),
                    &[RelationRole::Shareholder, RelationRole::Director],
                    Some("Founder & CEO"),
                )],
                true,
            )],
            parties: vec![company_party("main", &main), owner.party("owner")],
            country,
            sector: Some(sector),
            layered: false,
        }
    }

    /// A private person.
    fn person(i: usize) -> Self {
        let subject = Person::new(i * 4, home(i));
        let country = subject.home;
        Cast {
            companies: vec![],
            individuals: vec![subject.input("subject", vec![], false)],
            parties: vec![subject.party("subject")],
            country,
            sector: None,
            layered: false,
        }
    }

    /// Flags the individuals whose total ownership or voting interest in the main company,
    /// over every path, is at or above `threshold` (percent) as beneficial owners, and gives
    /// their holdings the `BENEFICIAL_OWNER` role. Without a main company nobody is one.
    fn mark_beneficial_owners(&mut self, threshold: f64) {
        let owners: Vec<String> = self
            .beneficial_owners(threshold)
            .into_iter()
            .map(str::to_owned)
            .collect();
        for person in &mut self.individuals {
            let is_owner = person
                .reference
                .as_deref()
                .is_some_and(|r| owners.iter().any(|o| o == r));
            person.is_beneficial_owner = is_owner;
            for relation in &mut person.relations {
                if is_owner && relation.ownership_percentage.is_some() {
                    relation.roles.push(RelationRole::BeneficialOwner);
                }
            }
        }
    }

    /// The refs of the individuals that are beneficial owners at `threshold`, computed from
    /// the planned relations as the API computes them from the stored ones.
    fn beneficial_owners(&self, threshold: f64) -> Vec<&str> {
        let Some(main) = self
            .companies
            .iter()
            .find(|c| c.is_main)
            .and_then(|c| c.reference.as_deref())
        else {
            return vec![];
        };
        let holdings = self
            .companies
            .iter()
            .map(|c| (&c.reference, &c.relations))
            .chain(
                self.individuals
                    .iter()
                    .map(|p| (&p.reference, &p.relations)),
            );
        let mut edges = vec![];
        for (from, relations) in holdings {
            let Some(from) = from.as_deref() else {
                continue;
            };
            for r in relations {
                edges.push(Edge {
                    from,
                    to: r.to_company_ref.as_deref().unwrap_or(main),
                    ownership: r.ownership_percentage,
                    voting: r.voting_rights_percentage,
                });
            }
        }
        let candidates: Vec<OwnerCandidate<&str>> = self
            .individuals
            .iter()
            .filter_map(|p| p.reference.as_deref())
            .map(|id| OwnerCandidate {
                id,
                declared: false,
            })
            .collect();
        beneficial_owners(
            &candidates,
            &total_interest(&edges, main, Measure::Ownership),
            &total_interest(&edges, main, Measure::Voting),
            threshold,
        )
    }

    pub fn party(&self, reference: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.reference == reference)
    }

    /// Who the case is about: the main company or the person.
    pub fn lead(&self) -> &str {
        self.parties.first().map_or("", |p| p.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owners(cast: &Cast) -> Vec<&str> {
        cast.individuals
            .iter()
            .filter(|p| p.is_beneficial_owner)
            .filter_map(|p| p.reference.as_deref())
            .collect()
    }

    #[test]
    fn beneficial_owners_follow_every_path() {
        // Case 0: holding 51% of main, founder 60% of the holding (30.6%), partner 40% of
        // the holding and 10% directly (20.4% + 10% = 30.4%), investor 8%.
        let cast = Cast::of(0, CaseType::Kyb, true, 25.0);
        assert_eq!(owners(&cast), ["ubo", "partner"]);
        // At 31% neither reaches the threshold.
        assert!(owners(&Cast::of(0, CaseType::Kyb, true, 31.0)).is_empty());
        // Case 3: holding 52% of main, founder 69% of the holding (35.88%), partner 31% of
        // the holding and 10% directly (16.12% + 10% = 26.12%).
        assert_eq!(
            owners(&Cast::of(3, CaseType::Kyb, true, 25.0)),
            ["ubo", "partner"]
        );
    }

    #[test]
    fn some_partners_stay_below_the_threshold() {
        let below = (0..50)
            .map(|i| Cast::of(i, CaseType::Kyb, true, 25.0))
            .filter(|c| !owners(c).contains(&"partner"))
            .count();
        assert!(below > 0 && below < 50, "{below}");
    }

    #[test]
    fn owners_have_the_role_and_others_not() {
        for i in 0..50 {
            let cast = Cast::of(i, CaseType::Kyb, true, 25.0);
            for p in &cast.individuals {
                let has_role = p
                    .relations
                    .iter()
                    .any(|r| r.roles.contains(&RelationRole::BeneficialOwner));
                assert_eq!(
                    has_role, p.is_beneficial_owner,
                    "case {i} {:?}",
                    p.reference
                );
            }
        }
        assert_eq!(owners(&Cast::of(1, CaseType::Aml, true, 25.0)), ["owner"]);
        assert!(owners(&Cast::of(1, CaseType::Kyc, false, 25.0)).is_empty());
    }
}
