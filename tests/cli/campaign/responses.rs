//! Campaign responses, the report and its statistics, the response rule
//! shared with `kith kpi`, and forgetting a recipient.

use super::*;

/// Marks every pending recipient of `campaign` sent at `at`, with the
/// `campaign` interaction a send logs.
fn send_all(env: &TestEnv, campaign: &str, at: &str) {
    let conn = env.sql();
    conn.execute(
        "INSERT INTO interaction (uid, contact_id, kind, direction, at, summary, campaign,
             variant, created_at, updated_at)
         SELECT 'send-' || r.contact_id || '-' || k.id, r.contact_id, 'campaign', 'out', ?2,
                'Spring offer', k.name, r.variant, ?2, ?2
           FROM campaign_recipient r JOIN campaign k ON k.id = r.campaign_id
          WHERE k.name = ?1 AND r.state = 'pending'",
        [campaign, at],
    )
    .expect("sends");
    conn.execute(
        "UPDATE campaign_recipient SET state = 'sent', attempts = 1, sent_at = ?2,
             interaction_id = (SELECT i.id FROM interaction i
                                WHERE i.uid = 'send-' || campaign_recipient.contact_id
                                      || '-' || campaign_recipient.campaign_id)
          WHERE state = 'pending'
            AND campaign_id = (SELECT id FROM campaign WHERE name = ?1)",
        [campaign, at],
    )
    .expect("sent");
}

/// An interaction of `kind` from contact `id` at `at` (a purchase with an
/// amount in EUR cents).
fn interaction(env: &TestEnv, id: i64, kind: &str, at: &str, amount: Option<i64>) {
    env.sql()
        .execute(
            "INSERT INTO interaction (uid, contact_id, kind, direction, at, summary,
                 amount_minor, currency, created_at, updated_at)
             VALUES (lower(hex(randomblob(8))), ?1, ?2, 'in', ?3, 'answer', ?4,
                     CASE WHEN ?4 IS NULL THEN NULL ELSE 'EUR' END, ?3, ?3)",
            rusqlite::params![id, kind, at, amount],
        )
        .expect("interaction");
}

