//! Header → field: the few columns one exporter means differently, then the
//! words every exporter uses ("E-mail 2 Address", "Home City", "Address 1 -
//! Postal Code"), then a custom field named after the header.

use super::dialect::{Dialect, norm};
use super::map::{KithKey, Part, Target, field_key};

/// What the column with this header is read as in files of `dialect`.
pub(super) fn target(dialect: Dialect, header: &str) -> Target {
    let h = norm(header);
    special(dialect, &h).unwrap_or_else(|| by_words(&h))
}

/// Columns whose meaning depends on who wrote the file.
fn special(dialect: Dialect, h: &str) -> Option<Target> {
    let kith = |k| Some(Target::Kith(k));
    match (dialect, h) {
        (Dialect::Kith, "uid") => Some(Target::Uid),
        (Dialect::Kith, "kind") => kith(KithKey::Kind),
        (Dialect::Kith, "stage") => kith(KithKey::Stage),
        (Dialect::Kith, "consent") => kith(KithKey::Consent),
        (Dialect::Kith, "consent_at") => kith(KithKey::ConsentAt),
        (Dialect::Kith, "cadence") => kith(KithKey::Cadence),
        (Dialect::Kith, "source") => kith(KithKey::Source),
        (Dialect::Kith, "archived") => kith(KithKey::Archived),
        (Dialect::Kith, "created_at") => kith(KithKey::CreatedAt),
        // Outlook's "Title" is Mr/Ms; the job is "Job Title".
        (Dialect::Outlook | Dialect::OutlookCom, "title") => Some(Target::Prefix),
        // Outlook fills these with "Unspecified", "Normal", "False" for
        // everyone; Google's photos are links to its own servers.
        (
            Dialect::Outlook | Dialect::OutlookCom,
            "gender" | "priority" | "private" | "sensitivity",
        )
        | (Dialect::Google | Dialect::GoogleOld, "photo") => Some(Target::Ignore),
        (Dialect::LinkedIn, "url") => Some(Target::Field("linkedin".into())),
        (Dialect::LinkedIn, "connected on") => Some(Target::Field("connected_on".into())),
        _ => None,
    }
}

/// The words exporters use, in an order that settles overlaps: "E-mail
/// Address" is an e-mail before it is an address, "Address 1 - City" a city.
fn by_words(h: &str) -> Target {
    if let Some(key) = h.strip_prefix("field.") {
        return Target::Field(field_key(key));
    }
    let words: Vec<&str> = h
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    let any = |ws: &[&str]| ws.iter().any(|w| has(w));
    let compact = words.concat();
    let custom = || Target::Custom(field_key(h));

    if h == "uid" {
        return Target::Uid;
    }
    // Readings of names in kana, the labels of multi-value groups ("E-mail 1
    // - Type", "Phone 1 - Label"), and Outlook's "E-mail Display Name".
    if any(&["yomi", "phonetic", "assistant"]) {
        return custom();
    }
    if words.len() > 1 && any(&["type", "label"]) {
        return Target::Ignore;
    }
    if compact.contains("email") || has("mail") {
        return if has("display") {
            Target::Ignore
        } else {
            Target::Email
        };
    }
    if any(&["fax", "pager"]) {
        return custom();
    }
    if any(&["phone", "mobile", "tel", "telephone", "cell", "cellphone"]) {
        return Target::Phone;
    }
    if let Some(target) = name_part(&compact) {
        return target;
    }
    if has("birth") || compact.starts_with("birth") || compact == "dob" {
        return birth(&words, &compact).unwrap_or_else(custom);
    }
    if any(&["organization", "organisation", "company"]) {
        return if has("title") {
            Target::Title
        } else if words.len() == 1 || has("name") {
            Target::Org
        } else {
            custom()
        };
    }
    if matches!(compact.as_str(), "org" | "employer") {
        return Target::Org;
    }
    if any(&["title", "position", "job", "role"]) {
        return Target::Title;
    }
    if let Some(part) = address_part(&words, &compact) {
        return Target::Address {
            rank: address_rank(&words),
            part,
        };
    }
    if any(&["tags", "labels", "categories", "groups", "group"]) {
        return Target::Tags;
    }
    if any(&["notes", "note", "comments", "comment"]) {
        return Target::Note;
    }
    if any(&["website", "url", "homepage"]) || compact.contains("webpage") {
        return Target::Field("url".into());
    }
    custom()
}

