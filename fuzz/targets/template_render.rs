//! Message templates: any subject and body are checked (a parse error or an
//! unknown merge field is an error with a line and column inside the text),
//! and a template that passes renders for merge data from the input, or
//! fails with an error: minijinja's fuel ends a loop that never ends, and
//! the 1 MiB cap ends one that multiplies its text. What renders is safe to
//! show: one line of subject, no control or invisible characters.
//!
//! Input, split on NUL bytes: subject, body, name, first name, org, city,
//! tags (comma-separated), a custom field as `key=value`, days since the
//! last contact.

use std::collections::BTreeMap;

use kith::domain::template::{MergeData, Renderer, TemplateError, check};
use kith::domain::text::is_unsafe;

/// The largest rendered part: 1 MiB, each byte at most one character that
/// `printable` may widen to U+FFFD (three bytes).
const MAX_SHOWN: usize = 3 << 20;

pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let subject = parts.next().unwrap_or_default();
    let body = parts.next().unwrap_or_default();
    let mut part = || parts.next().filter(|p| !p.is_empty()).map(str::to_owned);
    let name = part().unwrap_or_default();
    let first_name = part();
    let org = part();
    let city = part();
    let tags = part()
        .map(|t| t.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    let fields: BTreeMap<String, String> = part()
        .and_then(|f| f.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
        .into_iter()
        .collect();
    let days_since_contact = part().and_then(|d| d.trim().parse().ok());
    let merge = MergeData {
        name,
        first_name,
        org,
        city,
        tags,
        fields,
        days_since_contact,
        ..MergeData::default()
    };

    let renderer = match Renderer::new(subject, body) {
        Ok(renderer) => renderer,
        Err(e) => {
            assert_points_inside(&e, subject, body);
            assert_eq!(check(subject, body), Err(e));
            return;
        }
    };
    assert_eq!(check(subject, body), Ok(()));
    match renderer.render(&merge) {
        Ok(rendered) => {
            assert!(rendered.subject.len() <= MAX_SHOWN);
            assert!(rendered.body.len() <= MAX_SHOWN);
            assert!(
                !rendered.subject.chars().any(is_unsafe),
                "{:?}",
                rendered.subject
            );
            assert!(
                !rendered
                    .body
                    .chars()
                    .any(|c| is_unsafe(c) && c != '\n' && c != '\t'),
                "{:?}",
                rendered.body
            );
        }
        Err(e) => assert!(!e.message.is_empty()),
    }
}

/// An error names the subject or the body and a place within it.
fn assert_points_inside(e: &TemplateError, subject: &str, body: &str) {
    let source = match e.part {
        "subject" => subject,
        "body" => body,
        other => panic!("an error in {other:?}"),
    };
    assert!(e.line >= 1 && e.column >= 1, "{e}");
    assert!(e.line <= source.split('\n').count(), "{e} in {source:?}");
    assert!(!e.message.chars().any(is_unsafe), "{:?}", e.message);
}
