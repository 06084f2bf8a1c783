use std::collections::BTreeMap;

use super::*;

fn jane() -> MergeData {
    MergeData {
        name: "Jane Doe".into(),
        first_name: Some("Jane".into()),
        last_name: Some("Doe".into()),
        email: Some("jane@acme.example".into()),
        org: Some("Acme".into()),
        title: Some("CTO".into()),
        city: Some("Lyon".into()),
        country: Some("France".into()),
        stage: Some("customer".into()),
        tags: vec!["client".into(), "vip".into()],
        fields: BTreeMap::from([("industry".to_string(), "robotics".to_string())]),
        last_interaction: Some(LastInteraction {
            kind: "call".into(),
            summary: "Talked about the roadmap".into(),
            date: "2026-11-20".into(),
        }),
        last_purchase: Some(LastPurchase {
            amount: "1,200.00 EUR".into(),
            summary: "Annual licence".into(),
            date: "2026-10-02".into(),
        }),
        days_since_contact: Some(11),
    }
}

/// Someone kith knows little about: only a name.
fn bare() -> MergeData {
    MergeData {
        name: "Sam".into(),
        ..MergeData::default()
    }
}

fn body(template: &str, data: &MergeData) -> String {
    render("s", template, data).expect("test value").body
}

fn error(subject: &str, body: &str) -> TemplateError {
    check(subject, body).expect_err("an error")
}

#[test]
fn every_merge_field_renders() {
    let all = "{{ name }}|{{ first_name }}|{{ last_name }}|{{ email }}|{{ org }}|{{ title }}|\
        {{ city }}|{{ country }}|{{ stage }}|{{ tags | join(',') }}|{{ fields.industry }}|\
        {{ last_interaction.kind }}|{{ last_interaction.summary }}|{{ last_interaction.date }}|\
        {{ last_purchase.amount }}|{{ last_purchase.summary }}|{{ last_purchase.date }}|\
        {{ days_since_contact }}";
    assert_eq!(
        body(all, &jane()),
        "Jane Doe|Jane|Doe|jane@acme.example|Acme|CTO|Lyon|France|customer|client,vip|robotics|\
         call|Talked about the roadmap|2026-11-20|1,200.00 EUR|Annual licence|2026-10-02|11"
    );
    // Every field the docs list is one the template may use.
    let every = FIELDS
        .iter()
        .map(|f| format!("{{{{ {f} }}}}"))
        .collect::<Vec<_>>()
        .concat();
    assert!(check("x", &every).is_ok());
}

#[test]
fn missing_values_render_empty_and_take_a_default() {
    assert_eq!(
        body(
            "Hello {{ first_name | default(\"there\") }}, {{ org }}{{ fields.industry }}.",
            &bare()
        ),
        "Hello there, ."
    );
    assert_eq!(
        body("{{ last_interaction.summary | default('-') }}", &bare()),
        "-"
    );
    assert_eq!(
        body("Hello {{ first_name | default(\"there\") }}", &jane()),
        "Hello Jane"
    );
}

#[test]
fn conditionals_filters_and_loops() {
    let t = "{% if last_purchase %}Thanks for {{ last_purchase.summary | lower }}.\
             {% else %}Have a look.{% endif %} {{ org | upper }} {{ 'jane doe' | title }}\n\
             {% for tag in tags %}{{ loop.index }}. {{ tag }}\n{% endfor %}\
             {% set greeting = 'Bye' %}{{ greeting }}";
    assert_eq!(
        body(t, &jane()),
        "Thanks for annual licence. ACME Jane Doe\n1. client\n2. vip\nBye"
    );
    assert_eq!(body(t, &bare()), "Have a look.  Jane Doe\nBye");
    assert_eq!(
        body(
            "{% if days_since_contact > 10 %}long time{% endif %}",
            &jane()
        ),
        "long time"
    );
}

#[test]
fn the_subject_is_one_printable_line_and_the_body_keeps_its_lines() {
    let mut data = jane();
    data.org = Some("Acme\u{7}Corp".into());
    let r = render(
        "Hi {{ first_name }}\n  from {{ org }}  ",
        "Line 1\n\tLine 2 {{ org }}\n\n",
        &data,
    )
    .expect("test value");
    assert_eq!(r.subject, "Hi Jane from Acme\u{FFFD}Corp");
    assert_eq!(r.body, "Line 1\n\tLine 2 Acme\u{FFFD}Corp");
}

#[test]
fn syntax_errors_say_where() {
    let e = error("Hi {{ first_name", "x");
    assert_eq!((e.part, e.line, e.column), ("subject", 1, 7));
    assert!(
        e.message
            .starts_with("syntax error: unexpected end of input")
    );
    let e = error("Hi", "line one\n{% if org %}\n  {{ org }\n{% endif %}");
    assert_eq!((e.part, e.line, e.column), ("body", 3, 10));
    assert_eq!(
        e.message,
        "syntax error: unexpected `}`, expected end of variable block"
    );
    assert_eq!(
        e.to_string(),
        "body line 3, column 10: syntax error: unexpected `}`, expected end of variable block"
    );
    let e = error("Hi", "ok\n{% frob %}");
    assert_eq!((e.line, e.column), (2, 4));
    assert_eq!(e.message, "syntax error: unknown statement frob");
}

