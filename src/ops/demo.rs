//! The demo and benchmark generator: realistic, seeded, reproducible data.
//!
//! Name, company, city and note lists live in `assets/demo/` and are compiled
//! in, so `kith demo` works from any directory. The same seed gives the same
//! database, which benchmarks rely on.

use std::collections::{BTreeMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::domain::contact::{Consent, Contact, Phone, Stage, StakeholderKind};
use crate::domain::dates::{Birthday, Interval, Unit, When};
use crate::domain::interaction::{Direction, InteractionKind, NewInteraction};
use crate::domain::money::Money;
use crate::domain::search::fold;
use crate::error::Result;
use crate::store::Db;

use super::synthetic::{Variation, vary};

mod analysis;
pub mod building;
mod outreach;

use super::{Ctx, new_uid};

const GIVEN: &str = include_str!("../../assets/demo/given_names.txt");
const FAMILY: &str = include_str!("../../assets/demo/family_names.txt");
const COMPANIES: &str = include_str!("../../assets/demo/companies.txt");
const CITIES: &str = include_str!("../../assets/demo/cities.csv");
const NOTES: &str = include_str!("../../assets/demo/notes.txt");

const TAGS: &[&str] = &[
    "client",
    "vip",
    "newsletter",
    "conference",
    "referral",
    "meetup",
    "fintech",
    "health",
    "retail",
    "saas",
    "warm",
    "cold",
    "speaker",
    "alumni",
];
const SOURCES: &[&str] = &[
    "manual",
    "linkedin",
    "referral",
    "conference",
    "website",
    "import",
];
const INDUSTRIES: &[&str] = &[
    "fintech",
    "health",
    "retail",
    "saas",
    "energy",
    "logistics",
    "media",
    "legal",
    "food",
];

/// The tables the generator fills.
const BULK_TABLES: &[&str] = &[
    "contact",
    "contact_email",
    "contact_phone",
    "contact_tag",
    "contact_field",
    "name_token",
    "search_term",
    "interaction",
    "follow_up",
];

#[derive(Clone, Copy, Debug)]
pub struct DemoSize {
    pub contacts: usize,
    pub interactions: usize,
    pub seed: u64,
}

impl Default for DemoSize {
    fn default() -> Self {
        DemoSize {
            contacts: 300,
            interactions: 4000,
            seed: 42,
        }
    }
}

/// What the generator made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub contacts: usize,
    pub duplicates: usize,
    /// Other people with an existing contact's name: not duplicates.
    pub namesakes: usize,
    pub interactions: usize,
    /// Interactions of the demo's campaign: its messages, and the answers
    /// and purchases that followed (`generate_with_analysis`).
    pub campaign_interactions: usize,
    pub follow_ups: usize,
}

pub(crate) struct Lists {
    pub(crate) given: Vec<&'static str>,
    pub(crate) family: Vec<&'static str>,
    pub(crate) companies: Vec<(&'static str, &'static str)>,
    pub(crate) cities: Vec<(&'static str, &'static str)>,
    notes: Vec<(InteractionKind, &'static str)>,
}

pub(crate) fn lists() -> Lists {
    let lines = |s: &'static str| {
        s.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
    };
    Lists {
        given: lines(GIVEN),
        family: lines(FAMILY),
        companies: lines(COMPANIES)
            .into_iter()
            .filter_map(|l| l.split_once('|'))
            .collect(),
        cities: lines(CITIES)
            .into_iter()
            .skip(1)
            .filter_map(|l| l.split_once(','))
            .collect(),
        notes: lines(NOTES)
            .into_iter()
            .filter_map(|l| l.split_once('|'))
            .filter_map(|(k, n)| Some((k.parse().ok()?, n)))
            .collect(),
    }
}

/// Fills the (empty) database in one transaction.
pub fn generate(ctx: &mut Ctx, size: DemoSize) -> Result<DemoSummary> {
    fill(ctx, size, false)
}

