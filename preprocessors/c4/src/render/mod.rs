//! Views into figures, and element pages' cards.

pub mod layout;
pub mod page;
pub mod svg;
