//! Classes and series of the issue (SPEC T-12, seed 003 §1.1 "clases y series"): each with
//! its payment schedule and its own category; a subordinated class never rates above a
//! more senior one.

use super::categoria::Categoria;
use crate::trace::{msg, Trace};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One scheduled payment of a class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cuota {
    /// Period number of the flow projection (1-based).
    pub period: u32,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub interest: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub principal: Decimal,
}

/// A class (or series) of the issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Clase {
    pub name: String,
    /// Rank in the priority of payments: 1 is the most senior; unique per case.
    pub seniority: u32,
    /// Capital issued, USD.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub amount: Decimal,
    /// Annual nominal rate as stated in the prospectus, for the record (the schedule is
    /// what the waterfall pays).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub annual_rate: Option<Decimal>,
    /// The payment schedule: interest and principal due per period.
    #[serde(default)]
    pub schedule: Vec<Cuota>,
}

impl Clase {
    /// Total scheduled debt service (interest + principal).
    pub fn scheduled_total(&self) -> Decimal {
        self.schedule.iter().map(|c| c.interest + c.principal).sum()
    }
}

/// Applies T-12 to categories given in seniority order (most senior first): each class is
/// capped at the category of every class senior to it. Returns the capped categories and,
/// for each capped class, the senior class that capped it.
pub fn cap_by_seniority(
    names: &[&str],
    proposed: &[Categoria],
    trace: &mut Trace,
) -> Vec<(Categoria, Option<String>)> {
    let mut out: Vec<(Categoria, Option<String>)> = Vec::with_capacity(proposed.len());
    for (i, &cat) in proposed.iter().enumerate() {
        let senior = i.checked_sub(1).map(|j| (out[j].0, names[j].to_string()));
        match senior {
            Some((senior_cat, senior_name)) if cat.better_than(senior_cat) => {
                trace.step(
                    "T-12",
                    "003 §1.1 (clases y series)",
                    msg!("subject.class", class = names[i]),
                    cat.to_string(),
                    senior_cat.to_string(),
                    msg!(
                        "titularizacion.seniority_cap",
                        senior = senior_name.as_str(),
                        category = senior_cat.as_str(),
                    ),
                );
                out.push((senior_cat, Some(senior_name)));
            }
            _ => out.push((cat, None)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t12_junior_is_capped_by_its_senior_transitively() {
        let c = |s: &str| s.parse::<Categoria>().unwrap();
        let mut t = Trace::new();
        let out = cap_by_seniority(&["A", "B", "C"], &[c("AA"), c("AAA"), c("AA+")], &mut t);
        assert_eq!(out[0], (c("AA"), None));
        assert_eq!(out[1], (c("AA"), Some("A".into())));
        assert_eq!(out[2], (c("AA"), Some("B".into())));
        assert_eq!(t.for_rule("T-12").count(), 2);
    }
}
