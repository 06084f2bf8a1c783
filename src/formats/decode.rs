//! Bytes to text: byte-order marks, UTF-16 without one, legacy single-byte
//! and Japanese encodings, and UTF-8 that is damaged.
//!
//! `encoding_rs` does the decoding (the WHATWG encodings, as browsers read
//! them); `chardetng` guesses the encoding where nothing names it.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::card::FormatError;

/// A whole file as UTF-8 bytes, and the encoding it was in: a UTF-8 BOM is
/// dropped, UTF-16 (with or without a BOM) is converted. Other bytes are left
/// as they are, for a reader that decodes per value (vCard 2.1's `CHARSET=`).
pub fn to_utf8_bytes(bytes: &[u8]) -> (Cow<'_, [u8]>, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (Cow::Borrowed(rest), "UTF-8");
    }
    let utf16 = if bytes.starts_with(b"\xFF\xFE") {
        Some((UTF_16LE, &bytes[2..]))
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some((UTF_16BE, &bytes[2..]))
    } else {
        bomless_utf16(bytes).map(|e| (e, bytes))
    };
    match utf16 {
        Some((encoding, body)) => {
            let (text, _) = encoding.decode_without_bom_handling(body);
            (Cow::Owned(text.into_owned().into_bytes()), encoding.name())
        }
        None => (Cow::Borrowed(bytes), "UTF-8"),
    }
}

/// UTF-16 without a BOM, told by its zero bytes: text that is mostly ASCII
/// has a zero in every other byte, odd positions for little-endian.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zero_at(0), zero_at(1));
    if odd * 10 >= pairs * 7 && even * 10 < pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 7 && odd * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A whole file as text (CSV, JSON), and the encoding it was read in.
///
/// UTF-8 (BOM or not) and UTF-16 are read as such. A file with no valid
/// multi-byte UTF-8 sequence but bytes above 127 is in a legacy encoding
/// (windows-1252, `Shift_JIS`…) that `chardetng` guesses. A file that holds
/// valid UTF-8 sequences *and* invalid bytes is damaged UTF-8: an error
/// naming the first bad line, since guessing would garble the good text.
pub fn decode_whole(bytes: &[u8]) -> Result<(String, &'static str), FormatError> {
    let (bytes, encoding) = to_utf8_bytes(bytes);
    match std::str::from_utf8(&bytes) {
        Ok(text) => Ok((text.to_string(), encoding)),
        Err(e) => {
            if has_multibyte_utf8(&bytes) {
                let line = bytes[..e.valid_up_to()].split(|&b| b == b'\n').count();
                return Err(FormatError(format!(
                    "line {line}: invalid UTF-8 (byte 0x{:02X}) in a file that is otherwise UTF-8",
                    bytes[e.valid_up_to()]
                )));
            }
            let encoding = guess(&bytes);
            let (text, _) = encoding.decode_without_bom_handling(&bytes);
            Ok((text.into_owned(), encoding.name()))
        }
    }
}

/// One value in a named charset (vCard 2.1 `CHARSET=`), or with none named:
/// UTF-8 when it is valid, else the guessed single-byte or legacy encoding.
/// An unknown charset label is read as if none were named.
pub fn decode_value(bytes: &[u8], charset: Option<&str>) -> String {
    if let Some(encoding) = charset.and_then(|c| Encoding::for_label(c.trim().as_bytes())) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let (text, _) = guess(bytes).decode_without_bom_handling(bytes);
            text.into_owned()
        }
    }
}

/// `chardetng`'s guess for bytes that are not UTF-8 (never UTF-8 itself).
fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    if encoding == UTF_8 {
        encoding_rs::WINDOWS_1252
    } else {
        encoding
    }
}

/// Whether `bytes` holds at least one well-formed multi-byte UTF-8 sequence.
fn has_multibyte_utf8(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => return text.bytes().any(|b| b >= 0x80),
            Err(e) => {
                let (good, _) = rest.split_at(e.valid_up_to());
                if good.iter().any(|&b| b >= 0x80) {
                    return true;
                }
                let skip = e.valid_up_to() + e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                rest = &rest[skip.min(rest.len())..];
                if rest.is_empty() {
                    return false;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { vec![] };
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    fn utf16be(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFE, 0xFF] } else { vec![] };
        out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        out
    }

    #[test]
    fn boms_and_utf16_become_utf8() {
        let text = "Name,E-mail\nJürgen Groß,j@x.de\n";
        for bytes in [
            format!("\u{feff}{text}").into_bytes(),
            text.as_bytes().to_vec(),
            utf16le(text, true),
            utf16le(text, false),
            utf16be(text, true),
            utf16be(text, false),
        ] {
            assert_eq!(decode_whole(&bytes).expect("decodes").0, text);
        }
        assert_eq!(
            decode_whole(&utf16be(text, false)).expect("ok").1,
            "UTF-16BE"
        );
    }

    #[test]
    fn legacy_encodings_are_guessed() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("Name\nFrançois Müller, café\n");
        let (text, encoding) = decode_whole(&bytes).expect("decodes");
        assert_eq!(text, "Name\nFrançois Müller, café\n");
        assert_eq!(encoding, "windows-1252");
    }

    #[test]
    fn damaged_utf8_names_its_line() {
        let bytes = b"Name\nJ\xC3\xBCrgen\nBad \xFF here\n";
        let err = decode_whole(bytes).expect_err("damaged");
        assert!(err.0.starts_with("line 3: invalid UTF-8"), "{err}");
    }

    #[test]
    fn values_decode_in_their_charset() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("山田太郎");
        assert_eq!(decode_value(&sjis, Some("Shift_JIS")), "山田太郎");
        assert_eq!(decode_value("Zoë".as_bytes(), None), "Zoë");
        assert_eq!(decode_value(b"Zo\xEB", None), "Zoë");
        assert_eq!(decode_value(b"Zo\xEB", Some("no-such-charset")), "Zoë");
    }
}
