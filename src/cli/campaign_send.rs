//! `kith campaign send`: the progress bar, the rate, the summary.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};

use crate::error::{Error, Result};
use crate::ops::Ctx;
use crate::ops::campaign::send::{self, Progress, SendOptions, Sent, Target};

use super::campaign::SendArgs;

/// The fastest `--rate` there is: beyond it, leave the rate out.
const MAX_RATE: u32 = 10_000;

/// Failed messages listed one by one; the rest are counted.
const SHOWN_ERRORS: usize = 10;

pub fn run(ctx: &mut Ctx, args: &SendArgs) -> Result<()> {
    let options = SendOptions {
        target: args
            .drafts
            .clone()
            .map_or(Target::Configured, Target::Drafts),
        rate_per_minute: args.rate.as_deref().map(parse_rate).transpose()?,
        resend_uncertain: args.resend_uncertain,
        from: args.from.clone(),
    };
    // A bar on stderr only when a person watches it; silent in scripts.
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::hidden();
        bar.set_style(
            ProgressStyle::with_template("sending {wide_bar} {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar
    });
    let mut on_progress = |p: &Progress| {
        if let Some(bar) = &bar {
            bar.set_length(p.total);
            bar.set_position(p.done);
            bar.set_message(p.name.clone());
        }
    };
    let result = send::send(ctx, &args.name, &options, &mut on_progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let sent = result?;
    let drafts = matches!(options.target, Target::Drafts(_));
    std::io::stdout()
        .lock()
        .write_all(summary(&sent, drafts).as_bytes())?;
    if sent.failed > 0 {
        let mut message = format!(
            "{} {} not sent",
            sent.failed,
            plural(sent.failed, "message was", "messages were")
        );
        if sent.stopped_early {
            message.push_str(" (stopped: the last ones all failed, the server may be down)");
        }
        return Err(Error::user(message).with_hint("run the same command again to retry"));
    }
    Ok(())
}

/// Reads `--rate`: N or N/min, from 1 to 10000.
fn parse_rate(text: &str) -> Result<u32> {
    let trimmed = text.trim();
    let number = trimmed.strip_suffix("/min").unwrap_or(trimmed).trim();
    match number.parse::<u32>() {
        Ok(n) if (1..=MAX_RATE).contains(&n) => Ok(n),
        _ => Err(Error::usage(format!(
            "--rate {text:?} is not a number of messages a minute from 1 to {MAX_RATE}"
        ))
        .with_hint("--rate 30 or --rate 30/min; leave it out for no limit")),
    }
}

fn plural<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// What the run did, in sentences (stored text in it is already printable).
fn summary(s: &Sent, drafts: bool) -> String {
    let mut out = String::new();
    let attempted = s.sent + s.failed + s.skipped;
    if attempted == 0 && s.uncertain == 0 && s.already_sent == 0 {
        out.push_str("nothing to send: the campaign has no one to send to\n");
        return out;
    }
    if attempted == 0 && s.uncertain == 0 {
        let _ = writeln!(
            out,
            "nothing to send: all {} {} sent",
            s.already_sent,
            plural(s.already_sent, "message was", "messages were")
        );
        return out;
    }
    let variants: Vec<String> = s
        .by_variant
        .iter()
        .map(|(v, n)| format!("{v} {n}"))
        .collect();
    let variants = if variants.len() > 1 {
        format!(" ({})", variants.join(", "))
    } else {
        String::new()
    };
    if drafts {
        let _ = write!(
            out,
            "Wrote {} {}{variants} to {}",
            s.sent,
            plural(s.sent, "draft", "drafts"),
            s.via
        );
    } else {
        let _ = write!(
            out,
            "Sent {} {}{variants} via {}",
            s.sent,
            plural(s.sent, "message", "messages"),
            s.via
        );
    }
    if s.skipped > 0 {
        let reasons: Vec<&str> = s
            .skipped_by_reason
            .keys()
            .map(|r| match r.as_str() {
                "no-email" => "no e-mail address any more",
                _ => "consent withdrawn or unknown",
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let _ = write!(out, "; {} skipped ({})", s.skipped, reasons.join(", "));
    }
    if s.failed > 0 {
        let _ = write!(out, "; {} failed", s.failed);
    }
    out.push('\n');
    for error in s.errors.iter().take(SHOWN_ERRORS) {
        let _ = writeln!(out, "  failed: {error}");
    }
    if s.errors.len() > SHOWN_ERRORS {
        let _ = writeln!(out, "  … and {} more", s.errors.len() - SHOWN_ERRORS);
    }
    if s.failed > 0 {
        out.push_str("Run the same command again to retry the failed ones.\n");
    }
    if s.uncertain > 0 {
        let _ = writeln!(
            out,
            "{} {} may have gone out when a previous run was stopped; {} not sent again \
             (--resend-uncertain sends {})",
            s.uncertain,
            plural(s.uncertain, "message", "messages"),
            plural(s.uncertain, "it was", "they were"),
            plural(s.uncertain, "it", "them")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_read_or_refused() {
        assert_eq!(parse_rate("30").expect("n"), 30);
        assert_eq!(parse_rate("600/min").expect("n/min"), 600);
        for bad in ["0", "0/min", "abc", "10001", "-3", "5/h", ""] {
            let err = parse_rate(bad).expect_err(bad);
            assert_eq!(err.exit_code(), 2, "{bad}");
        }
    }

    #[test]
    fn the_summary_counts_variants_skips_failures_and_uncertain_ones() {
        let mut s = Sent {
            via: "smtp://127.0.0.1:2525".into(),
            sent: 37,
            failed: 1,
            skipped: 3,
            uncertain: 2,
            errors: vec!["Ann <ann@example.org>: refused".into()],
            ..Sent::default()
        };
        s.by_variant.insert("A".into(), 19);
        s.by_variant.insert("B".into(), 18);
        s.skipped_by_reason.insert("consent-denied".into(), 3);
        let text = summary(&s, false);
        assert!(
            text.starts_with(
                "Sent 37 messages (A 19, B 18) via smtp://127.0.0.1:2525; 3 skipped (consent withdrawn or unknown); 1 failed\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("  failed: Ann <ann@example.org>: refused\n"),
            "{text}"
        );
        assert!(text.contains("2 messages may have gone out"), "{text}");
        let done = Sent {
            already_sent: 37,
            ..Sent::default()
        };
        assert_eq!(
            summary(&done, false),
            "nothing to send: all 37 messages were sent\n"
        );
    }
}
