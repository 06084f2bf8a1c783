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
    /// A contact with no interaction for this many months is "stale"
    /// (`kith check --data`, the Cleanup pane); 0 turns the check off.
    pub stale_months: u32,
    /// Templates and campaigns: who sends, how, and what counts as a response.
    pub outreach: Outreach,
}

/// The `[outreach]` table: how `kith campaign send` delivers messages.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Outreach {
    /// The From of every message: "Jane Doe <jane@example.com>". Empty:
    /// `campaign send` refuses until it is set.
    pub from: String,
    /// A sendmail-compatible command ("msmtp -t", "sendmail -t -i"): split
    /// into words, run without a shell, the message on its stdin.
    pub send_command: String,
    /// Or an SMTP server: `smtp://host:25`, `smtps://user@host:465` (the
    /// password from the environment variable named by `smtp_password_env`).
    pub smtp_url: String,
    pub smtp_password_env: String,
    /// An inbound interaction this many days after a send counts as a response.
    pub response_days: u32,
    /// At most this many messages a minute (`--rate` overrides); 0: no limit.
    pub rate_per_minute: u32,
}

/// The one rule for a message's From, wherever it is typed (the config,
/// `--from`, the TUI): "Jane Doe <jane@example.com>" or a bare address;
/// blank is None. `field` names where it came from in the error.
pub fn sender(text: &str, field: &str) -> Result<Option<lettre::message::Mailbox>, Invalid> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| {
        Invalid::new(
            field,
            format!("{text:?} is not a sender like \"Jane Doe <jane@example.com>\""),
        )
    })
}

impl Outreach {
    /// The sender, when set: "Jane Doe <jane@example.com>" or an address.
    pub fn sender(&self) -> Result<Option<lettre::message::Mailbox>, Invalid> {
        sender(&self.from, "outreach.from")
    }

    /// The SMTP server, when set: smtp:// (`?tls=required` for STARTTLS)
    /// or smtps://, with a host.
    pub fn smtp(&self) -> Result<Option<url::Url>, Invalid> {
        let text = self.smtp_url.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let invalid = |reason: String| {
            Invalid::new("outreach.smtp_url", reason).hint(
                "smtp://HOST:PORT, smtp://USER@HOST:587?tls=required or smtps://USER@HOST:465",
            )
        };
        let url = url::Url::parse(text).map_err(|e| invalid(format!("not a URL ({e})")))?;
        if !matches!(url.scheme(), "smtp" | "smtps") {
            return Err(invalid(format!(
                "{}:// is neither smtp:// nor smtps://",
                url.scheme()
            )));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(invalid("it names no server".into()));
        }
        if url.password().is_some() {
            return Err(Invalid::new(
                "outreach.smtp_url",
                "holds a password; a config file is no place for one",
            )
            .hint(
                "leave it out of the URL and export it in the variable smtp_password_env names",
            ));
        }
        if let Some((_, tls)) = url.query_pairs().find(|(k, _)| k == "tls")
            && !matches!(tls.as_ref(), "required" | "opportunistic")
        {
            return Err(invalid(format!(
                "tls={tls} is neither required nor opportunistic"
            )));
        }
        Ok(Some(url))
    }

    /// The words of `send_command`, when set, split as a shell would (no
    /// shell runs them).
    pub fn command(&self) -> Result<Option<Vec<String>>, Invalid> {
        if self.send_command.trim().is_empty() {
            return Ok(None);
        }
        shell_words::split(&self.send_command)
            .map(Some)
            .map_err(|e| {
                Invalid::new(
                    "outreach.send_command",
                    format!("cannot be split into words ({e})"),
                )
            })
    }

    fn check(&self) -> Result<(), Invalid> {
        self.sender()?;
        self.smtp()?;
        self.command()?;
        if !(1..=365).contains(&self.response_days) {
            return Err(Invalid::new(
                "outreach.response_days",
                "is a number of days from 1 to 365",
            ));
        }
        Ok(())
    }
}

impl Default for Outreach {
    fn default() -> Self {
        Outreach {
            from: String::new(),
            send_command: String::new(),
            smtp_url: String::new(),
            smtp_password_env: "KITH_SMTP_PASSWORD".into(),
            response_days: 14,
            rate_per_minute: 0,
        }
    }
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
            stale_months: 12,
            outreach: Outreach::default(),
        }
    }
}