/// [`generate`], with what analysing needs (what `kith demo` makes):
/// customers buying on a rhythm (regular, lapsing, gone), feedback on both
/// scales, stage histories with past dates, saved segments with their
/// past sizes, and goals.
pub fn generate_with_analysis(ctx: &mut Ctx, size: DemoSize) -> Result<DemoSummary> {
    let mut summary = fill(ctx, size, true)?;
    analysis::plan(ctx, size.seed)?;
    summary.campaign_interactions = outreach::plan(ctx, size.seed)?;
    Ok(summary)
}

fn fill(ctx: &mut Ctx, size: DemoSize, rhythms: bool) -> Result<DemoSummary> {
    let now = ctx.clock.now();
    let stamp = ctx.clock.stamp();
    // Rows arrive in random key order (a million interactions over random
    // contacts and days, emails and phones in no order): the indexes are
    // built once at the end instead of row by row. The generator reads
    // nothing back through them.
    ctx.store.write_bulk(|db| {
        let summary = db.with_indexes_rebuilt(BULK_TABLES, || {
            let mut g = Generator::new(db, size, now, stamp);
            g.rhythms = rhythms.then(|| analysis::Rhythms::new(size.seed, now));
            g.run()
        })?;
        if rhythms {
            analysis::stage_history(db, size.seed, now)?;
        }
        Ok(summary)
    })
}

struct Generator<'a> {
    db: Db<'a>,
    rng: fastrand::Rng,
    lists: Lists,
    size: DemoSize,
    now: NaiveDateTime,
    stamp: String,
    emails: HashSet<String>,
    /// Customers' timelines on a rhythm (`generate_with_analysis`).
    rhythms: Option<analysis::Rhythms>,
}

/// One contact as generated: its id, kind, and first day on file.
struct Made {
    id: i64,
    kind: StakeholderKind,
    created: NaiveDate,
    weight: u32,
}

impl<'a> Generator<'a> {
    fn new(db: Db<'a>, size: DemoSize, now: NaiveDateTime, stamp: String) -> Self {
        Generator {
            db,
            rng: fastrand::Rng::with_seed(size.seed),
            lists: lists(),
            size,
            now,
            stamp,
            emails: HashSet::new(),
            rhythms: None,
        }
    }

    fn run(mut self) -> Result<DemoSummary> {
        let mut summary = DemoSummary::default();
        let mut made = Vec::with_capacity(self.size.contacts);
        let mut planted = Vec::new();
        // Whose names two namesakes get: fixed places, no extra draws.
        let mut named = Vec::new();
        let namesakes = if self.size.contacts >= 10 {
            [self.size.contacts / 3, self.size.contacts * 2 / 3]
        } else {
            [usize::MAX; 2]
        };
        for i in 0..self.size.contacts {
            let c = self.contact(i);
            if namesakes.contains(&i) {
                named.push(c.clone());
            }
            let id = self.db.insert_contact(&c)?;
            made.push(Made {
                id,
                kind: c.kind,
                created: created_day(&c),
                weight: self.activity(),
            });
            // About one contact in 40 comes back as a near-duplicate, as imports do.
            if self.rng.u32(0..40) == 0 {
                planted.push(c);
            }
        }
        summary.contacts = made.len();
        let mut side = fastrand::Rng::with_seed(self.size.seed ^ 0x9e37_79b9_7f4a_7c15);
        for original in &planted {
            let dup = self.near_duplicate(&mut side, original);
            let id = self.db.insert_contact(&dup)?;
            made.push(Made {
                id,
                kind: dup.kind,
                created: created_day(&dup),
                weight: 1,
            });
        }
        summary.duplicates = planted.len();
        summary.interactions = self.interactions(&made)?;
        summary.follow_ups = self.follow_ups(&made)?;
        // A couple of namesakes last, so every draw before stays as it was.
        for (k, like) in named.iter().enumerate() {
            let c = self.namesake(self.size.contacts + k, like);
            self.db.insert_contact(&c)?;
            summary.namesakes += 1;
        }
        Ok(summary)
    }

    /// How active a relationship is: most are quiet, a few are busy.
    fn activity(&mut self) -> u32 {
        match self.rng.u32(0..100) {
            0..=49 => 1,
            50..=79 => 3,
            80..=94 => 8,
            _ => 20,
        }
    }

