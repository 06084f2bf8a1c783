//! Contacts pane tests: the list, search, detail, timeline and archive.

use insta::assert_snapshot;

use crate::tui::testing::Harness;

#[test]
fn empty_database() {
    let mut h = Harness::empty();
    assert_snapshot!(h.screen(80, 24).backend());
}

#[test]
fn demo_list_and_detail() {
    let mut h = Harness::demo();
    assert_snapshot!("demo_80x24", h.screen(80, 24).backend());
    assert_snapshot!("demo_120x36", h.screen(120, 36).backend());
}

#[test]
fn typing_filters_folding_accents() {
    let mut h = Harness::demo();
    h.keys("aJürgen Müller<C-s>");
    h.keys("/muller");
    let names: Vec<String> = {
        let idx = h.app.index.read().expect("index");
        h.app
            .contacts
            .hits
            .iter()
            .filter_map(|hit| idx.get(hit.id).map(|d| d.name.clone()))
            .collect()
    };
    assert!(!names.is_empty(), "muller finds someone");
    assert!(
        names
            .iter()
            .all(|n| n.contains("Müller") || n.to_lowercase().contains("muller")),
        "{names:?}"
    );
    assert_snapshot!(h.screen(80, 24).backend());
    // Esc leaves the field but keeps the filter; a second Esc clears it.
    h.keys("<Esc>");
    assert!(!h.app.contacts.searching);
    assert_eq!(h.app.contacts.search.value(), "muller");
    h.keys("<Esc>");
    assert_eq!(h.app.contacts.search.value(), "");
    assert_eq!(
        h.app.contacts.hits.len(),
        h.app.index.read().expect("index").len()
    );
}

#[test]
fn moving_the_selection_loads_the_detail() {
    let mut h = Harness::demo();
    let first = h.app.contacts.detail.as_ref().map(|d| d.contact.id);
    h.keys("jj");
    let third = h.app.contacts.hits[2].id;
    assert_eq!(
        h.app.contacts.detail.as_ref().map(|d| d.contact.id),
        Some(third)
    );
    assert_ne!(first, Some(third));
    h.keys("G");
    assert_eq!(h.app.contacts.selected, h.app.contacts.hits.len() - 1);
    h.keys("g");
    assert_eq!(h.app.contacts.selected, 0);
}

#[test]
fn sort_cycles_name_last_created() {
    let mut h = Harness::demo();
    h.keys("s");
    let idx = h.app.index.read().expect("index");
    let lasts: Vec<Option<i64>> = h
        .app
        .contacts
        .hits
        .iter()
        .map(|hit| idx.get(hit.id).and_then(|d| d.last_contact))
        .collect();
    let mut sorted = lasts.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(lasts, sorted, "most recently contacted first");
}

#[test]
fn tag_archive_and_delete_from_the_list() {
    let mut h = Harness::demo();
    let id = h.app.contacts.selected_id().expect("selected");
    h.keys("tpriority<Enter>");
    let c = h.contact(id);
    assert!(c.tags.contains(&"priority".to_string()), "{:?}", c.tags);
    h.keys("t-priority<Enter>");
    let c = h.contact(id);
    assert!(!c.tags.contains(&"priority".to_string()));

    h.keys("D");
    assert_snapshot!("delete_confirm", h.screen(80, 24).backend());
    h.keys("n");
    assert!(
        h.rt.ctx.store.db().contact_exists(id).expect("db"),
        "n keeps them"
    );
    h.keys("Dy");
    assert!(
        !h.rt.ctx.store.db().contact_exists(id).expect("db"),
        "y deletes"
    );
    assert!(h.app.contacts.hits.iter().all(|hit| hit.id != id));

    let next = h.app.contacts.selected_id().expect("selected");
    h.keys("Ay");
    let c = h.contact(next);
    assert!(c.archived);
    assert!(
        h.app.contacts.hits.iter().all(|hit| hit.id != next),
        "archived leave the list"
    );
}

/// A note of `n` numbered lines for the selected contact; returns its id.
fn long_note(h: &mut Harness, n: usize) -> i64 {
    let id = h.app.contacts.selected_id().expect("selected");
    let body: Vec<String> = (1..=n)
        .map(|i| format!("line {i} of the meeting notes"))
        .collect();
    h.editor_text = Some(body.join("\n"));
    h.keys("n");
    id
}

