//! Where in a template's source a name is first used, for error messages:
//! minijinja says which names a template uses but not where.

/// The byte offset of the first use of `path` (`org`,
/// `last_interaction.summmary`) as a variable inside `{{ }}` or `{% %}`,
/// skipping comments, `{% raw %}` blocks, string literals and attributes of
/// other values (`x.org` is not a use of `org`).
pub(super) fn first_use(source: &str, path: &str) -> Option<usize> {
    let want: Vec<&str> = path.split('.').collect();
    let mut at = 0;
    while let Some(open) = find_from(source, at, "{") {
        let rest = &source[open..];
        let close = if rest.starts_with("{{") {
            "}}"
        } else if rest.starts_with("{%") {
            "%}"
        } else if rest.starts_with("{#") {
            at = find_from(source, open + 2, "#}").map_or(source.len(), |e| e + 2);
            continue;
        } else {
            at = open + 1;
            continue;
        };
        let end = code_end(source, open + 2, close);
        let code = &source[open + 2..end];
        if close == "%}" && is_tag(code, "raw") {
            at = skip_raw(source, end);
            continue;
        }
        if let Some(found) = in_code(code, &want) {
            return Some(open + 2 + found);
        }
        at = end;
    }
    None
}

fn find_from(s: &str, from: usize, pat: &str) -> Option<usize> {
    s.get(from..)?.find(pat).map(|i| from + i)
}

/// Whether a `{% %}` block's code is the tag `name` (`raw`, `- raw -`).
fn is_tag(code: &str, name: &str) -> bool {
    code.trim_matches(|c: char| c.is_whitespace() || c == '-' || c == '+') == name
}

/// After a `{% raw %}` whose code ends at `from`: past its `{% endraw %}`.
fn skip_raw(source: &str, from: usize) -> usize {
    let mut at = from;
    while let Some(open) = find_from(source, at, "{%") {
        let end = code_end(source, open + 2, "%}");
        if is_tag(&source[open + 2..end], "endraw") {
            return end;
        }
        at = end;
    }
    source.len()
}

/// Where the code that starts at `from` ends (the offset of `close`, or
/// the end of the source), stepping over string literals. It walks bytes,
/// which may be inside a character, so it compares bytes, never slices.
fn code_end(source: &str, from: usize, close: &str) -> usize {
    let bytes = source.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'"' | b'\'') => i = string_end(bytes, i, q),
            _ if bytes[i..].starts_with(close.as_bytes()) => return i,
            _ => i += 1,
        }
    }
    source.len()
}

/// The offset just past the string literal opened by `quote` at `start`.
fn string_end(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The offset in `code` of the first variable that is `want[0]` followed
/// by the attributes `want[1..]`.
fn in_code(code: &str, want: &[&str]) -> Option<usize> {
    let bytes = code.as_bytes();
    let mut i = 0;
    let mut after_dot = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'"' || b == b'\'' {
            i = string_end(bytes, i, b);
            after_dot = false;
        } else if is_ident_start(b) {
            let start = i;
            while i < bytes.len() && is_ident(bytes[i]) {
                i += 1;
            }
            if !after_dot && &code[start..i] == want[0] && attrs_follow(code, i, &want[1..]) {
                return Some(start);
            }
            after_dot = false;
        } else if b.is_ascii_digit() {
            while i < bytes.len() && (is_ident(bytes[i]) || bytes[i] == b'.') {
                i += 1;
            }
            after_dot = false;
        } else {
            if !b.is_ascii_whitespace() {
                after_dot = b == b'.';
            }
            i += 1;
        }
    }
    None
}

/// Whether `.a.b` (spaces allowed around the dots) follows offset `at`.
fn attrs_follow(code: &str, mut at: usize, attrs: &[&str]) -> bool {
    for attr in attrs {
        let rest = code[at..].trim_start();
        let Some(rest) = rest.strip_prefix('.') else {
            return false;
        };
        let rest = rest.trim_start();
        let len = rest.bytes().take_while(|b| is_ident(*b)).count();
        if &rest[..len] != *attr {
            return false;
        }
        at = code.len() - rest.len() + len;
    }
    true
}

/// 1-based line and column (in characters) of byte offset `at`.
pub(super) fn line_column(source: &str, at: usize) -> (usize, usize) {
    let at = at.min(source.len());
    let mut at = at;
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}
