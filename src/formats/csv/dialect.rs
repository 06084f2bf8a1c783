//! Which address book wrote a CSV file, told by its header.

/// The exports kith knows by name; anything else is read by header words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Dialect {
    Google,
    GoogleOld,
    Outlook,
    OutlookCom,
    LinkedIn,
    Thunderbird,
    Kith,
    Generic,
}

impl Dialect {
    /// The file's header, each cell as written, and whether a `LinkedIn`
    /// "Notes:" preamble stood before it.
    pub(super) fn detect(headers: &[String], preamble: bool) -> Dialect {
        let set: std::collections::HashSet<String> = headers.iter().map(|h| norm(h)).collect();
        let has = |h: &str| set.contains(h);
        if has("uid") && has("name") && has("consent") && has("created_at") {
            Dialect::Kith
        } else if has("given name")
            && has("family name")
            && (has("group membership") || has("e-mail 1 - value"))
        {
            Dialect::GoogleOld
        } else if has("first name")
            && (has("labels") || has("e-mail 1 - value") || has("phone 1 - value"))
        {
            Dialect::Google
        } else if preamble || (has("connected on") && has("url")) {
            Dialect::LinkedIn
        } else if has("primary email") && has("display name") {
            Dialect::Thunderbird
        } else if has("e-mail address") && has("first name") {
            // The desktop export opens with the honorific "Title"; the web's
            // shorter one with "First Name".
            if headers.first().is_some_and(|h| norm(h) == "title") {
                Dialect::Outlook
            } else {
                Dialect::OutlookCom
            }
        } else {
            Dialect::Generic
        }
    }

    /// What the import report calls the file.
    pub(super) fn name(self) -> &'static str {
        match self {
            Dialect::Google => "Google Contacts CSV",
            Dialect::GoogleOld => "Google Contacts CSV (older export)",
            Dialect::Outlook => "Outlook CSV",
            Dialect::OutlookCom => "Outlook.com CSV",
            Dialect::LinkedIn => "LinkedIn connections CSV",
            Dialect::Thunderbird => "Thunderbird CSV",
            Dialect::Kith => "kith CSV",
            Dialect::Generic => "CSV",
        }
    }

    /// Outlook writes dates month first ("3/22/1980").
    pub(super) fn month_first(self) -> bool {
        matches!(self, Dialect::Outlook | Dialect::OutlookCom)
    }

    pub(super) fn is_google(self) -> bool {
        matches!(self, Dialect::Google | Dialect::GoogleOld)
    }
}

/// A header as compared: lower case, trimmed, inner spaces squashed.
pub(super) fn norm(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
