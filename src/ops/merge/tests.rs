//! Merge then undo gives back every table byte for byte (a property over
//! random contacts and links), and the undo's refusals.

use std::path::Path;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::clock::Clock;
use crate::domain::contact::{Phone, Stage};
use crate::domain::dates::When;
use crate::domain::interaction::{InteractionKind, NewInteraction};
use crate::store::Store;

/// Tables a merge and its undo may change for good: the logs, the queue of
/// contacts whose reminders must be looked at again, and `SQLite`'s own.
const NOT_COMPARED: &[&str] = &["audit_log", "merge_log", "remind_dirty", "sqlite_sequence"];

/// Every other table, row by row in key order, each value with its type.
fn dump(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).expect("open");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .map(|r| r.expect("row"))
        .filter(|t: &String| !NOT_COMPARED.contains(&t.as_str()))
        .collect();
    let mut out = Vec::new();
    for table in tables {
        let order = if conn.prepare(&format!("SELECT rowid FROM {table}")).is_ok() {
            "rowid".to_string()
        } else {
            // WITHOUT ROWID: its primary key, in key order.
            let mut pk: Vec<(i64, String)> = conn
                .prepare(&format!("PRAGMA table_info({table})"))
                .expect("info")
                .query_map([], |r| Ok((r.get(5)?, r.get(1)?)))
                .expect("query")
                .map(|r| r.expect("row"))
                .filter(|(k, _): &(i64, String)| *k > 0)
                .collect();
            pk.sort();
            pk.into_iter()
                .map(|(_, c)| c)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))
            .expect("select");
        let n = stmt.column_count();
        let mut rows = stmt.query([]).expect("query");
        while let Some(r) = rows.next().expect("row") {
            let values: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get_ref(i).expect("value")))
                .collect();
            out.push(format!("{table}: {}", values.join(" | ")));
        }
    }
    out
}

fn file_ctx(path: &Path) -> Ctx {
    let at = NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("date");
    Ctx {
        store: Store::open(path).expect("store"),
        clock: Clock::fixed(at),
        config: crate::config::Config::default(),
    }
}

/// One random contact: indexes into small pools, so contacts share
/// e-mails, phones, tags and field keys with each other.
#[derive(Clone, Debug)]
struct Seed {
    name: usize,
    org: Option<usize>,
    emails: Vec<usize>,
    phones: Vec<usize>,
    tags: Vec<usize>,
    fields: Vec<(usize, usize)>,
    birthday: Option<u32>,
    kind: usize,
    archived: bool,
    updated: u32,
    interactions: Vec<u32>,
    follow_ups: Vec<u32>,
    import_keys: usize,
    /// Stages one after the other (the first set when the contact is
    /// created), each recorded in `stage_change` by the triggers.
    stages: Vec<usize>,
    /// The static segments (of two) the contact is a member of.
    segments: Vec<usize>,
    /// The campaigns (of two) the contact is a recipient of, each with 0
    /// (pending), 1 (sent) or 2 (sent and answered by hand).
    campaigns: Vec<(usize, u8)>,
}

const NAMES: &[&str] = &[
    "Bob Smith",
    "Robert Smith",
    "SMITH, ROBERT",
    "Ana Müller",
    "Ana Mueller",
    "Li Wei",
];
const ORGS: &[&str] = &["Acme", "Acme GmbH", "Initech"];
const EMAILS: &[&str] = &[
    "bob@acme.io",
    "BOB@acme.io",
    "robert@home.fr",
    "ana@mx.de",
    "li@wei.cn",
    "b.smith@gmail.com",
];
const PHONES: &[(&str, Option<&str>)] = &[
    ("030 1234567", Some("+49301234567")),
    ("+49 30 1234567", Some("+49301234567")),
    ("555-0100", None),
    ("0171 5555", Some("+491715555")),
];
const TAGS: &[&str] = &["client", "vip", "berlin", "lead"];
const KEYS: &[&str] = &["linkedin", "team", "ref"];
const VALUES: &[&str] = &["x", "y", "z"];

