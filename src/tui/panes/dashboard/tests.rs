//! The Dashboard pane's state and drawing, from hand-made figures: the
//! reader is held, so each test says which panel arrived and when.

use insta::assert_snapshot;

use super::tiles::{Dir, compact, short_money, tiles};
use crate::domain::goal::{Goal, GoalProgress, Metric};
use crate::domain::kpi::{KpiReport, PeriodKpis, StageFlow};
use crate::domain::money::Money;
use crate::domain::next::{NextItem, NextReason};
use crate::domain::period::Period;
use crate::tui::action::PaneId;
use crate::tui::dashboard::Part;
use crate::tui::effect::Outcome;
use crate::tui::reader::Reader;
use crate::tui::testing::Harness;
use crate::tui::theme::Theme;

fn eur(units: i64) -> Money {
    Money {
        minor: units * 100,
        currency: "EUR".into(),
    }
}

/// One period's figures, the rest of them following from these.
struct Row {
    contacts: u64,
    new: u64,
    active: u64,
    purchases: u64,
    revenue: i64,
    retention: Option<f64>,
    nps: Option<f64>,
}

/// A report of `period`s ending with the one holding the harness's day,
/// one period per row, oldest first.
fn report(period: Period, rows: &[Row]) -> KpiReport {
    let today = Harness::start_time().date();
    let mut span = period.span_of(today);
    let mut spans = vec![span];
    for _ in 1..rows.len() {
        span = span.previous();
        spans.push(span);
    }
    spans.reverse();
    let periods = spans
        .into_iter()
        .zip(rows)
        .map(|(span, r)| PeriodKpis {
            span,
            label: span.label(),
            contacts: r.contacts,
            new_contacts: r.new,
            active_customers: r.active,
            new_customers: r.new / 3,
            purchases: r.purchases,
            revenue: if r.revenue > 0 {
                vec![
                    eur(r.revenue),
                    Money {
                        minor: 9_900,
                        currency: "USD".into(),
                    },
                ]
            } else {
                Vec::new()
            },
            average_purchase: if r.purchases > 0 {
                let avg = r.revenue * 100 / i64::try_from(r.purchases).expect("few");
                vec![
                    Money {
                        minor: avg,
                        currency: "EUR".into(),
                    },
                    Money {
                        minor: 9_900,
                        currency: "USD".into(),
                    },
                ]
            } else {
                Vec::new()
            },
            retention: r.retention,
            churn: r.retention.map(|x| 1.0 - x),
            satisfaction: r.nps.map(|n| 3.0 + n / 100.0),
            ratings: if r.nps.is_some() { 14 } else { 0 },
            nps: r.nps,
            nps_answers: if r.nps.is_some() { 9 } else { 0 },
            follow_ups_done: 6,
            follow_ups_on_time: Some(0.5),
            campaign_sent: 0,
            campaign_response: None,
            segment_sizes: Vec::new(),
        })
        .collect();
    KpiReport {
        period,
        currency: "EUR".into(),
        periods,
        stages: StageFlow::default(),
    }
}

/// Figures for `n` periods that grow, with a dip and a period without NPS.
fn growing(period: Period, n: u64) -> KpiReport {
    let rows: Vec<Row> = (1..=n)
        .map(|i| Row {
            contacts: 40 * i,
            new: 5 + (i * 7) % 11,
            active: 3 + (i * 5) % 9,
            purchases: 4 + i % 5,
            revenue: i64::try_from(800 + (i * 730) % 2_900).expect("small"),
            retention: (i > 1)
                .then(|| 0.4 + f64::from(u32::try_from(i % 4).expect("small")) / 10.0),
            nps: (i % 5 != 3).then(|| f64::from(u32::try_from(i * 13 % 90).expect("small")) - 30.0),
        })
        .collect();
    let count = usize::try_from(n).expect("few");
    assert_eq!(rows.len(), count);
    report(period, &rows)
}