impl Config {
    /// Reads the config file if there is one; a missing file is the defaults.
    pub fn load(path: Option<&Path>) -> Result<Config> {
        let Some(path) = path else {
            return Ok(Config::default());
        };
        match read_trusted(path) {
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
            Err(Unread::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(Unread::Io(e)) => Err(Error::user(format!("cannot read {}: {e}", path.display()))),
            Err(Unread::Untrusted(e)) => Err(e),
        }
    }

    /// Checks the values serde cannot: the currency and the phone region
    /// (an error names the key).
    fn check(&self) -> Result<(), Invalid> {
        check_currency(&self.currency)?;
        if !self.phone_region.trim().is_empty() {
            check_phone_region(&self.phone_region)?;
        }
        self.outreach.check()
    }

    /// The first day of the week, for "next week".
    pub fn first_weekday(&self) -> chrono::Weekday {
        match self.week_start {
            WeekStart::Monday => chrono::Weekday::Mon,
            WeekStart::Sunday => chrono::Weekday::Sun,
        }
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

/// Why a config file was not read.
enum Unread {
    Io(std::io::Error),
    /// Someone other than its owner could have chosen what it says.
    Untrusted(Error),
}

/// The config file's text, if only its owner (the user, or root) can change
/// it. The config names commands kith runs (`reminder_command`,
/// `send_command`): a file others can write would let them run theirs as
/// the user, so it is refused, as ssh refuses such a config. The checks are
/// made on the file opened, not on its path, so it cannot be swapped between.
fn read_trusted(path: &Path) -> Result<String, Unread> {
    use std::io::Read as _;
    let mut file = std::fs::File::open(path).map_err(Unread::Io)?;
    #[cfg(unix)]
    check_owner_only(path, &file.metadata().map_err(Unread::Io)?).map_err(Unread::Untrusted)?;
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(Unread::Io)?;
    Ok(text)
}

/// Refuses a config writable by its group or by everyone, or owned by
/// another user than the one running kith (root's files are trusted, as
/// ssh trusts them).
#[cfg(unix)]
fn check_owner_only(path: &Path, meta: &std::fs::Metadata) -> Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o022 != 0 {
        let who = if mode & 0o002 == 0 {
            "its group"
        } else {
            "everyone"
        };
        return Err(Error::user(format!(
            "config file {} can be changed by {who} (mode {mode:04o}); kith does not read it, \
             as it names commands kith runs",
            path.display()
        ))
        .with_hint(format!("chmod go-w {}", path.display())));
    }
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me && meta.uid() != 0 {
        return Err(Error::user(format!(
            "config file {} belongs to another user (uid {}, you are uid {me}); kith does not \
             read it, as it names commands kith runs",
            path.display(),
            meta.uid()
        ))
        .with_hint(format!(
            "use a config of your own, or have it handed over: chown {me} {}",
            path.display()
        )));
    }
    Ok(())
}

/// Where kith keeps its files.
#[derive(Clone, Debug)]
pub struct Paths {
    pub db: PathBuf,
    /// Who named the database file.
    pub db_from: DbFrom,
    pub config: Option<PathBuf>,
}

/// Who named the database file: only the default one is created with its
/// folders on first use; a named one must be in a folder that exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbFrom {
    /// `--db PATH`.
    Flag,
    /// The `KITH_DB` environment variable.
    Env,
    /// The XDG data directory.
    Default,
}

impl DbFrom {
    /// How to name the source in a message: `--db`, `KITH_DB`, "the default location".
    pub fn label(self) -> &'static str {
        match self {
            DbFrom::Flag => "--db",
            DbFrom::Env => "KITH_DB",
            DbFrom::Default => "the default location",
        }
    }
}

impl Paths {
    /// `--db` wins, then `KITH_DB`, then XDG (`$XDG_DATA_HOME/kith/kith.db`,
    /// by default `~/.local/share/kith/kith.db`). An empty `--db` or
    /// `KITH_DB` is an error naming which.
    pub fn resolve(db_flag: Option<PathBuf>) -> Result<Paths> {
        Paths::resolve_with(db_flag, std::env::var_os("KITH_DB"))
    }

