//! Phone numbers: the text as typed (trimmed), and E.164 beside it when it
//! parses. One constructor for every front end, so the CLI and the TUI
//! store the same thing for the same typing.

use rlibphonenumber::enums::{PhoneNumberType, Region};
use rlibphonenumber::{PHONE_NUMBER_UTIL, PhoneNumber, PhoneNumberFormat};
use serde::Serialize;

use super::Invalid;
use super::contact::squash_spaces;
use super::text::printable;

/// A phone number as typed, and in E.164 when it parses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Phone {
    pub raw: String,
    pub e164: Option<String>,
}

impl Phone {
    /// Parses with the default region for numbers written without `+`.
    /// An extension may follow the number: "+49 89 5550100 ext. 12" (also
    /// `ext 12`, `x12`, `#12`); E.164 is the number's without it.
    pub fn parse(raw: &str, region: Option<&str>) -> Result<Phone, Invalid> {
        let raw = squash_spaces(raw);
        let (number, _) = split_extension(&raw);
        let digits = number.chars().filter(char::is_ascii_digit).count();
        if digits < 3
            || number
                .chars()
                .any(|c| !(c.is_ascii_digit() || " +-().".contains(c)))
        {
            return Err(
                Invalid::new("phone", format!("{raw:?} is not a phone number"))
                    .hint("write it like +49 30 1234567 or (030) 1234567"),
            );
        }
        // International numbers parse whatever the region; national ones only
        // with a region the metadata has (`XX` parses as a code but has none).
        let region = region.and_then(|r| Region::from_code(r).ok());
        let e164 = PHONE_NUMBER_UTIL
            .parse(number, region)
            .ok()
            .filter(PhoneNumber::is_valid)
            .map(|n| n.format_as(PhoneNumberFormat::E164).into_owned());
        Ok(Phone { raw, e164 })
    }

    /// Like [`Phone::parse`], but a number typed exactly as one of `known`
    /// (a contact's stored phones) is that stored phone, untouched: saving a
    /// form never rewrites a number the user did not change.
    pub fn parse_keeping(
        raw: &str,
        region: Option<&str>,
        known: &[Phone],
    ) -> Result<Phone, Invalid> {
        let typed = squash_spaces(raw);
        match known.iter().find(|p| p.raw == typed) {
            Some(same) => Ok(same.clone()),
            None => Phone::parse(raw, region),
        }
    }

    /// The key two numbers are compared by: E.164, else the digits; an
    /// extension is part of it (two desks behind one switchboard differ).
    pub fn key(&self) -> String {
        let main = self
            .e164
            .clone()
            .unwrap_or_else(|| self.raw.chars().filter(char::is_ascii_digit).collect());
        match self.extension() {
            Some(ext) if self.e164.is_some() => format!("{main};ext={ext}"),
            _ => main,
        }
    }

    /// The extension after the number, if one was written.
    pub fn extension(&self) -> Option<&str> {
        split_extension(&self.raw).1
    }

    /// E.164 when the number parses, else as typed; as typed when it has an
    /// extension, which E.164 cannot hold.
    pub fn display(&self) -> &str {
        match (&self.e164, self.extension()) {
            (Some(e164), None) => e164,
            _ => &self.raw,
        }
    }
}

/// Splits "+49 89 5550100 ext. 12" into the number and "12". The markers
/// are the ones address books write: `ext.`, `ext`, `x`, `#`, `;ext=`.
fn split_extension(raw: &str) -> (&str, Option<&str>) {
    let digits_at = raw
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + raw[i..].chars().next().map_or(1, char::len_utf8));
    let ext = &raw[digits_at..];
    if ext.is_empty() || ext.len() > 7 {
        return (raw, None);
    }
    let before = raw[..digits_at].trim_end();
    let lower = before.to_ascii_lowercase();
    for marker in [";ext=", "ext.", "ext", "x", "#"] {
        if lower.ends_with(marker) {
            let number = before[..before.len() - marker.len()].trim_end();
            if number.chars().any(|c| c.is_ascii_digit()) {
                return (number, Some(ext));
            }
        }
    }
    (raw, None)
}