#[test]
fn an_unknown_field_is_refused_where_first_used_with_a_suggestion() {
    let e = error("Hello {{ frist_name }}", "{{ frist_name }}");
    assert_eq!(
        e.to_string(),
        "subject line 1, column 10: unknown merge field \"frist_name\""
    );
    assert!(
        e.hint
            .expect("test value")
            .starts_with("did you mean first_name? merge fields: name, ")
    );
    // The first use in the text, not in a comment, a string or a raw block.
    let e = error(
        "x",
        "{# company #}{{ 'company' }}{% raw %}{{ company }}{% endraw %}\n\
         {{ org }} {{ fields.company }}\n  {%- if company %}{% endif %}",
    );
    assert_eq!((e.part, e.line, e.column), ("body", 3, 10));
    assert_eq!(e.message, "unknown merge field \"company\"");
    // Nothing close: the hint lists the fields without a guess.
    let e = error("x", "{{ shoe_size }}");
    assert!(
        e.hint
            .expect("test value")
            .starts_with("merge fields: name, first_name")
    );
}

/// Found by fuzzing: looking for the first use stepped through a raw
/// block byte by byte and sliced the text inside a character (a panic).
#[test]
fn an_unknown_field_after_text_in_any_script_is_located() {
    let e = error("x", "{% raw %}{% é }%}{% endraw %}\n{{ nme }}");
    assert_eq!((e.part, e.line, e.column), ("body", 2, 4));
    let e = error("x", "{{ '\\é' ~ nme }}{% if 'ü' %}{% endif %}");
    assert_eq!((e.line, e.column), (1, 11));
    let e = error("{% raw %}{% 日本 %}{% endraw %}{{ cmpany }}", "x");
    assert_eq!((e.part, e.line, e.column), ("subject", 1, 33));
}

#[test]
fn names_the_template_sets_or_the_engine_has_are_allowed() {
    assert!(
        check(
            "x",
            "{% set n = 3 %}{% for i in range(n) %}{{ i }}{% endfor %}\
             {% for tag in tags %}{{ loop.index }}{{ tag }}{% endfor %}"
        )
        .is_ok()
    );
}

#[test]
fn unknown_attributes_are_refused_but_any_custom_field_is_allowed() {
    let e = error(
        "x",
        "{{ fields.anything }}\n{{ last_interaction.summmary }}",
    );
    assert_eq!((e.part, e.line, e.column), ("body", 2, 4));
    assert_eq!(e.message, "last_interaction has no attribute \"summmary\"");
    assert_eq!(
        e.hint.as_deref(),
        Some("did you mean summary? last_interaction has kind, summary, date")
    );
    let e = error("{{ first_name.x }}", "x");
    assert_eq!(e.message, "first_name has no attribute \"x\"");
    let e = error("x", "{{ last_purchase.amount.cents }}");
    assert_eq!(e.message, "last_purchase.amount has no attribute \"cents\"");
    assert!(
        check(
            "{{ fields.industry | default('your field') }}",
            "{{ fields['a b'] }}"
        )
        .is_ok()
    );
}

#[test]
fn a_template_that_never_ends_or_explodes_stops_with_an_error() {
    let looping =
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}";
    assert!(check("x", looping).is_ok());
    let e = render("x", looping, &jane()).expect_err("an error");
    assert_eq!(e.part, "body");
    assert!(e.message.contains("too much work"), "{e}");
    let e = render(
        "x",
        "{% set s = 'x' * 30000 %}{% for i in range(100) %}{{ s }}{% endfor %}",
        &jane(),
    )
    .expect_err("an error");
    assert!(e.message.contains("longer than"), "{e}");
}

#[test]
fn a_runtime_error_says_where() {
    let e = render("x", "ok\n{{ name + 1 }}", &jane()).expect_err("an error");
    assert_eq!((e.part, e.line, e.column), ("body", 2, 4));
    assert!(e.message.starts_with("invalid operation"), "{e}");
}

#[test]
fn one_renderer_serves_many_contacts() {
    let r = Renderer::new("Hi {{ first_name | default(name) }}", "{{ org }}").expect("test value");
    assert_eq!(r.render(&jane()).expect("test value").subject, "Hi Jane");
    assert_eq!(r.render(&bare()).expect("test value").subject, "Hi Sam");
}

#[test]
fn suggestions_are_for_likely_typos_only() {
    assert_eq!(suggest("frist_name"), Some("first_name"));
    assert_eq!(suggest("Org"), Some("org"));
    assert_eq!(suggest("tag"), Some("tags"));
    assert_eq!(suggest("zz"), None);
    assert_eq!(suggest("shoe_size"), None);
}

#[test]
fn a_body_over_the_size_limit_is_refused_before_parsing() {
    let body = "x".repeat(MAX_SOURCE + 1);
    let e = check("Hi", &body).expect_err("too long");
    assert_eq!(e.part, "body");
    assert!(e.message.starts_with("longer than 1024 KiB"), "{e}");
    check("Hi", &body[1..]).expect("at the limit");
}