fn name_part(compact: &str) -> Option<Target> {
    Some(match compact {
        "name" | "fullname" | "displayname" | "contactname" => Target::Name,
        "firstname" | "givenname" | "first" | "forename" => Target::Given,
        "middlename" | "additionalname" | "additionalnames" | "middle" => Target::Additional,
        "lastname" | "familyname" | "surname" | "last" => Target::Family,
        "nickname" => Target::Nickname,
        "nameprefix" | "prefix" | "salutation" => Target::Prefix,
        "namesuffix" | "suffix" => Target::Suffix,
        _ => return None,
    })
}

/// "Birthday", "Date of Birth", and Thunderbird's "Birth Year/Month/Day".
fn birth(words: &[&str], compact: &str) -> Option<Target> {
    let has = |w: &str| words.contains(&w);
    if has("year") {
        Some(Target::BirthYear)
    } else if has("month") {
        Some(Target::BirthMonth)
    } else if has("day") {
        Some(Target::BirthDay)
    } else if matches!(
        compact,
        "birthday" | "birthdate" | "dateofbirth" | "dob" | "bday"
    ) {
        Some(Target::Birthday)
    } else {
        None
    }
}

fn address_part(words: &[&str], compact: &str) -> Option<Part> {
    let has = |w: &str| words.contains(&w);
    let any = |ws: &[&str]| ws.iter().any(|w| has(w));
    if has("box") {
        return None;
    }
    if has("formatted") {
        Some(Part::Formatted)
    } else if any(&["city", "town", "locality"]) {
        Some(Part::City)
    } else if has("country") {
        Some(Part::Country)
    } else if compact.contains("zip") || any(&["postcode", "postal", "postalcode"]) {
        Some(Part::Postcode)
    } else if any(&["state", "region", "province", "county"]) {
        Some(Part::Region)
    } else if any(&["street", "address"]) {
        Some(Part::Street)
    } else {
        None
    }
}

/// Which address a column belongs to, the preferred first: business (or
/// work), then home, then other; Google's "Address 1", "Address 2"… in turn.
fn address_rank(words: &[&str]) -> u32 {
    let has = |w: &str| words.contains(&w);
    if has("business") || has("work") {
        0
    } else if has("home") {
        1
    } else if has("other") {
        2
    } else {
        words
            .windows(2)
            .find(|w| w[0] == "address")
            .and_then(|w| w[1].parse::<u32>().ok())
            .map_or(0, |n| n.saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generic(h: &str) -> Target {
        target(Dialect::Generic, h)
    }

    #[test]
    fn header_words_name_the_field() {
        let addr = |rank, part| Target::Address { rank, part };
        assert_eq!(generic("E-mail 2 Address"), Target::Email);
        assert_eq!(generic("E-mail 1 - Type"), Target::Ignore);
        assert_eq!(generic("Phone 1 - Value"), Target::Phone);
        assert_eq!(
            generic("Business Fax"),
            Target::Custom("business_fax".into())
        );
        assert_eq!(
            generic("Given Name Yomi"),
            Target::Custom("given_name_yomi".into())
        );
        assert_eq!(generic("Full Name"), Target::Name);
        assert_eq!(generic("Surname"), Target::Family);
        assert_eq!(generic("Organization 1 - Name"), Target::Org);
        assert_eq!(generic("Organization 1 - Title"), Target::Title);
        assert_eq!(generic("Job Title"), Target::Title);
        assert_eq!(generic("Address 2 - Postal Code"), addr(1, Part::Postcode));
        assert_eq!(generic("Business Country/Region"), addr(0, Part::Country));
        assert_eq!(generic("Home Street 2"), addr(1, Part::Street));
        assert_eq!(generic("Home ZipCode"), addr(1, Part::Postcode));
        assert_eq!(generic("Other State"), addr(2, Part::Region));
        assert_eq!(
            generic("Business PO Box"),
            Target::Custom("business_po_box".into())
        );
        assert_eq!(generic("Date of Birth"), Target::Birthday);
        assert_eq!(generic("Birth Month"), Target::BirthMonth);
        assert_eq!(generic("Group Membership"), Target::Tags);
        assert_eq!(generic("Website 1 - Value"), Target::Field("url".into()));
        assert_eq!(generic("Shoe Size"), Target::Custom("shoe_size".into()));
    }

    #[test]
    fn some_headers_mean_what_their_exporter_says() {
        assert_eq!(target(Dialect::Outlook, "Title"), Target::Prefix);
        assert_eq!(generic("Title"), Target::Title);
        assert_eq!(target(Dialect::Outlook, "Priority"), Target::Ignore);
        assert_eq!(
            target(Dialect::LinkedIn, "URL"),
            Target::Field("linkedin".into())
        );
        assert_eq!(
            target(Dialect::Kith, "archived"),
            Target::Kith(KithKey::Archived)
        );
        assert_eq!(
            generic("field.shoe-size"),
            Target::Field("shoe-size".into())
        );
    }
}
