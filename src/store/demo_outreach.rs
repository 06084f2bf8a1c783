//! What the demo reads to answer its finished campaign: who among the
//! recipients answered it on their own already.

use std::collections::HashSet;

use super::{Db, Result};

impl Db<'_> {
    /// The recipients of campaign `id` sent a message and answered it, by
    /// the campaign response rule (`kpi::answered_sql`).
    pub fn answered_recipients(&self, campaign_id: i64) -> Result<HashSet<i64>> {
        let sql = format!(
            "SELECT r.contact_id FROM campaign_recipient r JOIN campaign k ON k.id = r.campaign_id
              WHERE r.campaign_id = ?1 AND r.state = 'sent' AND {}",
            super::kpi::answered_sql(
                "r.campaign_id",
                "r.contact_id",
                "r.sent_at",
                "k.response_days"
            )
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([campaign_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
