//! `kith template`: message templates for campaigns.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::domain::template::{MAX_SOURCE, Template};
use crate::domain::text::{printable, printable_multiline};
use crate::error::{Error, Result};
use crate::ops::{Ctx, resolve, template};

use super::args::JsonFlag;
use super::output::{buffered_stdout, fit, print_json};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  kith template add welcome --subject \"Hello {{ first_name | default('there') }}\" --body-file welcome.txt\n  \
    kith template add checkin --subject \"Quick check-in\"   (opens $EDITOR for the body)\n  \
    kith template list\n  kith template preview welcome jane@acme.io\n\n\
    Merge fields and syntax are in docs/outreach.md."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Add a template (the body from --body-file, else from $EDITOR)
    Add(AddArgs),
    /// Every template: name, subject, when it was changed
    #[command(visible_alias = "ls")]
    List(JsonFlag),
    /// A template's subject and body
    Show(ShowArgs),
    /// Change a template (--subject, --body-file, else $EDITOR on the body)
    Edit(EditArgs),
    /// Remove a template (campaigns keep their own copy)
    #[command(visible_alias = "remove")]
    Rm(ShowArgs),
    /// Render a template for one contact
    Preview(PreviewArgs),
}

#[derive(clap::Args, Debug)]
pub struct AddArgs {
    pub name: String,
    /// The subject line (merge fields allowed)
    #[arg(long, short = 's')]
    pub subject: String,
    /// Read the body from this file ("-": stdin)
    #[arg(long, short = 'f')]
    pub body_file: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct EditArgs {
    pub name: String,
    #[arg(long, short = 's')]
    pub subject: Option<String>,
    #[arg(long, short = 'f')]
    pub body_file: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    pub name: String,
    #[command(flatten)]
    pub json: JsonFlag,
}

#[derive(clap::Args, Debug)]
pub struct PreviewArgs {
    pub name: String,
    /// An id, an e-mail or a name
    pub contact: String,
    #[command(flatten)]
    pub json: JsonFlag,
}

impl Command {
    /// Whether the command only reads.
    pub fn reads_only(&self) -> bool {
        matches!(
            self,
            Command::List(_) | Command::Show(_) | Command::Preview(_)
        )
    }
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.command {
        Command::Add(a) => add(ctx, a),
        Command::List(json) => list(ctx, json.json),
        Command::Show(a) => show(ctx, a),
        Command::Edit(a) => edit(ctx, a),
        Command::Rm(a) => {
            let t = template::remove(ctx, &a.name)?;
            println!(
                "Removed template {} (campaigns keep their own copy).",
                printable(&t.name)
            );
            Ok(())
        }
        Command::Preview(a) => preview(ctx, a),
    }
}

fn add(ctx: &mut Ctx, a: &AddArgs) -> Result<()> {
    let (body, typed) = match &a.body_file {
        Some(path) => (read_body(path)?, false),
        None if std::io::stdin().is_terminal() => (from_editor(&a.name, "")?, true),
        None => (read_stdin()?, false),
    };
    let saved = template::add(ctx, &a.name, &a.subject, &body);
    let t = saved.map_err(|e| {
        if typed {
            keep_typed(e, &body, &a.name)
        } else {
            e
        }
    })?;
    println!(
        "Saved template {}. See it for a contact: kith template preview {} CONTACT",
        printable(&t.name),
        printable(&t.name)
    );
    Ok(())
}

fn edit(ctx: &mut Ctx, a: &EditArgs) -> Result<()> {
    let current = template::get(ctx, &a.name)?;
    let subject = a.subject.as_deref().unwrap_or(&current.subject);
    let (body, typed) = match &a.body_file {
        Some(path) => (read_body(path)?, false),
        None if a.subject.is_some() => (current.body.clone(), false),
        None => (from_editor(&current.name, &current.body)?, true),
    };
    let name = printable(&current.name);
    if subject == current.subject && body == current.body {
        println!("No change to template {name}.");
        return Ok(());
    }
    let saved = template::edit(ctx, &current.name, subject, &body);
    saved.map_err(|e| {
        if typed {
            keep_typed(e, &body, &current.name)
        } else {
            e
        }
    })?;
    println!("Updated template {name}.");
    Ok(())
}

/// The comment an editor opens with: minijinja ignores it, and it is taken
/// off again when left as it is.
fn editor_help(name: &str) -> String {
    format!(
        "{{#- The body of template {name}; this comment is not part of the message.
    Merge fields: {{{{ first_name }}}}, {{{{ name }}}}, {{{{ org }}}}, {{{{ fields.KEY }}}},
    {{{{ last_interaction.summary }}}}, {{{{ last_purchase.amount }}}}, {{{{ days_since_contact }}}}…
    A fallback: {{{{ first_name | default(\"there\") }}}}. A condition: {{% if org %}}…{{% endif %}}.
    Saving an empty body cancels. -#}}\n",
        name = printable(name)
    )
}

/// The body written in `$EDITOR`, starting from `current`.
fn from_editor(name: &str, current: &str) -> Result<String> {
    let help = editor_help(name);
    let text = crate::editor::edit_file(&format!("{help}{current}"), ".txt")?;
    Ok(text.strip_prefix(&help).unwrap_or(&text).to_string())
}

/// A body typed in the editor that was refused is kept in a private file,
/// named in the hint, so the work is not lost.
fn keep_typed(err: Error, body: &str, name: &str) -> Error {
    if body.trim().is_empty() {
        return err;
    }
    let kept = tempfile::Builder::new()
        .prefix("kith-template-")
        .suffix(".txt")
        .tempfile()
        .and_then(|mut file| {
            file.write_all(body.as_bytes())?;
            file.flush()?;
            file.keep().map_err(|e| e.error)
        });
    let note = match kept {
        Ok((_, path)) => format!(
            "your text is kept in {p}; fix it and run: kith template edit {name} --body-file {p}",
            p = path.display(),
            name = printable(name)
        ),
        Err(_) => return err,
    };
    let hint = match &err.hint {
        Some(h) => format!("{h}\n  {note}"),
        None => note,
    };
    err.with_hint(hint)
}

fn read_body(path: &Path) -> Result<String> {
    if path.as_os_str() == "-" {
        return read_stdin();
    }
    let cannot_read = |e: &std::io::Error| {
        Error::user(format!("cannot read {}: {e}", path.display()))
            .with_hint("--body-file names a text file, or - for standard input")
    };
    // Read one byte past the limit only: a huge file (or /dev/zero) is
    // refused without being read.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_SOURCE as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| cannot_read(&e))?;
    if bytes.len() > MAX_SOURCE {
        return Err(Error::user(format!(
            "{} is larger than {} KiB, the most a template's body may be; nothing was saved",
            path.display(),
            MAX_SOURCE / 1024
        ))
        .with_hint("--body-file names the text of one message"));
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let line = bytes[..at].split(|&b| b == b'\n').count();
        Error::user(format!(
            "{} line {line}: invalid UTF-8 (byte 0x{:02X}); nothing was saved",
            path.display(),
            bytes[at]
        ))
        .with_hint("save the file as UTF-8 (iconv -f latin1 -t utf-8 FILE) and run again")
    })
}

fn read_stdin() -> Result<String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_SOURCE as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_SOURCE {
        return Err(Error::user(format!(
            "standard input holds more than {} KiB, the most a template's body may be; nothing was saved",
            MAX_SOURCE / 1024
        )));
    }
    String::from_utf8(bytes)
        .map_err(|_| Error::user("standard input is not valid UTF-8; nothing was saved"))
}

#[derive(Serialize)]
struct Listed<'a> {
    name: &'a str,
    subject: &'a str,
    created_at: &'a str,
    updated_at: &'a str,
}

fn list(ctx: &Ctx, json: bool) -> Result<()> {
    let all = ctx.store.db().templates()?;
    if json {
        let out: Vec<Listed<'_>> = all
            .iter()
            .map(|t| Listed {
                name: &t.name,
                subject: &t.subject,
                created_at: &t.created_at,
                updated_at: &t.updated_at,
            })
            .collect();
        return print_json(&out);
    }
    let mut out = buffered_stdout();
    if all.is_empty() {
        writeln!(out, "No templates yet: kith template add NAME --subject S")?;
    }
    for t in &all {
        writeln!(
            out,
            "{}  {}  {}",
            fit(&t.name, 20),
            printable(t.updated_at.get(..10).unwrap_or(&t.updated_at)),
            printable(&t.subject)
        )?;
    }
    out.flush()?;
    Ok(())
}

fn show(ctx: &Ctx, a: &ShowArgs) -> Result<()> {
    let t: Template = template::get(ctx, &a.name)?;
    if a.json.json {
        return print_json(&t);
    }
    print_message(&t.subject, &t.body)
}

/// "Subject: …", a blank line, the body.
fn print_message(subject: &str, body: &str) -> Result<()> {
    let mut out = buffered_stdout();
    writeln!(out, "Subject: {}", printable(subject))?;
    writeln!(out)?;
    writeln!(out, "{}", printable_multiline(body.trim_end()))?;
    out.flush()?;
    Ok(())
}

fn preview(ctx: &Ctx, a: &PreviewArgs) -> Result<()> {
    let t = template::get(ctx, &a.name)?;
    let id = resolve::resolve_contact(ctx.store.db(), &a.contact)?;
    let data = template::merge_data(ctx, id)?;
    let rendered = crate::domain::template::render(&t.subject, &t.body, &data)
        .map_err(|e| template::refused(&e))?;
    if a.json.json {
        #[derive(Serialize)]
        struct Preview<'a> {
            template: &'a str,
            contact_id: i64,
            contact: &'a str,
            subject: &'a str,
            body: &'a str,
        }
        return print_json(&Preview {
            template: &t.name,
            contact_id: id,
            contact: &data.name,
            subject: &rendered.subject,
            body: &rendered.body,
        });
    }
    print_message(&rendered.subject, &rendered.body)
}
