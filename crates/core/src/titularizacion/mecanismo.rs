//! The catalogue of additional coverage mechanisms (SPEC T-9, seed 003 §2.5), with their
//! amounts and the order in which they are used when the normal flows fall short.
//!
//! Two families behave differently in the waterfall ([`super::waterfall`]):
//! *structural* mechanisms (subordination, overcollateralisation, excess spread) are already
//! inside the projected flows and the class schedules, so they count towards the coverage
//! multiple (T-8) but are not a separate pool of cash; every other mechanism is *drawable*:
//! a pool the trust draws on, in `order`, when collections do not cover what is due. Only a
//! reserve fund is replenished from later excess collections, up to its initial amount.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The mechanisms seed 003 §2.5 lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TipoMecanismo {
    /// Subordinación de la emisión.
    Subordinacion,
    /// Sobrecolateralización.
    Sobrecolateralizacion,
    /// Exceso en flujo de fondos.
    ExcesoFlujo,
    /// Sustitución de activos.
    SustitucionActivos,
    /// Contratos de apertura de crédito.
    AperturaCredito,
    /// Garantías o avales.
    GarantiasAvales,
    /// Garantías bancarias o pólizas de seguro.
    GarantiaBancariaPoliza,
    /// Garantías prendarias o hipotecarias.
    GarantiaPrendariaHipotecaria,
    /// Fideicomisos de garantía.
    FideicomisoGarantia,
    /// Fondos de reserva.
    FondoReserva,
    /// Otros.
    Otros,
}

impl TipoMecanismo {
    pub const ALL: [TipoMecanismo; 11] = [
        TipoMecanismo::Subordinacion,
        TipoMecanismo::Sobrecolateralizacion,
        TipoMecanismo::ExcesoFlujo,
        TipoMecanismo::SustitucionActivos,
        TipoMecanismo::AperturaCredito,
        TipoMecanismo::GarantiasAvales,
        TipoMecanismo::GarantiaBancariaPoliza,
        TipoMecanismo::GarantiaPrendariaHipotecaria,
        TipoMecanismo::FideicomisoGarantia,
        TipoMecanismo::FondoReserva,
        TipoMecanismo::Otros,
    ];

    /// The seed's wording (es) and an English rendering.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            TipoMecanismo::Subordinacion => ("Subordinación de la emisión", "Subordination"),
            TipoMecanismo::Sobrecolateralizacion => {
                ("Sobrecolateralización", "Overcollateralisation")
            }
            TipoMecanismo::ExcesoFlujo => ("Exceso en flujo de fondos", "Excess spread"),
            TipoMecanismo::SustitucionActivos => ("Sustitución de activos", "Asset substitution"),
            TipoMecanismo::AperturaCredito => ("Contratos de apertura de crédito", "Credit lines"),
            TipoMecanismo::GarantiasAvales => ("Garantías o avales", "Guarantees or sureties"),
            TipoMecanismo::GarantiaBancariaPoliza => (
                "Garantías bancarias o pólizas de seguro",
                "Bank guarantees or insurance policies",
            ),
            TipoMecanismo::GarantiaPrendariaHipotecaria => (
                "Garantías prendarias o hipotecarias",
                "Pledges or mortgages",
            ),
            TipoMecanismo::FideicomisoGarantia => ("Fideicomisos de garantía", "Guarantee trusts"),
            TipoMecanismo::FondoReserva => ("Fondos de reserva", "Reserve funds"),
            TipoMecanismo::Otros => ("Otros", "Others"),
        }
    }

    /// True for mechanisms that are part of the flows and schedules themselves rather than
    /// a pool of cash the trust can draw on.
    pub fn is_structural(self) -> bool {
        matches!(
            self,
            TipoMecanismo::Subordinacion
                | TipoMecanismo::Sobrecolateralizacion
                | TipoMecanismo::ExcesoFlujo
        )
    }

    /// A reserve fund is replenished from excess collections up to its initial amount.
    pub fn is_replenished(self) -> bool {
        self == TipoMecanismo::FondoReserva
    }
}

/// One mechanism of the case (T-9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MecanismoCobertura {
    pub kind: TipoMecanismo,
    /// Amount in USD the mechanism provides (exact, to the cent).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub amount: Decimal,
    /// Order of use, 1 first; unique across the case's mechanisms.
    pub order: u32,
    #[serde(default)]
    pub description: String,
}

/// The mechanisms the waterfall can draw on, in order of use, with their initial amounts.
pub fn drawable_in_order(mechanisms: &[MecanismoCobertura]) -> Vec<&MecanismoCobertura> {
    let mut v: Vec<_> = mechanisms
        .iter()
        .filter(|m| !m.kind.is_structural())
        .collect();
    v.sort_by_key(|m| m.order);
    v
}

/// Total of every mechanism's amount (the numerator of the coverage multiple, T-8).
pub fn total(mechanisms: &[MecanismoCobertura]) -> Decimal {
    mechanisms.iter().map(|m| m.amount).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t9_catalogue_lists_the_seed_mechanisms_and_orders_draws() {
        assert_eq!(TipoMecanismo::ALL.len(), 11);
        let m = |kind, amount: i64, order| MecanismoCobertura {
            kind,
            amount: Decimal::from(amount),
            order,
            description: String::new(),
        };
        let ms = vec![
            m(TipoMecanismo::GarantiaBancariaPoliza, 300, 2),
            m(TipoMecanismo::Sobrecolateralizacion, 1000, 3),
            m(TipoMecanismo::FondoReserva, 200, 1),
        ];
        let d = drawable_in_order(&ms);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].kind, TipoMecanismo::FondoReserva);
        assert_eq!(d[1].kind, TipoMecanismo::GarantiaBancariaPoliza);
        assert_eq!(total(&ms), Decimal::from(1500));
    }
}
