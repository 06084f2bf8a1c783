//! Contacts and their emails, phones, tags, custom fields and name tokens.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use rusqlite::{OptionalExtension, Row, params, params_from_iter, types::Value};

use super::{Db, Result};
use crate::domain::contact::{Consent, Contact, Phone, Stage, StakeholderKind};
use crate::domain::dates::{Birthday, Interval};
use crate::domain::search::{SearchDoc, fold};

const CONTACT_COLUMNS: &str = "c.id, c.uid, c.display_name, c.given_name, c.family_name, c.org, \
     c.title, c.city, c.region, c.country, c.postcode, c.birthday, c.source, c.kind, c.stage, \
     c.consent, c.consent_at, c.cadence, c.archived, c.last_interaction_at, c.created_at, c.updated_at, \
     c.street";

/// The e-mail of contact `c` that kith shows and writes to: the primary
/// one, else the first added (an SQL expression over `contact c`).
pub(super) const PRIMARY_EMAIL: &str =
    "(SELECT email FROM contact_email e WHERE e.contact_id = c.id
      ORDER BY is_primary DESC, id LIMIT 1)";

/// The contact row: its attributes ([`attributes`]), then `uid` and `created_at`.
pub(super) const INSERT_CONTACT: &str =
    "INSERT INTO contact (display_name, given_name, family_name,
         org, title, city, region, country, postcode, street, birthday, source, kind, stage,
         consent, consent_at, cadence, cadence_days, archived, updated_at, uid, created_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
         ?19, ?20, ?21, ?22)";

/// The tables a contact's own write fills besides `contact` (replaced whole
/// when it is updated).
pub const CONTACT_PARTS: &[&str] = &[
    "contact_email",
    "contact_phone",
    "contact_tag",
    "contact_field",
    "name_token",
    "search_term",
];

/// Which contacts a list shows.
#[derive(Clone, Debug, Default)]
pub struct ContactFilter {
    pub tag: Option<String>,
    pub stage: Option<Stage>,
    pub kind: Option<StakeholderKind>,
    pub include_archived: bool,
    /// Restrict to these ids (a search result), when set.
    pub ids: Option<Vec<i64>>,
    /// At most this many rows.
    pub limit: Option<usize>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ContactSort {
    #[default]
    Name,
    /// Most recently contacted first; never-contacted last.
    Last,
    /// Newest first.
    Created,
}

/// A contact's line in a list: enough to show and sort, cheap to load for 100k.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListRow {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub org: Option<String>,
    pub stage: Option<Stage>,
    pub last_contact: Option<String>,
}

impl ListRow {
    /// Reads a row of `id, display_name, email, org, stage,
    /// last_interaction_at`: the list's columns.
    pub(super) fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<ListRow> {
        Ok(ListRow {
            id: r.get(0)?,
            name: r.get(1)?,
            email: r.get(2)?,
            org: r.get(3)?,
            stage: r.get::<_, Option<String>>(4)?.and_then(|s| s.parse().ok()),
            last_contact: r.get(5)?,
        })
    }
}