    fn contact(&mut self, i: usize) -> Contact {
        let given = pick(&mut self.rng, &self.lists.given);
        let family = pick(&mut self.rng, &self.lists.family);
        let name = format!("{given} {family}");
        let (org, domain) = if self.rng.u32(0..10) < 7 {
            let (o, d) = pick(&mut self.rng, &self.lists.companies);
            (Some(o.to_string()), d.to_string())
        } else {
            (
                None,
                pick(
                    &mut self.rng,
                    &["gmail.com", "proton.me", "outlook.com", "posteo.de"],
                )
                .to_string(),
            )
        };
        let local = format!("{}.{}", slug(given), slug(family));
        let mut email = format!("{local}@{domain}");
        if !self.emails.insert(email.clone()) {
            email = format!("{local}.{i}@{domain}");
            self.emails.insert(email.clone());
        }
        let (city, country) = pick(&mut self.rng, &self.lists.cities);
        let (kind, stage) = self.kind_and_stage();
        let (tags, fields) = self.tags_and_fields(kind, &local);
        let phones = if self.rng.u32(0..10) < 6 {
            vec![self.phone(country)]
        } else {
            Vec::new()
        };
        let birthday = (self.rng.u32(0..10) < 4).then(|| Birthday {
            year: (self.rng.u32(0..4) > 0).then(|| self.rng.i32(1955..2002)),
            month: self.rng.u32(1..13),
            day: self.rng.u32(1..29),
        });
        let consent = match self.rng.u32(0..10) {
            0..=5 => Consent::Granted,
            6 => Consent::Denied,
            _ => Consent::Unknown,
        };
        let cadence = (self.rng.u32(0..100) < 15).then(|| {
            let (n, unit) = pick(
                &mut self.rng,
                &[
                    (2, Unit::Week),
                    (30, Unit::Day),
                    (1, Unit::Month),
                    (3, Unit::Month),
                ],
            );
            Interval { n, unit }
        });
        let created = self.now - Duration::days(i64::from(self.rng.u32(30..730)));
        let created_at = created.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let (given_name, family_name) = (Some(given.to_string()), Some(family.to_string()));
        Contact {
            id: 0,
            uid: new_uid(),
            name,
            given_name,
            family_name,
            emails: vec![email],
            phones,
            org,
            title: (self.rng.u32(0..3) == 0).then(|| {
                pick(
                    &mut self.rng,
                    &[
                        "CEO",
                        "CTO",
                        "Head of Sales",
                        "Founder",
                        "Product Lead",
                        "CFO",
                        "Designer",
                    ],
                )
                .to_string()
            }),
            city: Some(city.to_string()),
            region: None,
            country: Some(country.to_string()),
            postcode: None,
            street: None,
            birthday,
            source: pick(&mut self.rng, SOURCES).to_string(),
            kind,
            stage,
            tags,
            fields,
            consent,
            consent_at: (consent != Consent::Unknown).then(|| created_at.clone()),
            cadence,
            archived: self.rng.u32(0..100) == 0,
            last_contact: None,
            created_at: created_at.clone(),
            updated_at: self.stamp.clone(),
        }
    }

    /// What the contact is to the user, and a journey stage that fits it.
    fn kind_and_stage(&mut self) -> (StakeholderKind, Option<Stage>) {
        let kind = match self.rng.u32(0..100) {
            0..=34 => StakeholderKind::Customer,
            35..=54 => StakeholderKind::Prospect,
            55..=74 => StakeholderKind::Lead,
            75..=82 => StakeholderKind::Partner,
            83..=89 => StakeholderKind::Colleague,
            90..=92 => StakeholderKind::Investor,
            93..=97 => StakeholderKind::Supplier,
            _ => StakeholderKind::Other,
        };
        let stage = match kind {
            StakeholderKind::Customer => Some(match self.rng.u32(0..10) {
                0..=5 => Stage::Customer,
                6..=8 => Stage::Loyal,
                _ => Stage::Churned,
            }),
            StakeholderKind::Prospect => Some(if self.rng.u32(0..5) == 0 {
                Stage::Lost
            } else {
                Stage::Prospect
            }),
            StakeholderKind::Lead => Some(Stage::Lead),
            _ => None,
        };
        (kind, stage)
    }

