//! kith's vCard checked against a reader and a writer nobody here wrote:
//! python's `vobject`.
//!
//! `KITH_TEST_PYTHON` names the interpreter (CI sets it to a venv holding
//! vobject, and there a missing vobject is a failure). Without it, `python3`
//! is tried, and the tests are skipped with a note on stderr when it cannot
//! import vobject.

use std::collections::BTreeMap;
use std::process::Command;

use kith::domain::contact::{Contact, Phone};
use kith::domain::dates::Birthday;
use kith::formats::card::Card;
use kith::formats::vcard;
use serde_json::Value;

/// Reads the vCard file named by argv[1] and prints, as JSON, what vobject found.
const READ_WITH_VOBJECT: &str = r#"
import json, sys, vobject

def values(card, name):
    return [line.value for line in card.contents.get(name, [])]

def first(card, name):
    found = values(card, name)
    return found[0] if found else None

out = []
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    for card in vobject.readComponents(f.read()):
        n = first(card, "n")
        adr = first(card, "adr")
        tels = card.contents.get("tel", [])
        out.append({
            "uid": first(card, "uid"),
            "fn": first(card, "fn"),
            "family": n.family if n else None,
            "given": n.given if n else None,
            "emails": values(card, "email"),
            "email_pref": [line.params.get("PREF") for line in card.contents.get("email", [])],
            "tels": [line.value for line in tels],
            "tel_value": [line.params.get("VALUE") for line in tels],
            "org": first(card, "org"),
            "title": first(card, "title"),
            "adr": None if adr is None else {
                "street": adr.street, "city": adr.city, "region": adr.region,
                "code": adr.code, "country": adr.country,
            },
            "bday": first(card, "bday"),
            "categories": first(card, "categories"),
            "note": first(card, "note"),
            "fields": {line.params["X-KEY"][0]: line.value
                       for line in card.contents.get("x-kith-field", [])},
        })
print(json.dumps(out))
"#;

/// Writes a vCard with vobject's own serialiser to stdout.
const WRITE_WITH_VOBJECT: &str = r"
import sys, vobject
c = vobject.vCard()
c.add('uid').value = 'vobject-uid-1'
c.add('fn').value = 'Zoë Dupré, Jr.'
c.add('n').value = vobject.vcard.Name(family='Dupré; Sr', given='Zoë')
c.add('email').value = 'zoe@example.fr'
c.add('email').value = 'zoe.d@work.example'
c.add('tel').value = '+33 1 40 00 00 00'
c.add('tel').value = '+33 6 12 34 56 78'
c.add('org').value = ['Café, Société', 'Ventes']
c.add('title').value = 'Directrice'
c.add('adr').value = vobject.vcard.Address(
    street='12 Rue de Rivoli', city='Paris', region='IDF', code='75001', country='France')
c.add('bday').value = '1980-03-22'
c.add('note').value = 'A long note ' * 12 + '\nsecond line; with, punctuation'
c.add('categories').value = ['client', 'vip, gold']
sys.stdout.write(c.serialize())
";