impl Db<'_> {
    /// Inserts a contact with all its children; returns the new id.
    pub fn insert_contact(&self, c: &Contact) -> Result<i64> {
        let mut stmt = self.conn.prepare_cached(INSERT_CONTACT)?;
        let mut values = attributes(c);
        values.push(Value::Text(c.uid.clone()));
        values.push(Value::Text(c.created_at.clone()));
        stmt.execute(params_from_iter(values))?;
        let id = self.conn.last_insert_rowid();
        self.insert_children(id, c)?;
        Ok(id)
    }

    /// Writes every attribute of `c` over the stored row and replaces its children.
    pub fn update_contact(&self, c: &Contact) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "UPDATE contact SET display_name = ?1, given_name = ?2, family_name = ?3, org = ?4,
                 title = ?5, city = ?6, region = ?7, country = ?8, postcode = ?9, street = ?10,
                 birthday = ?11, source = ?12, kind = ?13, stage = ?14, consent = ?15,
                 consent_at = ?16, cadence = ?17, cadence_days = ?18, archived = ?19,
                 updated_at = ?20
             WHERE id = ?21",
        )?;
        let mut values = attributes(c);
        values.push(Value::Integer(c.id));
        stmt.execute(params_from_iter(values))?;
        for table in CONTACT_PARTS {
            self.conn
                .prepare_cached(&format!("DELETE FROM {table} WHERE contact_id = ?1"))?
                .execute([c.id])?;
        }
        self.insert_children(c.id, c)
    }

    fn insert_children(self, id: i64, c: &Contact) -> Result<()> {
        let mut email = self.conn.prepare_cached(
            "INSERT INTO contact_email (contact_id, email, email_key, is_primary) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (i, e) in c.emails.iter().enumerate() {
            email.execute(params![id, e, crate::domain::contact::email_key(e), i == 0])?;
        }
        let mut phone = self.conn.prepare_cached(
            "INSERT INTO contact_phone (contact_id, raw, e164, phone_key) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for p in &c.phones {
            phone.execute(params![id, p.raw, p.e164, p.key()])?;
        }
        let mut tag = self.conn.prepare_cached(
            "INSERT OR IGNORE INTO contact_tag (contact_id, tag) VALUES (?1, ?2)",
        )?;
        for t in &c.tags {
            tag.execute(params![id, t])?;
        }
        let mut field = self.conn.prepare_cached(
            "INSERT OR REPLACE INTO contact_field (contact_id, key, value) VALUES (?1, ?2, ?3)",
        )?;
        for (k, v) in &c.fields {
            field.execute(params![id, k, v])?;
        }
        let mut token = self.conn.prepare_cached(
            "INSERT OR IGNORE INTO name_token (token, contact_id) VALUES (?1, ?2)",
        )?;
        for t in name_tokens(&c.name) {
            token.execute(params![t, id])?;
        }
        self.insert_search_terms(id, c)
    }

    pub fn contact(&self, id: i64) -> Result<Option<Contact>> {
        let sql = format!("SELECT {CONTACT_COLUMNS} FROM contact c WHERE c.id = ?1");
        let Some(mut c) = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], contact_from_row)
            .optional()?
        else {
            return Ok(None);
        };
        let mut children = self.children(Some(&[id]))?;
        children.fill(&mut c);
        Ok(Some(c))
    }

    pub fn contact_exists(&self, id: i64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM contact WHERE id = ?1")?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Every contact matching `filter`, fully loaded, in `sort` order.
    pub fn contacts(&self, filter: &ContactFilter, sort: ContactSort) -> Result<Vec<Contact>> {
        // Thousands of ids would exceed SQLite's bound-parameter limit: filter those here.
        let wanted: Option<std::collections::HashSet<i64>> = filter
            .ids
            .as_ref()
            .filter(|ids| ids.len() > 900)
            .map(|ids| ids.iter().copied().collect());
        let sql_filter = match &wanted {
            Some(_) => ContactFilter {
                ids: None,
                ..filter.clone()
            },
            None => filter.clone(),
        };
        let (where_sql, args) = filter_sql(&sql_filter);
        let sql = format!(
            "SELECT {CONTACT_COLUMNS} FROM contact c WHERE {where_sql} ORDER BY {}",
            order_sql(sort)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut list: Vec<Contact> = stmt
            .query_map(params_from_iter(args), contact_from_row)?
            .collect::<Result<_, _>>()?;
        if let Some(wanted) = &wanted {
            list.retain(|c| wanted.contains(&c.id));
        }
        let ids: Option<Vec<i64>> = if list.len() > 500 {
            None // cheaper to read every child row once than to bind thousands of ids
        } else {
            Some(list.iter().map(|c| c.id).collect())
        };
        let mut children = self.children(ids.as_deref())?;
        for c in &mut list {
            children.fill(c);
        }
        Ok(list)
    }

    /// Light rows for a list view, in `sort` order.
    pub fn list_rows(&self, filter: &ContactFilter, sort: ContactSort) -> Result<Vec<ListRow>> {
        let (where_sql, args) = filter_sql(filter);
        let sql = format!(
            "SELECT c.id, c.display_name,
                    {PRIMARY_EMAIL},
                    c.org, c.stage, c.last_interaction_at
             FROM contact c WHERE {where_sql} ORDER BY {} LIMIT {}",
            order_sql(sort),
            limit_sql(filter.limit),
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), ListRow::read)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every live contact as a search document (for the in-memory index).
    pub fn search_docs(&self, ids: Option<&[i64]>) -> Result<Vec<SearchDoc>> {
        let (where_sql, args) = match ids {
            // Named ids are read whether archived or not.
            Some(ids) => (
                format!("c.id IN ({})", placeholders(ids.len())),
                ids.to_vec(),
            ),
            None => ("c.archived = 0".to_string(), Vec::new()),
        };
        let sql = format!(
            "SELECT c.id, c.display_name, c.org, c.last_interaction_at FROM contact c WHERE {where_sql} ORDER BY c.id"
        );
        let mut docs: Vec<SearchDoc> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(SearchDoc {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    emails: Vec::new(),
                    org: r.get(2)?,
                    tags: Vec::new(),
                    last_contact: r
                        .get::<_, Option<String>>(3)?
                        .as_deref()
                        .and_then(unix_seconds),
                })
            })?
            .collect::<Result<_, _>>()?;
        // Search reads emails and tags only. Both come in contact order, as
        // the documents do, so each row is merged in by walking the two
        // lists together: no phones or custom fields are read, and no hash
        // map is built for 100k contacts.
        let filter = match ids {
            Some(ids) => format!("WHERE contact_id IN ({})", placeholders(ids.len())),
            None => String::new(),
        };
        let emails = format!(
            "SELECT contact_id, email FROM contact_email {filter} ORDER BY contact_id, is_primary DESC, id"
        );
        self.merge_children(&mut docs, &emails, &args, |d| &mut d.emails)?;
        let tags =
            format!("SELECT contact_id, tag FROM contact_tag {filter} ORDER BY contact_id, tag");
        self.merge_children(&mut docs, &tags, &args, |d| &mut d.tags)?;
        Ok(docs)
    }

    /// Appends the text of each `(contact_id, text)` row of `sql`, which must
    /// come in `contact_id` order, to the list `field` picks in the document
    /// with that id. `docs` are in id order; rows of other contacts are skipped.
    fn merge_children(
        self,
        docs: &mut [SearchDoc],
        sql: &str,
        args: &[i64],
        field: impl Fn(&mut SearchDoc) -> &mut Vec<String>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params_from_iter(args.iter()))?;
        let mut next = 0;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            while docs.get(next).is_some_and(|d| d.id < id) {
                next += 1;
            }
            match docs.get_mut(next) {
                Some(d) if d.id == id => field(d).push(r.get(1)?),
                Some(_) => {}
                None => break,
            }
        }
        Ok(())
    }

    /// Contacts whose name has a word starting with every one of `prefixes`
    /// (folded): live ones, or with `archived` the archived ones.
    pub fn contacts_by_name_prefixes(
        &self,
        prefixes: &[String],
        archived: bool,
    ) -> Result<Vec<i64>> {
        if prefixes.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = format!(
            "SELECT c.id FROM contact c WHERE c.archived = {}",
            i64::from(archived)
        );
        let mut args: Vec<Value> = Vec::new();
        for p in prefixes {
            let n = args.len();
            let _ = write!(
                sql,
                " AND c.id IN (SELECT contact_id FROM name_token WHERE token >= ?{} AND token < ?{})",
                n + 1,
                n + 2
            );
            args.push(Value::Text(p.clone()));
            args.push(Value::Text(format!("{p}\u{10FFFF}")));
        }
        sql.push_str(" LIMIT 1000");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let ids = stmt.query_map(params_from_iter(args), |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// Contacts (archived too) holding any of these emails (compared case-insensitively).
    pub fn contacts_by_email(&self, email: &str) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT contact_id FROM contact_email WHERE email_key = ?1 ORDER BY contact_id",
        )?;
        let ids = stmt.query_map([crate::domain::contact::email_key(email)], |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    pub fn contacts_by_phone(&self, phone: &Phone) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT contact_id FROM contact_phone WHERE phone_key = ?1 ORDER BY contact_id",
        )?;
        let ids = stmt.query_map([phone.key()], |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// Contacts sharing at least one whole name word with `name` (at most 200).
    pub fn contacts_sharing_name_token(&self, name: &str) -> Result<Vec<(i64, String)>> {
        let tokens = name_tokens(name);
        if tokens.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT DISTINCT c.id, c.display_name FROM name_token t JOIN contact c ON c.id = t.contact_id
             WHERE t.token IN ({}) LIMIT 200",
            placeholders(tokens.len())
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(tokens), |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn set_archived(&self, id: i64, archived: bool, now: &str) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE contact SET archived = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![id, archived, now])?;
        Ok(())
    }

    pub fn set_cadence(&self, id: i64, cadence: Option<Interval>, now: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE contact SET cadence = ?2, cadence_days = ?3, updated_at = ?4 WHERE id = ?1",
            )?
            .execute(params![
                id,
                cadence.map(|c| c.to_string()),
                cadence.map(|c| c.approx_days()),
                now
            ])?;
        Ok(())
    }

    /// Deletes a contact; its interactions and follow-ups go with it.
    pub fn delete_contact(&self, id: i64) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM contact WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    /// Every contact on file, archived ones included.
    pub fn count_contacts(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM contact")?
            .query_row([], |r| r.get(0))?)
    }

    /// Loads emails, phones, tags and fields for `ids` (or for everyone).
    /// Loads emails, tags, phones and custom fields for `ids` (or for everyone).
    fn children(self, ids: Option<&[i64]>) -> Result<Children> {
        let (filter, args): (String, Vec<i64>) = match ids {
            Some(ids) => (
                format!("WHERE contact_id IN ({})", placeholders(ids.len())),
                ids.to_vec(),
            ),
            None => (String::new(), Vec::new()),
        };
        let mut out = Children::default();
        self.each_row(
            &format!("SELECT contact_id, email FROM contact_email {filter} ORDER BY contact_id, is_primary DESC, id"),
            &args,
            |r| {
                out.emails.entry(r.get(0)?).or_default().push(r.get(1)?);
                Ok(())
            },
        )?;
        self.each_row(
            &format!("SELECT contact_id, tag FROM contact_tag {filter} ORDER BY contact_id, tag"),
            &args,
            |r| {
                out.tags.entry(r.get(0)?).or_default().push(r.get(1)?);
                Ok(())
            },
        )?;
        self.each_row(
            &format!(
                "SELECT contact_id, raw, e164 FROM contact_phone {filter} ORDER BY contact_id, id"
            ),
            &args,
            |r| {
                let phone = Phone {
                    raw: r.get(1)?,
                    e164: r.get(2)?,
                };
                out.phones.entry(r.get(0)?).or_default().push(phone);
                Ok(())
            },
        )?;
        self.each_row(
            &format!(
                "SELECT contact_id, key, value FROM contact_field {filter} ORDER BY contact_id, key"
            ),
            &args,
            |r| {
                out.fields
                    .entry(r.get(0)?)
                    .or_default()
                    .insert(r.get(1)?, r.get(2)?);
                Ok(())
            },
        )?;
        Ok(out)
    }

    fn each_row(
        self,
        sql: &str,
        args: &[i64],
        mut f: impl FnMut(&Row<'_>) -> rusqlite::Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            f(r)?;
        }
        Ok(())
    }
}

