//! `kith dedup`

use std::collections::HashMap;
use std::io::Write;

use serde::Serialize;

use crate::domain::dedup::{Cluster, FieldWeight, Options};
use crate::domain::text::printable;
use crate::error::Result;
use crate::ops::Ctx;
use crate::store::{ContactFilter, ContactSort};

use super::args::JsonFlag;
use super::output::{bold, dim, print_json};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith dedup                   # clusters of likely duplicates, best first\n  \
                  kith dedup --min-score 0.95  # only the surest\n  \
                  kith dedup --explain         # every field's weight in each score\n  \
                  kith dedup --json"
)]
pub struct Args {
    /// Report pairs scoring at least this (0-1)
    #[arg(long, value_name = "S", default_value_t = crate::domain::dedup::DEFAULT_MIN_SCORE, value_parser = parse_score)]
    pub min_score: f64,
    /// Show how each field weighs in each pair's score
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub json: JsonFlag,
}

/// A score in 0–1.
pub fn parse_score(s: &str) -> std::result::Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        Ok(_) => Err("a score is between 0 and 1 (e.g. 0.9)".to_string()),
        Err(_) => Err("not a number; a score is between 0 and 1 (e.g. 0.9)".to_string()),
    }
}

#[derive(Serialize)]
struct ClusterJson<'a> {
    contacts: &'a [i64],
    score: f64,
    pairs: Vec<PairJson<'a>>,
}

#[derive(Serialize)]
struct PairJson<'a> {
    a: i64,
    b: i64,
    score: f64,
    reasons: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    weights: Option<&'a [FieldWeight]>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let options = Options {
        min_score: args.min_score,
    };
    let scan = crate::ops::dedup::scan(ctx.store.db(), &options, &mut |_| {})?;
    if args.json.json {
        let out: Vec<ClusterJson<'_>> = scan
            .clusters
            .iter()
            .map(|c| ClusterJson {
                contacts: &c.contacts,
                score: c.score,
                pairs: c
                    .pairs
                    .iter()
                    .map(|p| PairJson {
                        a: p.a,
                        b: p.b,
                        score: p.score,
                        reasons: &p.reasons,
                        weights: args.explain.then_some(p.weights.as_slice()),
                    })
                    .collect(),
            })
            .collect();
        return print_json(&out);
    }
    let mut out = super::output::buffered_stdout();
    if scan.clusters.is_empty() {
        writeln!(
            out,
            "No likely duplicates among {} contacts (score {} or more).",
            scan.people, args.min_score
        )?;
        out.flush()?;
        return Ok(());
    }
    let ids: Vec<i64> = scan
        .clusters
        .iter()
        .flat_map(|c| c.contacts.clone())
        .collect();
    let filter = ContactFilter {
        ids: Some(ids),
        ..ContactFilter::default()
    };
    let contacts: HashMap<i64, (String, String)> = ctx
        .store
        .db()
        .contacts(&filter, ContactSort::Name)?
        .into_iter()
        .map(|c| {
            (
                c.id,
                (c.name, c.emails.into_iter().next().unwrap_or_default()),
            )
        })
        .collect();
    let count = scan.clusters.len();
    writeln!(
        out,
        "{count} {} of likely duplicates among {} contacts:",
        if count == 1 { "cluster" } else { "clusters" },
        scan.people
    )?;
    for cluster in &scan.clusters {
        write_cluster(&mut out, cluster, &contacts, args.explain)?;
    }
    out.flush()?;
    Ok(())
}

fn write_cluster(
    out: &mut impl Write,
    cluster: &Cluster,
    contacts: &HashMap<i64, (String, String)>,
    explain: bool,
) -> Result<()> {
    writeln!(out)?;
    writeln!(out, "{}", bold(&format!("{:.3}", cluster.score)))?;
    for id in &cluster.contacts {
        let (name, email) = contacts
            .get(id)
            .map_or(("?", ""), |(n, e)| (n.as_str(), e.as_str()));
        if email.is_empty() {
            writeln!(out, "  #{id} {}", printable(name))?;
        } else {
            writeln!(out, "  #{id} {}  <{}>", printable(name), printable(email))?;
        }
    }
    for pair in &cluster.pairs {
        writeln!(
            out,
            "  {} #{} ~ #{}: {}",
            dim(&format!("{:.3}", pair.score)),
            pair.a,
            pair.b,
            printable(&pair.reasons.join("; "))
        )?;
        if explain {
            for w in &pair.weights {
                writeln!(out, "      {:<13} {:>+7.2}  {}", w.field, w.weight, w.level)?;
            }
        }
    }
    Ok(())
}
