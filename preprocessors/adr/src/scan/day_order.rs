//! `05/02/2018` is 5 February in one team and May 2 in another. A folder's
//! other dates settle it (`14/11/2024` beside it: day first); when they
//! do not, or disagree, the date stays unread and validation says so.

use super::Decision;
use super::values::{DayOrder, slash_order};
use std::collections::HashMap;
use std::path::PathBuf;

/// Settles each ambiguous date by the one order its folder's dates show.
pub fn settle(decisions: &mut [Decision]) {
    let mut orders: HashMap<PathBuf, (bool, bool)> = HashMap::new();
    for d in decisions.iter() {
        let order = d.date.as_ref().and_then(|w| slash_order(&w.value.written));
        let seen = orders.entry(d.folder.clone()).or_default();
        match order {
            Some(DayOrder::DayFirst) => seen.0 = true,
            Some(DayOrder::MonthFirst) => seen.1 = true,
            None => {}
        }
    }
    for d in decisions.iter_mut() {
        let order = match orders.get(&d.folder) {
            Some((true, false)) => DayOrder::DayFirst,
            Some((false, true)) => DayOrder::MonthFirst,
            _ => continue,
        };
        if let Some(date) = d.date.as_mut() {
            date.value.settle(order);
        }
    }
}