#[test]
fn responses_are_recorded_only_for_those_sent_and_can_change() {
    let env = setup(3);
    env.ok(&[
        "campaign",
        "new",
        "spring",
        "--where",
        "tag:client",
        "-t",
        "offer",
    ]);
    let err = env.fails(&["campaign", "respond", "Client 000", "spring"]);
    assert!(
        err.contains("Client 000 was not sent campaign spring"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    let err = env.fails(&["campaign", "respond", "Otto Other", "spring"]);
    assert!(
        err.contains("Otto Other was not sent campaign spring"),
        "{err}"
    );
    let err = env.fails(&["campaign", "respond", "Client 000", "autumn"]);
    assert!(err.contains("there is no campaign named autumn"), "{err}");
    assert!(err.contains("the campaigns are: spring"), "{err}");
    let err = env.fails(&[
        "campaign",
        "respond",
        "Client 000",
        "spring",
        "--outcome",
        "won",
    ]);
    assert!(err.contains("won"), "{err}");
    assert_eq!(env.count("SELECT count(*) FROM campaign_response"), 0);

    send_all(&env, "spring", "2026-11-10 10:00:00");
    // A send is not a last contact, and kith check agrees.
    assert_eq!(
        env.count("SELECT count(*) FROM contact WHERE last_interaction_at IS NOT NULL"),
        0
    );
    env.ok(&["check"]);
    let out = env.ok(&["campaign", "respond", "c0@example.org", "spring"]);
    assert!(
        out.contains("Recorded: Client 000 responded to spring (replied)"),
        "{out}"
    );
    let out = env.ok(&[
        "campaign",
        "respond",
        "Client 000",
        "SPRING",
        "--outcome",
        "booked",
    ]);
    assert!(
        out.contains("Client 000's response to spring changed from replied to booked"),
        "{out}"
    );
    let outcome: String = env
        .sql()
        .query_row("SELECT outcome FROM campaign_response", [], |r| r.get(0))
        .expect("one response");
    assert_eq!(outcome, "booked");
    // Dan was skipped (consent denied): never sent, cannot respond.
    let err = env.fails(&["campaign", "respond", "Dan Denied", "spring"]);
    assert!(
        err.contains("Dan Denied was not sent campaign spring"),
        "{err}"
    );
}

/// The recipients of `campaign` in `variant` still pending, by id.
fn pending_of(env: &TestEnv, campaign: &str, variant: &str) -> Vec<i64> {
    let conn = env.sql();
    let mut stmt = conn
        .prepare(
            "SELECT r.contact_id FROM campaign_recipient r JOIN campaign k ON k.id = r.campaign_id
              WHERE k.name = ?1 AND r.variant = ?2 AND r.state = 'pending' ORDER BY r.contact_id",
        )
        .expect("prepare");
    stmt.query_map([campaign, variant], |r| r.get(0))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect()
}

fn set_state(env: &TestEnv, id: i64, state: &str) {
    env.sql()
        .execute(
            "UPDATE campaign_recipient SET state = ?2 WHERE contact_id = ?1",
            rusqlite::params![id, state],
        )
        .expect("state");
}

fn respond_sql(env: &TestEnv, id: i64, outcome: &str) {
    env.sql()
        .execute(
            "INSERT INTO campaign_response (campaign_id, contact_id, outcome, at)
             SELECT campaign_id, contact_id, ?2, '2026-11-03 09:00:00'
               FROM campaign_recipient WHERE contact_id = ?1",
            rusqlite::params![id, outcome],
        )
        .expect("response");
}

fn pct(part: usize, whole: usize) -> String {
    format!("{:.1} %", 100.0 * part as f64 / whole as f64)
}

/// Campaign "ab" to 200 clients, sent on 11-02 but for one failed and one
/// uncertain message; returns the sandbox and the sends of A and of B.
fn report_fixture() -> (TestEnv, usize, usize) {
    let env = setup(200);
    env.ok(&[
        "campaign",
        "new",
        "ab",
        "--where",
        "tag:client",
        "-t",
        "offer",
        "--variant",
        "B=short",
    ]);
    let (a, b) = (pending_of(&env, "ab", "A"), pending_of(&env, "ab", "B"));
    // One message failed, one is uncertain (a run died during its send).
    set_state(&env, a[11], "failed");
    set_state(&env, b[35], "sending");
    send_all(&env, "ab", "2026-11-02 10:00:00");
    let (sent_a, sent_b) = (a.len() - 1, b.len() - 1);
    // A: ten responses recorded by hand; an answer from before the send
    // does not count. B: thirty answers within 14 days, two too late.
    for &id in &a[..10] {
        respond_sql(&env, id, "booked");
    }
    interaction(&env, a[10], "email", "2026-11-01 09:00:00", None);
    for &id in &b[..30] {
        interaction(&env, id, "email", "2026-11-05 09:00:00", None);
    }
    for &id in &b[30..32] {
        interaction(&env, id, "email", "2026-11-20 09:00:00", None);
    }
    // Revenue in the 14 days after the send: A 50 EUR, B 3 × 100 EUR; a
    // purchase after the window is not the campaign's.
    interaction(&env, a[0], "purchase", "2026-11-04 12:00:00", Some(5_000));
    for &id in &b[..3] {
        interaction(&env, id, "purchase", "2026-11-06 12:00:00", Some(10_000));
    }
    interaction(&env, b[0], "purchase", "2026-11-30 12:00:00", Some(99_900));
    (env, sent_a, sent_b)
}

#[test]
fn the_report_counts_responses_by_the_rule_with_intervals_revenue_and_a_verdict() {
    let (env, sent_a, sent_b) = report_fixture();
    let r = env.json(&["campaign", "report", "ab", "--json"]);
    assert_eq!(
        (
            r["pending"].as_u64(),
            r["failed"].as_u64(),
            r["uncertain"].as_u64()
        ),
        (Some(0), Some(1), Some(1))
    );
    let va = &r["variants"][0];
    let vb = &r["variants"][1];
    assert_eq!(
        (va["label"].as_str(), vb["label"].as_str()),
        (Some("A"), Some("B"))
    );
    assert_eq!(va["sent"].as_u64(), Some(sent_a as u64));
    assert_eq!(vb["sent"].as_u64(), Some(sent_b as u64));
    assert_eq!(va["responses"], 10);
    assert_eq!(vb["responses"], 30);
    assert_eq!(
        va["skipped"].as_u64().expect("skipped") + vb["skipped"].as_u64().expect("skipped"),
        3
    );
    assert_eq!(va["outcomes"], serde_json::json!([["booked", 10]]));
    assert_eq!(vb["outcomes"], serde_json::json!([]));
    assert_eq!(va["revenue"], serde_json::json!([["EUR", 5_000]]));
    assert_eq!(vb["revenue"], serde_json::json!([["EUR", 30_000]]));
    for (v, responses, sent) in [(va, 10, sent_a), (vb, 30, sent_b)] {
        let rate = v["rate"]["rate"].as_f64().expect("rate");
        assert_eq!(
            format!("{rate:.12}"),
            format!("{:.12}", f64::from(responses) / sent as f64)
        );
        let (low, high) = (
            v["rate"]["low"].as_f64().expect("low"),
            v["rate"]["high"].as_f64().expect("high"),
        );
        assert!(low < rate && rate < high && low > 0.0 && high < 1.0, "{v}");
    }
    assert_eq!(r["verdict"]["verdict"], "leads");
    assert_eq!(
        (
            r["verdict"]["label"].as_str(),
            r["verdict"]["over"].as_str()
        ),
        (Some("B"), Some("A"))
    );
    assert!(r["verdict"]["p_value"].as_f64().expect("p") < 0.05);

    let out = env.ok(&["campaign", "report", "ab"]);
    let ci = |v: &Value| {
        format!(
            "{} ({:.1}–{:.1})",
            pct(
                v["responses"].as_u64().expect("n") as usize,
                v["sent"].as_u64().expect("n") as usize
            ),
            v["rate"]["low"].as_f64().expect("low") * 100.0,
            v["rate"]["high"].as_f64().expect("high") * 100.0
        )
    };
    assert!(out.contains(&ci(va)) && out.contains(&ci(vb)), "{out}");
    assert!(
        out.contains("50.00 EUR") && out.contains("300.00 EUR"),
        "{out}"
    );
    assert!(out.contains("recorded: 10 booked"), "{out}");
    assert!(out.contains("1 failed, 1 uncertain"), "{out}");
    assert!(
        out.contains(&format!(
            "B leads A: {} against {}, p",
            pct(30, sent_b),
            pct(10, sent_a)
        )),
        "{out}"
    );
}

#[test]
fn kpi_and_the_list_count_responses_by_the_same_rule() {
    let (env, sent_a, sent_b) = report_fixture();
    // kith kpi reads the same rule: 40 of the sends were answered.
    let kpi = env.json(&["kpi", "--json"]);
    let nov = as_array(&kpi["periods"])
        .iter()
        .find(|p| p["label"] == "2026-11")
        .expect("November");
    assert_eq!(
        nov["campaign_sent"].as_u64(),
        Some((sent_a + sent_b) as u64)
    );
    let rate = nov["campaign_response"].as_f64().expect("rate");
    assert!(
        (rate - 40.0 / (sent_a + sent_b) as f64).abs() < 1e-9,
        "{nov}"
    );

    // The list shows the same counts.
    let list = env.json(&["campaign", "list", "--json"]);
    let s = &list[0];
    assert_eq!(s["sent"].as_u64(), Some((sent_a + sent_b) as u64));
    assert_eq!(
        (
            s["failed"].as_u64(),
            s["sending"].as_u64(),
            s["skipped"].as_u64()
        ),
        (Some(1), Some(1), Some(3))
    );
    assert_eq!(s["responses"], 40);
    let out = env.ok(&["campaign", "list"]);
    assert!(
        out.contains("ab") && out.contains("query: tag:client") && out.contains("A/B"),
        "{out}"
    );
}

#[test]
fn a_difference_within_chance_is_no_lead_and_one_variant_nothing_to_compare() {
    let env = setup(40);
    env.ok(&[
        "campaign",
        "new",
        "even",
        "--where",
        "tag:client",
        "-t",
        "offer",
        "--variant",
        "B=short",
    ]);
    let (a, b) = (pending_of(&env, "even", "A"), pending_of(&env, "even", "B"));
    send_all(&env, "even", "2026-11-02 10:00:00");
    for &id in a[..2].iter().chain(&b[..2]) {
        respond_sql(&env, id, "replied");
    }
    let r = env.json(&["campaign", "report", "even", "--json"]);
    assert_eq!(r["verdict"]["verdict"], "not-significant");
    assert!(r["verdict"]["p_value"].as_f64().expect("p") > 0.05);
    let out = env.ok(&["campaign", "report", "even"]);
    assert!(out.contains("No variant leads yet: "), "{out}");
    assert!(out.contains("(needs more responses)"), "{out}");
    assert!(out.contains("(needs more responses)"), "{out}");

    env.ok(&[
        "campaign",
        "new",
        "solo",
        "--where",
        "tag:client",
        "-t",
        "offer",
    ]);
    let r = env.json(&["campaign", "report", "solo", "--json"]);
    assert_eq!(r["verdict"]["verdict"], "nothing-to-compare");
    assert_eq!(r["variants"][0]["sent"], 0);
    let out = env.ok(&["campaign", "report", "solo"]);
    assert!(out.contains("One variant: nothing to compare."), "{out}");
    let err = env.fails(&["campaign", "report", "nope"]);
    assert!(err.contains("there is no campaign named nope"), "{err}");
    assert!(err.contains("the campaigns are:"), "{err}");
}

#[test]
fn forgetting_a_recipient_removes_their_campaign_rows() {
    let env = setup(2);
    env.ok(&[
        "campaign",
        "new",
        "spring",
        "--where",
        "tag:client",
        "-t",
        "offer",
    ]);
    send_all(&env, "spring", "2026-11-10 10:00:00");
    env.ok(&[
        "campaign",
        "respond",
        "Client 000",
        "spring",
        "--outcome",
        "bought",
    ]);
    let id = env.count("SELECT id FROM contact WHERE display_name = 'Client 000'");
    let rows = |id: i64| {
        env.count(&format!(
            "SELECT (SELECT count(*) FROM campaign_recipient WHERE contact_id = {id})
                  + (SELECT count(*) FROM campaign_response WHERE contact_id = {id})"
        ))
    };
    assert_eq!(rows(id), 2);
    let assert = env.kith(["forget", "Client 000", "--yes"]);
    assert.success();
    assert_eq!(rows(id), 0);
    assert_eq!(
        env.count("SELECT count(*) FROM campaign_recipient"),
        4,
        "the others stay"
    );
}