fn seed() -> impl Strategy<Value = Seed> {
    (
        (0..NAMES.len(), proptest::option::of(0..ORGS.len())),
        proptest::collection::vec(0..EMAILS.len(), 0..3),
        proptest::collection::vec(0..PHONES.len(), 0..3),
        proptest::collection::vec(0..TAGS.len(), 0..3),
        proptest::collection::vec((0..KEYS.len(), 0..VALUES.len()), 0..3),
        (
            proptest::option::of(1..28u32),
            0..8usize,
            any::<bool>(),
            1..28u32,
        ),
        proptest::collection::vec(1..28u32, 0..4),
        proptest::collection::vec(1..28u32, 0..3),
        0..3usize,
        (
            proptest::collection::vec(0..6usize, 0..4),
            proptest::collection::vec(0..2usize, 0..3),
            proptest::collection::vec((0..2usize, 0..3u8), 0..3),
        ),
    )
        .prop_map(
            |(
                (name, org),
                emails,
                phones,
                tags,
                fields,
                (birthday, kind, archived, updated),
                interactions,
                follow_ups,
                import_keys,
                (stages, segments, campaigns),
            )| Seed {
                name,
                org,
                emails,
                phones,
                tags,
                fields,
                birthday,
                kind,
                archived,
                updated,
                interactions,
                follow_ups,
                import_keys,
                stages,
                segments,
                campaigns,
            },
        )
}

/// Writes the seeds as contacts with their links; returns their ids.
fn fill(ctx: &mut Ctx, seeds: &[Seed]) -> Vec<i64> {
    use crate::domain::contact::StakeholderKind;
    ctx.store
        .write(|db| {
            let mut ids = Vec::new();
            for (n, s) in seeds.iter().enumerate() {
                let stamp = format!("2025-01-{:02}T08:00:00Z", s.updated);
                let mut c = Contact::new(format!("uid-{n:03}"), NAMES[s.name], &stamp);
                c.created_at = format!("2024-{:02}-01T08:00:00Z", 1 + n % 12);
                c.org = s.org.map(|i| ORGS[i].to_string());
                for &e in &s.emails {
                    if !c.emails.iter().any(|x| x == EMAILS[e]) {
                        c.emails.push(EMAILS[e].to_string());
                    }
                }
                c.phones = s
                    .phones
                    .iter()
                    .map(|&p| Phone {
                        raw: PHONES[p].0.into(),
                        e164: PHONES[p].1.map(String::from),
                    })
                    .collect();
                c.tags = s.tags.iter().map(|&t| TAGS[t].to_string()).collect();
                for &(k, v) in &s.fields {
                    c.fields.insert(KEYS[k].into(), VALUES[v].into());
                }
                c.birthday = s.birthday.and_then(|d| {
                    crate::domain::dates::Birthday::from_storage(&format!("1980-03-{d:02}"))
                });
                c.kind = StakeholderKind::ALL[s.kind % StakeholderKind::ALL.len()];
                c.archived = s.archived;
                c.stage = s.stages.first().map(|&i| Stage::ALL[i]);
                let id = db.insert_contact(&c)?;
                for (i, &day) in s.interactions.iter().enumerate() {
                    let n = NewInteraction {
                        contact_id: id,
                        kind: InteractionKind::Call,
                        direction: None,
                        at: format!("2025-02-{day:02} 10:00:00"),
                        text: format!("call {i}"),
                        amount: None,
                        rating: None,
                        nps: None,
                    };
                    db.insert_interaction(&crate::ops::new_uid(), &n, &stamp)?;
                }
                for &day in &s.follow_ups {
                    let due = When {
                        date: NaiveDate::from_ymd_opt(2026, 12, day).expect("day"),
                        time: None,
                    };
                    db.insert_follow_up(
                        &crate::ops::new_uid(),
                        id,
                        due,
                        "call back",
                        None,
                        &stamp,
                    )?;
                }
                for k in 0..s.import_keys {
                    db.add_import_key("book.vcf", &format!("{n}-{k}"), id, None)?;
                }
                ids.push(id);
            }
            Ok::<_, Error>(ids)
        })
        .expect("fill")
}

