//! The edit form and changes made elsewhere (the CLI, a script) while it is
//! open: it loads fresh data, writes only what the user changed, and reports
//! a field changed on both sides instead of overwriting it.

use crate::domain::contact::{Contact, ContactInput};
use crate::ops::capture;
use crate::tui::testing::Harness;

/// Jane Doe, titled "Old" in Paris, added and selected in the TUI.
fn jane() -> (Harness, i64) {
    let mut h = Harness::empty();
    h.keys("aJane Doe<Tab><Tab><Tab><Tab>Old<Tab><Tab><Tab>Paris<C-s>");
    let id = h.app.contacts.detail.as_ref().expect("detail").contact.id;
    (h, id)
}

/// What `kith edit ID --title ExtTitle --city Berlin` does, behind the TUI's back.
fn edit_elsewhere(h: &mut Harness, id: i64) {
    let input = ContactInput {
        title: Some("ExtTitle".into()),
        city: Some("Berlin".into()),
        ..ContactInput::default()
    };
    let mut c = stored(h, id);
    capture::apply_input(&h.rt.ctx, &mut c, input).expect("apply");
    capture::save_contact(&mut h.rt.ctx, &c).expect("save");
}

fn stored(h: &Harness, id: i64) -> Contact {
    h.contact(id)
}

fn field<'a>(h: &'a Harness, label: &str) -> &'a str {
    h.app
        .capture
        .fields
        .iter()
        .find(|f| f.label == label)
        .map_or("", |f| f.value())
}

#[test]
fn the_edit_form_opens_on_fresh_data() {
    let (mut h, id) = jane();
    edit_elsewhere(&mut h, id);
    // The detail still shows what was loaded before; the form must not.
    h.keys("e");
    assert_eq!(field(&h, "Title"), "ExtTitle");
    assert_eq!(field(&h, "City"), "Berlin");
    h.keys("<Tab><Tab>+49 30 1234567<C-s>");
    let c = stored(&h, id);
    assert_eq!(c.title.as_deref(), Some("ExtTitle"));
    assert_eq!(c.city.as_deref(), Some("Berlin"));
    assert_eq!(c.phones.len(), 1);
}

#[test]
fn saving_writes_only_the_fields_changed_in_the_form() {
    let (mut h, id) = jane();
    h.keys("e");
    assert_eq!(field(&h, "Title"), "Old");
    edit_elsewhere(&mut h, id);
    h.keys("<Tab><Tab>+49 30 1234567<C-s>");
    let c = stored(&h, id);
    assert_eq!(c.title.as_deref(), Some("ExtTitle"), "not written back");
    assert_eq!(c.city.as_deref(), Some("Berlin"), "not written back");
    assert_eq!(c.phones.len(), 1, "the new phone is saved");
    assert!(
        h.app
            .status
            .as_ref()
            .is_some_and(|s| s.text.starts_with("Saved"))
    );
}

#[test]
fn a_field_changed_on_both_sides_is_a_conflict_not_an_overwrite() {
    let (mut h, id) = jane();
    h.keys("e");
    edit_elsewhere(&mut h, id);
    h.keys("<Tab><Tab><Tab><Tab><C-u>Mine<C-s>");
    let c = stored(&h, id);
    assert_eq!(c.title.as_deref(), Some("ExtTitle"), "nothing saved");
    let status = h.app.status.clone().expect("status");
    assert!(status.text.contains("Changed elsewhere"), "{status:?}");
    assert!(status.text.contains("Title"), "{status:?}");
    assert!(!status.text.contains("City"), "the user left City alone");
    // The form keeps the user's value, says what the database holds, and
    // takes the other side's City (which the user did not touch).
    assert_eq!(field(&h, "Title"), "Mine");
    let title = h.app.capture.fields.iter().find(|f| f.label == "Title");
    let error = title.and_then(|f| f.error.clone()).unwrap_or_default();
    assert!(error.contains("ExtTitle"), "{error}");
    assert_eq!(field(&h, "City"), "Berlin");
    // Saving again keeps the user's title, knowingly, and Berlin.
    h.keys("<C-s>");
    let c = stored(&h, id);
    assert_eq!(c.title.as_deref(), Some("Mine"));
    assert_eq!(c.city.as_deref(), Some("Berlin"));
}

#[test]
fn an_unchanged_form_saves_nothing_over_other_changes() {
    let (mut h, id) = jane();
    h.keys("e");
    edit_elsewhere(&mut h, id);
    h.keys("<C-s>");
    let c = stored(&h, id);
    assert_eq!(c.title.as_deref(), Some("ExtTitle"));
    assert_eq!(c.city.as_deref(), Some("Berlin"));
}

#[test]
fn editing_only_the_street_changes_only_the_street() {
    let (mut h, id) = jane();
    h.keys("e");
    // Changed elsewhere meanwhile: kept, since the form leaves them alone.
    edit_elsewhere(&mut h, id);
    h.keys("<Tab><Tab><Tab><Tab><Tab>12 Rue de Rivoli<C-s>");
    let c = stored(&h, id);
    assert_eq!(c.street.as_deref(), Some("12 Rue de Rivoli"));
    assert_eq!(c.title.as_deref(), Some("ExtTitle"), "not written back");
    assert_eq!(c.city.as_deref(), Some("Berlin"), "not written back");
    assert_eq!((c.postcode, c.region), (None, None));
    // Cleared in the form, the street is gone; the rest stays.
    h.keys("e<Tab><Tab><Tab><Tab><Tab><C-u><C-s>");
    let c = stored(&h, id);
    assert_eq!(c.street, None);
    assert_eq!(c.city.as_deref(), Some("Berlin"));
}

#[test]
fn a_whole_postal_address_shows_in_the_detail() {
    let mut h = Harness::empty();
    h.keys(
        "aJane Doe<Tab><Tab><Tab><Tab><Tab>12 Rue de Rivoli<Tab>75001<Tab>Paris\
         <Tab>Île-de-France<Tab>France<C-s>",
    );
    let id = h.app.contacts.detail.as_ref().expect("detail").contact.id;
    let c = stored(&h, id);
    assert_eq!(c.street.as_deref(), Some("12 Rue de Rivoli"));
    assert_eq!(c.postcode.as_deref(), Some("75001"));
    assert_eq!(c.city.as_deref(), Some("Paris"));
    assert_eq!(c.region.as_deref(), Some("Île-de-France"));
    assert_eq!(c.country.as_deref(), Some("France"));
    let text = h.text(120, 30);
    assert!(
        text.contains("12 Rue de Rivoli, 75001 Paris, Île-de-France, France"),
        "{text}"
    );
    // The edit form reads them back into their fields.
    h.keys("e");
    assert_eq!(field(&h, "Street"), "12 Rue de Rivoli");
    assert_eq!(field(&h, "Postcode"), "75001");
    assert_eq!(field(&h, "Region"), "Île-de-France");
}

#[test]
fn a_short_screen_scrolls_the_form_to_the_focused_field() {
    let mut h = Harness::empty();
    h.keys("a");
    for _ in 0..14 {
        h.keys("<Tab>");
    }
    assert_eq!(h.app.capture.focus, 14);
    let text = h.text(80, 14);
    assert!(
        text.contains("Stay in touch"),
        "the focus is in view: {text}"
    );
    assert!(!text.contains("*Name"), "the first rows gave way: {text}");
}