#[test]
fn enter_reads_a_timeline_entry_whole_and_scrolls_to_its_end() {
    let mut h = Harness::demo();
    long_note(&mut h, 40);
    h.keys("<Enter>");
    assert_eq!(h.app.contacts.entry, Some(0));
    assert_snapshot!("timeline_focused", h.screen(80, 24).backend());
    h.keys("<Enter>");
    assert_snapshot!("entry_viewer_80x24", h.screen(80, 24).backend());
    assert_snapshot!("entry_viewer_120x36", h.screen(120, 36).backend());
    let top = h.text(80, 24);
    assert!(top.contains("line 2 of") && !top.contains("line 40 of"));
    h.keys("G");
    let end = h.text(80, 24);
    assert!(end.contains("line 40 of"), "{end}");
    // Past the end stays at the end: one more line down changes nothing.
    h.keys("j<PgDn>");
    assert_eq!(h.text(80, 24), end);
    h.keys("gj");
    assert!(h.text(80, 24).contains("line 2 of"));
    h.keys("<Esc>");
    assert!(h.app.overlay.is_none());
    assert_eq!(h.app.contacts.entry, Some(0), "back in the timeline");
    h.keys("<Esc>");
    assert_eq!(h.app.contacts.entry, None, "back in the list");
}

#[test]
fn the_timeline_selection_moves_and_resets_with_the_contact() {
    let mut h = Harness::demo();
    let n = h
        .app
        .contacts
        .detail
        .as_ref()
        .expect("detail")
        .timeline
        .len();
    assert!(n > 2, "the demo contact has a timeline");
    h.keys("<Right>jj");
    assert_eq!(h.app.contacts.entry, Some(2));
    h.keys("G");
    assert_eq!(h.app.contacts.entry, Some(n - 1));
    h.keys("<Enter>");
    let Some(crate::tui::overlays::Overlay::Entry(view)) = h.app.overlay.as_ref() else {
        panic!("the entry opens");
    };
    let want = &h.app.contacts.detail.as_ref().expect("detail").timeline[n - 1];
    assert_eq!(&view.entry, want);
    h.keys("<Esc><Esc>j");
    assert_eq!(h.app.contacts.selected, 1, "j moves the list again");
    assert_eq!(h.app.contacts.entry, None);
}

#[test]
fn an_entry_with_escapes_is_shown_without_them() {
    // kith refuses such text now, but a database written by an older kith
    // or another program may hold it: store it past the checks, as one would.
    let mut h = Harness::demo();
    let id = h.app.contacts.selected_id().expect("selected");
    let note = crate::domain::interaction::NewInteraction {
        contact_id: id,
        kind: crate::domain::interaction::InteractionKind::Note,
        direction: None,
        at: "2026-11-23 08:59:00".into(),
        text: "Acme\x1b[31mRED\x1b[0m\n\x1b]0;pwned\x07second line".into(),
        amount: None,
        rating: None,
        nps: None,
    };
    h.rt.ctx
        .store
        .write(|db| db.insert_interaction("escapes", &note, "2026-11-23 08:59:00"))
        .expect("stored");
    h.keys("<C-r><Right>");
    let timeline = h.text(80, 24);
    assert!(!timeline.contains('\x1b'), "{timeline}");
    h.keys("<Enter>");
    let text = h.text(80, 24);
    assert!(text.contains("second line"), "{text}");
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text}");
}

#[test]
fn archived_contacts_can_be_seen_and_restored() {
    let mut h = Harness::demo();
    h.keys("v");
    assert!(h.text(80, 24).contains("nobody archived"));
    h.keys("v");
    let first = h.app.contacts.hits[0].id;
    let second = h.app.contacts.hits[1].id;
    h.keys("Ay");
    h.keys("Ay");
    let name = |h: &Harness, id| h.contact(id).name;
    let (first_name, second_name) = (name(&h, first), name(&h, second));
    h.keys("v");
    assert!(h.app.contacts.showing_archived());
    let mut ids: Vec<i64> = h.app.contacts.hits.iter().map(|hit| hit.id).collect();
    ids.sort_unstable();
    assert_eq!(ids, vec![first.min(second), first.max(second)]);
    assert_snapshot!("archived_list_80x24", h.screen(80, 24).backend());
    assert_snapshot!("archived_list_120x36", h.screen(120, 36).backend());
    // Search works within the archived view.
    let word = second_name
        .split(' ')
        .next()
        .expect("a word")
        .to_lowercase();
    h.keys(&format!("/{word}<Enter>"));
    assert_eq!(h.app.contacts.selected_id(), Some(second));
    h.keys("A");
    assert_snapshot!("restore_confirm", h.screen(80, 24).backend());
    h.keys("y");
    let c = h.contact(second);
    assert!(!c.archived, "restored");
    assert!(h.app.contacts.hits.iter().all(|hit| hit.id != second));
    assert!(h.text(80, 24).contains(&format!("Restored {second_name}")));
    h.keys("<Esc>v");
    assert!(!h.app.contacts.showing_archived());
    assert!(h.app.contacts.hits.iter().any(|hit| hit.id == second));
    assert!(h.app.contacts.hits.iter().all(|hit| hit.id != first));
    assert!(!h.text(80, 24).contains(&first_name));
}

