//! Asset types of a titularización and the analyses the seed requires for each (SPEC T-5,
//! seed 003 §1.1, lists 1–4).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The four kinds of securitised asset of seed 003 §1.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TipoActivo {
    /// Carteras de crédito (list 1).
    CarteraCredito,
    /// Bienes inmuebles (list 2).
    BienesInmuebles,
    /// Proyectos inmobiliarios (list 3).
    ProyectosInmobiliarios,
    /// Flujos futuros de fondos en general (list 4).
    FlujosFuturos,
}

impl TipoActivo {
    pub const ALL: [TipoActivo; 4] = [
        TipoActivo::CarteraCredito,
        TipoActivo::BienesInmuebles,
        TipoActivo::ProyectosInmobiliarios,
        TipoActivo::FlujosFuturos,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TipoActivo::CarteraCredito => "cartera_credito",
            TipoActivo::BienesInmuebles => "bienes_inmuebles",
            TipoActivo::ProyectosInmobiliarios => "proyectos_inmobiliarios",
            TipoActivo::FlujosFuturos => "flujos_futuros",
        }
    }

    /// Real estate needs independent appraisals (seed §1.1 lists 2–3, §2.5).
    pub fn is_real_estate(self) -> bool {
        matches!(
            self,
            TipoActivo::BienesInmuebles | TipoActivo::ProyectosInmobiliarios
        )
    }

    /// The index the seed names for this asset type (T-8): siniestralidad for credit
    /// portfolios, desviación for every other flow.
    pub fn uses_siniestralidad(self) -> bool {
        self == TipoActivo::CarteraCredito
    }
}

impl fmt::Display for TipoActivo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One analysis the seed requires for an asset type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AnalisisRequerido {
    /// The seed's numbering within its list, e.g. "1.3".
    pub id: &'static str,
    pub es: &'static str,
    pub en: &'static str,
}

const fn a(id: &'static str, es: &'static str, en: &'static str) -> AnalisisRequerido {
    AnalisisRequerido { id, es, en }
}

const CARTERA: &[AnalisisRequerido] = &[
    a("1.1", "Información estadística, matemática, actuarial y contable vinculada con los flujos futuros de la cartera a titularizar", "Statistical, mathematical, actuarial and accounting information on the portfolio's future flows"),
    a("1.2", "Descripción y análisis del tipo de cartera y su valoración", "Description and analysis of the portfolio type and its valuation"),
    a("1.3", "Índice de siniestralidad de los flujos proyectados, valoración de las garantías, posición del índice frente a los mecanismos de garantía y porcentajes de cobertura", "Loss index of the projected flows, collateral valuation, the index against the guarantee mechanisms and coverage percentages"),
    a("1.4", "Procedimiento de medición del calce de flujos y mecanismos de control", "Procedure measuring the matching of flows and its controls"),
];

const INMUEBLES: &[AnalisisRequerido] = &[
    a("2.1", "Criterio sobre la legalidad y forma de transferencia de los inmuebles al patrimonio autónomo", "Opinion on the legality and form of transfer of the properties to the trust"),
    a("2.2", "Cálculo del índice de desviación en la generación de los flujos proyectados", "Deviation index of the projected flows"),
    a("2.3", "Mecanismos de garantía y avalúos de peritos independientes del originador y del agente de manejo", "Guarantee mechanisms and appraisals by experts independent of the originator and the fiduciary agent"),
];

const PROYECTOS: &[AnalisisRequerido] = &[
    a("3.1", "Factibilidad del proyecto inmobiliario, calidad técnica, expectativas del mercado e índices financieros y económicos", "Feasibility of the project, technical quality, market absorption, financial and economic indices"),
    a("3.2", "Índice de desviación y su posición frente a las garantías constituidas", "Deviation index against the guarantees"),
    a("3.3", "Valoración y seguridad de los valores mixtos o de participación", "Valuation and security of mixed or participation securities"),
    a("3.4", "Garantías, seguros contra riesgos del inmueble y factores de valoración", "Guarantees, property insurance and valuation factors"),
    a("3.5", "Avalúos de peritos independientes del originador y del agente de manejo", "Appraisals by experts independent of the originator and the fiduciary agent"),
];

const FLUJOS: &[AnalisisRequerido] = &[
    a(
        "4.1",
        "Evaluación matemática, estadística y actuarial de los flujos proyectados",
        "Mathematical, statistical and actuarial evaluation of the projected flows",
    ),
    a(
        "4.2",
        "Índice de desviación y su posición frente a las garantías constituidas",
        "Deviation index against the guarantees",
    ),
    a(
        "4.3",
        "Calidad de las garantías que cubren las desviaciones y cualquier otra siniestralidad",
        "Quality of the guarantees covering the deviations and any other loss",
    ),
    a(
        "4.4",
        "Punto de equilibrio determinado para la iniciación del proceso de titularización",
        "Equilibrium point set for the start of the securitisation",
    ),
];

/// The analyses seed 003 §1.1 requires for `tipo`.
pub fn analisis_requeridos(tipo: TipoActivo) -> &'static [AnalisisRequerido] {
    match tipo {
        TipoActivo::CarteraCredito => CARTERA,
        TipoActivo::BienesInmuebles => INMUEBLES,
        TipoActivo::ProyectosInmobiliarios => PROYECTOS,
        TipoActivo::FlujosFuturos => FLUJOS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t5_each_asset_type_has_its_seed_list() {
        assert_eq!(analisis_requeridos(TipoActivo::CarteraCredito).len(), 4);
        assert_eq!(analisis_requeridos(TipoActivo::BienesInmuebles).len(), 3);
        assert_eq!(
            analisis_requeridos(TipoActivo::ProyectosInmobiliarios).len(),
            5
        );
        assert_eq!(analisis_requeridos(TipoActivo::FlujosFuturos).len(), 4);
        for (n, t) in TipoActivo::ALL.into_iter().enumerate() {
            for a in analisis_requeridos(t) {
                assert!(a.id.starts_with(&format!("{}.", n + 1)), "{t}: {}", a.id);
            }
        }
    }
}