/// Moves each contact through its later stages (the triggers record each
/// change) and puts it in its static segments.
fn stages_and_segments(path: &Path, ids: &[i64], seeds: &[Seed]) {
    let conn = rusqlite::Connection::open(path).expect("open");
    for (n, name) in ["best clients", "cold"].iter().enumerate() {
        conn.execute(
            "INSERT INTO segment (uid, name, query, is_static, created_at, updated_at)
             VALUES (?1, ?2, 'tag:client', 1, '2025-01-01T08:00:00Z', '2025-01-01T08:00:00Z')",
            [format!("seg-{n}"), (*name).to_string()],
        )
        .expect("segment");
    }
    for (&id, s) in ids.iter().zip(seeds) {
        for (step, &stage) in s.stages.iter().enumerate().skip(1) {
            conn.execute(
                "UPDATE contact SET stage = ?2, updated_at = ?3 WHERE id = ?1",
                rusqlite::params![
                    id,
                    Stage::ALL[stage].as_str(),
                    format!("2025-03-{:02}T08:00:00Z", step + 1)
                ],
            )
            .expect("stage");
        }
        for &segment in &s.segments {
            conn.execute(
                "INSERT OR IGNORE INTO segment_member (segment_id, contact_id)
                 SELECT id, ?2 FROM segment WHERE uid = ?1",
                rusqlite::params![format!("seg-{segment}"), id],
            )
            .expect("member");
        }
    }
}