#[derive(Default)]
struct Children {
    emails: HashMap<i64, Vec<String>>,
    phones: HashMap<i64, Vec<Phone>>,
    tags: HashMap<i64, Vec<String>>,
    fields: HashMap<i64, BTreeMap<String, String>>,
}

impl Children {
    fn fill(&mut self, c: &mut Contact) {
        c.emails = self.emails.remove(&c.id).unwrap_or_default();
        c.phones = self.phones.remove(&c.id).unwrap_or_default();
        c.tags = self.tags.remove(&c.id).unwrap_or_default();
        c.fields = self.fields.remove(&c.id).unwrap_or_default();
    }
}

fn contact_from_row(r: &Row<'_>) -> rusqlite::Result<Contact> {
    let word = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
    Ok(Contact {
        id: r.get(0)?,
        uid: r.get(1)?,
        name: r.get(2)?,
        given_name: r.get(3)?,
        family_name: r.get(4)?,
        org: r.get(5)?,
        title: r.get(6)?,
        city: r.get(7)?,
        region: r.get(8)?,
        country: r.get(9)?,
        postcode: r.get(10)?,
        birthday: word(11)?.as_deref().and_then(Birthday::from_storage),
        source: r.get(12)?,
        kind: word(13)?
            .and_then(|s| s.parse().ok())
            .unwrap_or(StakeholderKind::Other),
        stage: word(14)?.and_then(|s| s.parse().ok()),
        consent: word(15)?
            .and_then(|s| s.parse().ok())
            .unwrap_or(Consent::Unknown),
        consent_at: r.get(16)?,
        cadence: word(17)?.and_then(|s| s.parse().ok()),
        archived: r.get(18)?,
        last_contact: r.get(19)?,
        created_at: r.get(20)?,
        updated_at: r.get(21)?,
        street: r.get(22)?,
        emails: Vec::new(),
        phones: Vec::new(),
        tags: Vec::new(),
        fields: BTreeMap::new(),
    })
}

