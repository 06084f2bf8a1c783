//! Birthdays as address books write them in CSV: ISO ("1980-03-22",
//! "--03-22"), Outlook's month-first "3/22/1980" (and "0/0/00" for none),
//! the European "22.03.1980", and whatever `Birthday::parse` reads.

use crate::domain::dates::Birthday;
use crate::domain::text::printable;

/// `Ok(None)`: the cell says there is no birthday. `Err`: a warning.
pub(super) fn parse(cell: &str, month_first: bool) -> Result<Option<Birthday>, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    if let Some(b) = Birthday::from_storage(cell) {
        return Ok(Some(b));
    }
    let unreadable = || format!("birthday {:?} is not a date; left out", printable(cell));
    for sep in ['/', '.'] {
        let parts: Vec<&str> = cell.split(sep).collect();
        if parts.len() == 3 && parts.iter().all(|p| is_number(p)) {
            let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
            // Outlook's "0/0/00" and "1/0/00": no birthday.
            if n.contains(&0) && n[2] == 0 {
                return Ok(None);
            }
            let (year, month, day) = if parts[0].len() == 4 {
                (n[0], n[1], n[2])
            } else if sep == '.' {
                (n[2], n[1], n[0])
            } else if month_first || n[1] > 12 || n[0] == n[1] {
                (n[2], n[0], n[1])
            } else if n[0] > 12 {
                (n[2], n[1], n[0])
            } else {
                return Err(format!(
                    "birthday {:?} could be day or month first; left out",
                    printable(cell)
                ));
            };
            let year = match parts[if parts[0].len() == 4 { 0 } else { 2 }].len() {
                4 => year,
                2 if year > 30 => 1900 + year,
                2 => 2000 + year,
                _ => return Err(unreadable()),
            };
            return Birthday::from_storage(&format!("{year:04}-{month:02}-{day:02}"))
                .map(Some)
                .ok_or_else(unreadable);
        }
    }
    Birthday::parse(cell).map(Some).map_err(|_| unreadable())
}

/// Thunderbird's three columns: month and day needed, year optional.
pub(super) fn from_parts(
    year: Option<&str>,
    month: Option<&str>,
    day: Option<&str>,
) -> Result<Option<Birthday>, String> {
    let (Some(month), Some(day)) = (month, day) else {
        return Ok(None);
    };
    let text = match year {
        Some(year) => format!("{year}-{month:0>2}-{day:0>2}"),
        None => format!("--{month:0>2}-{day:0>2}"),
    };
    Birthday::from_storage(&text).map(Some).ok_or_else(|| {
        format!(
            "birthday (year {:?}, month {:?}, day {:?}) is not a date; left out",
            printable(year.unwrap_or("")),
            printable(month),
            printable(day)
        )
    })
}

fn is_number(s: &str) -> bool {
    (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(cell: &str, month_first: bool) -> Option<String> {
        parse(cell, month_first)
            .expect("reads")
            .map(|b| b.to_storage())
    }

    #[test]
    fn the_forms_address_books_write() {
        assert_eq!(stored("1980-03-22", false).as_deref(), Some("1980-03-22"));
        assert_eq!(stored("--03-22", false).as_deref(), Some("--03-22"));
        assert_eq!(stored("3/22/1980", true).as_deref(), Some("1980-03-22"));
        assert_eq!(stored("3/4/1980", true).as_deref(), Some("1980-03-04"));
        assert_eq!(stored("22.03.1980", false).as_deref(), Some("1980-03-22"));
        assert_eq!(stored("22/3/1980", false).as_deref(), Some("1980-03-22"));
        assert_eq!(stored("1980/03/22", false).as_deref(), Some("1980-03-22"));
        assert_eq!(stored("19800322", false).as_deref(), Some("1980-03-22"));
        assert_eq!(
            stored("March 22 1980", false).as_deref(),
            Some("1980-03-22")
        );
        assert_eq!(stored("0/0/00", true), None);
        assert_eq!(stored("1/0/00", true), None);
        assert_eq!(stored("", true), None);
    }

    #[test]
    fn an_unreadable_or_ambiguous_birthday_is_a_warning() {
        let err = parse("3/4/1980", false).expect_err("ambiguous");
        assert!(err.contains("day or month first"), "{err}");
        assert!(parse("2/30/1980", true).is_err());
        assert!(parse("soon", false).is_err());
    }

    #[test]
    fn thunderbird_writes_three_columns() {
        let b = from_parts(Some("1980"), Some("3"), Some("22")).expect("reads");
        assert_eq!(b.map(|b| b.to_storage()).as_deref(), Some("1980-03-22"));
        let b = from_parts(None, Some("3"), Some("22")).expect("reads");
        assert_eq!(b.map(|b| b.to_storage()).as_deref(), Some("--03-22"));
        assert_eq!(from_parts(Some("1980"), None, Some("22")), Ok(None));
        assert!(from_parts(None, Some("13"), Some("1")).is_err());
    }
}
