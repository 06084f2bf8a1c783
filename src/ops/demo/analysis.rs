//! The demo's analysis data: purchases with a rhythm per customer (some
//! regular, some lapsing, some long gone, so every RFM group and churn risk
//! have members), feedback on both scales, each contact's stage history,
//! saved segments with past sizes, and goals.
//!
//! Nothing here draws from the generator's own random stream: a customer's
//! rhythm comes from the seed and the contact's place, the rest from
//! streams of its own, so the same seed still makes the same database.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::domain::contact::StakeholderKind;
use crate::domain::interaction::{InteractionKind, NewInteraction};
use crate::error::Result;
use crate::store::{Db, StageRow, StageStep};

use super::super::{Ctx, goal, segment};
use super::Made;

/// How a customer's buying goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pattern {
    /// Buys every `period` days up to now.
    Regular,
    /// Bought on rhythm, then went quiet a few periods ago.
    Lapsing,
    /// Nothing for most of a year or more.
    Gone,
}

#[derive(Clone, Copy, Debug)]
struct Rhythm {
    pattern: Pattern,
    /// Days between purchases.
    period: i64,
    /// The day of the newest purchase.
    last: NaiveDate,
    /// Nothing at all after this day (lapsing and gone customers).
    quiet_after: Option<NaiveDate>,
}

/// Reshapes the generated timeline of customers, interaction by interaction.
pub(super) struct Rhythms {
    seed: u64,
    now: NaiveDateTime,
    /// Purchases placed so far, per contact.
    bought: Vec<i64>,
    rng: fastrand::Rng,
}

impl Rhythms {
    pub(super) fn new(seed: u64, now: NaiveDateTime) -> Self {
        Rhythms {
            seed,
            now,
            bought: Vec::new(),
            rng: fastrand::Rng::with_seed(seed ^ 0x5eed_f00d_ba11_ad5e),
        }
    }

    /// The interaction `n` of the `i`-th contact made, moved onto the
    /// contact's rhythm: a purchase to its place in the series, anything
    /// after a lapse back before it; feedback answers spread over both
    /// scales.
    pub(super) fn shape(
        &mut self,
        place: usize,
        made: &Made,
        mut item: NewInteraction,
    ) -> NewInteraction {
        let Some(rhythm) = self.rhythm(place, made) else {
            return item;
        };
        let Ok(at) = NaiveDateTime::parse_from_str(&item.at, "%Y-%m-%d %H:%M:%S") else {
            return item;
        };
        let today = self.now.date();
        let mut day = at.date();
        if item.kind == InteractionKind::Purchase {
            if self.bought.len() <= place {
                self.bought.resize(place + 1, 0);
            }
            let nth = self.bought[place];
            self.bought[place] += 1;
            let jitter = i64::from(self.rng.u32(0..4));
            day = rhythm.last - Duration::days(nth * rhythm.period + jitter);
        } else if let Some(quiet) = rhythm.quiet_after
            && day > quiet
        {
            // Squeeze the whole timeline into the days before the lapse.
            let span = (today - made.created).num_days().max(1);
            let kept = (quiet - made.created).num_days().max(0);
            let offset = (day - made.created).num_days() * kept / span;
            day = made.created + Duration::days(offset);
        }
        let mut at = day.max(made.created).and_time(at.time());
        if at > self.now {
            at = self.now;
        }
        item.at = at.format("%Y-%m-%d %H:%M:%S").to_string();
        if item.kind == InteractionKind::Feedback {
            let unhappy = rhythm.pattern != Pattern::Regular;
            item.rating = item.rating.map(|_| self.satisfaction(unhappy));
            item.nps = item.nps.map(|_| self.nps(unhappy));
        }
        item
    }

