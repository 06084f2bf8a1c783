//! `kith export`: contacts out as vCard, CSV or JSON; `--contact` alone
//! gives everything held on that person as one JSON document.

use std::io::Write;
use std::path::PathBuf;

use crate::domain::text::printable;
use crate::error::{Error, Result};
use crate::formats::Format;
use crate::ops::export::{Selection, export_selected};
use crate::ops::{Ctx, dossier, files, resolve};

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    kith export -o contacts.vcf             # every live contact, vCard 4.0\n  \
    kith export --where client -o clients.csv\n  \
    kith export --format json > all.json\n  \
    kith export --contact jane -o jane.json  # everything kith holds on Jane\n\n\
Files are written whole (a temporary file renamed), readable by you only.")]
pub struct Args {
    /// csv, vcard or json [default: from -o's extension, else vcard; json for --contact]
    #[arg(long, short = 'f', value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Only contacts matching this; today a tag (a query language comes later)
    #[arg(long = "where", value_name = "TAG", conflicts_with = "contact")]
    pub where_: Option<String>,
    /// One contact (id, email or name); as JSON, everything held on them:
    /// interactions, follow-ups, where they came from
    #[arg(long, value_name = "CONTACT")]
    pub contact: Option<String>,
    /// Include archived contacts
    #[arg(long, conflicts_with = "contact")]
    pub archived: bool,
    /// Write to FILE (created readable by you only) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let from_name = args.output.as_deref().and_then(Format::from_extension);
    let contact = match &args.contact {
        Some(c) => Some(resolve::resolve_contact(ctx.store.db(), c)?),
        None => None,
    };
    let format = args.format.or(from_name).unwrap_or(if contact.is_some() {
        Format::Json
    } else {
        Format::Vcard
    });
    if let (Some(id), Format::Json) = (contact, format) {
        return person(ctx, id, args);
    }
    let selection = match (contact, &args.where_) {
        (Some(id), _) => Selection::Ids(vec![id]),
        (None, Some(tag)) => Selection::Tag(tag.clone()),
        (None, None) => Selection::All,
    };
    match &args.output {
        Some(path) => {
            files::refuse_database(&ctx.store, path)?;
            let n = files::write_private(path, |out| {
                export_selected(ctx, format, &selection, args.archived, out)
            })?;
            let s = if n == 1 { "" } else { "s" };
            writeln!(
                std::io::stderr(),
                "exported {n} contact{s} to {}",
                path.display()
            )?;
        }
        None => {
            let mut out = super::output::buffered_stdout();
            export_selected(ctx, format, &selection, args.archived, &mut out)?;
        }
    }
    Ok(())
}

/// Everything held on one person, as JSON.
fn person(ctx: &Ctx, id: i64, args: &Args) -> Result<()> {
    match &args.output {
        Some(path) => {
            files::refuse_database(&ctx.store, path)?;
            dossier::write_dossier_to_file(ctx, id, path)?;
            let name = ctx
                .store
                .db()
                .contact(id)?
                .map(|c| printable(&c.name).into_owned())
                .ok_or_else(|| Error::user(format!("no contact #{id}")))?;
            writeln!(
                std::io::stderr(),
                "exported everything held on {name} (#{id}) to {}",
                path.display()
            )?;
            Ok(())
        }
        None => dossier::write_dossier(ctx, id, &mut super::output::buffered_stdout()),
    }
}
