//! Reading an objective: "revenue 10000 EUR per quarter".

use super::{Goal, Metric};
use crate::domain::Invalid;
use crate::domain::money::Money;
use crate::domain::period::Period;

/// The forms [`parse`] reads, for its error's hint and the help.
pub const FORMS: &str = "\"revenue 10000 EUR per quarter\" (no currency: the default one), \
\"new customers 5 per month\", \"new contacts 20 per month\", \"active customers 40 per quarter\", \
\"purchases 100 per month\", \"nps 50 per quarter\", \"satisfaction 4.5 per quarter\", \
\"retention 80% per year\"; the period may also be \"a month\", \"each quarter\", \"monthly\", \
\"quarterly\", \"yearly\"";

/// The words naming each metric, longest first within a metric.
const NAMES: &[(&str, Metric)] = &[
    ("revenue", Metric::Revenue),
    ("sales", Metric::Revenue),
    ("new customers", Metric::NewCustomers),
    ("new customer", Metric::NewCustomers),
    ("new-customers", Metric::NewCustomers),
    ("new contacts", Metric::NewContacts),
    ("new contact", Metric::NewContacts),
    ("new-contacts", Metric::NewContacts),
    ("active customers", Metric::ActiveCustomers),
    ("active customer", Metric::ActiveCustomers),
    ("active-customers", Metric::ActiveCustomers),
    ("purchases", Metric::Purchases),
    ("purchase", Metric::Purchases),
    ("nps", Metric::Nps),
    ("satisfaction", Metric::Satisfaction),
    ("retention", Metric::Retention),
];

fn invalid(text: &str, why: &str) -> Invalid {
    Invalid::new(
        "objective",
        format!(
            "cannot read {:?}: {why}",
            crate::domain::text::printable(text)
        ),
    )
    .hint(format!("write it like {FORMS}"))
}

/// Reads an objective; money without a currency is in `default_currency`.
/// The result's `id` is 0 until it is stored.
pub fn parse(text: &str, default_currency: &str) -> Result<Goal, Invalid> {
    let lower = text.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let (period, words) = split_period(&words).ok_or_else(|| {
        invalid(
            text,
            "it needs a period at the end (per month, per quarter, per year)",
        )
    })?;
    let joined = words.join(" ");
    let (name, metric) = NAMES
        .iter()
        .find(|(name, _)| {
            joined.starts_with(name)
                && joined[name.len()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .ok_or_else(|| invalid(text, "it does not start with a figure kith measures"))?;
    let amount = joined[name.len()..].trim();
    if amount.is_empty() {
        return Err(invalid(text, "it has no target"));
    }
    let (target, currency) =
        target(*metric, amount, default_currency).map_err(|why| invalid(text, &why))?;
    Ok(Goal {
        id: 0,
        metric: *metric,
        target,
        currency,
        period,
        text: text.trim().to_string(),
    })
}

/// The period at the end ("per month", "a quarter", "monthly") and the words before it.
fn split_period<'a, 'w>(words: &'a [&'w str]) -> Option<(Period, &'a [&'w str])> {
    let (last, rest) = words.split_last()?;
    let single = match *last {
        "monthly" => Some(Period::Month),
        "quarterly" => Some(Period::Quarter),
        "yearly" | "annually" => Some(Period::Year),
        _ => None,
    };
    if let Some(period) = single {
        return Some((period, rest));
    }
    let (joiner, rest) = rest.split_last()?;
    if !matches!(*joiner, "per" | "a" | "an" | "each" | "every" | "/") {
        return None;
    }
    let period = last.trim_end_matches('s').parse().ok()?;
    Some((period, rest))
}

/// The target in the metric's units (see [`Goal::target`]).
fn target(
    metric: Metric,
    amount: &str,
    default_currency: &str,
) -> Result<(i64, Option<String>), String> {
    match metric {
        Metric::Revenue => {
            let money = Money::parse(amount, default_currency).map_err(|e| e.reason)?;
            Ok((money.minor, Some(money.currency)))
        }
        Metric::Nps => {
            let n: i64 = amount
                .trim_start_matches('+')
                .parse()
                .map_err(|_| format!("{amount:?} is not a whole number of NPS points"))?;
            bounded(n, -100, 100, "an NPS target is from -100 to 100")
        }
        Metric::Satisfaction => {
            let n: f64 = amount
                .parse()
                .map_err(|_| format!("{amount:?} is not a satisfaction like 4.5"))?;
            let hundredths = (n * 100.0).round();
            if !(100.0..=500.0).contains(&hundredths) {
                return Err("a satisfaction target is from 1 to 5".into());
            }
            Ok((hundredths as i64, None))
        }
        Metric::Retention => {
            let n: i64 = amount
                .trim_end_matches('%')
                .trim()
                .parse()
                .map_err(|_| format!("{amount:?} is not a percentage like 80%"))?;
            bounded(
                n,
                0,
                100,
                "a retention target is a percentage from 0 to 100",
            )
        }
        _ => {
            let n: i64 = amount
                .replace([',', '_'], "")
                .parse()
                .map_err(|_| format!("{amount:?} is not a whole number"))?;
            bounded(n, 0, i64::MAX, "a count cannot be negative")
        }
    }
}

fn bounded(n: i64, low: i64, high: i64, why: &str) -> Result<(i64, Option<String>), String> {
    if (low..=high).contains(&n) {
        Ok((n, None))
    } else {
        Err(why.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Metric, i64, Option<String>, Period) {
        let g = parse(text, "EUR").expect(text);
        (g.metric, g.target, g.currency, g.period)
    }

    #[test]
    fn the_forms_of_the_help_read() {
        let eur = Some("EUR".to_string());
        assert_eq!(
            read("revenue 10000 EUR per quarter"),
            (Metric::Revenue, 1_000_000, eur.clone(), Period::Quarter)
        );
        assert_eq!(
            read("Revenue 2,500.50 a month"),
            (Metric::Revenue, 250_050, eur, Period::Month)
        );
        assert_eq!(read("revenue 300 usd yearly").2.as_deref(), Some("USD"));
        assert_eq!(
            read("new customers 5 per month"),
            (Metric::NewCustomers, 5, None, Period::Month)
        );
        assert_eq!(read("new customer 1 each month").0, Metric::NewCustomers);
        assert_eq!(read("new contacts 20 monthly").0, Metric::NewContacts);
        assert_eq!(read("active customers 1,000 per year").1, 1000);
        assert_eq!(read("purchases 100 per months").3, Period::Month);
        assert_eq!(
            read("nps 50 per quarter"),
            (Metric::Nps, 50, None, Period::Quarter)
        );
        assert_eq!(read("nps -10 quarterly").1, -10);
        assert_eq!(read("satisfaction 4.5 per quarter").1, 450);
        assert_eq!(
            read("retention 80% per year"),
            (Metric::Retention, 80, None, Period::Year)
        );
    }

    #[test]
    fn unreadable_objectives_say_what_is_read() {
        for bad in [
            "revenue 10000 EUR",
            "profit 10 per month",
            "revenue per month",
            "nps 150 per month",
            "satisfaction 7 per month",
            "retention 120% per year",
            "new customers -3 per month",
            "new customers five per month",
            "revenue 10000 EUR per week",
        ] {
            let e = parse(bad, "EUR").expect_err(bad);
            assert!(e.reason.starts_with("cannot read"), "{bad}: {e}");
            assert!(
                e.hint.as_deref().is_some_and(|h| h.contains("per quarter")),
                "{bad}"
            );
        }
    }
}
