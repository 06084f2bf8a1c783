//! `kith goal`: objectives and their progress.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::{Ctx, new_uid};
use crate::domain::goal::{self, Goal, GoalProgress};

use crate::error::{Error, Result};

/// Reads "revenue 10000 EUR per quarter", "new customers 5 per month",
/// "nps 50 per quarter" and stores it.
pub fn add(ctx: &mut Ctx, text: &str) -> Result<Goal> {
    let mut goal = goal::parse(text, &ctx.config.currency)?;
    let now = ctx.clock.stamp();
    goal.id = ctx
        .store
        .write(|db| db.insert_goal(&new_uid(), &goal, &now))?;
    Ok(goal)
}

/// Every objective with its progress in its current period. The figures of
/// each period length are read once (the KPI queries over one span).
pub fn progress(ctx: &Ctx) -> Result<Vec<GoalProgress>> {
    let db = ctx.store.db();
    let goals = db.goals()?;
    let today = ctx.clock.now().date();
    let mut figures = HashMap::new();
    let mut out = Vec::with_capacity(goals.len());
    for g in &goals {
        let span = g.period.span_of(today);
        let f = match figures.entry(g.period) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(super::kpi::span_figures(db, span)?),
        };
        out.push(goal::progress(g, span, f, today));
    }
    Ok(out)
}

/// Removes objective `id`; returns it.
pub fn remove(ctx: &mut Ctx, id: i64) -> Result<Goal> {
    ctx.store.write(|db| {
        let goal = db.goal(id)?.ok_or_else(|| {
            Error::user(format!("there is no objective #{id}; nothing changed"))
                .with_hint("`kith goal list` shows each objective with its number")
        })?;
        db.delete_goal(id)?;
        Ok(goal)
    })
}