fn goals() -> Vec<GoalProgress> {
    let today = Harness::start_time().date();
    let goal = |id, metric, target, period, text: &str| Goal {
        id,
        metric,
        target,
        currency: None,
        period,
        text: text.into(),
    };
    vec![
        GoalProgress {
            goal: goal(
                1,
                Metric::Revenue,
                1_000_000,
                Period::Quarter,
                "revenue 10000 EUR per quarter",
            ),
            span: Period::Quarter.span_of(today),
            actual: 420_000.0,
            target: 1_000_000.0,
            forecast: 1_130_000.0,
            done: 0.42,
            summary: "4,200 of 10,000 EUR, on pace for 11,300 EUR".into(),
        },
        GoalProgress {
            goal: goal(
                2,
                Metric::NewCustomers,
                5,
                Period::Month,
                "new customers 5 per month",
            ),
            span: Period::Month.span_of(today),
            actual: 6.0,
            target: 5.0,
            forecast: 8.0,
            done: 1.2,
            summary: "6 of 5, done".into(),
        },
    ]
}

fn next_items(ids: [i64; 3]) -> Vec<NextItem> {
    vec![
        NextItem {
            contact_id: ids[0],
            name: "Ada Quist".into(),
            reason: NextReason::OverdueFollowUp,
            why: "follow-up 'send the proposal' 3 days overdue".into(),
            urgency: 9.0,
        },
        NextItem {
            contact_id: ids[1],
            name: "Bruno \u{1b}[31mRed".into(),
            reason: NextReason::ChurnRisk,
            why: "a good customer, 64 days quiet against a usual 20".into(),
            urgency: 6.5,
        },
        NextItem {
            contact_id: ids[2],
            name: "Chen Li".into(),
            reason: NextReason::Birthday,
            why: "birthday in 2 days".into(),
            urgency: 2.0,
        },
    ]
}

/// The Dashboard opened on an empty database with the reader held.
fn opened() -> Harness {
    let mut h = Harness::empty();
    h.rt.reader = Reader::Held;
    h.keys("5");
    assert_eq!(h.app.active, PaneId::Dashboard);
    h
}

fn arrive(h: &mut Harness, seq: u64, part: Part) {
    h.outcome(Outcome::Dashboard { seq, part });
}

/// Every panel of read `seq` arrived.
fn filled(h: &mut Harness, seq: u64, report: KpiReport) {
    arrive(h, seq, Part::Kpis(Ok(Box::new(report))));
    arrive(h, seq, Part::Goals(Ok(goals())));
    arrive(h, seq, Part::Next(Ok(next_items([1, 2, 3]))));
}

#[test]
fn the_first_paint_shows_the_layout_with_loading_panels() {
    let mut h = opened();
    assert_eq!(h.app.dashboard.seq, 1, "one read asked for on arrival");
    let text = h.text(80, 24);
    assert!(text.contains("┌ Dashboard"), "{text}");
    assert!(text.contains("loading the figures…"), "{text}");
    assert!(text.contains("loading the objectives…"), "{text}");
    assert!(text.contains("loading who to contact next…"), "{text}");
    assert_snapshot!("loading_80x24", h.screen(80, 24).backend());
}

#[test]
fn panels_fill_in_as_they_arrive() {
    let mut h = opened();
    arrive(
        &mut h,
        1,
        Part::Kpis(Ok(Box::new(growing(Period::Month, 12)))),
    );
    let text = h.text(80, 24);
    assert!(text.contains("Revenue"), "{text}");
    assert!(
        text.contains("loading the objectives…"),
        "the slower panels still load"
    );
    arrive(&mut h, 1, Part::Goals(Ok(goals())));
    arrive(&mut h, 1, Part::Next(Ok(next_items([1, 2, 3]))));
    assert!(!h.app.dashboard.loading());
    assert_snapshot!("month_80x24", h.screen(80, 24).backend());
    assert_snapshot!("month_140x45", h.screen(140, 45).backend());
}

#[test]
fn p_cycles_the_period_and_drops_the_old_period_s_figures() {
    let mut h = opened();
    filled(&mut h, 1, growing(Period::Month, 12));
    h.keys("p");
    assert_eq!(h.app.dashboard.period, Period::Quarter);
    assert_eq!(h.app.dashboard.seq, 2);
    assert!(h.text(80, 24).contains("loading the figures…"));
    // The month's figures, late: not shown as the quarter's.
    arrive(
        &mut h,
        1,
        Part::Kpis(Ok(Box::new(growing(Period::Month, 12)))),
    );
    assert!(h.app.dashboard.kpis.ready().is_none());
    filled(&mut h, 2, growing(Period::Quarter, 4));
    let text = h.text(80, 24);
    assert!(text.contains("2026-Q4 against 2026-Q3"), "{text}");
    assert_snapshot!("quarter_80x24", h.screen(80, 24).backend());
    assert_snapshot!("quarter_140x45", h.screen(140, 45).backend());
    h.keys("p");
    assert_eq!(h.app.dashboard.period, Period::Year);
    filled(&mut h, 3, growing(Period::Year, 3));
    let text = h.text(80, 24);
    assert!(text.contains("2026 against 2025"), "{text}");
    assert_snapshot!("year_80x24", h.screen(80, 24).backend());
    assert_snapshot!("year_140x45", h.screen(140, 45).backend());
    h.keys("p");
    assert_eq!(h.app.dashboard.period, Period::Month);
}

