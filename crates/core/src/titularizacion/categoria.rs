//! Rating categories of a titularización (SPEC T-1, seed 003 §1.3): AAA, AA, A, B, C, D, E,
//! with the seed's definitions in Spanish and an English rendering.
//!
//! The seed allows a plus or minus sign: "+" says the rating could rise to the category
//! above, "−" that it could fall to the one below. A sign that points off the scale says
//! nothing the seed allows, so `AAA+` (nothing above AAA) and `E-` (nothing below E) are
//! refused with a clear error; every other category takes either sign. That gives 19
//! ordered notches, AAA (1) to E (19).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One of the seven categories of seed 003 §1.3, without sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CategoriaBase {
    #[serde(rename = "AAA")]
    Aaa,
    #[serde(rename = "AA")]
    Aa,
    A,
    B,
    C,
    D,
    E,
}

impl CategoriaBase {
    /// Every category, best first.
    pub const ALL: [CategoriaBase; 7] = [
        CategoriaBase::Aaa,
        CategoriaBase::Aa,
        CategoriaBase::A,
        CategoriaBase::B,
        CategoriaBase::C,
        CategoriaBase::D,
        CategoriaBase::E,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CategoriaBase::Aaa => "AAA",
            CategoriaBase::Aa => "AA",
            CategoriaBase::A => "A",
            CategoriaBase::B => "B",
            CategoriaBase::C => "C",
            CategoriaBase::D => "D",
            CategoriaBase::E => "E",
        }
    }

    /// The seed's definition, verbatim (seed 003 §1.3).
    pub fn definicion_es(self) -> &'static str {
        match self {
            CategoriaBase::Aaa => "Corresponde al patrimonio autónomo que tiene excelente capacidad de generar los flujos de fondos esperados o proyectados y de responder por las obligaciones establecidas en los contratos de emisión.",
            CategoriaBase::Aa => "Corresponde al patrimonio autónomo que tiene muy buena capacidad de generar los flujos de fondos esperados o proyectados y de responder por las obligaciones establecidas en los contratos de emisión.",
            CategoriaBase::A => "Corresponde al patrimonio autónomo que tiene buena capacidad de generar los flujos de fondos esperados o proyectados y de responder por las obligaciones establecidas en los contratos de la emisión.",
            CategoriaBase::B => "Corresponde al patrimonio autónomo que tiene capacidad de generar los flujos de fondos esperados o proyectados y de responder por las obligaciones establecidas en los contratos de emisión.",
            CategoriaBase::C => "Corresponde al patrimonio autónomo que tiene mínima capacidad de generar los flujos de fondos esperados o proyectados y de responder por las obligaciones establecidas en los contratos de emisión.",
            CategoriaBase::D => "Corresponde al patrimonio autónomo que casi no tiene capacidad de generar los flujos de fondos esperados o proyectados ni de responder por las obligaciones establecidas en los contratos de emisión.",
            CategoriaBase::E => "Corresponde al patrimonio autónomo que no tiene capacidad de generar los flujos de fondos esperados o proyectados ni de responder por las obligaciones establecidas en los contratos de emisión. Se encuentra en estado de suspensión de pagos o no cuenta con activos suficientes para cubrir sus obligaciones, en caso de liquidación.",
        }
    }

    /// English rendering of the seed's definition (the project's translation).
    pub fn definition_en(self) -> &'static str {
        match self {
            CategoriaBase::Aaa => "The autonomous trust has an excellent capacity to generate the expected or projected cash flows and to meet the obligations set in the issue contracts.",
            CategoriaBase::Aa => "The autonomous trust has a very good capacity to generate the expected or projected cash flows and to meet the obligations set in the issue contracts.",
            CategoriaBase::A => "The autonomous trust has a good capacity to generate the expected or projected cash flows and to meet the obligations set in the issue contracts.",
            CategoriaBase::B => "The autonomous trust has capacity to generate the expected or projected cash flows and to meet the obligations set in the issue contracts.",
            CategoriaBase::C => "The autonomous trust has a minimal capacity to generate the expected or projected cash flows and to meet the obligations set in the issue contracts.",
            CategoriaBase::D => "The autonomous trust has almost no capacity to generate the expected or projected cash flows or to meet the obligations set in the issue contracts.",
            CategoriaBase::E => "The autonomous trust has no capacity to generate the expected or projected cash flows or to meet the obligations set in the issue contracts. It is in suspension of payments or lacks sufficient assets to cover its obligations in case of liquidation.",
        }
    }
}

/// The optional sign of a category (seed 003 §1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Signo {
    /// "+": could rise to the category above.
    Mas,
    /// No sign.
    Ninguno,
    /// "−": could fall to the category below.
    Menos,
}

/// The seed's paragraph on signs, verbatim, and its English rendering.
pub const SIGNOS_ES: &str = "Las categorías de calificación descritas pueden incluir signos más (+) o menos (-). El signo más (+) indicará que la calificación podría subir hacia su inmediata superior, mientras que el signo menos (-) advertirá descenso a la categoría inmediata inferior.";
pub const SIGNS_EN: &str = "The rating categories may carry a plus (+) or minus (-) sign. The plus sign indicates that the rating could rise to the next higher category, while the minus sign warns of a fall to the next lower category.";

