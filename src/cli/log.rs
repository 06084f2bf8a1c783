//! `kith log`

use std::io::{IsTerminal, Read, Write};

use chrono::NaiveTime;

use crate::domain::dates::Tense;
use crate::domain::interaction::{
    Direction, FUTURE_TOLERANCE, InteractionKind, MAX_TEXT_BYTES, NewInteraction,
};
use crate::domain::money::Money;
use crate::error::{Error, Result};
use crate::ops::{Ctx, capture, resolve};

use super::args::{parse_word, when};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith log jane call \"renewal talk, wants a proposal\"\n  \
                        kith log jane@acme.io purchase \"annual plan\" --amount \"1200 EUR\"\n  \
                        kith log 42 meeting --at \"yesterday 15:00\"     # opens $EDITOR\n  \
                        git log -1 --format=%B | kith log jane note -"
)]
pub struct Args {
    /// Contact: id, email or name
    pub contact: String,
    /// note, call, email, meeting, message, purchase or feedback
    #[arg(value_parser = parse_loggable)]
    pub kind: InteractionKind,
    /// What happened; `-` reads standard input; omitted on a terminal opens $EDITOR
    pub text: Option<String>,
    /// When it happened (default now; not in the future): yesterday, -1w, "mon 14:00", 2026-11-02…
    #[arg(long, allow_hyphen_values = true)]
    pub at: Option<String>,
    /// Amount of a purchase: "1200 EUR", "12.50"
    #[arg(long)]
    pub amount: Option<String>,
    /// Satisfaction given in feedback, 1–5
    #[arg(long)]
    pub rating: Option<i64>,
    /// How likely they are to recommend you (Net Promoter Score answer), 0–10
    #[arg(long)]
    pub nps: Option<i64>,
    /// They reached out to you
    #[arg(long = "in", conflicts_with = "outbound")]
    pub inbound: bool,
    /// You reached out to them
    #[arg(long = "out")]
    pub outbound: bool,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let contact_id = resolve::resolve_contact(ctx.store.db(), &args.contact)?;
    let now = ctx.clock.now();
    let at = match &args.at {
        Some(text) => {
            let w = when(ctx, text, Tense::Past)?;
            // No time given: now if it is today, else midday.
            let time = w.time.unwrap_or(if w.date == now.date() {
                now.time()
            } else {
                NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()
            });
            let at = w.date.and_time(time);
            if at > now + FUTURE_TOLERANCE {
                return Err(Error::user(format!(
                    "--at {text:?} is {}, in the future: an interaction is something that \
                     happened; nothing logged",
                    w.describe()
                ))
                .with_hint(format!(
                    "to plan it, schedule a follow-up: kith follow-up {:?} {text:?} \"what to do\"",
                    args.contact
                )));
            }
            at
        }
        None => now,
    };
    let amount = args
        .amount
        .as_deref()
        .map(|a| Money::parse(a, &ctx.config.currency))
        .transpose()?;
    let direction = match (args.inbound, args.outbound) {
        (true, _) => Some(Direction::In),
        (_, true) => Some(Direction::Out),
        _ => None,
    };
    let mut n = NewInteraction {
        contact_id,
        kind: args.kind,
        direction,
        at: at.format("%Y-%m-%d %H:%M:%S").to_string(),
        text: String::new(),
        amount,
        rating: args.rating,
        nps: args.nps,
    };
    // Validate before asking for text, so nobody writes a note for nothing.
    n.validate()?;
    // Text read from stdin or the editor exists nowhere else: keep it if the write fails.
    let typed_here = args.text.as_deref().is_none_or(|t| t == "-");
    n.text = match args.text.as_deref() {
        Some("-") => read_stdin()?,
        Some(t) => t.to_string(),
        None if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() => {
            let name = ctx
                .store
                .db()
                .contact(contact_id)?
                .map(|c| c.name)
                .unwrap_or_default();
            let header = format!("{} with {name}", args.kind);
            crate::editor::edit_text(&header)?
                .ok_or_else(|| Error::user("the note is empty; nothing logged"))?
        }
        None => String::new(),
    };
    let id = match capture::log_interaction(ctx, &n) {
        Ok(id) => id,
        Err(e) if typed_here && !n.text.trim().is_empty() => {
            return Err(keep_unsaved_text(e, &n.text, args));
        }
        Err(e) => return Err(e),
    };
    writeln!(std::io::stdout().lock(), "{id}")?;
    Ok(())
}

/// Saves text that could not be logged to a private file in the temporary
/// folder and says where in the error's hint; if even that fails, prints the
/// text back on standard error. Either way it is not lost.
fn keep_unsaved_text(err: Error, text: &str, args: &Args) -> Error {
    let saved = tempfile::Builder::new()
        .prefix("kith-unsaved-")
        .suffix(".txt")
        .tempfile()
        .and_then(|mut file| {
            file.write_all(text.as_bytes())?;
            file.flush()?;
            file.keep().map_err(|e| e.error)
        });
    let note = match saved {
        Ok((_, path)) => format!(
            "your text is kept in {}; log it later with: kith log {:?} {} - < {}",
            path.display(),
            args.contact,
            args.kind,
            path.display()
        ),
        Err(_) => {
            let _ = writeln!(
                std::io::stderr(),
                "kith: the text that was not logged:\n{}",
                crate::domain::text::printable_multiline(text)
            );
            "your text is printed above".to_string()
        }
    };
    let hint = match &err.hint {
        Some(h) => format!("{h}\n  {note}"),
        None => note,
    };
    Error {
        hint: Some(hint),
        ..err
    }
}

fn read_stdin() -> Result<String> {
    // One byte past the limit only: `kith log … - < /dev/zero` ends at once.
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_TEXT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(Error::user(
            "standard input holds more than 1 MB, the longest text an interaction may have; nothing logged",
        )
        .with_hint("log a summary, and keep the long text in a file"));
    }
    String::from_utf8(bytes)
        .map_err(|_| Error::user("standard input is not valid UTF-8; nothing logged"))
}

/// Any interaction kind but `campaign`, which only outreach records.
fn parse_loggable(s: &str) -> Result<InteractionKind, String> {
    match parse_word::<InteractionKind>(s)? {
        InteractionKind::Campaign => Err(
            "campaign interactions are recorded by outreach; use note, call, email, meeting, message, purchase or feedback".into(),
        ),
        kind => Ok(kind),
    }
}
