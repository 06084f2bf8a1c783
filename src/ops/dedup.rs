//! Finding duplicates in the database, and remembering the pairs the user
//! says are different people.

use crate::domain::dedup::{self, Options, Progress, Scan};
use crate::error::{Error, Result};
use crate::store::Db;

use super::Ctx;

/// Scans every live (not archived) contact for duplicates; pairs marked
/// "not a duplicate" never come back.
pub fn scan(db: Db<'_>, options: &Options, progress: &mut dyn FnMut(Progress)) -> Result<Scan> {
    let people = db.dedup_people()?;
    let not_duplicate = db.not_duplicates()?;
    Ok(dedup::find(&people, &not_duplicate, options, progress))
}

/// Remembers that the contacts `ids` are different people: no pair of them
/// is reported again. One transaction.
pub fn mark_not_duplicates(ctx: &mut Ctx, ids: &[i64]) -> Result<()> {
    let at = ctx.clock.stamp();
    ctx.store.write(|db| {
        let mut uids = Vec::with_capacity(ids.len());
        for &id in ids {
            let uid = db
                .contact_uid(id)?
                .ok_or_else(|| Error::user(format!("there is no contact #{id}")))?;
            uids.push(uid);
        }
        for (i, a) in uids.iter().enumerate() {
            for b in &uids[i + 1..] {
                db.add_not_duplicate(a, b, &at)?;
            }
        }
        Ok::<_, Error>(())
    })
}