/// Makes each contact a recipient of its campaigns: a sent one with its
/// `campaign` interaction, an answered one with a response recorded.
fn campaign_rows(path: &Path, ids: &[i64], seeds: &[Seed]) {
    let conn = rusqlite::Connection::open(path).expect("open");
    for n in 0..2 {
        conn.execute(
            "INSERT INTO campaign (uid, name, audience_kind, audience, response_days,
                 created_at, updated_at)
             VALUES (?1, ?2, 'query', 'tag:client', 14, '2025-04-01T08:00:00Z',
                     '2025-04-01T08:00:00Z')",
            [format!("camp-{n}"), format!("spring {n}")],
        )
        .expect("campaign");
    }
    for (&id, s) in ids.iter().zip(seeds) {
        for &(campaign, state) in &s.campaigns {
            let name = format!("spring {campaign}");
            let interaction: Option<i64> = (state > 0).then(|| {
                conn.execute(
                    "INSERT INTO interaction (uid, contact_id, kind, direction, at, summary,
                         campaign, variant, created_at, updated_at)
                     VALUES (?1, ?2, 'campaign', 'out', '2025-04-02 10:00:00', 'Hello', ?3,
                             'A', '2025-04-02T08:00:00Z', '2025-04-02T08:00:00Z')",
                    rusqlite::params![crate::ops::new_uid(), id, name],
                )
                .expect("send");
                conn.last_insert_rowid()
            });
            conn.execute(
                "INSERT OR IGNORE INTO campaign_recipient (campaign_id, contact_id, variant,
                     state, email, message_id, attempts, sent_at, interaction_id)
                 SELECT id, ?2, 'A', ?3, 'x@y.z', uid || '.' || ?2 || '@kith', ?4, ?5, ?6
                   FROM campaign WHERE uid = ?1",
                rusqlite::params![
                    format!("camp-{campaign}"),
                    id,
                    if state > 0 { "sent" } else { "pending" },
                    i64::from(state > 0),
                    interaction.map(|_| "2025-04-02 10:00:00"),
                    interaction
                ],
            )
            .expect("recipient");
            if state == 2 {
                conn.execute(
                    "INSERT OR IGNORE INTO campaign_response (campaign_id, contact_id, outcome, at)
                     SELECT id, ?2, 'booked', '2025-04-03 10:00:00' FROM campaign WHERE uid = ?1",
                    rusqlite::params![format!("camp-{campaign}"), id],
                )
                .expect("response");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn merge_then_undo_gives_back_every_table(
        (seeds, chosen, keep) in proptest::collection::vec(seed(), 2..7).prop_flat_map(|seeds| {
            let n = seeds.len();
            (Just(seeds), proptest::sample::subsequence((0..n).collect::<Vec<_>>(), 2..=n))
                .prop_flat_map(|(seeds, chosen)| {
                    let k = chosen.len();
                    (Just(seeds), Just(chosen).prop_shuffle(), proptest::option::of(0..k))
                })
        })
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kith.db");
        let mut ctx = file_ctx(&path);
        let ids = fill(&mut ctx, &seeds);
        stages_and_segments(&path, &ids, &seeds);
        campaign_rows(&path, &ids, &seeds);
        let merged: Vec<i64> = chosen.iter().map(|&i| ids[i]).collect();
        let keep = keep.map(|k| merged[k]);
        let before = dump(&path);
        let done = merge(&mut ctx, &merged, keep).expect("merge");
        let survivor = keep.unwrap_or(merged[0]);
        prop_assert_eq!(done.plan.result.id, survivor);
        for id in &merged {
            prop_assert_eq!(ctx.store.db().contact_exists(*id).expect("read"), *id == survivor);
        }
        // The survivor is in every static segment any merged contact was in.
        let conn = rusqlite::Connection::open(&path).expect("open");
        for &i in &chosen {
            for &segment in &seeds[i].segments {
                let member: bool = conn
                    .query_row(
                        "SELECT count(*) FROM segment_member m JOIN segment s ON s.id = m.segment_id
                          WHERE s.uid = ?1 AND m.contact_id = ?2",
                        rusqlite::params![format!("seg-{segment}"), survivor],
                        |r| r.get(0),
                    )
                    .expect("member");
                prop_assert!(member);
            }
        }
        // The survivor is a recipient of every campaign any of them was
        // in, and keeps its own row where it had one.
        for &i in &chosen {
            for &(campaign, _) in &seeds[i].campaigns {
                let recipient: bool = conn
                    .query_row(
                        "SELECT count(*) FROM campaign_recipient r JOIN campaign k ON k.id = r.campaign_id
                          WHERE k.uid = ?1 AND r.contact_id = ?2",
                        rusqlite::params![format!("camp-{campaign}"), survivor],
                        |r| r.get(0),
                    )
                    .expect("recipient");
                prop_assert!(recipient);
            }
        }
        let kept: i64 = conn
            .query_row(
                "SELECT count(*) FROM campaign_recipient WHERE contact_id = ?1",
                [survivor],
                |r| r.get(0),
            )
            .expect("count");
        let union: std::collections::HashSet<usize> = chosen
            .iter()
            .flat_map(|&i| seeds[i].campaigns.iter().map(|c| c.0))
            .collect();
        prop_assert_eq!(usize::try_from(kept).expect("count"), union.len());
        drop(conn);
        prop_assert_ne!(dump(&path), before.clone());
        let undone = undo(&mut ctx, None).expect("undo");
        prop_assert_eq!(undone.history_id, done.history_id);
        prop_assert!(undone.renumbered.is_empty());
        prop_assert_eq!(dump(&path), before);
    }
}

