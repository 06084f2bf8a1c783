//! Import and export from the Contacts pane.
//!
//! `I` asks for a file, reads it in a dry run on the writer thread (the
//! import needs the writer's connection, and a big file must not freeze the
//! screen) and shows what importing would do; Enter imports it for real,
//! again on the writer, whose progress messages feed the status line while
//! the rest of the app stays usable. `X` writes the contacts listed (the
//! current search, in list order; everyone when nothing is searched) to a
//! file whose extension picks the format.

use std::path::{Path, PathBuf};

use super::action::{Action, PaneId};
use super::app::App;
use super::effect::{Effect, Outcome};
use super::overlays::path_prompt::{contacts, grouped};
use super::overlays::{Overlay, PathPrompt, ReportView};
use super::worker::Job;
use crate::domain::text::printable;
use crate::ops::export::Selection;
use crate::ops::import::{ImportReport, Progress};

/// An import or export in hand on the writer thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Running {
    /// The dry run reads the file.
    Checking(PathBuf),
    Importing {
        path: PathBuf,
        progress: Option<Progress>,
    },
    Exporting(PathBuf),
}

impl Running {
    /// What the status line says meanwhile.
    pub fn status(&self) -> String {
        match self {
            Running::Checking(path) => format!("reading {}…", shown(path)),
            Running::Importing {
                progress: Some(p), ..
            } => format!("importing {} / {}", grouped(p.done), grouped(p.total)),
            Running::Importing { path, .. } => format!("importing {}…", shown(path)),
            Running::Exporting(path) => format!("exporting to {}…", shown(path)),
        }
    }
}

/// A path as the screen shows it: made printable.
fn shown(path: &Path) -> String {
    printable(&path.display().to_string()).into_owned()
}

impl App {
    /// `I`, `X`, and the files their prompts named.
    pub(super) fn transfer(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Import => {
                self.overlay = Some(Overlay::Path(PathPrompt::import(self.dirs.clone())));
                Vec::new()
            }
            Action::Export => self.ask_export(),
            _ if self.transfer.is_some() => {
                self.say_error("an import or export is running: wait until it ends")
            }
            Action::ImportFile { path, dry_run } => {
                if dry_run {
                    self.overlay = Some(Overlay::ImportReport(ReportView::reading(path.clone())));
                    self.transfer = Some(Running::Checking(path.clone()));
                } else {
                    self.transfer = Some(Running::Importing {
                        path: path.clone(),
                        progress: None,
                    });
                }
                vec![Effect::Import { path, dry_run }]
            }
            Action::ExportFile {
                path,
                format,
                selection,
            } => {
                self.transfer = Some(Running::Exporting(path.clone()));
                vec![Effect::Export {
                    path,
                    format,
                    selection,
                }]
            }
            _ => Vec::new(),
        }
    }

    /// The export prompt, for the contacts listed now.
    fn ask_export(&mut self) -> Vec<Effect> {
        let list = &self.contacts;
        if list.hits.is_empty() {
            return self.say_error("no contacts listed: nothing to export");
        }
        let selection = if list.search.value().trim().is_empty() && !list.showing_archived() {
            Selection::All
        } else {
            Selection::Ids(list.hits.iter().map(|h| h.id).collect())
        };
        let default = format!("kith-export-{}.vcf", self.now.format("%Y-%m-%d"));
        let count = list.hits.len();
        self.overlay = Some(Overlay::Path(PathPrompt::export(
            self.dirs.clone(),
            &default,
            selection,
            count,
        )));
        Vec::new()
    }

    /// What came back from the writer for an import or export.
    pub(super) fn on_transfer(&mut self, outcome: Outcome) -> Vec<Effect> {
        match outcome {
            Outcome::ImportChecked { path, report } => {
                self.transfer = None;
                // Unless Esc closed the view meanwhile: then nothing shows.
                if let Some(Overlay::ImportReport(view)) = &mut self.overlay
                    && view.path == path
                {
                    view.report = Some(report);
                }
                Vec::new()
            }
            Outcome::ImportProgress(p) => {
                if let Some(Running::Importing { progress, .. }) = &mut self.transfer {
                    *progress = Some(p);
                }
                Vec::new()
            }
            Outcome::Imported { path, report } => {
                self.transfer = None;
                self.say_ok(&imported(&report, &path));
                self.reload_after_import()
            }
            Outcome::Exported { path, count } => {
                self.transfer = None;
                self.say_ok(&format!("exported {} to {}", contacts(count), shown(&path)));
                Vec::new()
            }
            Outcome::TransferFailed { path, message } => {
                self.transfer = None;
                if let Some(Overlay::ImportReport(view)) = &mut self.overlay
                    && view.path == path
                {
                    view.error = Some(message.clone());
                }
                self.say_error(&message)
            }
            _ => Vec::new(),
        }
    }

    /// Everyone is read again: an import may add or change thousands.
    fn reload_after_import(&mut self) -> Vec<Effect> {
        let mut effects = vec![Effect::Worker(Job::Load)];
        effects.extend(self.contacts.selected_id().map(Effect::LoadDetail));
        if self.active == PaneId::FollowUps {
            effects.push(Effect::LoadAgenda);
        }
        effects
    }
}

/// "imported 12, updated 3, unchanged 1, rejected 2 from contacts.vcf"
fn imported(r: &ImportReport, path: &Path) -> String {
    let n = |n: usize| grouped(u64::try_from(n).unwrap_or(u64::MAX));
    let warnings = match r.warnings.len() {
        0 => String::new(),
        1 => ", 1 warning".to_string(),
        w => format!(", {} warnings", n(w)),
    };
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    format!(
        "imported {}, updated {}, unchanged {}, rejected {}{warnings} from {}",
        n(r.imported),
        n(r.updated),
        n(r.unchanged),
        n(r.rejected.len()),
        printable(&name)
    )
}

#[cfg(test)]
mod tests;
