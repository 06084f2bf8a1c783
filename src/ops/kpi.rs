//! `kith kpi` and the Dashboard's figures.

use chrono::NaiveDate;

use super::Ctx;
use crate::domain::kpi::KpiReport;
use crate::domain::period::Period;
use crate::error::Result;

/// The KPIs of every `period` from the one holding `since` (default: the
/// last 12 months, 4 quarters or 3 years) to the current one.
pub fn report(_ctx: &Ctx, _period: Period, _since: Option<NaiveDate>) -> Result<KpiReport> {
    todo!("issue 10: KPIs")
}