#[test]
fn an_empty_database_says_what_to_do_instead_of_zeros() {
    let mut h = opened();
    let empty = Row {
        contacts: 0,
        new: 0,
        active: 0,
        purchases: 0,
        revenue: 0,
        retention: None,
        nps: None,
    };
    let rows: Vec<Row> = (0..12).map(|_| Row { ..empty }).collect();
    arrive(
        &mut h,
        1,
        Part::Kpis(Ok(Box::new(report(Period::Month, &rows)))),
    );
    arrive(&mut h, 1, Part::Goals(Ok(Vec::new())));
    arrive(&mut h, 1, Part::Next(Ok(Vec::new())));
    let text = h.text(80, 24);
    assert!(text.contains("No contacts yet"), "{text}");
    assert!(text.contains("kith goal add"), "{text}");
    assert!(text.contains("nobody to contact now"), "{text}");
    assert!(!text.contains("Revenue"), "no tiles of zeros: {text}");
    assert_snapshot!("empty_80x24", h.screen(80, 24).backend());
}

#[test]
fn contacts_without_purchases_get_a_hint_in_place_of_the_bars() {
    let mut h = opened();
    let rows: Vec<Row> = (1..=12)
        .map(|i| Row {
            contacts: 3 * i,
            new: 3,
            active: 0,
            purchases: 0,
            revenue: 0,
            retention: None,
            nps: None,
        })
        .collect();
    arrive(
        &mut h,
        1,
        Part::Kpis(Ok(Box::new(report(Period::Month, &rows)))),
    );
    let text = h.text(140, 45);
    assert!(text.contains("no purchases in EUR yet"), "{text}");
    assert!(text.contains("kith log NAME purchase --amount"), "{text}");
    assert!(text.contains("—"), "no value shown as a made-up number");
    assert_snapshot!("no_purchases_140x45", h.screen(140, 45).backend());
}

#[test]
fn a_failed_panel_says_why_and_the_others_still_show() {
    let mut h = opened();
    arrive(
        &mut h,
        1,
        Part::Kpis(Ok(Box::new(growing(Period::Month, 12)))),
    );
    arrive(&mut h, 1, Part::Goals(Err("database is locked".into())));
    arrive(&mut h, 1, Part::Next(Ok(next_items([1, 2, 3]))));
    let text = h.text(140, 45);
    assert!(
        text.contains("could not read: database is locked"),
        "{text}"
    );
    assert!(text.contains("Ada Quist"), "{text}");
}

#[test]
fn without_colour_the_lines_and_gauges_differ_by_their_symbols() {
    let mut h = opened();
    filled(&mut h, 1, growing(Period::Month, 12));
    let text = h.text(140, 45);
    // The two datasets: dots and blocks, named in the chart's title.
    assert!(
        text.contains("• new contacts  █ active customers"),
        "{text}"
    );
    assert!(
        text.matches('•').count() > 2,
        "the new contacts' line: {text}"
    );
    // A gauge is filled with blocks over a shaded track.
    assert!(text.contains("█░"), "{text}");
    assert!(text.contains('▲') && text.contains('▼'), "{text}");
    // Stored text is made printable.
    assert!(!text.contains('\u{1b}'), "{text}");
}

#[test]
fn with_colour_good_and_bad_changes_differ() {
    let mut h = opened();
    filled(&mut h, 1, growing(Period::Month, 12));
    let term = h.screen_with(140, 45, Theme { color: true });
    let buf = term.backend().buffer();
    let colours: std::collections::HashSet<_> = buf
        .content()
        .iter()
        .filter(|c| c.symbol() == "▲" || c.symbol() == "▼")
        .map(|c| c.fg)
        .collect();
    assert!(
        colours.len() >= 2,
        "green for good news, red for bad: {colours:?}"
    );
}