/// A titularización category with its sign, e.g. `AA+`. Orders best first: `AAA < AA+`
/// in `Ord` means "better than" (notch 1 is AAA).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(type = "string"))]
pub struct Categoria {
    notch: u8,
}

/// Number of notches: AAA, AAA-, AA+ … E+, E.
pub const NOTCHES: u8 = 19;

const SYMBOLS: [&str; NOTCHES as usize] = [
    "AAA", "AAA-", "AA+", "AA", "AA-", "A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+",
    "D", "D-", "E+", "E",
];

/// Text that is not a titularización category.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown titularización category '{symbol}'; accepted: {accepted}{hint}")]
pub struct UnknownCategoria {
    pub symbol: String,
    pub accepted: String,
    /// Why a sign pointing off the scale is refused, when that is the problem.
    pub hint: String,
}

impl Categoria {
    pub const AAA: Categoria = Categoria { notch: 1 };
    pub const E: Categoria = Categoria { notch: NOTCHES };

    /// Every category, best first.
    pub fn all() -> impl Iterator<Item = Categoria> {
        (1..=NOTCHES).map(|notch| Categoria { notch })
    }

    /// Position on the scale, 1 (AAA) to 19 (E).
    pub fn notch(self) -> u8 {
        self.notch
    }

    pub fn from_notch(notch: u8) -> Option<Categoria> {
        (1..=NOTCHES)
            .contains(&notch)
            .then_some(Categoria { notch })
    }

    pub fn as_str(self) -> &'static str {
        // Invariant: notch is in 1..=NOTCHES by construction.
        SYMBOLS[usize::from(self.notch - 1)]
    }

    pub fn base(self) -> CategoriaBase {
        let s = self.as_str().trim_end_matches(['+', '-']);
        // Invariant: every symbol's letters are a base category.
        CategoriaBase::ALL
            .into_iter()
            .find(|b| b.as_str() == s)
            .expect("symbol table and base categories agree")
    }

    pub fn signo(self) -> Signo {
        match self.as_str().chars().last() {
            Some('+') => Signo::Mas,
            Some('-') => Signo::Menos,
            _ => Signo::Ninguno,
        }
    }

    /// True when `self` is strictly better than `other`.
    pub fn better_than(self, other: Categoria) -> bool {
        self.notch < other.notch
    }

    /// The weaker (lower) of two categories.
    pub fn weaker(self, other: Categoria) -> Categoria {
        if self.notch >= other.notch {
            self
        } else {
            other
        }
    }

    /// Moves `delta` notches down (positive) along the scale, clamped at AAA and E.
    pub fn lowered(self, delta: u8) -> Categoria {
        Categoria {
            notch: self.notch.saturating_add(delta).min(NOTCHES),
        }
    }
}

impl fmt::Display for Categoria {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Categoria {
    type Err = UnknownCategoria;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().replace('\u{2212}', "-");
        if let Some(i) = SYMBOLS.iter().position(|x| *x == t) {
            return Ok(Categoria { notch: i as u8 + 1 });
        }
        let hint = match t.as_str() {
            "AAA+" => "; AAA+ is refused: the plus sign says the rating could rise to the category above, and there is none above AAA (seed 003 §1.3)",
            "E-" => "; E- is refused: the minus sign warns of a fall to the category below, and there is none below E (seed 003 §1.3)",
            _ => "",
        };
        Err(UnknownCategoria {
            symbol: s.to_string(),
            accepted: SYMBOLS.join(", "),
            hint: hint.to_string(),
        })
    }
}

impl Serialize for Categoria {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Categoria {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t1_scale_has_nineteen_ordered_notches() {
        let all: Vec<_> = Categoria::all().map(|c| c.to_string()).collect();
        assert_eq!(all.len(), 19);
        assert_eq!(all.first().map(String::as_str), Some("AAA"));
        assert_eq!(all.last().map(String::as_str), Some("E"));
        for c in Categoria::all() {
            assert_eq!(c.to_string().parse::<Categoria>(), Ok(c));
        }
        let aa: Categoria = "AA".parse().unwrap();
        let aa_minus: Categoria = "AA-".parse().unwrap();
        assert!(aa.better_than(aa_minus));
        assert_eq!(aa.weaker(aa_minus), aa_minus);
        assert_eq!(aa_minus.base(), CategoriaBase::Aa);
        assert_eq!(aa_minus.signo(), Signo::Menos);
        assert_eq!(Categoria::E.lowered(3), Categoria::E);
    }

    #[test]
    fn t1_signs_pointing_off_the_scale_are_refused_with_the_reason() {
        let err = "AAA+".parse::<Categoria>().unwrap_err();
        assert!(err.to_string().contains("none above AAA"), "{err}");
        let err = "E-".parse::<Categoria>().unwrap_err();
        assert!(err.to_string().contains("none below E"), "{err}");
        let err = "BBB".parse::<Categoria>().unwrap_err();
        assert!(
            err.to_string().contains("accepted: AAA, AAA-, AA+"),
            "{err}"
        );
    }

    #[test]
    fn t1_every_category_has_both_definitions() {
        for b in CategoriaBase::ALL {
            assert!(b
                .definicion_es()
                .starts_with("Corresponde al patrimonio autónomo"));
            assert!(b.definition_en().starts_with("The autonomous trust"));
        }
        assert!(CategoriaBase::E
            .definicion_es()
            .contains("suspensión de pagos"));
    }
}