/// Checks a region for national phone numbers: an ISO 3166 code that the
/// phone metadata knows ("DE", "us"); returns it upper-cased.
pub fn check_phone_region(code: &str) -> Result<String, Invalid> {
    let upper = code.trim().to_ascii_uppercase();
    let known = Region::from_code(&upper)
        .ok()
        .is_some_and(|r| PHONE_NUMBER_UTIL.get_supported_regions().any(|s| s == r));
    if known {
        Ok(upper)
    } else {
        Err(Invalid::new(
            "phone_region",
            format!(
                "{:?} is not a country code kith knows phone numbers of",
                printable(code)
            ),
        )
        .hint(
            "use a two-letter ISO 3166 code such as \"DE\", \"GB\" or \"US\", or \"\" for $LANG's",
        ))
    }
}

/// A made-up but valid mobile number of `region` ("DE"), its last digits
/// drawn from `n`, written the international way: numbers for the demo and
/// benchmark generators that parse exactly as typed ones do. `None` for a
/// region the phone metadata has no mobile example for.
pub fn sample_mobile(region: &str, n: u64) -> Option<Phone> {
    let region = Region::from_code(region).ok()?;
    let example = PHONE_NUMBER_UTIL
        .get_example_number_for_type_and_region(region, PhoneNumberType::Mobile)
        .ok()?;
    let e164 = example.format_as(PhoneNumberFormat::E164).into_owned();
    // Keep the country code and the operator prefix; vary the rest. A few
    // tries find a number inside the ranges the metadata knows.
    let keep = e164.len().saturating_sub(7).max(4);
    let mut n = n;
    for _ in 0..8 {
        let tail = format!("{:07}", n % 10_000_000);
        let candidate = format!("{}{}", &e164[..keep], &tail[7 - (e164.len() - keep)..]);
        if let Ok(number) = PHONE_NUMBER_UTIL.parse(&candidate, None)
            && number.is_valid()
        {
            return Some(Phone {
                raw: number
                    .format_as(PhoneNumberFormat::International)
                    .into_owned(),
                e164: Some(number.format_as(PhoneNumberFormat::E164).into_owned()),
            });
        }
        n = n.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    }
    Some(Phone {
        raw: example
            .format_as(PhoneNumberFormat::International)
            .into_owned(),
        e164: Some(e164),
    })
}