#[test]
fn j_k_pick_who_next_and_enter_opens_the_contact() {
    let mut h = Harness::demo();
    h.rt.reader = Reader::Held;
    h.keys("5");
    let ids: Vec<i64> = h
        .app
        .contacts
        .hits
        .iter()
        .skip(5)
        .take(3)
        .map(|hit| hit.id)
        .collect();
    let ids = [ids[0], ids[1], ids[2]];
    arrive(&mut h, 1, Part::Next(Ok(next_items(ids))));
    h.keys("jjj");
    assert_eq!(h.app.dashboard.selected, 2, "stops at the last row");
    h.keys("k");
    assert_eq!(h.app.dashboard.selected_contact(), Some(ids[1]));
    h.keys("<Enter>");
    assert_eq!(h.app.active, PaneId::Contacts);
    let detail = h.app.contacts.detail.as_ref().expect("the contact opened");
    assert_eq!(detail.contact.id, ids[1]);
}

#[test]
fn enter_with_nobody_listed_says_so() {
    let mut h = opened();
    arrive(&mut h, 1, Part::Next(Ok(Vec::new())));
    h.keys("<Enter>");
    assert_eq!(h.app.active, PaneId::Dashboard);
    assert!(h.text(80, 24).contains("nobody selected"));
}

#[test]
fn a_refresh_or_a_write_elsewhere_reads_the_figures_again() {
    let mut h = opened();
    filled(&mut h, 1, growing(Period::Month, 12));
    h.keys("r");
    assert_eq!(h.app.dashboard.seq, 2, "r reads again");
    // What is shown stays until the new figures come.
    assert!(h.app.dashboard.kpis.ready().is_some());
    // Away from the pane, a sync only marks the figures stale...
    h.keys("1");
    h.outcome(Outcome::Synced { explicit: false });
    assert_eq!(h.app.dashboard.seq, 2);
    // ...and arriving reads them again; arriving with nothing new does not.
    h.keys("5");
    assert_eq!(h.app.dashboard.seq, 3);
    h.keys("15");
    assert_eq!(h.app.dashboard.seq, 3);
}

#[test]
fn tile_figures_say_the_change_in_percent_or_points() {
    let r = growing(Period::Month, 12);
    let t = tiles(&r);
    let by = |label: &str| t.iter().find(|t| t.label == label).expect(label);
    let (now, before) = (&r.periods[11], &r.periods[10]);
    let contacts = by("Contacts");
    assert_eq!(contacts.value, now.contacts.to_string());
    let pct = (now.contacts - before.contacts) * 100 / before.contacts;
    assert_eq!(
        contacts.change.as_ref().map(|c| c.text.clone()),
        Some(format!("▲ {pct}%"))
    );
    let churn = by("Churn").change.as_ref().expect("a change");
    assert!(!churn.up_is_good);
    let nps = by("NPS");
    assert_eq!(nps.note.as_deref(), Some("9 answers"));
    let campaign = by("Campaign response");
    assert_eq!(
        (campaign.value.as_str(), campaign.note.as_deref()),
        ("—", Some("no campaigns"))
    );
    assert!(campaign.change.is_none());
    let flat = by("Follow-ups on time").change.as_ref().expect("a change");
    assert_eq!((flat.dir, flat.text.as_str()), (Dir::Flat, "= 0 pts"));
}

#[test]
fn money_and_chart_labels_stay_short() {
    assert_eq!(short_money(8_550, "EUR"), "85.50 EUR");
    assert_eq!(short_money(1_240_049, "EUR"), "12,400 EUR");
    assert_eq!(short_money(-250, "USD"), "-2.50 USD");
    assert_eq!(compact(950), "950");
    assert_eq!(compact(1_234), "1.2k");
    assert_eq!(compact(34_000), "34k");
    assert_eq!(compact(1_500_000), "1.5M");
}

#[test]
fn a_tiny_terminal_does_not_panic() {
    let mut h = opened();
    filled(&mut h, 1, growing(Period::Month, 12));
    for (w, hgt) in [(20, 5), (40, 10), (60, 16), (80, 24), (100, 30), (200, 60)] {
        let text = h.text(w, hgt);
        assert!(text.contains("Dashboard") || w < 30, "{w}x{hgt}: {text}");
    }
}
