//! Amounts of money in integer minor units, so sums never drift.

use std::fmt;

use serde::Serialize;

use super::Invalid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Money {
    /// Cents, pence…: the amount times 100.
    pub minor: i64,
    /// ISO 4217 code, upper case.
    pub currency: String,
}

impl Money {
    /// Reads "1200 EUR", "EUR 1200", "12.50 usd", "1,200.00 GBP" or a bare
    /// number in `default_currency`.
    pub fn parse(text: &str, default_currency: &str) -> Result<Money, Invalid> {
        let bad = |why: &str| {
            Invalid::new("--amount", format!("{text:?} {why}"))
                .hint("write it like \"1200 EUR\" or \"12.50\"")
        };
        let mut number = None;
        let mut currency = None;
        for part in text.split_whitespace() {
            if part.chars().all(|c| c.is_ascii_alphabetic()) {
                if currency.replace(part.to_ascii_uppercase()).is_some() {
                    return Err(bad("names two currencies"));
                }
            } else if number.replace(part).is_some() {
                return Err(bad("has two numbers"));
            }
        }
        let number = number.ok_or_else(|| bad("has no number"))?;
        let currency = currency.unwrap_or_else(|| default_currency.to_ascii_uppercase());
        if check_currency(&currency).is_err() {
            return Err(bad("needs a three-letter currency code"));
        }
        let minor = parse_minor(number).ok_or_else(|| {
            if number.contains([',', '.']) && number.chars().any(|c| c.is_ascii_digit()) {
                bad(
                    "is ambiguous: a comma or point separates thousands only between \
                     groups of three digits (1,234.50 or 1.234,50), and 12,50 is 12.50",
                )
            } else {
                bad("is not an amount")
            }
        })?;
        Ok(Money { minor, currency })
    }
}

/// Checks a currency code: three ASCII letters (ISO 4217's shape); returns
/// it upper-cased.
pub fn check_currency(code: &str) -> Result<String, Invalid> {
    let code = code.trim();
    if code.len() == 3 && code.chars().all(|c| c.is_ascii_alphabetic()) {
        Ok(code.to_ascii_uppercase())
    } else {
        Err(Invalid::new(
            "currency",
            format!(
                "{:?} is not a currency code",
                crate::domain::text::printable(code)
            ),
        )
        .hint("use a three-letter ISO 4217 code such as \"EUR\", \"USD\" or \"GBP\""))
    }
}

/// Reads the number of an amount into minor units; at most two decimals, no
/// negative amounts. Separators, so that no amount is silently ×100:
/// - a comma between groups of exactly three digits is a thousands separator:
///   `1,234.50`, `1,234,567`;
/// - a lone comma followed by one or two digits is a decimal comma: `12,50`
///   is 12.50;
/// - with both, the last one is the decimal mark: `1.234,50` is 1234.50,
///   `1,234.50` is 1234.50 (the other then separates groups of three);
/// - anything else (`1,2,3`, `12,5000`, `1.2.3`) is refused as ambiguous.
///
/// `_` may separate digits anywhere.
fn parse_minor(number: &str) -> Option<i64> {
    let cleaned: String = number.chars().filter(|c| *c != '_').collect();
    let (whole, frac) = split_decimal(&cleaned)?;
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if frac.len() > 2 {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(frac)
}

/// Splits "1.234,50" into whole digits "1234" and decimals "50", by the rules
/// of [`parse_minor`]; `None` when the separators are ambiguous.
fn split_decimal(number: &str) -> Option<(String, &str)> {
    let last_dot = number.rfind('.');
    let last_comma = number.rfind(',');
    let (mark, group) = match (last_dot, last_comma) {
        (Some(d), Some(c)) if c > d => (Some(c), '.'),
        (Some(d), _) => (Some(d), ','),
        (None, Some(c)) => {
            // Commas only: a decimal comma if it is the only one and one or
            // two digits follow; else thousands separators.
            let after = &number[c + 1..];
            if number.matches(',').count() == 1 && (1..=2).contains(&after.len()) {
                (Some(c), '.')
            } else {
                (None, ',')
            }
        }
        (None, None) => (None, ','),
    };
    let (whole, frac) = match mark {
        Some(i) => (&number[..i], &number[i + 1..]),
        None => (number, ""),
    };
    let other = if group == ',' { '.' } else { ',' };
    if whole.contains(other) {
        return None; // two decimal marks: "1.2.3" or "1,2,3.4,5"
    }
    let groups: Vec<&str> = whole.split(group).collect();
    let well_grouped = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    well_grouped.then(|| (groups.concat(), frac))
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        write!(f, "{sign}{}.{:02} {}", abs / 100, abs % 100, self.currency)
    }
}

