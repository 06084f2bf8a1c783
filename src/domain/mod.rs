//! The domain: contacts, interactions, follow-ups and the rules around them.
//!
//! Pure types and functions only: nothing here opens a file, a database or a
//! terminal, and "now" is always passed in. The store persists these types,
//! `ops` combines them into user intents, and the CLI and TUI display them.

pub mod campaign;
pub mod churn;
pub mod cleanup;
pub mod contact;
pub mod dates;
pub mod dedup;
pub mod follow_up;
pub mod goal;
pub mod interaction;
pub mod kpi;
pub mod merge;
pub mod money;
pub mod name_case;
pub mod next;
pub mod period;
pub mod phone;
pub mod privacy;
pub mod remind;
pub mod rfm;
pub mod search;
pub mod segment;
pub mod template;
pub mod text;

use std::fmt;

/// A value the user gave that kith cannot accept: names the field and says why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    pub field: String,
    pub reason: String,
    pub hint: Option<String>,
}

impl Invalid {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Invalid {
            field: field.into(),
            reason: reason.into(),
            hint: None,
        }
    }

    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}: {}", self.field, self.reason)
    }
}

impl std::error::Error for Invalid {}

/// Declares a closed set of words stored as text: `as_str`, `FromStr` (with an
/// error listing the choices), `ALL`, and serde as the lowercase word.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::Invalid;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let lower = s.trim().to_ascii_lowercase();
                match lower.as_str() {
                    $($word => Ok($name::$variant),)+
                    _ => Err($crate::domain::Invalid::new(
                        $field,
                        format!("{s:?} is not one of: {}", [$($word),+].join(", ")),
                    )),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}
pub(crate) use word_enum;
