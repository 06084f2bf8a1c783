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
        if currency.len() != 3 {
            return Err(bad("needs a three-letter currency code"));
        }
        let minor = parse_minor(number).ok_or_else(|| bad("is not an amount"))?;
        Ok(Money { minor, currency })
    }
}

/// "1,200.50" → 120050; at most two decimals; no negative amounts.
fn parse_minor(number: &str) -> Option<i64> {
    let cleaned: String = number.chars().filter(|c| *c != ',' && *c != '_').collect();
    let (whole, frac) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
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

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        write!(f, "{sign}{}.{:02} {}", abs / 100, abs % 100, self.currency)
    }
}

#[cfg(test)]
mod tests {
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
}
