//! Writing a long note in the user's `$EDITOR` (or `$VISUAL`, else `vi`).

use std::io::Write as _;
use std::process::Command;

use crate::error::{Error, Result};

/// Opens the editor on a temporary file holding `header` as `#` comments and
/// returns what the user wrote, comment lines removed and trimmed.
/// Returns `None` when the note is left empty.
pub fn edit_text(header: &str) -> Result<Option<String>> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|e| !e.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_string());
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
    // Through the shell, so EDITOR="code --wait" works as users expect.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("kith-editor")
        .arg(file.path())
        .status()
        .map_err(|e| Error::user(format!("cannot start the editor {editor:?}: {e}")))?;
    if !status.success() {
        return Err(Error::user(format!(
            "the editor {editor:?} exited with {status}; nothing saved"
        )));
    }
    let text = std::fs::read_to_string(file.path())?;
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    let note = kept.join("\n").trim().to_string();
    Ok((!note.is_empty()).then_some(note))
}
