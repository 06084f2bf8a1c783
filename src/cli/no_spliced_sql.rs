//! No SQL is made from user text: commands are run in process, as the
//! binary runs them, with a marker holding both quote characters in every
//! value typed (names, e-mails, notes, queries, templates, a file imported),
//! while the store's connection records the text of every statement it runs
//! before binding. The marker reaches the database (it is read back) but no
//! statement's text: every value travels as a bound parameter.

use std::path::Path;

use chrono::NaiveDate;
use clap::Parser;

use super::{Cli, run_on_db};
use crate::clock::Clock;
use crate::config::Config;
use crate::ops::Ctx;
use crate::store::Store;

/// In every text typed; `zqmark'x` where a value cannot hold `"` (e-mails,
/// tags, segment names). Its letters are looked for, case-insensitively, in
/// the statements: a value spliced in is found even with its quotes escaped.
const MARK: &str = "Zqmark'x\"";
const MARK_LETTERS: &str = "zqmark";

fn run(ctx: &mut Ctx, args: &[&str]) {
    let cli = Cli::try_parse_from(std::iter::once("kith").chain(args.iter().copied()))
        .unwrap_or_else(|e| panic!("kith {args:?} does not parse: {e}"));
    let command = cli.command.expect("a command");
    if let Err(e) = run_on_db(ctx, command) {
        panic!("kith {args:?} failed: {e}");
    }
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Contacts, their timeline and follow-ups, found again.
fn capture(ctx: &mut Ctx) {
    let (alpha, org) = (format!("{MARK} Alpha"), format!("{MARK} Org"));
    let field = format!("industry={MARK}");
    let (title, city) = (format!("{MARK} title"), format!("{MARK} city"));
    let (summary, note) = (format!("{MARK} a call"), format!("{MARK} send it"));
    let alpha_email = "zqmark'x.alpha@example.org";
    for args in [
        &["add", &alpha, "-e", alpha_email, "--org", &org][..],
        &[
            "add",
            "Beta Zqmark'x",
            "-e",
            "zqmark'x.beta@example.org",
            "--field",
            &field,
        ],
        &["add", "Gamma Gone", "-e", "gamma@example.org", "--force"],
        &[
            "edit", "1", "--title", &title, "--city", &city, "--tag", "zqmark'x",
        ],
        &["edit", "2", "--tag", "zqmark'x", "--consent", "granted"],
        &["edit", "1", "--consent", "granted"],
        &["log", alpha_email, "call", &summary],
        &["follow-up", "1", "tomorrow", &note],
        &["find", "Zqmark'x"],
        &["find", "zqmark'x alpha"],
        &["find", "Zqmark'x\" Org"],
        &["find", "zqmark'x.beta@"],
        &["show", alpha_email],
    ] {
        run(ctx, args);
    }
}

/// Queries in the segment language, a saved segment, its use in a query.
fn segments(ctx: &mut Ctx) {
    // Quoted in the segment language: `\"` is a quote.
    let quoted = MARK.replace('"', "\\\"");
    let queries = [
        format!("name:\"{quoted}\""),
        "tag:zqmark'x email:zqmark'x".to_string(),
        format!("org:=\"{quoted} Org\" or title:\"{quoted}\""),
        format!("field.industry:\"{quoted}\" -city:\"{quoted} city\""),
    ];
    for query in &queries {
        run(ctx, &["list", "--where", query]);
    }
    for args in [
        &["segment", "add", "marked", &queries[0], "-d", MARK][..],
        &["segment", "show", "marked"],
        &["list", "--where", "segment:marked"],
        &["list", "--tag", "zqmark'x"],
    ] {
        run(ctx, args);
    }
}

/// A template, a campaign sent as drafts, a response and the report.
fn outreach(ctx: &mut Ctx, dir: &Path) {
    let body = dir.join("body.txt");
    std::fs::write(&body, format!("Hello {{{{ first_name }}}}, {MARK}\n")).expect("body");
    let subject = format!("{MARK} {{{{ name }}}}");
    let drafts = dir.join("drafts");
    let from = "\"Zqmark'x\\\"\" <zqmark'x@example.org>";
    for args in [
        &[
            "template",
            "add",
            "marked",
            "-s",
            &subject,
            "-f",
            arg(&body),
        ][..],
        &["template", "preview", "marked", "1"],
        &[
            "campaign",
            "new",
            "spring",
            "--where",
            "tag:zqmark'x",
            "-t",
            "marked",
        ],
        &[
            "campaign",
            "send",
            "spring",
            "--from",
            from,
            "--drafts",
            arg(&drafts),
        ],
        &[
            "campaign",
            "respond",
            "zqmark'x.alpha@example.org",
            "spring",
        ],
        &["campaign", "report", "spring"],
        &["campaign", "list"],
    ] {
        run(ctx, args);
    }
}

/// An import, a merge undone, checks, exports, figures, and a forgetting.
fn keeping(ctx: &mut Ctx, dir: &Path) {
    let csv = dir.join("people.csv");
    std::fs::write(
        &csv,
        format!(
            "Name,E-mail,Organization,Notes\n\
             \"Delta {m}\",zqmark'x.delta@example.org,\"{m} Imports\",\"{m} note\"\n\
             \"Zqmark'x\"\" Alpha\",zqmark'x.alpha@example.org,\"{m} Org\",\n",
            m = MARK.replace('"', "\"\"")
        ),
    )
    .expect("csv");
    let (vcf, tagged) = (dir.join("all.vcf"), dir.join("tagged.csv"));
    let one = dir.join("one.json");
    for args in [
        &["import", arg(&csv)][..],
        &[
            "merge",
            "zqmark'x.beta@example.org",
            "zqmark'x.delta@example.org",
        ],
        &["history"],
        &["undo"],
        &["dedup"],
        &["check", "--data"],
        &["export", "-o", arg(&vcf)],
        &["export", "--where", "zqmark'x", "-o", arg(&tagged)],
        &[
            "export",
            "--contact",
            "zqmark'x.alpha@example.org",
            "-o",
            arg(&one),
        ],
        &["kpi"],
        &["rfm"],
        &["next"],
        &["remind", "--all"],
        &["forget", "gamma@example.org", "--yes"],
        &["segment", "rm", "marked"],
    ] {
        run(ctx, args);
    }
}

#[test]
fn no_statement_holds_text_a_user_typed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let at = NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("date");
    let mut ctx = Ctx {
        store: Store::open(&dir.path().join("kith.db")).expect("store"),
        clock: Clock::fixed(at),
        config: Config::default(),
    };
    let statements = ctx.store.trace_statements();
    capture(&mut ctx);
    segments(&mut ctx);
    outreach(&mut ctx, dir.path());
    keeping(&mut ctx, dir.path());

    // Taken out of the list: the reads below are traced too.
    let statements = std::mem::take(&mut *statements.lock().expect("trace list"));
    assert!(
        statements.len() > 500,
        "the trace saw the work: {}",
        statements.len()
    );
    let spliced: Vec<&String> = statements
        .iter()
        .filter(|sql| sql.to_lowercase().contains(MARK_LETTERS))
        .collect();
    assert!(spliced.is_empty(), "SQL made from user text: {spliced:#?}");
    // The marker did reach the database, as bound values.
    let alpha = ctx.store.db().contact(1).expect("read").expect("contact 1");
    assert_eq!(alpha.name, format!("{MARK} Alpha"));
    assert_eq!(alpha.title.as_deref(), Some(&*format!("{MARK} title")));
}