/// The interpreter to use, or `None` (after saying so) when vobject is not
/// there and nothing asked for it.
fn python() -> Option<String> {
    let has_vobject = |python: &str| {
        Command::new(python)
            .args(["-c", "import vobject"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    match std::env::var("KITH_TEST_PYTHON") {
        Ok(python) => {
            assert!(
                has_vobject(&python),
                "KITH_TEST_PYTHON={python} cannot import vobject (pip install vobject)"
            );
            Some(python)
        }
        Err(_) if has_vobject("python3") => Some("python3".into()),
        Err(_) => {
            eprintln!(
                "skipped: vobject not installed (set KITH_TEST_PYTHON to a python that has it)"
            );
            None
        }
    }
}

fn run(python: &str, args: &[&str]) -> String {
    let out = Command::new(python)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("python prints UTF-8")
}

fn contact(uid: &str, name: &str) -> Contact {
    let mut c = Contact::new(uid, name, "2026-01-02T03:04:05Z");
    c.id = 1;
    c.updated_at = "2026-02-03T04:05:06Z".into();
    c
}

fn tricky_contacts() -> Vec<Contact> {
    let mut zoe = contact("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "Zoë Dupré, Jr.");
    zoe.given_name = Some("Zoë".into());
    zoe.family_name = Some("Dupré; née Roe".into());
    zoe.emails = vec!["zoe@example.fr".into(), "zoe.d@work.example".into()];
    zoe.phones = vec![
        Phone::parse("+33 1 40 00 00 00", None).expect("phone"),
        // Not a number kith parses: written as text, as typed.
        Phone {
            raw: "555-0100 ext 7".into(),
            e164: None,
        },
    ];
    zoe.org = Some("Café, Société; Ventes".into());
    zoe.title = Some("Directrice\\Chef".into());
    zoe.street = Some("Flat 2, 5 High St".into());
    zoe.city = Some("Zürich".into());
    zoe.region = Some("ZH".into());
    zoe.postcode = Some("8001".into());
    zoe.country = Some("Switzerland".into());
    zoe.birthday = Some(Birthday::parse("--04-12").expect("birthday"));
    zoe.tags = vec!["client".into(), "vip, gold".into()];
    zoe.fields = BTreeMap::from([
        (
            "note".into(),
            format!(
                "Met at the Salon; ask about the café.\n{}",
                "Ünïcödé runs long enough to fold. ".repeat(8).trim_end()
            ),
        ),
        ("industry".into(), "fintech, banking".into()),
    ]);
    let mut bob = contact("0190a1b2-c3d4-7e5f-8a9b-000000000002", "Bob Stone");
    bob.birthday = Some(Birthday::parse("1985-04-12").expect("birthday"));
    bob.emails = vec!["bob@stone.example".into()];
    vec![zoe, bob]
}

#[test]
fn vobject_reads_what_kith_writes() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("export.vcf");
    let contacts = tricky_contacts();
    let mut bytes = Vec::new();
    vcard::write(&mut bytes, &contacts).expect("writes");
    std::fs::write(&path, &bytes).expect("saved");
    let printed = run(
        &python,
        &[
            "-c",
            READ_WITH_VOBJECT,
            path.to_str().expect("a UTF-8 path"),
        ],
    );
    let read: Vec<Value> = serde_json::from_str(&printed).expect("JSON from python");
    assert_eq!(read.len(), 2);

    let zoe = &read[0];
    let s = |v: &Value| v.as_str().map(str::to_string);
    assert_eq!(
        s(&zoe["uid"]).as_deref(),
        Some("urn:uuid:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
    );
    assert_eq!(s(&zoe["fn"]).as_deref(), Some("Zoë Dupré, Jr."));
    assert_eq!(s(&zoe["family"]).as_deref(), Some("Dupré; née Roe"));
    assert_eq!(s(&zoe["given"]).as_deref(), Some("Zoë"));
    assert_eq!(
        zoe["emails"],
        serde_json::json!(["zoe@example.fr", "zoe.d@work.example"])
    );
    assert_eq!(zoe["email_pref"], serde_json::json!([["1"], null]));
    assert_eq!(
        zoe["tels"],
        serde_json::json!(["tel:+33140000000", "555-0100 ext 7"])
    );
    assert_eq!(zoe["tel_value"], serde_json::json!([["uri"], null]));
    assert_eq!(zoe["org"], serde_json::json!(["Café, Société; Ventes"]));
    assert_eq!(s(&zoe["title"]).as_deref(), Some("Directrice\\Chef"));
    assert_eq!(
        zoe["adr"],
        serde_json::json!({"street": "Flat 2, 5 High St", "city": "Zürich", "region": "ZH",
                           "code": "8001", "country": "Switzerland"})
    );
    assert_eq!(s(&zoe["bday"]).as_deref(), Some("--0412"));
    assert_eq!(
        zoe["categories"],
        serde_json::json!(["client", "vip, gold"])
    );
    assert_eq!(
        s(&zoe["note"]).as_deref(),
        contacts[0].fields.get("note").map(String::as_str)
    );
    assert_eq!(
        zoe["fields"],
        serde_json::json!({"industry": "fintech, banking"})
    );

    let bob = &read[1];
    assert_eq!(s(&bob["fn"]).as_deref(), Some("Bob Stone"));
    assert_eq!(s(&bob["bday"]).as_deref(), Some("19850412"));
    assert_eq!(bob["emails"], serde_json::json!(["bob@stone.example"]));
    assert_eq!(bob["adr"], Value::Null);
}

#[test]
fn kith_reads_what_vobject_writes() {
    let Some(python) = python() else { return };
    let written = run(&python, &["-c", WRITE_WITH_VOBJECT]);
    assert!(
        written.lines().any(|l| l.starts_with(' ')),
        "vobject folded the long note:\n{written}"
    );
    let outcome = vcard::read(written.as_bytes()).expect("kith reads vobject's vCard");
    assert_eq!(outcome.dialect, "vCard 3.0");
    let cards: Vec<&Card> = vcard::cards(&outcome).collect();
    assert_eq!(cards.len(), 1, "{outcome:?}");
    let c = cards[0];
    assert_eq!(c.uid.as_deref(), Some("vobject-uid-1"));
    assert_eq!(c.display_name().as_deref(), Some("Zoë Dupré, Jr."));
    assert_eq!(c.family_name.as_deref(), Some("Dupré; Sr"));
    assert_eq!(c.given_name.as_deref(), Some("Zoë"));
    assert_eq!(c.emails, vec!["zoe@example.fr", "zoe.d@work.example"]);
    assert_eq!(c.phones, vec!["+33 1 40 00 00 00", "+33 6 12 34 56 78"]);
    assert_eq!(c.org.as_deref(), Some("Café, Société"));
    assert_eq!(c.title.as_deref(), Some("Directrice"));
    assert_eq!(c.address.street.as_deref(), Some("12 Rue de Rivoli"));
    assert_eq!(c.address.city.as_deref(), Some("Paris"));
    assert_eq!(c.address.region.as_deref(), Some("IDF"));
    assert_eq!(c.address.postcode.as_deref(), Some("75001"));
    assert_eq!(c.address.country.as_deref(), Some("France"));
    assert_eq!(
        c.birthday.map(|b| b.to_storage()).as_deref(),
        Some("1980-03-22")
    );
    assert_eq!(c.tags, vec!["client", "vip, gold"]);
    let field = |key: &str| {
        c.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        field("note"),
        Some(format!(
            "{}\nsecond line; with, punctuation",
            "A long note ".repeat(12)
        ))
    );
    assert_eq!(field("department").as_deref(), Some("Ventes"));
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}