/// The contact row's attributes in column order, `updated_at` last (?1–?20).
pub(super) fn attributes(c: &Contact) -> Vec<Value> {
    let text = |v: Option<&str>| v.map_or(Value::Null, |s| Value::Text(s.to_string()));
    vec![
        Value::Text(c.name.clone()),
        text(c.given_name.as_deref()),
        text(c.family_name.as_deref()),
        text(c.org.as_deref()),
        text(c.title.as_deref()),
        text(c.city.as_deref()),
        text(c.region.as_deref()),
        text(c.country.as_deref()),
        text(c.postcode.as_deref()),
        text(c.street.as_deref()),
        text(c.birthday.map(|b| b.to_storage()).as_deref()),
        Value::Text(c.source.clone()),
        Value::Text(c.kind.as_str().to_string()),
        text(c.stage.map(Stage::as_str)),
        Value::Text(c.consent.as_str().to_string()),
        text(c.consent_at.as_deref()),
        text(c.cadence.map(|i| i.to_string()).as_deref()),
        c.cadence
            .map_or(Value::Null, |i| Value::Integer(i.approx_days())),
        Value::Integer(i64::from(c.archived)),
        Value::Text(c.updated_at.clone()),
    ]
}

fn filter_sql(f: &ContactFilter) -> (String, Vec<Value>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if !f.include_archived {
        clauses.push("c.archived = 0".into());
    }
    if let Some(tag) = &f.tag {
        args.push(Value::Text(tag.clone()));
        clauses.push(format!(
            "c.id IN (SELECT contact_id FROM contact_tag WHERE tag = ?{})",
            args.len()
        ));
    }
    if let Some(stage) = f.stage {
        args.push(Value::Text(stage.as_str().into()));
        clauses.push(format!("c.stage = ?{}", args.len()));
    }
    if let Some(kind) = f.kind {
        args.push(Value::Text(kind.as_str().into()));
        clauses.push(format!("c.kind = ?{}", args.len()));
    }
    if let Some(ids) = &f.ids {
        let start = args.len();
        args.extend(ids.iter().map(|i| Value::Integer(*i)));
        let ph: Vec<String> = (start + 1..=args.len()).map(|i| format!("?{i}")).collect();
        clauses.push(format!("c.id IN ({})", ph.join(",")));
    }
    if clauses.is_empty() {
        clauses.push("1".into());
    }
    (clauses.join(" AND "), args)
}

