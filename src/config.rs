//! Settings and where files live.
//!
//! Every setting has a default, so no config file is needed. The database is
//! found by `--db PATH`, else `KITH_DB`, else the XDG data directory.

use std::path::{Path, PathBuf};

use etcetera::BaseStrategy;
use serde::Deserialize;

use crate::domain::Invalid;
use crate::domain::contact::check_phone_region;
use crate::domain::money::check_currency;
use crate::error::{Error, Result};

/// The commented default config, printed by `kith config default`.
pub const EXAMPLE: &str = include_str!("../assets/config.example.toml");

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub phone_region: String,
    pub currency: String,
    pub week_start: WeekStart,
    pub reminder_command: String,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum WeekStart {
    #[default]
    Monday,
    Sunday,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            phone_region: String::new(),
            currency: "EUR".into(),
            week_start: WeekStart::Monday,
            reminder_command: String::new(),
        }
    }
}

impl Config {
    /// Reads the config file if there is one; a missing file is the defaults.
    pub fn load(path: Option<&Path>) -> Result<Config> {
        let Some(path) = path else {
            return Ok(Config::default());
        };
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let invalid = |message: String| {
                    Error::user(format!(
                        "config file {} is not valid: {message}",
                        path.display()
                    ))
                    .with_hint("`kith config default` prints a valid file with every setting")
                };
                let config: Config =
                    toml::from_str(&text).map_err(|e| invalid(e.message().into()))?;
                config
                    .check()
                    .map_err(|e| invalid(format!("{}: {}", e.field, e.reason)))?;
                Ok(config)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Error::user(format!("cannot read {}: {e}", path.display()))),
        }
    }

    /// Checks the values serde cannot: the currency and the phone region
    /// (an error names the key).
    fn check(&self) -> Result<(), Invalid> {
        check_currency(&self.currency)?;
        if !self.phone_region.trim().is_empty() {
            check_phone_region(&self.phone_region)?;
        }
        Ok(())
    }

    /// The region for national phone numbers: the setting, else $LANG's territory.
    pub fn phone_region(&self) -> Option<String> {
        let set = self.phone_region.trim();
        if !set.is_empty() {
            return Some(set.to_ascii_uppercase());
        }
        let lang = std::env::var("LANG").ok()?;
        let territory = lang.split(['.', '@']).next()?.split('_').nth(1)?;
        (territory.len() == 2).then(|| territory.to_ascii_uppercase())
    }
}

/// Where kith keeps its files.
#[derive(Clone, Debug)]
pub struct Paths {
    pub db: PathBuf,
    pub config: Option<PathBuf>,
}

impl Paths {
    /// `--db` wins, then `KITH_DB` (clap reads it into `db_flag` too), then XDG
    /// (`$XDG_DATA_HOME/kith/kith.db`, by default `~/.local/share/kith/kith.db`).
    pub fn resolve(db_flag: Option<PathBuf>) -> Result<Paths> {
        let base = etcetera::choose_base_strategy().ok();
        let config = base
            .as_ref()
            .map(|b| b.config_dir().join("kith/config.toml"));
        let db = match db_flag {
            Some(p) => p,
            None => base
                .as_ref()
                .map(|b| b.data_dir().join("kith/kith.db"))
                .ok_or_else(|| {
                    Error::user("cannot find a home directory for the database")
                        .with_hint("pass --db PATH or set KITH_DB")
                })?,
        };
        Ok(Paths { db, config })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_config_is_the_default() {
        let parsed: Config = toml::from_str(EXAMPLE).expect("example parses");
        assert_eq!(parsed, Config::default());
    }

    #[test]
    fn unknown_keys_are_rejected_with_the_file_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "colour = 'red'\n").expect("write");
        let err = Config::load(Some(&path)).expect_err("unknown key");
        assert!(err.message.contains("config.toml"), "{}", err.message);
    }

    #[test]
    fn bad_values_are_refused_naming_the_file_and_the_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        for (text, key) in [
            ("currency = 'zzzz'\n", "currency"),
            ("currency = '€'\n", "currency"),
            ("phone_region = 'QQ'\n", "phone_region"),
        ] {
            std::fs::write(&path, text).expect("write");
            let err = Config::load(Some(&path)).expect_err(text);
            assert!(err.message.contains("config.toml"), "{}", err.message);
            assert!(err.message.contains(key), "{}", err.message);
        }
        std::fs::write(&path, "currency = 'usd'\nphone_region = 'gb'\n").expect("write");
        let cfg = Config::load(Some(&path)).expect("valid");
        assert_eq!(cfg.phone_region(), Some("GB".into()));
    }

    #[test]
    fn missing_file_is_defaults() {
        let cfg = Config::load(Some(Path::new("/nonexistent/kith/config.toml"))).expect("ok");
        assert_eq!(cfg, Config::default());
    }
}
