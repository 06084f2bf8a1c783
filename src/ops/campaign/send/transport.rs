//! Where a built message goes: an `.eml` file in a drafts folder, a
//! sendmail-compatible command (its words run without a shell, the message
//! on stdin), or an SMTP server (lettre's transport, built once a run).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use lettre::transport::smtp::SmtpTransport;
use lettre::{Message, Transport as _};

use crate::config::Outreach;
use crate::domain::Invalid;
use crate::domain::text::printable;
use crate::error::{Error, Result};
use crate::ops::files;

/// How long an SMTP conversation may stall before the message fails.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// An error shown to the user is one short line.
const ERROR_CHARS: usize = 200;

pub enum Transport {
    Drafts(PathBuf),
    Command(Vec<String>),
    Smtp {
        mailer: Box<SmtpTransport>,
        /// The URL without its password.
        shown: String,
    },
}

impl Transport {
    /// A drafts folder, created (private) when missing.
    pub fn drafts(dir: &Path) -> Result<Transport> {
        if !dir.is_dir() {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(dir).map_err(|e| {
                Error::user(format!("cannot create {}: {e}", dir.display()))
                    .with_hint("name a folder you can write to: --drafts DIR")
            })?;
        }
        Ok(Transport::Drafts(dir.to_path_buf()))
    }

    /// The configured way to send: `smtp_url` if set, else `send_command`.
    pub fn configured(outreach: &Outreach) -> Result<Transport> {
        if let Some(url) = outreach.smtp().map_err(config_error)? {
            return smtp(url, &outreach.smtp_password_env);
        }
        if let Some(words) = outreach.command().map_err(config_error)? {
            if words.is_empty() {
                return Err(config_error(Invalid::new(
                    "outreach.send_command",
                    "names no command",
                )));
            }
            return Ok(Transport::Command(words));
        }
        Err(Error::user("no way to send configured").with_hint(
            "write drafts with --drafts DIR, or set smtp_url or send_command in the \
             [outreach] table of the config file (`kith config paths` shows where it is)",
        ))
    }

    /// How the summary names it: the folder, the command, the server.
    pub fn shown(&self) -> String {
        match self {
            Transport::Drafts(dir) => dir.display().to_string(),
            Transport::Command(words) => shell_words::join(words),
            Transport::Smtp { shown, .. } => shown.clone(),
        }
    }

    /// Hands over one message; `file_stem` names its draft. An error is
    /// one printable line.
    pub fn deliver(&self, message: &Message, file_stem: &str) -> Result<(), String> {
        match self {
            Transport::Drafts(dir) => {
                let path = dir.join(format!("{file_stem}.eml"));
                files::write_private(&path, |out| Ok(out.write_all(&message.formatted())?))
                    .map_err(|e| short(&e.message))
            }
            Transport::Command(words) => run_command(words, &message.formatted()),
            Transport::Smtp { mailer, .. } => mailer
                .send(message)
                .map(|_| ())
                .map_err(|e| short(&e.to_string())),
        }
    }
}

/// A config value that cannot be used, naming its key.
fn config_error(e: Invalid) -> Error {
    let error = Error::user(format!(
        "the config's {} is not valid: {}",
        e.field, e.reason
    ));
    match e.hint {
        Some(hint) => error.with_hint(hint),
        None => error,
    }
}

fn without_password(url: &url::Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        let _ = shown.set_password(None);
    }
    shown.to_string()
}

/// lettre's SMTP transport for `smtp_url`; a user named in the URL logs in
/// with the password from the environment variable `smtp_password_env`.
fn smtp(mut url: url::Url, password_env: &str) -> Result<Transport> {
    let invalid = |e: String| Error::user(format!("[outreach] smtp_url is not valid: {e}"));
    let shown = without_password(&url);
    if !url.username().is_empty() && url.password().is_none() {
        let var = password_env.trim();
        let password = std::env::var(var).map_err(|_| {
            Error::user(format!(
                "smtp_url logs in as {:?} but the environment variable {var} holds no password",
                url.username()
            ))
            .with_hint(format!(
                "export {var}=... before sending (smtp_password_env names the variable)"
            ))
        })?;
        url.set_password(Some(&password))
            .map_err(|()| invalid("it cannot carry a password".into()))?;
    }
    let mailer = SmtpTransport::from_url(url.as_str())
        .map_err(|e| invalid(short(&e.to_string())))?
        .timeout(Some(SMTP_TIMEOUT))
        .build();
    Ok(Transport::Smtp {
        mailer: Box::new(mailer),
        shown,
    })
}

/// Runs the command with the message on its stdin; a non-zero exit is a
/// failure with the last line it wrote to stderr.
fn run_command(words: &[String], message: &[u8]) -> Result<(), String> {
    let (program, args) = words.split_first().ok_or("send_command names no command")?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| short(&format!("cannot run {program}: {e}")))?;
    // A command that exits without reading all of its input fails by its
    // exit status, not by the broken pipe.
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(message);
    }
    let mut stderr = String::new();
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut stderr);
    }
    let status = child
        .wait()
        .map_err(|e| short(&format!("{program}: {e}")))?;
    if status.success() {
        return Ok(());
    }
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
    Err(short(&match last {
        Some(line) => format!("{program} failed ({status}): {}", line.trim()),
        None => format!("{program} failed ({status})"),
    }))
}

/// One printable line of at most [`ERROR_CHARS`] characters.
pub fn short(text: &str) -> String {
    let line = printable(&text.replace(['\r', '\n'], " ")).into_owned();
    if line.chars().count() <= ERROR_CHARS {
        return line;
    }
    let mut cut: String = line.chars().take(ERROR_CHARS - 1).collect();
    cut.push('…');
    cut
}