    fn tags_and_fields(
        &mut self,
        kind: StakeholderKind,
        local: &str,
    ) -> (Vec<String>, BTreeMap<String, String>) {
        let mut tags: Vec<String> = Vec::new();
        if matches!(kind, StakeholderKind::Customer) {
            tags.push("client".into());
        }
        for _ in 0..self.rng.usize(0..3) {
            let t = pick(&mut self.rng, TAGS).to_string();
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        tags.sort();
        let mut fields = BTreeMap::new();
        if self.rng.bool() {
            fields.insert(
                "industry".to_string(),
                pick(&mut self.rng, INDUSTRIES).to_string(),
            );
        }
        if self.rng.u32(0..10) < 3 {
            fields.insert(
                "linkedin".to_string(),
                format!("https://linkedin.com/in/{local}"),
            );
        }
        (tags, fields)
    }

    fn phone(&mut self, country: &str) -> Phone {
        let cc = match country {
            "DE" => "49",
            "AT" => "43",
            "CH" => "41",
            "FR" => "33",
            "ES" => "34",
            "IT" => "39",
            "GB" => "44",
            "US" | "CA" => "1",
            _ => "31",
        };
        let digits = format!("{}", self.rng.u64(100_000_000..999_999_999));
        let raw = format!("+{cc} {} {}", &digits[..3], &digits[3..]);
        Phone {
            raw,
            e164: Some(format!("+{cc}{digits}")),
        }
    }

    /// The same person again, as a second import would bring them: a
    /// nickname, accents spelt out or dropped, a typo, the name swapped or
    /// written Outlook's way, sometimes the same address at another
    /// provider, or only an initial and no e-mail. The variations are
    /// drawn from `side`, so the main draws (and the rest of the demo) stay
    /// as they were.
    fn near_duplicate(&mut self, side: &mut fastrand::Rng, c: &Contact) -> Contact {
        let mut d = c.clone();
        d.uid = new_uid();
        d.source = "import".into();
        let names: &[Variation] = match self.rng.u32(0..3) {
            0 => &[
                Variation::Nickname,
                Variation::Transliteration,
                Variation::Typo,
            ],
            1 => &[Variation::Outlook, Variation::Swapped],
            _ => &[Variation::Initials],
        };
        let start = side.usize(0..names.len());
        let applied =
            (0..names.len()).any(|k| vary(side, &mut d, names[(start + k) % names.len()]));
        if !applied {
            vary(side, &mut d, Variation::Typo);
        }
        if names == [Variation::Initials] {
            d.emails.clear();
        } else if side.bool() {
            vary(side, &mut d, Variation::EmailProvider);
        }
        d.tags.clear();
        d.cadence = None;
        d
    }

    /// Another person with the name of an existing one (`like`), and an
    /// e-mail, phone and birthday of their own: not a duplicate.
    fn namesake(&mut self, i: usize, like: &Contact) -> Contact {
        let mut c = self.contact(i);
        c.name.clone_from(&like.name);
        c.given_name.clone_from(&like.given_name);
        c.family_name.clone_from(&like.family_name);
        let domain = c
            .emails
            .first()
            .and_then(|e| e.split_once('@'))
            .map_or("example.org", |(_, d)| d)
            .to_string();
        let local = slug(&like.name);
        let mut email = format!("{local}@{domain}");
        let mut n = 2;
        while !self.emails.insert(email.clone()) {
            email = format!("{local}{n}@{domain}");
            n += 1;
        }
        c.emails = vec![email];
        if c.birthday == like.birthday {
            c.birthday = None;
        }
        c.phones.retain(|p| !like.phones.contains(p));
        // Nothing due: a namesake is there to be told apart, not called.
        c.cadence = None;
        c
    }

    fn interactions(&mut self, made: &[Made]) -> Result<usize> {
        if made.is_empty() {
            return Ok(0);
        }
        // Cumulative weights so busy relationships get more of the timeline.
        let mut cumulative = Vec::with_capacity(made.len());
        let mut total = 0u64;
        for m in made {
            total += u64::from(m.weight);
            cumulative.push(total);
        }
        // The newest interaction per contact (indexed like `made`): each
        // contact's last-contact stamp is written once at the end rather than
        // once per interaction, a million row and index updates fewer at the
        // benchmark size, for the same result.
        let mut newest: Vec<Option<String>> = vec![None; made.len()];
        for _ in 0..self.size.interactions {
            let r = self.rng.u64(0..total);
            let i = cumulative.partition_point(|c| *c <= r);
            let mut n = self.interaction(&made[i]);
            if let Some(r) = self.rhythms.as_mut() {
                n = r.shape(i, &made[i], n);
            }
            self.db
                .insert_interaction_row(&new_uid(), &n, &self.stamp)?;
            if newest[i].as_ref().is_none_or(|at| *at < n.at) {
                newest[i] = Some(n.at);
            }
        }
        for (m, at) in made.iter().zip(&newest) {
            if let Some(at) = at {
                self.db.touch_last_interaction(m.id, at, &self.stamp)?;
            }
        }
        Ok(self.size.interactions)
    }

    fn interaction(&mut self, m: &Made) -> NewInteraction {
        let span = (self.now.date() - m.created).num_days().max(1);
        // Skew towards recent days: relationships warm up over time.
        let back = (self.rng.f64().powf(1.6) * span as f64) as i64;
        let day = self.now.date() - Duration::days(back);
        let time = NaiveTime::from_hms_opt(self.rng.u32(8..19), self.rng.u32(0..4) * 15, 0)
            .unwrap_or_default();
        let mut at = day.and_time(time);
        if at > self.now {
            at = self.now;
        }
        let customer = m.kind == StakeholderKind::Customer;
        let kind = match self.rng.u32(0..100) {
            0..=24 => InteractionKind::Email,
            25..=44 => InteractionKind::Call,
            45..=59 => InteractionKind::Meeting,
            60..=71 => InteractionKind::Message,
            72..=83 => InteractionKind::Note,
            84..=93 if customer => InteractionKind::Purchase,
            _ if customer => InteractionKind::Feedback,
            // Others do not buy or rate: more calls instead.
            _ => InteractionKind::Call,
        };
        let options: Vec<&str> = self
            .lists
            .notes
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, n)| *n)
            .collect();
        let text = if options.is_empty() {
            String::new()
        } else {
            pick(&mut self.rng, &options).to_string()
        };
        let amount = (kind == InteractionKind::Purchase).then(|| Money {
            minor: i64::from(self.rng.u32(3..60)) * 10_000,
            currency: "EUR".into(),
        });
        // Feedback answers one of the two questions: satisfaction or NPS.
        let answer = (kind == InteractionKind::Feedback).then(|| self.rng.bool());
        let rating = (answer == Some(true)).then(|| i64::from(self.rng.u32(3..6)));
        let nps = (answer == Some(false)).then(|| i64::from(self.rng.u32(5..11)));
        let direction = match kind {
            InteractionKind::Note => None,
            InteractionKind::Purchase | InteractionKind::Feedback => Some(Direction::In),
            _ => Some(if self.rng.bool() {
                Direction::In
            } else {
                Direction::Out
            }),
        };
        NewInteraction {
            contact_id: m.id,
            kind,
            direction,
            at: at.format("%Y-%m-%d %H:%M:%S").to_string(),
            text,
            amount,
            rating,
            nps,
        }
    }

    fn follow_ups(&mut self, made: &[Made]) -> Result<usize> {
        const NOTES: &[&str] = &[
            "send the proposal",
            "check in after the workshop",
            "ask for a referral",
            "renewal conversation",
            "share the report",
            "invite to the meetup",
            "follow up on the invoice",
            "quarterly check-in",
        ];
        let mut count = 0;
        let today = self.now.date();
        for m in made {
            if self.rng.u32(0..100) >= 12 {
                continue;
            }
            let offset = i64::from(self.rng.u32(0..40)) - 10; // 10 days overdue to a month ahead
            let due = When::day(today + Duration::days(offset));
            let every = (self.rng.u32(0..5) == 0).then(|| {
                pick(
                    &mut self.rng,
                    &[
                        Interval {
                            n: 1,
                            unit: Unit::Week,
                        },
                        Interval {
                            n: 1,
                            unit: Unit::Month,
                        },
                        Interval {
                            n: 3,
                            unit: Unit::Month,
                        },
                    ],
                )
            });
            let note = pick(&mut self.rng, NOTES);
            let id = self
                .db
                .insert_follow_up(&new_uid(), m.id, due, note, every, &self.stamp)?;
            if offset < -5 && self.rng.bool() {
                self.db.complete_follow_up(id, &self.stamp)?;
            }
            count += 1;
        }
        Ok(count)
    }
}