impl Phone {
    /// The number as written inside its own country ("030 1234567"), when
    /// it parsed; `None` otherwise.
    pub fn national(&self) -> Option<String> {
        let number = PHONE_NUMBER_UTIL.parse(self.e164.as_deref()?, None).ok()?;
        Some(number.format_as(PhoneNumberFormat::National).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_parse_to_e164_with_a_region() {
        let p = Phone::parse("030 1234567", Some("DE")).expect("parses");
        assert_eq!(p.e164.as_deref(), Some("+49301234567"));
        let p = Phone::parse("+1 415 555 2671", None).expect("parses");
        assert_eq!(p.e164.as_deref(), Some("+14155552671"));
        let p = Phone::parse("12345", None).expect("kept raw");
        assert_eq!(p.e164, None);
        assert!(Phone::parse("call me", None).is_err());
    }

    #[test]
    fn an_extension_is_kept_beside_the_number() {
        for raw in [
            "+49 89 5550100 ext. 12",
            "+49 89 5550100 ext 12",
            "+49 89 5550100 x12",
            "+49 89 5550100 #12",
            "+49-89-5550100;ext=12",
        ] {
            let p = Phone::parse(raw, None).expect(raw);
            assert_eq!(p.e164.as_deref(), Some("+49895550100"), "{raw}");
            assert_eq!(p.extension(), Some("12"), "{raw}");
            assert_eq!(p.display(), raw, "shown as written");
            assert_eq!(p.key(), "+49895550100;ext=12");
        }
        let desk = Phone::parse("+49 89 5550100 ext. 13", None).expect("phone");
        assert_ne!(desk.key(), "+49895550100;ext=12");
        assert_eq!(
            Phone::parse("+49 89 5550100", None).expect("p").extension(),
            None
        );
        assert!(Phone::parse("ext. 12", None).is_err());
        assert!(Phone::parse("call x12", None).is_err());
    }

    fn e164(raw: &str, region: Option<&str>) -> Option<String> {
        Phone::parse(raw, region).expect("looks like a phone").e164
    }

    #[test]
    fn national_numbers_of_other_countries() {
        for (raw, region, want) in [
            ("020 7946 0958", "GB", "+442079460958"),
            ("07400 123456", "gb", "+447400123456"),
            ("01 42 68 53 00", "FR", "+33142685300"),
            ("06 1234 5678", "IT", "+390612345678"),
            ("044 668 18 00", "CH", "+41446681800"),
            ("03-1234-5678", "JP", "+81312345678"),
            ("02 9876 5432", "AU", "+61298765432"),
            ("(415) 555-2671", "US", "+14155552671"),
            ("0170 1234567", "DE", "+491701234567"),
        ] {
            assert_eq!(
                e164(raw, Some(region)).as_deref(),
                Some(want),
                "{raw} in {region}"
            );
        }
    }

    #[test]
    fn international_numbers_ignore_the_region() {
        for (raw, want) in [
            ("+33 1 42 68 53 00", "+33142685300"),
            ("+39 06 1234 5678", "+390612345678"),
            ("+91 98765 43210", "+919876543210"),
            ("+55 11 91234-5678", "+5511912345678"),
            ("+49 (0)30 1234567", "+49301234567"),
        ] {
            for region in [None, Some("DE"), Some("US"), Some("XX")] {
                assert_eq!(
                    e164(raw, region).as_deref(),
                    Some(want),
                    "{raw} in {region:?}"
                );
            }
        }
        // The region's international call prefix leads into another country.
        assert_eq!(
            e164("0049 30 1234567", Some("DE")).as_deref(),
            Some("+49301234567")
        );
        assert_eq!(
            e164("011 49 30 1234567", Some("US")).as_deref(),
            Some("+49301234567")
        );
    }

    #[test]
    fn invalid_numbers_are_kept_raw() {
        for (raw, region) in [
            // No US area code starts with 5-5-5.
            ("+1 555 123 4567", None),
            // Too short, too long, or no such country code.
            ("+49 30", None),
            ("+44 20 7946 09581", Some("GB")),
            ("+999 123 456", Some("DE")),
            // A national number needs a region the metadata knows.
            ("030 1234567", None),
            ("030 1234567", Some("XX")),
            ("030 1234567", Some("Germany")),
        ] {
            let p = Phone::parse(raw, region).expect("kept raw");
            assert_eq!(p.e164, None, "{raw} in {region:?}");
            assert_eq!(p.display(), raw);
        }
        for bad in ["", "12", "+49 30 CALL ME", "030/1234567"] {
            assert!(Phone::parse(bad, Some("DE")).is_err(), "{bad}");
        }
    }

    #[test]
    fn one_number_written_two_ways_has_one_key() {
        let international = Phone::parse("+49 30 1234567", None).expect("parses");
        let national = Phone::parse("030 1234567", Some("DE")).expect("parses");
        assert_eq!(international.key(), national.key());
        assert_eq!(national.display(), "+49301234567");
        assert_eq!(national.raw, "030 1234567");
        let unknown = Phone::parse("12 345", None).expect("kept raw");
        assert_eq!(unknown.key(), "12345");
    }

    #[test]
    fn phone_regions_are_known_codes() {
        assert_eq!(check_phone_region("de"), Ok("DE".into()));
        assert_eq!(check_phone_region("US"), Ok("US".into()));
        for bad in ["QQ", "XX", "Germany", "", "D"] {
            assert!(check_phone_region(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_untouched_phone_is_kept_as_stored() {
        let stored = Phone {
            raw: "+39 781 009407".into(),
            e164: Some("+39781009407".into()),
        };
        let kept = Phone::parse_keeping(" +39  781 009407 ", None, std::slice::from_ref(&stored));
        assert_eq!(kept, Ok(stored.clone()));
        let typed = Phone::parse_keeping("+1 415 555 2671", None, &[stored]).expect("parses");
        assert_eq!(typed.raw, "+1 415 555 2671");
        assert_eq!(typed.e164.as_deref(), Some("+14155552671"));
    }

    #[test]
    fn sample_mobiles_are_valid_and_read_back_the_national_way() {
        for region in [
            "DE", "AT", "CH", "FR", "ES", "GB", "US", "JP", "IN", "BR", "NL", "PL",
        ] {
            for n in [0, 7, 123_456_789] {
                let p = sample_mobile(region, n).expect("a mobile number");
                let again = Phone::parse(&p.raw, None).expect("parses");
                assert_eq!(again.e164, p.e164, "{region} {p:?}");
                let national = p.national().expect("national");
                assert!(!national.starts_with('+'), "{national}");
                let back = Phone::parse(&national, Some(region)).expect("parses");
                assert_eq!(back.e164, p.e164, "{region} {national}");
            }
        }
        assert_ne!(sample_mobile("DE", 1), sample_mobile("DE", 2));
        assert_eq!(sample_mobile("XX", 1), None);
    }
}
