//! `kith import`

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};

use crate::domain::contact::Consent;
use crate::error::Result;
use crate::formats::{ColumnMap, Format};
use crate::ops::Ctx;
use crate::ops::import::{self, ImportOptions, Progress};

use super::args::{JsonFlag, parse_word};

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  kith import contacts.vcf\n  \
    kith import google.csv linkedin.csv --dry-run\n  \
    kith import people.csv --map \"Mobile=phone\" --source conference --consent granted")]
pub struct Args {
    #[arg(
        required = true,
        value_name = "FILE",
        help = "Address books: vCard (.vcf), CSV (Google, Outlook, LinkedIn, Thunderbird, kith) or kith's JSON"
    )]
    pub files: Vec<PathBuf>,
    /// The files' format: auto (from their bytes), csv, vcard or json
    #[arg(long, default_value = "auto", value_parser = parse_format)]
    pub format: FormatArg,
    #[arg(long = "map", value_name = "COLUMN=FIELD", value_parser = parse_map,
          help = map_help())]
    pub maps: Vec<ColumnMap>,
    /// Recorded as where new contacts came from (default: the file's kind,
    /// like google or vcard)
    #[arg(long)]
    pub source: Option<String>,
    /// Marketing consent recorded on every imported contact
    #[arg(long, value_parser = parse_word::<Consent>,
          help = "Marketing consent recorded on every imported contact: granted, denied or unknown")]
    pub consent: Option<Consent>,
    /// Read and report, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Bring back people erased with `kith forget` (skipped otherwise)
    #[arg(long)]
    pub allow_forgotten: bool,
    #[command(flatten)]
    pub json: JsonFlag,
}

/// `--format`: a format, or `auto` (`None`).
#[derive(Clone, Copy, Debug)]
pub struct FormatArg(Option<Format>);

fn parse_format(s: &str) -> Result<FormatArg, String> {
    if s.eq_ignore_ascii_case("auto") {
        return Ok(FormatArg(None));
    }
    s.parse::<Format>()
        .map(|f| FormatArg(Some(f)))
        .map_err(|e| e.replace("(csv, vcard or json)", "(auto, csv, vcard or json)"))
}

/// `--map COLUMN=FIELD`, read by the CSV reader's own rule.
fn parse_map(s: &str) -> Result<ColumnMap, String> {
    ColumnMap::parse(s).map_err(|e| e.to_string())
}

fn map_help() -> String {
    format!(
        "Read a CSV column as a field, whatever its header (repeat). FIELD is one of: {} \
         (field.KEY: a custom field named KEY)",
        crate::formats::csv::MAP_FIELDS.join(", ")
    )
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<()> {
    let options = ImportOptions {
        files: args.files,
        format: args.format.0,
        maps: args.maps,
        source: args.source,
        consent: args.consent,
        dry_run: args.dry_run,
        allow_forgotten: args.allow_forgotten,
    };
    // A bar on stderr only when a person watches it; silent in scripts.
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::hidden();
        bar.set_style(
            ProgressStyle::with_template("importing {wide_bar} {percent}%")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar
    });
    let mut on_progress = |p: Progress| {
        if let Some(bar) = &bar {
            bar.set_length(p.total);
            bar.set_position(p.done);
        }
    };
    let report = import::import(ctx, &options, &mut on_progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = report?;
    let mut out = std::io::stdout().lock();
    if args.json.json {
        serde_json::to_writer_pretty(&mut out, &report)
            .map_err(|e| crate::error::Error::internal(e.to_string()))?;
        writeln!(out)?;
    } else {
        out.write_all(report.to_text().as_bytes())?;
    }
    Ok(())
}