    fn resolve_with(db_flag: Option<PathBuf>, env: Option<std::ffi::OsString>) -> Result<Paths> {
        let base = etcetera::choose_base_strategy().ok();
        let config = base
            .as_ref()
            .map(|b| b.config_dir().join("kith/config.toml"));
        let empty = |name: &str| {
            Error::user(format!("{name} is empty: it should name the database file")).with_hint(
                format!(
                    "set {name} to a path such as ~/crm/kith.db, or leave it out for the default"
                ),
            )
        };
        let (db, db_from) = match (db_flag, env) {
            (Some(p), _) if p.as_os_str().is_empty() => return Err(empty("--db")),
            (Some(p), _) => (p, DbFrom::Flag),
            (None, Some(e)) if e.is_empty() => return Err(empty("KITH_DB")),
            (None, Some(e)) => (PathBuf::from(e), DbFrom::Env),
            (None, None) => (
                base.as_ref()
                    .map(|b| b.data_dir().join("kith/kith.db"))
                    .ok_or_else(|| {
                        Error::user("cannot find a home directory for the database")
                            .with_hint("pass --db PATH or set KITH_DB")
                    })?,
                DbFrom::Default,
            ),
        };
        Ok(Paths {
            db,
            db_from,
            config,
        })
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
            ("[outreach]\nfrom = 'Jane <jane>'\n", "outreach.from"),
            (
                "[outreach]\nsmtp_url = 'http://mail.example.com'\n",
                "outreach.smtp_url",
            ),
            (
                "[outreach]\nsmtp_url = 'smtp://mail.example.com?tls=maybe'\n",
                "outreach.smtp_url",
            ),
            (
                "[outreach]\nsend_command = 'msmtp \"-t'\n",
                "outreach.send_command",
            ),
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
    fn the_database_path_and_who_named_it() {
        let p = Paths::resolve_with(Some("a.db".into()), Some("b.db".into())).expect("flag");
        assert_eq!((p.db, p.db_from), (PathBuf::from("a.db"), DbFrom::Flag));
        let p = Paths::resolve_with(None, Some("b.db".into())).expect("env");
        assert_eq!((p.db, p.db_from), (PathBuf::from("b.db"), DbFrom::Env));
        let err = Paths::resolve_with(None, Some("".into())).expect_err("empty env");
        assert!(
            err.message.starts_with("KITH_DB is empty"),
            "{}",
            err.message
        );
        let err = Paths::resolve_with(Some("".into()), None).expect_err("empty flag");
        assert!(err.message.starts_with("--db is empty"), "{}", err.message);
    }

    #[cfg(unix)]
    #[test]
    fn a_config_others_can_write_is_refused_with_the_fix() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[outreach]\nsend_command = 'sendmail -t'\n").expect("write");
        for (mode, who) in [
            (0o620, "its group"),
            (0o602, "everyone"),
            (0o666, "everyone"),
        ] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
            let err = Config::load(Some(&path)).expect_err("writable by others");
            let shown = path.display().to_string();
            assert!(err.message.contains(&shown), "{}", err.message);
            assert!(err.message.contains(who), "{}", err.message);
            assert!(
                err.message.contains(&format!("{mode:04o}")),
                "{}",
                err.message
            );
            assert_eq!(err.hint.as_deref(), Some(&*format!("chmod go-w {shown}")));
        }
        // Readable by all is fine: only writing is someone else's choice.
        for mode in [0o600, 0o644, 0o400] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
            let cfg = Config::load(Some(&path)).expect("private enough");
            assert_eq!(cfg.outreach.send_command, "sendmail -t");
        }
    }

    /// Only root can give a file away, so this runs where the tests run as root.
    #[cfg(unix)]
    #[test]
    fn a_config_owned_by_another_user_is_refused() {
        use std::os::unix::fs::MetadataExt;
        if rustix::process::geteuid().as_raw() != 0 {
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "currency = 'USD'\n").expect("write");
        // Owned by root, read by root: trusted.
        assert_eq!(
            Config::load(Some(&path)).expect("root's own").currency,
            "USD"
        );
        let nobody = 65534;
        std::os::unix::fs::chown(&path, Some(nobody), None).expect("chown");
        assert_eq!(std::fs::metadata(&path).expect("meta").uid(), nobody);
        // Root trusts root's files only; seen from root, nobody's file is
        // "another user's" just as root's is for a user.
        let err = Config::load(Some(&path)).expect_err("another user's");
        assert!(
            err.message.contains("belongs to another user"),
            "{}",
            err.message
        );
        assert!(
            err.message.contains(&path.display().to_string()),
            "{}",
            err.message
        );
    }

    #[test]
    fn missing_file_is_defaults() {
        let cfg = Config::load(Some(Path::new("/nonexistent/kith/config.toml"))).expect("ok");
        assert_eq!(cfg, Config::default());
    }
}