#[test]
fn n_in_the_archived_view_keeps_them_archived() {
    let mut h = Harness::demo();
    let id = h.app.contacts.selected_id().expect("selected");
    h.keys("Ayv");
    assert_eq!(h.app.contacts.selected_id(), Some(id));
    h.keys("An");
    assert!(h.contact(id).archived);
    assert_eq!(h.app.contacts.selected_id(), Some(id));
}

#[test]
fn a_note_from_the_editor_is_logged() {
    let mut h = Harness::demo();
    let id = h.app.contacts.selected_id().expect("selected");
    h.editor_text = Some("long note\nwith a second line".into());
    h.keys("n");
    let timeline = h.timeline(id, Some(1));
    assert_eq!(timeline[0].summary, "long note");
    assert_eq!(
        timeline[0].body.as_deref(),
        Some("long note\nwith a second line")
    );
}

/// Rewrites the selected contact in the database as `change` says, bypassing
/// the input rules (as data written by an older kith, or another program),
/// and refreshes the screen.
fn rewrite_selected(
    h: &mut Harness,
    change: impl FnOnce(&mut crate::domain::contact::Contact),
) -> i64 {
    let id = h.app.contacts.selected_id().expect("selected");
    let mut c = h.contact(id);
    change(&mut c);
    h.rt.ctx
        .store
        .write(|db| db.update_contact(&c))
        .expect("write");
    h.keys("<C-r>");
    id
}

#[test]
fn the_detail_shows_a_title_as_a_title_and_a_birthday_as_a_day() {
    let mut h = Harness::demo();
    rewrite_selected(&mut h, |c| {
        c.org = None;
        c.title = Some("Head of Growth".into());
        c.birthday = crate::domain::dates::Birthday::from_storage("--04-12");
    });
    let text = h.text(80, 24);
    assert!(text.contains("title     Head of Growth"), "{text}");
    assert!(!text.contains("org       Head of Growth"), "{text}");
    assert!(text.contains("birthday  12 Apr "), "{text}");
    assert!(!text.contains("--04-12"), "{text}");
    assert_snapshot!(
        "detail_title_and_birthday_80x24",
        h.screen(80, 24).backend()
    );
    assert_snapshot!(
        "detail_title_and_birthday_120x36",
        h.screen(120, 36).backend()
    );
}

#[test]
fn long_rows_end_with_an_ellipsis() {
    let mut h = Harness::demo();
    rewrite_selected(&mut h, |c| {
        c.name = "Anna-Katharina Oberhausen-Wittgenstein".into();
        c.org = Some("Internationale Handelsgesellschaft".into());
    });
    let id = h.app.contacts.selected_id().expect("selected");
    let row = |h: &mut Harness, w| {
        h.text(w, 24)
            .lines()
            .find(|l| l.starts_with("\"│Anna-Katharina"))
            .expect("the row")
            .to_string()
    };
    // Wide: the name whole, the organisation cut.
    let wide = row(&mut h, 120);
    assert!(
        wide.contains("│Anna-Katharina Oberhausen-Wittgenstein · Intern…│"),
        "{wide}"
    );
    // A narrow detail keeps the id in view and cuts the name.
    let detail = h.text(70, 24);
    assert!(
        detail.contains(&format!("│Anna-Katharina Oberhausen-Wittgen…  #{id}│")),
        "{detail}"
    );
    // At 80 columns the name itself is cut.
    let narrow = row(&mut h, 80);
    assert!(
        narrow.contains("│Anna-Katharina Oberhausen-Wittg…│"),
        "{narrow}"
    );
    assert_eq!(h.app.contacts.selected_id(), Some(id));
}

#[test]
fn newest_first_orders_by_creation_like_list_sort_created() {
    let mut h = Harness::demo();
    h.keys("ss");
    assert_eq!(h.app.contacts.sort, crate::store::ContactSort::Created);
    let shown: Vec<i64> = h.app.contacts.hits.iter().map(|hit| hit.id).collect();
    let listed: Vec<i64> =
        h.rt.ctx
            .store
            .db()
            .list_rows(
                &crate::store::ContactFilter::default(),
                crate::store::ContactSort::Created,
            )
            .expect("db")
            .into_iter()
            .map(|r| r.id)
            .collect();
    assert_eq!(shown, listed);
    let mut by_id = shown.clone();
    by_id.sort_unstable_by(|a, b| b.cmp(a));
    assert_ne!(
        shown, by_id,
        "the demo's creation order is not its id order"
    );
}

