//! Writing a long note in the user's `$EDITOR` (or `$VISUAL`, else `vi`).

use std::io::Write as _;
use std::process::Command;

use crate::error::{Error, Result};

/// Opens the editor on a temporary file holding `header` as `#` comments and
/// returns what the user wrote, comment lines removed and trimmed.
/// Returns `None` when the note is left empty.
pub fn edit_text(header: &str) -> Result<Option<String>> {
    let mut file = tempfile::Builder::new()
        .prefix("kith-note-")
        .suffix(".md")
        .tempfile()?;
    for line in header.lines() {
        writeln!(file, "# {line}")?;
    }
    writeln!(
        file,
        "# Lines starting with '#' are ignored; an empty note cancels."
    )?;
    file.flush()?;
    run_editor(file.path())?;
    let text = std::fs::read_to_string(file.path())?;
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    let note = kept.join("\n").trim().to_string();
    Ok((!note.is_empty()).then_some(note))
}

/// Opens the editor on a temporary file (named `*{suffix}`) holding
/// `initial`, and returns the file as the user left it.
pub fn edit_file(initial: &str, suffix: &str) -> Result<String> {
    let mut file = tempfile::Builder::new()
        .prefix("kith-")
        .suffix(suffix)
        .tempfile()?;
    file.write_all(initial.as_bytes())?;
    file.flush()?;
    run_editor(file.path())?;
    let bytes = std::fs::read(file.path())?;
    String::from_utf8(bytes)
        .map_err(|_| Error::user("the edited text is not valid UTF-8; nothing saved"))
}

/// `$VISUAL`, else `$EDITOR`, else `vi`.
fn editor() -> String {
    std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|e| !e.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_string())
}

fn run_editor(path: &std::path::Path) -> Result<()> {
    let editor = editor();
    // Through the shell, so EDITOR="code --wait" works as users expect.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("kith-editor")
        .arg(path)
        .status()
        .map_err(|e| Error::user(format!("cannot start the editor {editor:?}: {e}")))?;
    if !status.success() {
        return Err(Error::user(format!(
            "the editor {editor:?} exited with {status}; nothing saved"
        )));
    }
    Ok(())
}