fn two_people(ctx: &mut Ctx) -> (i64, i64) {
    let seeds: Vec<Seed> = (0..3)
        .map(|n| Seed {
            name: n,
            org: Some(n % 2),
            emails: vec![n, n + 1],
            phones: vec![n],
            tags: vec![n],
            fields: vec![(n % 3, n % 3)],
            birthday: None,
            kind: n,
            archived: false,
            updated: 3 + u32::try_from(n).expect("small"),
            interactions: vec![2, 5],
            follow_ups: vec![9],
            import_keys: 1,
            stages: vec![n, n + 1],
            segments: vec![n % 2],
            campaigns: Vec::new(),
        })
        .collect();
    let ids = fill(ctx, &seeds);
    (ids[0], ids[1])
}

#[test]
fn what_the_survivor_gains_and_the_record_keeps() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ctx = file_ctx(&dir.path().join("kith.db"));
    let (a, b) = two_people(&mut ctx);
    let done = merge(&mut ctx, &[a, b], None).expect("merge");
    let db = ctx.store.db();
    let c = db.contact(a).expect("read").expect("survivor");
    assert_eq!(c.name, "Robert Smith", "the newer contact's name");
    assert_eq!(
        c.emails,
        vec!["bob@acme.io", "robert@home.fr"],
        "BOB@ is the same address"
    );
    assert_eq!(db.timeline_counts(a).expect("counts"), (4, 2));
    assert_eq!(db.import_keys_of(a).expect("keys").len(), 2);
    assert_eq!(done.plan.interactions, 2);
    assert_eq!(done.plan.follow_ups, 1);
    let audit = db.audit_entries(Some("merge"), 1).expect("audit");
    assert_eq!(audit[0].summary, format!("merged #{b} into #{a}"));
    assert_eq!(audit[0].id, done.history_id);
    let h = history(db, 10).expect("history");
    assert!(h[0].undoable);
}

#[test]
fn interactions_logged_after_the_merge_stay_with_the_survivor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ctx = file_ctx(&dir.path().join("kith.db"));
    let (a, b) = two_people(&mut ctx);
    merge(&mut ctx, &[a, b], None).expect("merge");
    let n = NewInteraction {
        contact_id: a,
        kind: InteractionKind::Meeting,
        direction: None,
        at: "2026-11-20 10:00:00".into(),
        text: "after the merge".into(),
        amount: None,
        rating: None,
        nps: None,
    };
    crate::ops::capture::log_interaction(&mut ctx, &n).expect("log");
    undo(&mut ctx, None).expect("undo: logging is not an edit");
    let db = ctx.store.db();
    assert_eq!(db.timeline_counts(a).expect("counts"), (3, 1));
    assert_eq!(db.timeline_counts(b).expect("counts"), (2, 1));
    let c = db.contact(a).expect("read").expect("a");
    assert_eq!(c.last_contact.as_deref(), Some("2026-11-20 10:00:00"));
}

#[test]
fn an_edited_survivor_needs_force_and_a_taken_id_is_renumbered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kith.db");
    let mut ctx = file_ctx(&path);
    let (a, _) = two_people(&mut ctx);
    let c = ctx
        .store
        .db()
        .contacts(
            &crate::store::ContactFilter::default(),
            crate::store::ContactSort::Created,
        )
        .expect("all");
    let last = c.iter().map(|c| c.id).max().expect("some");
    // Merge the newest contact away, so a new contact takes its id.
    merge(&mut ctx, &[a, last], None).expect("merge");
    let newcomer = Contact::new("uid-new", "Newcomer", "2026-11-23T09:00:00Z");
    let new_id = ctx
        .store
        .write(|db| db.insert_contact(&newcomer))
        .expect("insert");
    assert_eq!(new_id, last, "the freed id is taken");
    let mut edited = ctx.store.db().contact(a).expect("read").expect("a");
    edited.title = Some("CTO".into());
    ctx.store
        .write(|db| db.update_contact(&edited))
        .expect("edit");
    let before = dump(&path);
    let err = undo(&mut ctx, None).expect_err("edited");
    assert!(err.to_string().contains("edited after merge"), "{err}");
    assert_eq!(dump(&path), before, "nothing changed");
    let undone = undo_with(&mut ctx, None, true).expect("forced");
    assert!(undone.overwrote_edits);
    assert_eq!(undone.renumbered.len(), 1);
    assert_eq!(undone.renumbered[0].0, last);
    let db = ctx.store.db();
    let back = db
        .contact(undone.renumbered[0].1)
        .expect("read")
        .expect("restored");
    assert_eq!(back.uid, "uid-002");
    assert_eq!(db.timeline_counts(back.id).expect("counts"), (2, 1));
    assert_eq!(db.contact(a).expect("read").expect("a").title, None);
    assert_eq!(
        db.contact(new_id).expect("read").expect("new").name,
        "Newcomer"
    );
}

