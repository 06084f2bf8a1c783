//! One logical line as a property: group, name, parameters and value, and
//! the value decoded (quoted-printable, base64, the charset it names) and
//! unescaped (`\,` `\;` `\n` `\\`).

use std::borrow::Cow;

use crate::formats::decode::decode_value;

/// A property of a card, its value still raw bytes. Names and parameters
/// borrow from the line unless they must be changed (upper-cased, decoded):
/// a 100k-card file has over a million properties.
#[derive(Debug)]
pub struct Property<'a> {
    /// Apple's and Google's `item1.` prefix, lower-cased.
    pub group: Option<Cow<'a, str>>,
    /// Upper-cased: `EMAIL`, `X-ABLABEL`.
    pub name: Cow<'a, str>,
    /// Upper-cased keys. A vCard 2.1 bare parameter (`TEL;CELL;HOME:`) is a
    /// `TYPE`, or the `ENCODING` it names (`;QUOTED-PRINTABLE:`).
    pub params: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    pub value: &'a [u8],
}

impl<'a> Property<'a> {
    /// `None` for a line with no colon.
    pub fn parse(line: &'a [u8]) -> Option<Property<'a>> {
        let colon = unquoted(line, b':').next()?;
        let (head, value) = (&line[..colon], &line[colon + 1..]);
        let mut property = match std::str::from_utf8(head) {
            Ok(head) => Property::from_head(head),
            // Names and parameters are ASCII; a damaged one is read as well
            // as it can be, and owned.
            Err(_) => Property::from_head(&String::from_utf8_lossy(head)).owned(),
        };
        property.value = value;
        Some(property)
    }

    fn from_head(head: &str) -> Property<'_> {
        let mut parts = split_unquoted(head, ';');
        let full_name = parts.next().unwrap_or_default().trim();
        let (group, name) = match full_name.rsplit_once('.') {
            Some((group, name)) => (Some(lower(group)), name),
            None => (None, full_name),
        };
        let params = parts
            .filter(|p| !p.trim().is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (upper(k.trim()), param_value(v.trim())),
                None => {
                    let bare = upper(p.trim());
                    match bare.as_ref() {
                        "QUOTED-PRINTABLE" | "BASE64" | "B" | "8BIT" => {
                            (Cow::Borrowed("ENCODING"), bare)
                        }
                        _ => (Cow::Borrowed("TYPE"), bare),
                    }
                }
            })
            .collect();
        Property {
            group,
            name: upper(name),
            params,
            value: &[],
        }
    }

    fn owned(self) -> Property<'static> {
        let own = |c: Cow<'_, str>| Cow::Owned(c.into_owned());
        Property {
            group: self.group.map(own),
            name: own(self.name),
            params: self
                .params
                .into_iter()
                .map(|(k, v)| (own(k), own(v)))
                .collect(),
            value: &[],
        }
    }

    /// The first value of parameter `key` (upper case).
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_ref())
    }

    /// Whether a `TYPE` parameter (or list) holds `kind`, in any case.
    pub fn has_type(&self, kind: &str) -> bool {
        self.params
            .iter()
            .filter(|(k, _)| k == "TYPE")
            .flat_map(|(_, v)| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(kind))
    }

    /// Marked as preferred: `PREF=1` (4.0) or `TYPE=pref` (2.1, 3.0).
    pub fn is_preferred(&self) -> bool {
        self.param("PREF").is_some() || self.has_type("pref")
    }

    fn encoding(&self) -> Option<&str> {
        self.param("ENCODING")
    }

    /// The value's bytes with its transfer encoding undone.
    pub fn bytes(&self) -> Cow<'a, [u8]> {
        match self.encoding() {
            Some(e) if e.eq_ignore_ascii_case("QUOTED-PRINTABLE") => {
                Cow::Owned(quoted_printable(self.value))
            }
            _ => Cow::Borrowed(self.value),
        }
    }

    /// The value as text, still escaped: decoded from quoted-printable and
    /// from its `CHARSET` (UTF-8 when none is named and it is valid, else a
    /// guessed single-byte encoding).
    pub fn raw_text(&self) -> Cow<'a, str> {
        let charset = self.param("CHARSET");
        match self.bytes() {
            Cow::Borrowed(bytes) if charset.is_none() => match std::str::from_utf8(bytes) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => Cow::Owned(decode_value(bytes, None)),
            },
            bytes => Cow::Owned(decode_value(&bytes, charset)),
        }
    }

    /// The value as one text, unescaped and trimmed.
    pub fn text(&self) -> String {
        self.text_cow().into_owned()
    }

    /// [`Property::text`], borrowed from the line when nothing changed.
    pub fn text_cow(&self) -> Cow<'a, str> {
        match self.raw_text() {
            Cow::Borrowed(raw) => unescape(raw.trim()),
            Cow::Owned(raw) => Cow::Owned(unescape(raw.trim()).into_owned()),
        }
    }

    /// A structured value (`N`, `ADR`, `ORG`): its `;`-separated parts, each
    /// unescaped and trimmed; a part holding a `,` list has it joined by `join`.
    pub fn components(&self, join: &str) -> Vec<String> {
        let text = self.raw_text();
        split_escaped(&text, ';')
            .into_iter()
            .map(|part| {
                let part = part.trim();
                if !part.contains(',') {
                    return unescape(part).into_owned();
                }
                split_escaped(part, ',')
                    .into_iter()
                    .map(|p| unescape(p.trim()))
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(join)
            })
            .collect()
    }

    /// A list value (`CATEGORIES`, `NICKNAME`): its `,`-separated items,
    /// unescaped, trimmed, empty ones left out.
    pub fn list(&self) -> Vec<String> {
        let text = self.raw_text();
        split_escaped(&text, ',')
            .into_iter()
            .map(|p| unescape(p.trim()).into_owned())
            .filter(|p| !p.is_empty())
            .collect()
    }
}

