//! Moving between panes and leaving the app, driven by keys: every pane
//! reaches every pane, arriving never puts the cursor in a text field, and
//! `q` quits (asking first when a form holds unsaved input).

use insta::assert_snapshot;

use super::action::PaneId;
use super::testing::Harness;

/// The keys that reach pane `p`: its digit, Alt+digit and its F-key.
fn keys_of(p: PaneId) -> [String; 3] {
    let n = p.number();
    [n.to_string(), format!("<A-{n}>"), format!("<F{n}>")]
}

#[test]
fn every_pane_key_reaches_every_pane_from_every_pane() {
    let mut h = Harness::demo();
    for from in PaneId::ALL {
        for to in PaneId::ALL {
            for key in keys_of(to) {
                h.keys(&keys_of(from)[0]);
                assert_eq!(h.app.active, from);
                assert!(!h.app.typing(), "arriving at {from:?} opened a field");
                h.keys(&key);
                assert_eq!(h.app.active, to, "{key} from {from:?}");
                assert!(!h.app.typing(), "{key} from {from:?} opened a field");
                assert!(h.app.overlay.is_none());
                assert!(!h.app.quit);
            }
        }
    }
}

#[test]
fn q_quits_from_every_pane_at_rest() {
    for pane in PaneId::ALL {
        let mut h = Harness::demo();
        h.keys(&keys_of(pane)[0]);
        h.keys("q");
        assert!(h.app.quit, "q on {pane:?}");
    }
}

#[test]
fn tab_and_shift_tab_cycle_through_every_pane() {
    let mut h = Harness::demo();
    let n = PaneId::ALL.len();
    for i in 1..=n {
        h.keys("<Tab>");
        assert_eq!(h.app.active, PaneId::ALL[i % n]);
        assert!(!h.app.typing());
    }
    for i in (0..n).rev() {
        h.keys("<S-Tab>");
        assert_eq!(h.app.active, PaneId::ALL[i]);
    }
}

#[test]
fn two_then_three_then_q_does_not_type_into_the_form() {
    let mut h = Harness::empty();
    h.keys("23");
    assert_eq!(h.app.active, PaneId::FollowUps);
    h.keys("2");
    assert!(!h.app.capture.has_unsaved_input(), "nothing was typed");
    assert!(h.app.capture.fields[0].value().is_empty());
    h.keys("q");
    assert!(h.app.quit);
}

#[test]
fn inside_a_field_digits_are_text_and_alt_digits_or_f_keys_switch() {
    let mut h = Harness::empty();
    h.keys("2iRoom 3");
    assert_eq!(h.app.active, PaneId::Capture);
    assert_eq!(h.app.capture.fields[0].value(), "Room 3");
    h.keys("<A-3>");
    assert_eq!(h.app.active, PaneId::FollowUps);
    // The form waits as it was, at rest.
    h.keys("<F2>");
    assert!(!h.app.typing());
    assert_eq!(h.app.capture.fields[0].value(), "Room 3");
    // From the search field as well.
    h.keys("1/ja");
    assert!(h.app.typing());
    h.keys("<F3>");
    assert_eq!(h.app.active, PaneId::FollowUps);
    h.keys("1");
    assert!(!h.app.typing(), "back on Contacts, keys are commands");
}

#[test]
fn editing_starts_with_a_shown_key_and_esc_leaves_it() {
    for key in ["<Enter>", "i", "a"] {
        let mut h = Harness::empty();
        h.keys("2");
        h.keys(key);
        assert!(h.app.typing(), "{key} starts editing");
        h.keys("<Esc>");
        assert!(!h.app.typing(), "Esc leaves editing");
        assert_eq!(h.app.active, PaneId::Capture);
    }
}

#[test]
fn each_pane_on_arrival() {
    let mut h = Harness::demo();
    for pane in PaneId::ALL {
        h.keys(&keys_of(pane)[0]);
        for (w, hgt) in [(80, 24), (120, 36)] {
            let screen = h.screen(w, hgt);
            assert_snapshot!(
                format!("arrival_{}_{w}x{hgt}", pane.number()),
                screen.backend()
            );
        }
    }
}

#[test]
fn quitting_with_a_half_filled_form_asks_first() {
    let mut h = Harness::empty();
    h.keys("aJane Do<Esc>");
    assert!(!h.app.typing());
    h.keys("q");
    assert!(!h.app.quit, "asks instead");
    assert_snapshot!("discard_form_question", h.screen(80, 24).backend());
    assert_snapshot!("discard_form_question_120x30", h.screen(120, 30).backend());
    h.keys("n");
    assert!(h.app.overlay.is_none());
    assert_eq!(
        h.app.capture.fields[0].value(),
        "Jane Do",
        "the form is kept"
    );
    // From another pane too: the form still holds the input.
    h.keys("1q");
    assert!(!h.app.quit);
    h.keys("<Esc>");
    assert!(!h.app.quit);
    h.keys("qy");
    assert!(h.app.quit);
}

#[test]
fn ctrl_c_in_a_form_asks_and_a_second_ctrl_c_quits() {
    let mut h = Harness::empty();
    h.keys("aJane");
    h.keys("<C-c>");
    assert!(!h.app.quit);
    assert!(h.app.overlay.is_some());
    h.keys("<C-c>");
    assert!(h.app.quit);
    // With nothing typed, Ctrl-C quits at once.
    let mut h = Harness::empty();
    h.keys("a<C-c>");
    assert!(h.app.quit);
}

#[test]
fn a_saved_form_leaves_nothing_to_discard() {
    let mut h = Harness::empty();
    h.keys("aJane Doe<C-s>");
    assert_eq!(h.rt.ctx.store.db().count_contacts().expect("count"), 1);
    h.keys("q");
    assert!(h.app.quit);
}

#[test]
fn the_delete_confirmation_says_which_key_confirms() {
    let mut h = Harness::demo();
    h.keys("D");
    let text = h.text(80, 24);
    assert!(text.contains("cannot be undone"), "{text}");
    assert!(text.contains("y: yes"), "{text}");
    assert_snapshot!("delete_confirmation_120x30", h.screen(120, 30).backend());
    h.keys("<Esc>");
    assert!(h.app.overlay.is_none());
    h.keys("A");
    assert!(h.text(80, 24).contains("y: yes"));
}

#[test]
fn another_form_over_unsaved_input_asks_first() {
    let mut h = Harness::empty();
    h.keys("aJane<Esc>");
    // Back to the same form: it resumes, nothing asked.
    h.keys("1a");
    assert!(h.app.overlay.is_none());
    assert!(h.app.typing());
    assert_eq!(h.app.capture.fields[0].value(), "Jane");
    // Another form in its place asks; no keeps the input.
    h.keys("<Esc>]");
    assert!(h.app.overlay.is_some());
    h.keys("n");
    assert_eq!(h.app.capture.fields[0].label, "Name");
    assert_eq!(h.app.capture.fields[0].value(), "Jane");
    // Yes opens the other form.
    h.keys("]y");
    assert!(h.app.overlay.is_none());
    assert_eq!(h.app.capture.fields[0].label, "Contact");
    assert!(!h.app.capture.has_unsaved_input());
}
