//! `kith kpi`: key figures per month, quarter or year.

use std::io::Write;

use super::args::{JsonFlag, parse_word};
use super::output::{bold, buffered_stdout, print_json};
use crate::domain::dates::Tense;
use crate::domain::kpi::{KpiReport, PeriodKpis, StageFlow};
use crate::domain::money::{Money, grouped};
use crate::domain::period::Period;
use crate::domain::text::printable;
use crate::error::Result;
use crate::ops::{Ctx, kpi};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith kpi                       # the last 12 months\n  \
                        kith kpi --period quarter --since 2025-01-01\n  \
                        kith kpi --period year --json\n\n\
                        Every figure is defined, with its formula, in docs/kpi.md."
)]
pub struct Args {
    /// month, quarter or year
    #[arg(long, default_value = "month", value_parser = parse_word::<Period>)]
    pub period: Period,
    /// From the period holding this date (default: 12 months, 4 quarters, 3 years)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    #[command(flatten)]
    pub json: JsonFlag,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let since = match &args.since {
        Some(text) => Some(super::args::when(ctx, text, Tense::Past)?.date),
        None => None,
    };
    let report = kpi::report(ctx, args.period, since)?;
    if args.json.json {
        return print_json(&report);
    }
    let mut out = buffered_stdout();
    write_report(&mut out, &report)?;
    out.flush()?;
    Ok(())
}

fn write_report(out: &mut impl Write, r: &KpiReport) -> Result<()> {
    writeln!(out, "{}", bold("Customers"))?;
    writeln!(
        out,
        "{:<8} {:>8} {:>6} {:>7} {:>9} {:>9} {:>9} {:>6}",
        "period", "contacts", "new", "active", "new cust.", "purchases", "retention", "churn"
    )?;
    for p in &r.periods {
        writeln!(
            out,
            "{:<8} {:>8} {:>6} {:>7} {:>9} {:>9} {:>9} {:>6}",
            p.label,
            grouped(p.contacts),
            grouped(p.new_contacts),
            grouped(p.active_customers),
            grouped(p.new_customers),
            grouped(p.purchases),
            percent(p.retention),
            percent(p.churn),
        )?;
    }
    writeln!(out, "\n{}", bold("Revenue (average purchase)"))?;
    for p in &r.periods {
        writeln!(out, "{:<8} {}", p.label, revenue(p))?;
    }
    writeln!(out, "\n{}", bold("Relationship"))?;
    writeln!(
        out,
        "{:<8} {:>12} {:>10} {:>14} {:>16}",
        "period", "satisfaction", "NPS", "follow-ups", "campaign sends"
    )?;
    writeln!(
        out,
        "{:<8} {:>12} {:>10} {:>14} {:>16}",
        "", "(ratings)", "(answers)", "done, on time", "sent, answered"
    )?;
    for p in &r.periods {
        writeln!(out, "{}", relationship_row(p))?;
    }
    write_segments(out, r)?;
    write_stages(out, &r.stages)?;
    Ok(())
}

fn relationship_row(p: &PeriodKpis) -> String {
    let satisfaction = p
        .satisfaction
        .map_or_else(|| "–".to_string(), |s| format!("{s:.1} ({})", p.ratings));
    let nps = p.nps.map_or_else(
        || "–".to_string(),
        |n| format!("{n:+.0} ({})", p.nps_answers),
    );
    let follow_ups = format!(
        "{}, {}",
        grouped(p.follow_ups_done),
        percent(p.follow_ups_on_time)
    );
    let sends = format!(
        "{}, {}",
        grouped(p.campaign_sent),
        percent(p.campaign_response)
    );
    format!(
        "{:<8} {satisfaction:>12} {nps:>10} {follow_ups:>14} {sends:>16}",
        p.label
    )
}

/// "12,345.00 EUR (avg 41.15 EUR), 300.00 USD (avg 150.00 USD)", or "–".
fn revenue(p: &PeriodKpis) -> String {
    if p.revenue.is_empty() {
        return "–".into();
    }
    p.revenue
        .iter()
        .zip(&p.average_purchase)
        .map(|(total, avg): (&Money, &Money)| format!("{} ({})", total.grouped(), avg.grouped()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "–".into(), |r| format!("{:.0}%", r * 100.0))
}

fn write_segments(out: &mut impl Write, r: &KpiReport) -> Result<()> {
    let Some(last) = r.periods.last() else {
        return Ok(());
    };
    if last.segment_sizes.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\n{}",
        bold(&format!("Saved segments ({})", last.label))
    )?;
    for s in &last.segment_sizes {
        writeln!(
            out,
            "  {:<30} {:>8}",
            super::output::fit(&s.name, 30),
            grouped(s.size)
        )?;
    }
    Ok(())
}

fn write_stages(out: &mut impl Write, flow: &StageFlow) -> Result<()> {
    writeln!(out, "\n{}", bold("Stages (over the whole report)"))?;
    for c in &flow.conversions {
        writeln!(
            out,
            "  {:<20} {:>5} of {:<6} {:>5}",
            format!("{} → {}", c.from, c.to),
            grouped(c.converted),
            grouped(c.reached),
            percent(c.rate)
        )?;
    }
    writeln!(out, "  median days in stage:")?;
    for t in &flow.time_in_stage {
        let days = t
            .median_days
            .map_or_else(|| "–".into(), |d| format!("{d:.1}"));
        writeln!(
            out,
            "  {:<20} {days:>5}   ({} stays)",
            printable(t.stage.as_str()),
            grouped(t.stays)
        )?;
    }
    Ok(())
}
