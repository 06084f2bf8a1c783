//! Follow-ups and stay-in-touch cadences.

use crate::domain::dates::{Interval, When};
use crate::domain::follow_up::FollowUp;
use crate::error::{Error, Result};

use super::{Ctx, new_uid};

pub fn add_follow_up(
    ctx: &mut Ctx,
    contact_id: i64,
    due: When,
    note: &str,
    every: Option<Interval>,
) -> Result<i64> {
    let now = ctx.clock.stamp();
    let note = crate::domain::contact::clean_line("note", note)?.unwrap_or_default();
    ctx.store.write(|db| {
        if !db.contact_exists(contact_id)? {
            return Err(Error::user(format!("no contact #{contact_id}")));
        }
        Ok(db.insert_follow_up(&new_uid(), contact_id, due, &note, every, &now)?)
    })
}

/// What completing a follow-up did.
#[derive(Debug, PartialEq, Eq)]
pub enum Done {
    Closed(FollowUp),
    /// A recurring one moved to its next date.
    Rescheduled(FollowUp, When),
}

pub fn complete(ctx: &mut Ctx, id: i64) -> Result<Done> {
    let now = ctx.clock.stamp();
    let today = ctx.clock.now().date();
    ctx.store.write(|db| {
        let f = open_follow_up(db, id)?;
        match f.next_due(today) {
            Some(next) => {
                db.reschedule_follow_up(id, next, f.anchor_day(), &now)?;
                Ok(Done::Rescheduled(f, next))
            }
            None => {
                db.complete_follow_up(id, &now)?;
                Ok(Done::Closed(f))
            }
        }
    })
}

/// Moves a follow-up to `until`, which must not be over yet: a snooze
/// pushes a follow-up later, never into the past.
pub fn snooze(ctx: &mut Ctx, id: i64, until: When) -> Result<FollowUp> {
    if until.is_past(ctx.clock.now()) {
        return Err(Error::user(format!(
            "{} is in the past: a snoozed follow-up comes back later, not earlier; nothing changed",
            until.describe()
        )));
    }
    let now = ctx.clock.stamp();
    ctx.store.write(|db| {
        let f = open_follow_up(db, id)?;
        db.snooze_follow_up(id, until, &now)?;
        Ok(f)
    })
}

/// Sets (or with `None` clears) a contact's stay-in-touch cadence.
pub fn set_cadence(ctx: &mut Ctx, contact_id: i64, cadence: Option<Interval>) -> Result<()> {
    let now = ctx.clock.stamp();
    ctx.store
        .write(|db| Ok(db.set_cadence(contact_id, cadence, &now)?))
}

fn open_follow_up(db: crate::store::Db<'_>, id: i64) -> Result<FollowUp> {
    let f = db.follow_up(id)?.ok_or_else(|| {
        Error::user(format!("no follow-up #{id}")).with_hint("`kith remind --all` lists them")
    })?;
    if f.done_at.is_some() {
        return Err(Error::user(format!("follow-up #{id} is already done")));
    }
    Ok(f)
}