    /// The rhythm of the contact made in `place` (customers only): drawn
    /// from the seed and the place alone, so the same each time it is asked.
    fn rhythm(&self, place: usize, made: &Made) -> Option<Rhythm> {
        (made.kind == StakeholderKind::Customer).then(|| {
            let place = u64::try_from(place).unwrap_or(u64::MAX);
            let mut rng =
                fastrand::Rng::with_seed(self.seed ^ place.wrapping_mul(0x9e37_79b9_7f4a_7c15));
            draw_rhythm(&mut rng, self.now.date(), made.created)
        })
    }

    /// Satisfaction 1–5, mostly content; less so among those drifting away.
    fn satisfaction(&mut self, unhappy: bool) -> i64 {
        let roll = self.rng.u32(0..100) + if unhappy { 0 } else { 15 };
        match roll {
            0..=9 => 1,
            10..=24 => 2,
            25..=49 => 3,
            50..=84 => 4,
            _ => 5,
        }
    }

    /// NPS 0–10: some detractors, passives, and more promoters.
    fn nps(&mut self, unhappy: bool) -> i64 {
        let roll = self.rng.u32(0..100) + if unhappy { 0 } else { 20 };
        match roll {
            0..=9 => i64::from(self.rng.u32(0..5)),
            10..=29 => i64::from(self.rng.u32(5..7)),
            30..=59 => i64::from(self.rng.u32(7..9)),
            _ => i64::from(self.rng.u32(9..11)),
        }
    }
}

fn draw_rhythm(rng: &mut fastrand::Rng, today: NaiveDate, created: NaiveDate) -> Rhythm {
    let period: i64 = [14, 21, 30, 45, 60, 90][rng.usize(0..6)];
    let (pattern, quiet_after) = match rng.u32(0..100) {
        0..=54 => (Pattern::Regular, None),
        55..=79 => {
            let gaps = i64::from(rng.u32(3..7));
            (
                Pattern::Lapsing,
                Some(today - Duration::days(period * gaps)),
            )
        }
        _ => (
            Pattern::Gone,
            Some(today - Duration::days(i64::from(rng.u32(240..720)))),
        ),
    };
    let quiet_after = quiet_after.map(|q| q.max(created));
    let newest = quiet_after.unwrap_or(today);
    let last = (newest - Duration::days(i64::from(rng.u32(0..7)))).max(created);
    Rhythm {
        pattern,
        period,
        last,
        quiet_after,
    }
}

/// The funnel a contact walked to reach `stage`, from the first stage on.
fn path(stage: &str) -> &'static [&'static str] {
    match stage {
        "lead" => &["lead"],
        "prospect" => &["lead", "prospect"],
        "customer" => &["lead", "prospect", "customer"],
        "loyal" => &["lead", "prospect", "customer", "loyal"],
        "lost" => &["lead", "prospect", "lost"],
        "churned" => &["lead", "prospect", "customer", "churned"],
        _ => &[],
    }
}

/// Each staged contact's walk through the funnel with past dates: the first
/// stage when they were created (as the trigger records it), each later
/// one on a day between then and now. Some arrived as prospects.
pub(super) fn stage_history(db: Db<'_>, seed: u64, now: NaiveDateTime) -> Result<usize> {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x57a9_e5c4_a96e_0001);
    let rows: Vec<StageRow> = db.contact_stages()?;
    let mut steps = Vec::with_capacity(rows.len() * 3);
    for row in &rows {
        let full = path(&row.stage);
        if full.len() < 2 {
            continue;
        }
        let skip = usize::from(rng.u32(0..10) < 3);
        let walk = &full[skip..];
        let Ok(created) = NaiveDateTime::parse_from_str(&row.created_at, "%Y-%m-%dT%H:%M:%SZ")
        else {
            continue;
        };
        let span = (now - created).num_days().max(1);
        let mut offsets: Vec<i64> = (1..walk.len()).map(|_| rng.i64(0..=span)).collect();
        offsets.sort_unstable();
        let mut from: Option<String> = None;
        for (k, stage) in walk.iter().enumerate() {
            let at = if k == 0 {
                row.created_at.clone()
            } else {
                let day = created + Duration::days(offsets[k - 1]);
                day.min(now).format("%Y-%m-%dT%H:%M:%SZ").to_string()
            };
            steps.push(StageStep {
                contact_id: row.contact_id,
                at,
                from_stage: from.take(),
                to_stage: (*stage).to_string(),
            });
            from = Some((*stage).to_string());
        }
    }
    db.replace_stage_history(&steps)?;
    Ok(steps.len())
}