#[test]
fn the_selected_rows_organisation_is_readable_in_colour() {
    use ratatui::style::Color;
    let mut h = Harness::demo();
    let term = h.screen_with(80, 24, crate::tui::theme::Theme { color: true });
    let buf = term.backend().buffer();
    // The first contact is selected; its row is the list's first line.
    let y = 5;
    let row: String = (1..33).map(|x| buf[(x, y)].symbol().to_string()).collect();
    let dot = row.find('·').expect("an organisation on the selected row");
    let x = 1 + u16::try_from(row[..dot].chars().count()).expect("x") + 2;
    let cell = &buf[(x, y)];
    assert_eq!(cell.bg, Color::DarkGray, "the selected row: {row}");
    assert_ne!(
        cell.fg, cell.bg,
        "organisation drawn in the background colour"
    );
    assert_ne!(cell.fg, Color::DarkGray);
}

#[test]
fn stored_escapes_never_reach_the_screen() {
    let mut h = Harness::demo();
    let id = rewrite_selected(&mut h, |c| {
        c.org = Some("Acme\x1b[31mRED\x1b[0m".into());
        c.title = Some("T\x1b]0;pwned\x07".into());
        c.fields.insert("note".into(), "x\x1b[2J".into());
    });
    let now = "2026-11-23 08:00:00";
    h.rt.ctx
        .store
        .write(|db| {
            db.insert_follow_up(
                "esc-follow-up",
                id,
                crate::domain::dates::When::day(Harness::start_time().date()),
                "call \x1b[5mback\x1b[0m",
                None,
                now,
            )
        })
        .expect("follow-up");
    h.keys("<C-r>");
    let no_escape = |h: &mut Harness, what: &str| {
        for (w, ht) in [(80, 24), (120, 36)] {
            let term = h.screen(w, ht);
            let buf = term.backend().buffer();
            let bad = buf
                .content()
                .iter()
                .any(|c| c.symbol().chars().any(char::is_control));
            assert!(!bad, "{what}: a control character reached the screen");
        }
    };
    assert!(h.text(120, 36).contains("Acme�[31mRED�[0m"));
    no_escape(&mut h, "list and detail");
    h.keys("3");
    assert!(h.text(120, 36).contains("call �[5mback�[0m"));
    no_escape(&mut h, "follow-ups");
    h.keys("1D");
    no_escape(&mut h, "confirmation");
}

#[test]
fn the_archived_view_can_open_before_everyone_is_loaded() {
    use crate::tui::effect::Outcome;
    let mut h = Harness::demo();
    let archived: Vec<i64> = h
        .app
        .contacts
        .hits
        .iter()
        .take(3)
        .map(|hit| hit.id)
        .collect();
    for id in &archived {
        crate::ops::capture::set_archived(&mut h.rt.ctx, *id, true).expect("archive");
    }
    // As at start on a big database: the preview shows, the index is not loaded.
    let mut fresh = Harness::empty();
    std::mem::swap(&mut fresh.rt.ctx, &mut h.rt.ctx);
    fresh.app.contacts.loaded = false;
    let rows = crate::tui::worker::preview(fresh.rt.ctx.store.db());
    let effects = fresh.app.on_outcome(Outcome::Worker(rows));
    assert!(!effects.is_empty(), "the preview selects its first row");
    assert!(!fresh.app.contacts.loaded);
    fresh.keys("v");
    let text = fresh.text(80, 24);
    assert!(text.contains("ARCHIVED"), "{text}");
    for id in &archived {
        let c = fresh
            .rt
            .ctx
            .store
            .db()
            .contact(*id)
            .expect("db")
            .expect("contact");
        assert!(
            text.contains(&format!("│{}", c.name)),
            "{} listed: {text}",
            c.name
        );
    }
    let mut shown: Vec<i64> = fresh.app.contacts.hits.iter().map(|hit| hit.id).collect();
    shown.sort_unstable();
    let mut want = archived.clone();
    want.sort_unstable();
    assert_eq!(shown, want);
}

#[test]
fn the_timeline_and_the_entry_viewer_say_both_feedback_scales() {
    let mut h = Harness::empty();
    h.keys("aJane Doe<C-s>l");
    // Kind feedback, summary, satisfaction 4 and NPS 9; then an NPS alone.
    h.keys("<Left><Tab><Tab><Tab>survey<Tab><Tab>4<Tab>9<C-s>");
    h.keys("l<Left><Tab><Tab><Tab>second survey<Tab><Tab><Tab>0<C-s>");
    assert_eq!(h.app.active, crate::tui::action::PaneId::Contacts);
    let list = h.text(80, 24);
    assert!(list.contains("★4/5 NPS 9 survey"), "{list}");
    assert!(list.contains("NPS 0 second survey"), "{list}");
    assert_snapshot!("timeline_feedback_scales", h.screen(80, 24).backend());
    // The older entry (second in the timeline) read whole.
    h.keys("<Enter>j<Enter>");
    let viewer = h.text(80, 24);
    assert!(viewer.contains("★4/5  NPS 9"), "{viewer}");
}