impl Money {
    /// For reading: thousands grouped, two decimals, the code after
    /// ("12,345.50 EUR").
    pub fn grouped(&self) -> String {
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        format!(
            "{sign}{}.{:02} {}",
            grouped(abs / 100),
            abs % 100,
            self.currency
        )
    }
}

/// A whole number with its thousands grouped by commas: 12345 → "12,345".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn grouped_amounts_read_easily() {
        let m = |minor| Money {
            minor,
            currency: "EUR".into(),
        };
        assert_eq!(m(123_456_789).grouped(), "1,234,567.89 EUR");
        assert_eq!(m(-50).grouped(), "-0.50 EUR");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
    }

    use super::*;

    #[test]
    fn amounts_parse_in_many_shapes() {
        let m = |s| Money::parse(s, "EUR");
        assert_eq!(
            m("1200 EUR"),
            Ok(Money {
                minor: 120_000,
                currency: "EUR".into()
            })
        );
        assert_eq!(
            m("usd 12.5"),
            Ok(Money {
                minor: 1250,
                currency: "USD".into()
            })
        );
        assert_eq!(
            m("1,200.99"),
            Ok(Money {
                minor: 120_099,
                currency: "EUR".into()
            })
        );
        for bad in [
            "",
            "EUR",
            "12.345",
            "1,2,3",
            "12,5000",
            "1.2.3",
            "1,23,456",
            "1.234.5,0",
            ",5,",
            "abc EUR",
            "12 EUR USD",
            "-5",
            "12 EURO",
            "99999999999999999999",
        ] {
            assert!(m(bad).is_err(), "{bad}");
        }
        assert_eq!(m("1200 EUR").expect("ok").to_string(), "1200.00 EUR");
    }

    #[test]
    fn commas_are_thousands_only_between_groups_of_three() {
        let minor = |s: &str| Money::parse(s, "EUR").map(|m| m.minor);
        assert_eq!(minor("12,50 EUR"), Ok(1250));
        assert_eq!(minor("12,5"), Ok(1250));
        assert_eq!(minor("1,234.50"), Ok(123_450));
        assert_eq!(minor("1,234,567"), Ok(123_456_700));
        assert_eq!(minor("1.234,50"), Ok(123_450));
        assert_eq!(minor("1.234.567,5"), Ok(123_456_750));
        assert_eq!(minor("1,234"), Ok(123_400));
        assert_eq!(minor("0,99"), Ok(99));
        assert_eq!(minor(".5"), Ok(50));
        assert_eq!(minor("1_000"), Ok(100_000));
    }

    mod props {
        use proptest::prelude::*;

        use super::super::*;

        /// `n` with commas between groups of three digits: 1234567 → "1,234,567".
        fn grouped(n: u64, sep: char) -> String {
            let digits = n.to_string();
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    out.push(sep);
                }
                out.push(c);
            }
            out
        }

        proptest! {
            #[test]
            fn never_panics(text in ".{0,24}") {
                let _ = Money::parse(&text, "EUR");
            }

            #[test]
            fn every_written_form_reads_back(whole in 0u64..10_000_000_000, cents in 0u64..100) {
                let want = i64::try_from(whole * 100 + cents).expect("fits");
                let minor = |s: &str| Money::parse(s, "EUR").map(|m| m.minor);
                let frac = format!("{cents:02}");
                prop_assert_eq!(minor(&format!("{whole}.{frac}")), Ok(want));
                prop_assert_eq!(minor(&format!("{whole},{frac}")), Ok(want));
                prop_assert_eq!(minor(&format!("{}.{frac}", grouped(whole, ','))), Ok(want));
                prop_assert_eq!(minor(&format!("{},{frac}", grouped(whole, '.'))), Ok(want));
                prop_assert_eq!(minor(&grouped(whole, ',')), Ok(i64::try_from(whole * 100).expect("fits")));
            }

            #[test]
            fn never_read_as_a_hundred_times_more(whole in 0u64..1_000_000, decimals in "[0-9]{1,2}") {
                // A decimal comma reads the same as a decimal point, or is refused.
                let comma = Money::parse(&format!("{whole},{decimals}"), "EUR");
                let point = Money::parse(&format!("{whole}.{decimals}"), "EUR");
                prop_assert_eq!(comma, point);
            }
        }
    }
}
