//! Message templates.

use rusqlite::{OptionalExtension, Row, params};

use super::{Db, Result};
use crate::domain::template::Template;

const COLUMNS: &str = "id, uid, name, subject, body, created_at, updated_at";

fn template(r: &Row<'_>) -> rusqlite::Result<Template> {
    Ok(Template {
        id: r.get(0)?,
        uid: r.get(1)?,
        name: r.get(2)?,
        subject: r.get(3)?,
        body: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

impl Db<'_> {
    /// Stores a new template; returns its id.
    pub fn insert_template(
        &self,
        uid: &str,
        name: &str,
        subject: &str,
        body: &str,
        now: &str,
    ) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO template (uid, name, subject, body, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?
            .execute(params![uid, name, subject, body, now])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Replaces a template's subject and body.
    pub fn update_template(&self, id: i64, subject: &str, body: &str, now: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE template SET subject = ?2, body = ?3, updated_at = ?4 WHERE id = ?1",
            )?
            .execute(params![id, subject, body, now])?;
        Ok(())
    }

    /// The template named `name` (ignoring case).
    pub fn template_by_name(&self, name: &str) -> Result<Option<Template>> {
        let sql = format!("SELECT {COLUMNS} FROM template WHERE name = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([name], template)
            .optional()?)
    }

    /// Every template, by name.
    pub fn templates(&self) -> Result<Vec<Template>> {
        let sql = format!("SELECT {COLUMNS} FROM template ORDER BY name, id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], template)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Deletes a template. Campaigns keep their own copy of its text.
    pub fn delete_template(&self, id: i64) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM template WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }
}
