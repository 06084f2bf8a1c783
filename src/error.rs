//! The error every front end reports: a kind (which decides the exit code),
//! a message naming what was wrong, and an optional hint on what to do.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad input or an impossible request: exit 1.
    User,
    /// Wrong command-line usage: exit 2.
    Usage,
    /// Something broke that the user could not have prevented: exit 1.
    Internal,
    /// The reader closed our output (`kith list | head`): stop quietly, exit 0.
    BrokenPipe,
}

#[derive(Debug)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn user(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::User,
            message: message.into(),
            hint: None,
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Usage,
            message: message.into(),
            hint: None,
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Internal,
            message: message.into(),
            hint: None,
        }
    }

    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn exit_code(&self) -> u8 {
        match self.kind {
            ErrorKind::User | ErrorKind::Internal => 1,
            ErrorKind::Usage => 2,
            ErrorKind::BrokenPipe => 0,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl From<crate::store::StoreError> for Error {
    fn from(e: crate::store::StoreError) -> Self {
        use crate::store::StoreError as S;
        match e {
            S::NewerSchema { .. } => Error::user(e.to_string())
                .with_hint("upgrade kith to open this database; the file was left untouched"),
            S::Open { .. } => Error::user(e.to_string())
                .with_hint("check the path and its permissions, or pass --db PATH"),
            S::NotAFile { ref path, .. } => Error::user(e.to_string()).with_hint(format!(
                "name the database file itself, for example --db {}",
                path.join("kith.db").display()
            )),
            S::DanglingLink { .. } => Error::user(e.to_string()).with_hint(
                "bring back the file it points to (is that folder mounted or synced?), or remove the link to start a new database there",
            ),
            S::OtherOwner { ref path, .. } => Error::user(e.to_string()).with_hint(format!(
                "run kith as the user who owns it, or make it yours: chown $(id -un) {} (and its -wal and -shm files, if any); the file was left untouched",
                path.display()
            )),
            S::NotKith { .. } => Error::user(e.to_string()).with_hint(
                "the file was left untouched; --db (or KITH_DB) must name kith's own database, and a new path starts a new one",
            ),
            S::Busy => Error::user(e.to_string()).with_hint("another kith is writing; try again"),
            S::ReadOnly { ref path } => {
                let hint = match path {
                    Some(p) => format!(
                        "make it writable: chmod u+w {} (and its -wal and -shm files, if any)",
                        p.display()
                    ),
                    None => "make the database file writable (chmod u+w) and try again".into(),
                };
                Error::user(e.to_string()).with_hint(hint)
            }
            S::Full { .. } => {
                Error::user(e.to_string()).with_hint("free some space on that disk, then try again")
            }
            S::Sql(_) | S::Io(_) => Error::internal(e.to_string()),
        }
    }
}

impl From<crate::domain::Invalid> for Error {
    fn from(e: crate::domain::Invalid) -> Self {
        let hint = e.hint.clone();
        let err = Error::user(e.to_string());
        match hint {
            Some(h) => err.with_hint(h),
            None => err,
        }
    }
}

impl From<crate::domain::dates::DateError> for Error {
    fn from(e: crate::domain::dates::DateError) -> Self {
        // DateError's own Display already carries the forms that work.
        Error::user(e.to_string())
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Error {
                kind: ErrorKind::BrokenPipe,
                message: String::new(),
                hint: None,
            };
        }
        Error::user(e.to_string())
    }
}
