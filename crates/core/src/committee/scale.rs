//! The rating scale an agenda item is decided on, as data: an ordered list of symbols, best
//! first (a national spec's symbols such as `brAAA … brD`, or the CLASS categories
//! `AAA … E`).
//!
//! The committee does not depend on the engines' own types: whatever scale the engine used
//! travels with the item, and notch differences (C-3) are index differences on that list.

use crate::trace::{msg, TraceMessage};
use serde::{Deserialize, Serialize};

/// An ordered list of rating symbols, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ItemScale {
    /// Names the scale, e.g. "sp-br-national-lt" or "class-titularizacion".
    pub id: String,
    /// Every symbol, best first.
    pub symbols: Vec<String>,
}

/// A symbol not on the scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotOnScale {
    pub symbol: String,
    pub scale: String,
    pub accepted: String,
}

impl ItemScale {
    /// Why the scale itself is unusable, if it is: no symbols, a blank symbol or a
    /// repeated one.
    pub fn problem(&self) -> Option<TraceMessage> {
        if self.id.trim().is_empty() {
            return Some(msg!("refusal.scale_problem.empty_id"));
        }
        if self.symbols.is_empty() {
            return Some(msg!("refusal.scale_problem.no_symbols", scale = &self.id));
        }
        for (i, s) in self.symbols.iter().enumerate() {
            if s.trim().is_empty() || s.trim() != s {
                return Some(msg!(
                    "refusal.scale_problem.bad_symbol",
                    scale = &self.id,
                    position = i + 1,
                    symbol = s,
                ));
            }
            if self.symbols[..i].contains(s) {
                return Some(msg!(
                    "refusal.scale_problem.twice",
                    scale = &self.id,
                    symbol = s
                ));
            }
        }
        None
    }

    /// Position of `symbol` on the scale, 0 for the best. Strict: case and signs count.
    pub fn index(&self, symbol: &str) -> Result<usize, NotOnScale> {
        self.symbols
            .iter()
            .position(|s| s == symbol)
            .ok_or_else(|| NotOnScale {
                symbol: symbol.to_string(),
                scale: self.id.clone(),
                accepted: self.symbols.join(", "),
            })
    }

    /// Notches from `from` to `to`: positive when `to` is better (higher) than `from`.
    pub fn notches(&self, from: &str, to: &str) -> Result<i32, NotOnScale> {
        let a = self.index(from)? as i64;
        let b = self.index(to)? as i64;
        // Scales are short lists; the difference of two indices fits an i32.
        Ok((a - b) as i32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class_scale() -> ItemScale {
        // The CLASS categories with their signs; AAA+ and E- do not exist (seed 003 §1.3).
        let mut symbols = Vec::new();
        for c in ["AAA", "AA", "A", "B", "C", "D", "E"] {
            for s in ["+", "", "-"] {
                if !matches!((c, s), ("AAA", "+") | ("E", "-")) {
                    symbols.push(format!("{c}{s}"));
                }
            }
        }
        ItemScale {
            id: "class-titularizacion".into(),
            symbols,
        }
    }

    #[test]
    fn c3_notches_are_index_differences_best_first() {
        let scale = class_scale();
        assert_eq!(scale.symbols.len(), 19);
        assert_eq!(scale.notches("AA", "AA+"), Ok(1));
        assert_eq!(scale.notches("AA", "A+"), Ok(-2));
        assert_eq!(scale.notches("AAA", "E"), Ok(-18));
        assert_eq!(scale.notches("B", "B"), Ok(0));
    }

    #[test]
    fn unknown_symbols_name_the_symbol_and_the_accepted_set() {
        let err = class_scale().index("aa").unwrap_err();
        assert_eq!(err.symbol, "aa");
        assert!(err.accepted.starts_with("AAA, AAA-, AA+, AA,"));
        assert!(
            class_scale().index("AA−").is_err(),
            "the Unicode minus is not '-'"
        );
    }

    #[test]
    fn a_scale_must_be_a_list_of_distinct_symbols() {
        let mut scale = class_scale();
        assert_eq!(scale.problem(), None);
        scale.symbols.push("AA".into());
        assert_eq!(
            scale.problem().unwrap().english(),
            "scale 'class-titularizacion' lists 'AA' twice"
        );
        scale.symbols = vec![];
        assert!(scale.problem().is_some());
    }
}
