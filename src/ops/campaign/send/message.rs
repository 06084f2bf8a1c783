//! One campaign message as RFC 5322, built with lettre: it quotes and
//! encodes names and subjects (RFC 2047), picks the body's transfer
//! encoding and writes CRLF line endings.

use std::time::SystemTime;

use lettre::Message;
use lettre::message::Mailbox;
use lettre::message::SinglePart;

use crate::domain::template::Rendered;
use crate::domain::text::printable;

/// The message to one recipient: From, To (name and address), Subject,
/// Date, the Message-ID kith chose for it, a plain-text UTF-8 body.
pub fn build(
    from: &Mailbox,
    to_name: &str,
    to_email: &str,
    rendered: &Rendered,
    date: SystemTime,
    message_id: &str,
) -> Result<Message, String> {
    let address = to_email
        .trim()
        .parse()
        .map_err(|_| format!("{:?} is not an e-mail address", printable(to_email)))?;
    let name = printable(to_name.trim());
    let to = Mailbox::new((!name.is_empty()).then(|| name.into_owned()), address);
    // A subject is one line: a template's stray line break would end the header.
    let subject = printable(&rendered.subject.replace(['\r', '\n'], " "))
        .trim()
        .to_string();
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(subject)
        .date(date)
        .message_id(Some(format!("<{message_id}>")))
        // A single part, so lettre writes MIME-Version and the text/plain
        // UTF-8 content type with a transfer encoding the body needs.
        .singlepart(SinglePart::plain(rendered.body.clone()))
        .map_err(|e| format!("cannot build the message: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(subject: &str, body: &str) -> Rendered {
        Rendered {
            subject: subject.into(),
            body: body.into(),
        }
    }

    #[test]
    fn names_and_subjects_are_encoded_and_the_id_is_kept() {
        let from: Mailbox = "Jane Doe <jane@example.com>".parse().expect("from");
        let msg = build(
            &from,
            "Zoë Müller",
            "zoe@example.org",
            &rendered("Grüße 🎉", "Hallo Zoë,\nbis bald.\n"),
            SystemTime::UNIX_EPOCH,
            "c1.u1@kith",
        )
        .expect("built");
        let text = String::from_utf8(msg.formatted()).expect("ascii headers");
        let headers = text.split("\r\n\r\n").next().expect("headers");
        assert!(headers.is_ascii(), "{headers}");
        assert!(headers.contains("Message-ID: <c1.u1@kith>"), "{headers}");
        assert!(headers.contains("MIME-Version: 1.0"), "{headers}");
        assert!(
            headers.contains("Content-Type: text/plain; charset=utf-8"),
            "{headers}"
        );
        assert!(headers.contains("Subject: =?utf-8?"), "{headers}");
        assert!(headers.contains("To: =?utf-8?"), "{headers}");
        assert!(headers.contains("<zoe@example.org>"), "{headers}");
        assert!(
            headers.contains("Date: Thu, 01 Jan 1970 00:00:00"),
            "{headers}"
        );
        assert!(
            headers.contains("From: \"Jane Doe\" <jane@example.com>"),
            "{headers}"
        );
    }

    #[test]
    fn a_bad_address_is_refused_with_a_reason() {
        let from: Mailbox = "jane@example.com".parse().expect("a bare address");
        let err = build(
            &from,
            "X",
            "not an address",
            &rendered("s", "b"),
            SystemTime::UNIX_EPOCH,
            "c.u@kith",
        )
        .expect_err("bad address");
        assert!(err.contains("not an e-mail address"), "{err}");
    }
}