pub(super) fn order_sql(sort: ContactSort) -> &'static str {
    match sort {
        ContactSort::Name => "c.display_name COLLATE NOCASE, c.id",
        ContactSort::Last => "c.last_interaction_at IS NULL, c.last_interaction_at DESC, c.id",
        ContactSort::Created => "c.created_at DESC, c.id DESC",
    }
}

/// `SQLite` reads a limit of -1 as "no limit".
fn limit_sql(limit: Option<usize>) -> i64 {
    limit.and_then(|l| i64::try_from(l).ok()).unwrap_or(-1)
}

fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The folded words of a name, as stored in `name_token`.
pub(crate) fn name_tokens(name: &str) -> Vec<String> {
    let mut tokens: Vec<String> = fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    tokens.sort();
    tokens.dedup();
    tokens
}

/// "2026-11-23 09:00:00" (local) → seconds, for recency tie-breaks only.
fn unix_seconds(at: &str) -> Option<i64> {
    super::stamps::date_time(at).map(|t| t.and_utc().timestamp())
}

#[cfg(test)]
mod tests {

    use super::unix_seconds;

    use crate::ops::Ctx;

    use crate::store::{ContactFilter, ContactSort};

    fn demo() -> Ctx {
        crate::ops::demo::test_ctx(1500, 3000, 11)
    }

