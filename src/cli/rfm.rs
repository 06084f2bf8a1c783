//! `kith rfm`: recency, frequency and monetary scores, by group.

use std::io::Write;

use crate::domain::dates::parse_interval;
use crate::domain::money::Money;
use crate::domain::rfm::{RfmGroup, RfmScore};
use crate::domain::text::printable;
use crate::error::Result;
use crate::ops::{Ctx, rfm};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith rfm                   # the groups over the last 12 months\n  \
    kith rfm --group at-risk   # and who is in one\n  \
    kith rfm --window 2y --json\n\n\
Groups: champions, loyal, potential-loyalists, new, promising, need-attention,\n\
about-to-sleep, at-risk, cant-lose, hibernating, lost"
)]
pub struct Args {
    /// The window of purchases before today: 12m, 2y, 90d…
    #[arg(long, default_value = "12m", value_name = "INTERVAL")]
    pub window: String,
    /// Also list the members of this group
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
    /// Print every buyer's scores as JSON (only the group's with --group)
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let window = parse_interval(&args.window)?;
    let group: Option<RfmGroup> = args.group.as_deref().map(str::parse).transpose()?;
    let scores = rfm::scores(ctx, window)?;
    if args.json {
        let picked: Vec<&RfmScore> = scores
            .iter()
            .filter(|s| group.is_none_or(|g| s.group == g))
            .collect();
        return super::output::print_json(&picked);
    }
    let currency = ctx.config.currency.clone();
    let money = |minor: i64| {
        Money {
            minor,
            currency: currency.clone(),
        }
        .grouped()
    };
    let mut out = super::output::buffered_stdout();
    writeln!(
        out,
        "{} buyers in the last {window} (spend in {currency})",
        scores.len()
    )?;
    writeln!(
        out,
        "{:<20} {:>7} {:>6} {:>16} {:>11}",
        "group", "count", "share", "average spent", "days since"
    )?;
    for g in rfm::summary(&scores) {
        writeln!(
            out,
            "{:<20} {:>7} {:>5.0}% {:>16} {:>11.0}",
            g.group.as_str(),
            g.count,
            g.share * 100.0,
            money(g.average_spent_minor),
            g.average_days_since
        )?;
    }
    if let Some(group) = group {
        let mut members: Vec<&RfmScore> = scores.iter().filter(|s| s.group == group).collect();
        members.sort_by(|a, b| {
            b.spent_minor
                .cmp(&a.spent_minor)
                .then(a.contact_id.cmp(&b.contact_id))
        });
        let ids: Vec<i64> = members.iter().map(|s| s.contact_id).collect();
        let names: std::collections::HashMap<i64, String> =
            ctx.store.db().display_names(&ids)?.into_iter().collect();
        writeln!(out)?;
        writeln!(out, "{} ({}):", group.label(), members.len())?;
        writeln!(
            out,
            "{:<32} {:<5} {:>10} {:>9} {:>16}",
            "name", "R F M", "days since", "purchases", "spent"
        )?;
        for s in members {
            let name = names.get(&s.contact_id).map_or("", String::as_str);
            let who = format!("{} (#{})", printable(name), s.contact_id);
            writeln!(
                out,
                "{} {} {} {} {:>10} {:>9} {:>16}",
                super::output::fit(&who, 32),
                s.recency,
                s.frequency,
                s.monetary,
                s.days_since,
                s.purchases,
                money(s.spent_minor)
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