/// The saved segments of the demo: name, query, static, description.
const SEGMENTS: &[(&str, &str, bool, &str)] = &[
    (
        "best-clients",
        "rfm:champions or rfm:loyal",
        false,
        "champions and loyal buyers of the last 12 months",
    ),
    (
        "berlin-clients",
        "tag:client city:berlin",
        false,
        "clients in Berlin",
    ),
    (
        "lapsed-customers",
        "stage:customer last:>90d",
        false,
        "customers not heard from in three months",
    ),
    (
        "vip-list-2026",
        "tag:vip",
        true,
        "the VIP list as it was when the demo was made",
    ),
];

/// The demo's objectives.
const GOALS: &[&str] = &[
    "revenue 50000 EUR per quarter",
    "new customers 20 per month",
    "nps 40 per quarter",
];

/// Saves the demo's segments and goals, and gives each live segment a size
/// on each of the past eight weeks, so the trend and the change since last
/// week show (a static one froze its members today: it has no past).
pub(super) fn plan(ctx: &mut Ctx, seed: u64) -> Result<()> {
    for (name, query, is_static, description) in SEGMENTS {
        segment::add(ctx, name, query, *is_static, description)?;
    }
    for text in GOALS {
        goal::add(ctx, text)?;
    }
    let today = ctx.clock.now().date();
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x0005_e9e5_12e0);
    let saved = segment::list(ctx)?;
    ctx.store.write(|db| {
        for s in saved.iter().filter(|s| !s.is_static) {
            let drift = f64::from(rng.u32(0..50)) / 1000.0 - 0.01;
            #[allow(clippy::cast_precision_loss)] // segment sizes
            let now = s.size as f64;
            let sizes: Vec<(String, u64)> = (1..=8)
                .map(|w: i64| {
                    let day = today - Duration::weeks(w);
                    #[allow(clippy::cast_precision_loss)]
                    let f = 1.0 - drift * w as f64;
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let size = (now * f).round().max(0.0) as u64;
                    (day.format("%Y-%m-%d").to_string(), size)
                })
                .collect();
            db.insert_segment_sizes(s.id, &sizes)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::super::{DemoSize, fill, test_ctx};
    use crate::domain::rfm::RfmGroup;

    fn analysed(seed: u64) -> crate::ops::Ctx {
        let mut ctx = test_ctx(0, 0, 0);
        let size = DemoSize {
            contacts: 1000,
            interactions: 15_000,
            seed,
        };
        fill(&mut ctx, size, true).expect("demo");
        ctx
    }

    fn rows(ctx: &crate::ops::Ctx, sql: &str) -> Vec<Vec<String>> {
        ctx.store.db().test_rows(sql)
    }

    #[test]
    fn every_rfm_group_and_churn_risk_have_members() {
        let ctx = analysed(42);
        let scores = crate::ops::rfm::scores(&ctx, crate::ops::rfm::DEFAULT_WINDOW).expect("rfm");
        let groups: HashSet<RfmGroup> = scores.iter().map(|s| s.group).collect();
        for g in RfmGroup::ALL {
            assert!(groups.contains(g), "no {g} in {groups:?}");
        }
        let risks = crate::ops::next::churn_risks(&ctx).expect("churn");
        let slipping = risks.iter().filter(|r| r.score >= 0.5).count();
        let steady = risks.iter().filter(|r| r.score == 0.0).count();
        assert!(slipping > 20 && steady > 20, "{slipping} {steady}");
        // Nothing is dated after now, and last contact stamps still agree.
        let late = rows(
            &ctx,
            "SELECT id FROM interaction WHERE at > '2026-11-23 09:00:00'",
        );
        assert!(late.is_empty(), "{late:?}");
        let stale = rows(
            &ctx,
            "SELECT c.id FROM contact c
             WHERE c.last_interaction_at IS NOT
                   (SELECT max(at) FROM interaction i WHERE i.contact_id = c.id)",
        );
        assert!(stale.is_empty(), "{stale:?}");
    }

    #[test]
    fn feedback_spans_both_scales() {
        let ctx = analysed(7);
        let ratings = rows(
            &ctx,
            "SELECT DISTINCT rating FROM interaction WHERE rating IS NOT NULL ORDER BY 1",
        );
        let all: Vec<Vec<String>> = (1..=5).map(|r| vec![format!("Integer({r})")]).collect();
        assert_eq!(ratings, all);
        // Detractors (0–6), passives (7–8) and promoters (9–10) all answer.
        let nps = rows(
            &ctx,
            "SELECT CASE WHEN nps <= 6 THEN 'detractor' WHEN nps <= 8 THEN 'passive'
                         ELSE 'promoter' END AS answer, min(nps) >= 0 AND max(nps) <= 10
             FROM interaction WHERE nps IS NOT NULL GROUP BY answer ORDER BY answer",
        );
        let expected: Vec<Vec<String>> = ["detractor", "passive", "promoter"]
            .iter()
            .map(|k| vec![format!("Text({k:?})"), "Integer(1)".to_string()])
            .collect();
        assert_eq!(nps, expected);
    }

    #[test]
    fn stage_histories_walk_the_funnel_to_the_current_stage_in_the_past() {
        let ctx = analysed(3);
        // The newest step of each contact is their stage now.
        let wrong = rows(
            &ctx,
            "SELECT c.id, c.stage, s.to_stage FROM contact c JOIN stage_change s
               ON s.id = (SELECT id FROM stage_change WHERE contact_id = c.id
                          ORDER BY at DESC, id DESC LIMIT 1)
             WHERE s.to_stage IS NOT c.stage",
        );
        assert!(wrong.is_empty(), "{wrong:?}");
        // Each step starts where the one before ended, never before the
        // contact was created, never after now.
        let broken = rows(
            &ctx,
            "SELECT a.contact_id FROM stage_change a JOIN stage_change b
               ON b.contact_id = a.contact_id AND b.id = a.id + 1
             WHERE b.from_stage IS NOT a.to_stage OR b.at < a.at",
        );
        assert!(broken.is_empty(), "{broken:?}");
        let outside = rows(
            &ctx,
            "SELECT s.id FROM stage_change s JOIN contact c ON c.id = s.contact_id
             WHERE s.at < c.created_at OR s.at > '2026-11-23T09:00:00Z'",
        );
        assert!(outside.is_empty(), "{outside:?}");
        let moves = rows(
            &ctx,
            "SELECT count(*) FROM stage_change WHERE from_stage = 'customer'",
        );
        assert_ne!(moves, [["Integer(0)"]]);
        let loyal = rows(
            &ctx,
            "SELECT count(*) FROM stage_change WHERE to_stage IN ('lost', 'churned')",
        );
        assert_ne!(loyal, [["Integer(0)"]]);
    }

    #[test]
    fn the_same_seed_makes_the_same_timeline() {
        let sql = "SELECT contact_id, kind, at, amount_minor, rating, nps FROM interaction
                   ORDER BY id";
        let stages = "SELECT contact_id, at, from_stage, to_stage FROM stage_change ORDER BY id";
        let (a, b) = (analysed(11), analysed(11));
        assert_eq!(rows(&a, sql), rows(&b, sql));
        assert_eq!(rows(&a, stages), rows(&b, stages));
        assert_ne!(rows(&a, sql), rows(&analysed(12), sql));
    }
}