    #[test]
    fn search_docs_carry_the_same_emails_and_tags_as_full_contacts() {
        let ctx = demo();
        let db = ctx.store.db();
        let full = db
            .contacts(&ContactFilter::default(), ContactSort::Created)
            .expect("contacts");
        let mut full: Vec<_> = full.into_iter().filter(|c| !c.archived).collect();
        full.sort_by_key(|c| c.id);
        let docs = db.search_docs(None).expect("docs");
        assert_eq!(docs.len(), full.len());
        assert!(
            docs.iter()
                .any(|d| d.emails.len() > 1 || !d.tags.is_empty())
        );
        for (d, c) in docs.iter().zip(&full) {
            assert_eq!(
                (d.id, &d.name, &d.org, &d.emails, &d.tags),
                (c.id, &c.name, &c.org, &c.emails, &c.tags)
            );
            assert_eq!(
                d.last_contact,
                c.last_contact.as_deref().and_then(unix_seconds)
            );
        }
        // A subset, given in no particular order, with an archived id.
        let archived = db
            .contacts(
                &ContactFilter {
                    include_archived: true,
                    ..ContactFilter::default()
                },
                ContactSort::Created,
            )
            .expect("all")
            .into_iter()
            .find(|c| c.archived)
            .expect("the demo archives some");
        let some: Vec<i64> = vec![full[40].id, archived.id, full[3].id, full[900].id];
        let docs = db.search_docs(Some(&some)).expect("some");
        let ids: Vec<i64> = docs.iter().map(|d| d.id).collect();
        // Named ids are read whether archived or not, in id order.
        let mut want = vec![full[3].id, full[40].id, full[900].id, archived.id];
        want.sort_unstable();
        assert_eq!(ids, want);
        for d in docs.iter().filter(|d| d.id != archived.id) {
            let c = full.iter().find(|c| c.id == d.id).expect("present");
            assert_eq!((&d.emails, &d.tags), (&c.emails, &c.tags));
        }
    }
}