#[test]
fn a_later_merge_must_be_undone_first_and_an_undone_merge_stays_undone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kith.db");
    let mut ctx = file_ctx(&path);
    let (a, b) = two_people(&mut ctx);
    let c = b + 1;
    let first = merge(&mut ctx, &[a, b], None).expect("merge");
    let second = merge(&mut ctx, &[a, c], None).expect("merge");
    let h = history(ctx.store.db(), 10).expect("history");
    assert!(
        h.iter()
            .any(|e| e.entry.id == second.history_id && e.undoable)
    );
    assert!(
        h.iter()
            .any(|e| e.entry.id == first.history_id && !e.undoable)
    );
    let before = dump(&path);
    let err = undo(&mut ctx, Some(first.history_id)).expect_err("later merge");
    assert!(
        err.to_string()
            .contains(&format!("undo #{} first", second.history_id)),
        "{err}"
    );
    assert_eq!(dump(&path), before);
    undo(&mut ctx, None).expect("the second");
    undo(&mut ctx, None).expect("then the first");
    let err = undo(&mut ctx, Some(first.history_id)).expect_err("done already");
    assert!(err.to_string().contains("already undone"), "{err}");
    let err = undo(&mut ctx, None).expect_err("nothing left");
    assert!(err.to_string().contains("no merge to undo"), "{err}");
}

#[test]
fn a_campaign_row_moved_by_a_merge_goes_back_as_it_is_now() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kith.db");
    let mut ctx = file_ctx(&path);
    let (a, b) = two_people(&mut ctx);
    let seeds: Vec<Seed> = (0..2)
        .map(|n| Seed {
            campaigns: vec![(n, 0)],
            ..seed_like()
        })
        .collect();
    campaign_rows(&path, &[a, b], &seeds);
    merge(&mut ctx, &[a, b], None).expect("merge");
    let conn = rusqlite::Connection::open(&path).expect("open");
    let rows = |contact: i64| -> Vec<(i64, String)> {
        conn.prepare(
            "SELECT campaign_id, state FROM campaign_recipient WHERE contact_id = ?1 ORDER BY 1",
        )
        .expect("prepare")
        .query_map([contact], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect()
    };
    assert_eq!(rows(a), vec![(1, "pending".into()), (2, "pending".into())]);
    // The moved message goes out to the survivor after the merge.
    conn.execute(
        "UPDATE campaign_recipient SET state = 'sent', attempts = 1 WHERE campaign_id = 2",
        [],
    )
    .expect("send");
    undo(&mut ctx, None).expect("undo");
    assert_eq!(rows(a), vec![(1, "pending".into())]);
    assert_eq!(
        rows(b),
        vec![(2, "sent".into())],
        "still sent: an undo never makes a sent message pending again"
    );
}

/// A seed with nothing but a name.
fn seed_like() -> Seed {
    Seed {
        name: 0,
        org: None,
        emails: Vec::new(),
        phones: Vec::new(),
        tags: Vec::new(),
        fields: Vec::new(),
        birthday: None,
        kind: 0,
        archived: false,
        updated: 1,
        interactions: Vec::new(),
        follow_ups: Vec::new(),
        import_keys: 0,
        stages: Vec::new(),
        segments: Vec::new(),
        campaigns: Vec::new(),
    }
}