/// Positions of `target` outside double quotes.
fn unquoted(bytes: &[u8], target: u8) -> impl Iterator<Item = usize> + '_ {
    let mut quoted = false;
    bytes.iter().enumerate().filter_map(move |(i, &b)| {
        if b == b'"' {
            quoted = !quoted;
        }
        (b == target && !quoted).then_some(i)
    })
}

fn split_unquoted(text: &str, sep: char) -> impl Iterator<Item = &str> {
    let mut quoted = false;
    text.split(move |c: char| {
        if c == '"' {
            quoted = !quoted;
        }
        c == sep && !quoted
    })
}

/// A parameter value: quotes removed, RFC 6868 `^n` `^'` `^^` undone.
fn param_value(v: &str) -> Cow<'_, str> {
    let v = v.trim_matches('"');
    if !v.contains('^') {
        return Cow::Borrowed(v);
    }
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c != '^' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('\'') => out.push('"'),
            Some('^') | None => out.push('^'),
            Some(other) => {
                out.push('^');
                out.push(other);
            }
        }
    }
    Cow::Owned(out)
}

/// Splits on `sep` where no backslash escapes it.
fn split_escaped(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Undoes vCard escapes: `\n` (or `\N`) is a newline; `\,` `\;` `\:` `\\`
/// the character. Any other backslash is kept (a 2.1 value may hold a path).
pub fn unescape(text: &str) -> Cow<'_, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('n' | 'N') => {
                out.push('\n');
                chars.next();
            }
            Some(&e @ (',' | ';' | ':' | '\\')) => {
                out.push(e);
                chars.next();
            }
            _ => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

/// `s` upper-cased, borrowed when it already is.
fn upper(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_lowercase()) {
        Cow::Owned(s.to_ascii_uppercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// `s` lower-cased, borrowed when it already is.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Quoted-printable decoding: `=XX` is a byte; an `=` not followed by two
/// hex digits is kept (soft breaks were joined with the lines).
fn quoted_printable(value: &[u8]) -> Vec<u8> {
    let hex = |b: u8| char::from(b).to_digit(16);
    let mut out = Vec::with_capacity(value.len());
    let mut i = 0;
    while i < value.len() {
        if value[i] == b'='
            && let (Some(h), Some(l)) = (
                value.get(i + 1).copied().and_then(hex),
                value.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        if value[i] == b'=' && i + 1 == value.len() {
            break;
        }
        out.push(value[i]);
        i += 1;
    }
    out
}

/// Whether `text` is well-formed base64 (blank space ignored), as a photo's
/// value must be to be a photo.
pub fn is_base64(text: &[u8]) -> bool {
    let mut len = 0;
    let mut padding = 0;
    for &b in text {
        if b.is_ascii_whitespace() {
            continue;
        }
        if b == b'=' {
            padding += 1;
        } else if padding > 0 || !(b.is_ascii_alphanumeric() || b == b'+' || b == b'/') {
            return false;
        }
        len += 1;
    }
    len > 0 && len % 4 == 0 && padding <= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_names_and_params_are_read() {
        let p = Property::parse(b"item1.email;type=INTERNET;TYPE=\"home,pref\":j@x.io")
            .expect("a property");
        assert_eq!(p.group.as_deref(), Some("item1"));
        assert_eq!(p.name, "EMAIL");
        assert!(p.has_type("home") && p.is_preferred() && p.has_type("internet"));
        assert_eq!(p.text(), "j@x.io");
        let p = Property::parse(b"TEL;CELL;HOME:+49 1").expect("2.1");
        assert!(p.has_type("cell") && p.has_type("home"));
        assert!(Property::parse(b"no colon here").is_none());
        let p = Property::parse(b"X-KITH-FIELD;X-KEY=\"a;b:c ^'q^' ^^\":v").expect("quoted");
        assert_eq!(p.param("X-KEY"), Some("a;b:c \"q\" ^"));
    }

    #[test]
    fn values_are_decoded_and_unescaped() {
        let p =
            Property::parse(b"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen")
                .expect("qp");
        assert_eq!(p.components(" "), vec!["Müller", "Jürgen"]);
        let p = Property::parse(b"N;QUOTED-PRINTABLE:Gr=FC=DF;Z=F6e").expect("bare qp");
        assert_eq!(p.components(" "), vec!["Grüß", "Zöe"]);
        let p =
            Property::parse(br"ADR:;;1 Main St\, Apt 2;Paris\; Cedex;;75001;France").expect("adr");
        assert_eq!(
            p.components(", "),
            vec![
                "",
                "",
                "1 Main St, Apt 2",
                "Paris; Cedex",
                "",
                "75001",
                "France"
            ]
        );
        let p = Property::parse(br"NOTE:one\ntwo\, three\\ C:\dir").expect("note");
        assert_eq!(p.text(), "one\ntwo, three\\ C:\\dir");
        let p = Property::parse(br"CATEGORIES:a,b\,c,,d").expect("list");
        assert_eq!(p.list(), vec!["a", "b,c", "d"]);
    }

    #[test]
    fn base64_is_checked() {
        assert!(is_base64(b"iVBORw0K GgoAAAA=\n"));
        assert!(!is_base64(b"iVBORw0K*GgoAAAA="));
        assert!(!is_base64(b"abc"));
        assert!(!is_base64(b"ab=c"));
    }
}