fn pick<T: Copy>(rng: &mut fastrand::Rng, items: &[T]) -> T {
    items[rng.usize(0..items.len())]
}

fn created_day(c: &Contact) -> NaiveDate {
    NaiveDate::parse_from_str(&c.created_at[..10], "%Y-%m-%d").unwrap_or_default()
}

/// "José García" → "jose.garcia": an email-safe slug.
pub(crate) fn slug(s: &str) -> String {
    fold(s)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '.' })
        .collect::<String>()
        .split('.')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(".")
}

/// An in-memory database on Monday 23 November 2026, 09:00, filled by the
/// generator (`contacts` = 0 leaves it empty): the fixture tests share.
#[cfg(test)]
pub(crate) fn test_ctx(contacts: usize, interactions: usize, seed: u64) -> Ctx {
    let at = NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("date");
    let mut ctx = Ctx {
        store: crate::store::Store::open_in_memory().expect("store"),
        clock: crate::clock::Clock::fixed(at),
        config: crate::config::Config::default(),
    };
    if contacts > 0 {
        generate(
            &mut ctx,
            DemoSize {
                contacts,
                interactions,
                seed,
            },
        )
        .expect("demo");
    }
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Ctx {
        test_ctx(0, 0, 0)
    }

    #[test]
    fn the_demo_is_reproducible_and_complete() {
        let mut a = ctx();
        let sum = generate(&mut a, DemoSize::default()).expect("demo");
        assert_eq!(sum.contacts, 300);
        assert_eq!(sum.interactions, 4000);
        assert!(sum.duplicates > 0 && sum.follow_ups > 0, "{sum:?}");
        let db = a.store.db();
        assert_eq!(db.count_interactions().expect("count"), 4000);
        let mut b = ctx();
        generate(&mut b, DemoSize::default()).expect("demo");
        let names = |c: &Ctx| {
            c.store
                .db()
                .list_rows(
                    &crate::store::ContactFilter::default(),
                    crate::store::ContactSort::Name,
                )
                .expect("rows")
                .into_iter()
                .map(|r| (r.name, r.email))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&a), names(&b));
    }

    #[test]
    fn the_demo_plants_varied_duplicates_and_two_namesakes() {
        let mut ctx = ctx();
        let size = DemoSize {
            contacts: 2000,
            interactions: 100,
            seed: 1,
        };
        let sum = generate(&mut ctx, size).expect("demo");
        assert_eq!(sum.namesakes, 2);
        let rows = ctx
            .store
            .db()
            .list_rows(
                &crate::store::ContactFilter {
                    include_archived: true,
                    ..Default::default()
                },
                crate::store::ContactSort::Name,
            )
            .expect("rows");
        assert_eq!(rows.len(), sum.contacts + sum.duplicates + sum.namesakes);
        // Namesakes: one name, two people with addresses of their own.
        let mut by_name: BTreeMap<&str, Vec<Option<&str>>> = BTreeMap::new();
        for r in &rows {
            by_name.entry(&r.name).or_default().push(r.email.as_deref());
        }
        let shared = by_name
            .values()
            .filter(|emails| {
                let distinct: HashSet<_> = emails.iter().flatten().collect();
                emails.len() > 1 && distinct.len() == emails.len()
            })
            .count();
        assert!(shared >= 2, "{by_name:?}");
        // Imports' ways with names: Outlook's "FAMILY, GIVEN", an initial.
        assert!(
            rows.iter().any(|r| r.name.contains(", ")),
            "no Outlook-style name"
        );
        assert!(
            rows.iter().any(|r| r
                .name
                .split(' ')
                .next()
                .is_some_and(|w| w.len() == 2 && w.ends_with('.'))),
            "no initial"
        );
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("José García"), "jose.garcia");
        assert_eq!(slug("O'Brien"), "o.brien");
    }
}
