//! `kith demo`'s outreach: templates, a finished A/B campaign with responses
//! that differ by variant, and a campaign still to send.

use rusqlite::Connection;

use crate::util::{TestEnv, as_array};

/// A default-size demo (300 contacts) in the sandbox, and its path.
fn demo(env: &TestEnv, name: &str) -> (String, Connection) {
    let db = env.path(name);
    let arg = db.to_str().expect("utf-8 path").to_string();
    env.kith(["demo", "--db", &arg, "--no-tui"]).success();
    let conn = Connection::open(&db).expect("open the demo");
    (arg, conn)
}

fn rows(conn: &Connection, sql: &str) -> Vec<Vec<String>> {
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        (0..n)
            .map(|i| {
                Ok(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => "NULL".to_string(),
                    rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                    rusqlite::types::ValueRef::Real(v) => v.to_string(),
                    v => v.as_str().unwrap_or("?").to_string(),
                })
            })
            .collect()
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}

fn number(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Per variant of autumn-renewal: (label, sent, responded), responses by the
/// campaign rule (a response recorded by hand, or an inbound interaction
/// within the campaign's days after the send).
fn responses(conn: &Connection) -> Vec<(String, i64, i64)> {
    let sql = "SELECT r.variant, count(*),
                      sum(EXISTS (SELECT 1 FROM campaign_response x
                                   WHERE x.campaign_id = r.campaign_id
                                     AND x.contact_id = r.contact_id)
                          OR EXISTS (SELECT 1 FROM interaction i
                                      WHERE i.contact_id = r.contact_id AND i.direction = 'in'
                                        AND i.at > r.sent_at
                                        AND i.at <= datetime(r.sent_at, '+' || c.response_days || ' days')))
                 FROM campaign_recipient r JOIN campaign c ON c.id = r.campaign_id
                WHERE c.name = 'autumn-renewal' AND r.state = 'sent'
                GROUP BY r.variant ORDER BY r.variant";
    let mut stmt = conn.prepare(sql).expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn the_demo_has_templates_and_a_finished_ab_campaign() {
    let env = TestEnv::new();
    let (db, conn) = demo(&env, "demo.db");
    let names = rows(&conn, "SELECT name FROM template ORDER BY name");
    assert_eq!(
        names.concat(),
        ["check-in", "newsletter", "renewal-offer", "renewal-plain"]
    );
    let variants = rows(
        &conn,
        "SELECT v.label, v.template, v.weight, v.subject = t.subject AND v.body = t.body
           FROM campaign_variant v JOIN campaign c ON c.id = v.campaign_id
           JOIN template t ON t.name = v.template
          WHERE c.name = 'autumn-renewal' ORDER BY v.label",
    );
    assert_eq!(
        variants,
        [
            ["A", "renewal-plain", "50", "1"],
            ["B", "renewal-offer", "50", "1"]
        ]
    );
    // The audience is the clients: everyone matched is a recipient, sent
    // or skipped for a reason that is true of them.
    let clients =
        as_array(&env.json(&["--db", &db, "list", "--where", "tag:client", "--json"])).len();
    let targeted = number(
        &conn,
        "SELECT count(*) FROM campaign_recipient r JOIN campaign c ON c.id = r.campaign_id
          WHERE c.name = 'autumn-renewal'",
    );
    assert_eq!(usize::try_from(targeted).ok(), Some(clients));
    let states = rows(
        &conn,
        "SELECT r.state, coalesce(r.skip_reason, '-'), k.consent, count(*)
           FROM campaign_recipient r JOIN campaign c ON c.id = r.campaign_id
           JOIN contact k ON k.id = r.contact_id
          WHERE c.name = 'autumn-renewal'
          GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    );
    let shape: Vec<[&str; 3]> = states
        .iter()
        .map(|s| [s[0].as_str(), s[1].as_str(), s[2].as_str()])
        .collect();
    assert_eq!(
        shape,
        [
            ["sent", "-", "granted"],
            ["skipped", "consent-denied", "denied"],
            ["skipped", "consent-unknown", "unknown"],
        ],
        "{states:?}"
    );
    // Every message sent six weeks ago with its campaign interaction:
    // outbound, the variant's rendered subject, at the send time.
    let wrong = rows(
        &conn,
        "SELECT r.contact_id FROM campaign_recipient r JOIN campaign c ON c.id = r.campaign_id
           LEFT JOIN interaction i ON i.id = r.interaction_id
          WHERE c.name = 'autumn-renewal' AND r.state = 'sent'
            AND (i.id IS NULL OR i.kind != 'campaign' OR i.direction != 'out'
                 OR i.campaign != 'autumn-renewal' OR i.variant != r.variant
                 OR i.at != r.sent_at OR r.sent_at NOT LIKE '2026-10-12 %'
                 OR i.contact_id != r.contact_id OR r.attempts != 1
                 OR i.summary = '' OR instr(i.summary || i.body, '{{') > 0
                 OR instr(i.summary || i.body, '{%') > 0)",
    );
    assert!(wrong.is_empty(), "{wrong:?}");
    let offers = number(
        &conn,
        "SELECT count(*) FROM interaction WHERE campaign = 'autumn-renewal'
            AND variant = 'B' AND summary LIKE '%15% off%'",
    );
    assert!(offers > 0);
}

#[test]
fn variant_b_is_answered_more_and_the_report_says_so() {
    let env = TestEnv::new();
    let (db, conn) = demo(&env, "demo.db");
    let by_variant = responses(&conn);
    let [(a, a_sent, a_yes), (b, b_sent, b_yes)] = by_variant.as_slice() else {
        panic!("two variants: {by_variant:?}");
    };
    assert_eq!((a.as_str(), b.as_str()), ("A", "B"));
    assert!(*a_sent > 10 && *b_sent > 10, "{by_variant:?}");
    assert!(*a_yes > 0, "{by_variant:?}");
    // B is answered about twice as often as A.
    assert!(b_yes * a_sent * 10 >= a_yes * b_sent * 18, "{by_variant:?}");
    // Some bookings and purchases, recorded by hand.
    let outcomes = rows(
        &conn,
        "SELECT DISTINCT x.outcome FROM campaign_response x
           JOIN campaign c ON c.id = x.campaign_id
          WHERE c.name = 'autumn-renewal' ORDER BY 1",
    );
    assert_eq!(outcomes.concat(), ["booked", "bought"]);

    let report = env.json(&[
        "--db",
        &db,
        "campaign",
        "report",
        "autumn-renewal",
        "--json",
    ]);
    let variants = as_array(&report["variants"]);
    assert_eq!(variants.len(), 2, "{report}");
    for (v, (_, sent, yes)) in variants.iter().zip(&by_variant) {
        assert_eq!(v["sent"].as_i64(), Some(*sent), "{report}");
        assert_eq!(v["responses"].as_i64(), Some(*yes), "{report}");
        assert!(
            v["rate"]["rate"].as_f64().is_some_and(|r| r > 0.0),
            "{report}"
        );
    }
    assert!(
        variants.iter().any(|v| !as_array(&v["revenue"]).is_empty()),
        "{report}"
    );
    assert_eq!(report["verdict"]["label"], "B", "{report}");

    // The Dashboard's response rate for the month of the send.
    let kpi = env.json(&["--db", &db, "kpi", "--since", "2026-10-01", "--json"]);
    let october = as_array(&kpi["periods"])
        .iter()
        .find(|p| p["label"] == "2026-10")
        .unwrap_or_else(|| panic!("no October in {kpi}"));
    let sent = a_sent + b_sent;
    assert_eq!(october["campaign_sent"].as_i64(), Some(sent), "{october}");
    assert!(
        october["campaign_response"]
            .as_f64()
            .is_some_and(|r| r > 0.0 && r < 1.0),
        "{october}"
    );
}

#[test]
fn a_campaign_send_leaves_last_contact_alone_and_the_newer_one_waits() {
    let env = TestEnv::new();
    let (_, conn) = demo(&env, "demo.db");
    // The last-contact stamp is the newest interaction that is not a
    // campaign message.
    let stale = rows(
        &conn,
        "SELECT c.id FROM contact c
          WHERE c.last_interaction_at IS NOT
                (SELECT max(at) FROM interaction i
                  WHERE i.contact_id = c.id AND i.kind != 'campaign')",
    );
    assert!(stale.is_empty(), "{stale:?}");
    let waiting = rows(
        &conn,
        "SELECT DISTINCT r.state, c.audience_kind, c.audience FROM campaign_recipient r
           JOIN campaign c ON c.id = r.campaign_id
          WHERE c.name = 'winter-check-in' ORDER BY 1",
    );
    assert_eq!(
        waiting,
        [
            ["pending", "segment", "best-clients"],
            ["skipped", "segment", "best-clients"]
        ]
    );
    let sent = number(
        &conn,
        "SELECT count(*) FROM interaction WHERE campaign = 'winter-check-in'",
    );
    assert_eq!(sent, 0);
    let nothing_later = number(
        &conn,
        "SELECT count(*) FROM interaction WHERE at > '2026-11-23 09:00:00'",
    );
    assert_eq!(nothing_later, 0);
}

#[test]
fn the_same_seed_targets_the_same_people() {
    let env = TestEnv::new();
    let sql = "SELECT c.name, k.display_name, coalesce(r.email, '-'), r.state,
                      coalesce(r.skip_reason, '-')
                 FROM campaign_recipient r JOIN contact k ON k.id = r.contact_id
                 JOIN campaign c ON c.id = r.campaign_id
                WHERE c.name = 'autumn-renewal'
                ORDER BY 1, 2, 3, 4";
    let (_, a) = demo(&env, "a.db");
    let (_, b) = demo(&env, "b.db");
    let first: Vec<Vec<String>> = rows(&a, sql);
    assert!(!first.is_empty());
    assert_eq!(first, rows(&b, sql));
    let templates = "SELECT name, subject, body FROM template ORDER BY name";
    assert_eq!(rows(&a, templates), rows(&b, templates));
}
