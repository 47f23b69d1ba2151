//! The nine factors of seed 003 §2.1–2.9 (SPEC T-2), each with the seed's sub-criteria as a
//! checklist, plus the structure's documents the seed requires (T-2, seed §1.1, §2.6–2.8).
//!
//! T-4 is built into the catalogue: the originator (2.6) and the fiduciary (2.7) are
//! assessed on organisational and operational items only. Seed §2.6 also lists "Calificación
//! de riesgo, de existir" and the originator's financial projections; both speak to the
//! originator's solvency, which seed §1.1 and the first paragraph of §2.6 exclude ("la
//! calificación de riesgo no considerará nunca la solvencia del originador o de cualquier
//! tercero"), so they are not checklist items ([`EXCLUDED_BY_T4`]). The audited statements
//! of seed §2.6 and §2.7 are tracked as documents received, never scored.

use super::activo::TipoActivo;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The nine factors, identified as the seed numbers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FactorId {
    #[serde(rename = "2.1")]
    EntornoMacroeconomico,
    #[serde(rename = "2.2")]
    SectorMercado,
    #[serde(rename = "2.3")]
    ActivoSubyacente,
    #[serde(rename = "2.4")]
    CertidumbreFlujos,
    #[serde(rename = "2.5")]
    MecanismosCobertura,
    #[serde(rename = "2.6")]
    CalidadOriginador,
    #[serde(rename = "2.7")]
    AdministradorFiduciario,
    #[serde(rename = "2.8")]
    EstructuracionLegal,
    #[serde(rename = "2.9")]
    Liquidez,
}

impl FactorId {
    pub const ALL: [FactorId; 9] = [
        FactorId::EntornoMacroeconomico,
        FactorId::SectorMercado,
        FactorId::ActivoSubyacente,
        FactorId::CertidumbreFlujos,
        FactorId::MecanismosCobertura,
        FactorId::CalidadOriginador,
        FactorId::AdministradorFiduciario,
        FactorId::EstructuracionLegal,
        FactorId::Liquidez,
    ];

    /// The seed's section number, e.g. "2.4".
    pub fn code(self) -> &'static str {
        match self {
            FactorId::EntornoMacroeconomico => "2.1",
            FactorId::SectorMercado => "2.2",
            FactorId::ActivoSubyacente => "2.3",
            FactorId::CertidumbreFlujos => "2.4",
            FactorId::MecanismosCobertura => "2.5",
            FactorId::CalidadOriginador => "2.6",
            FactorId::AdministradorFiduciario => "2.7",
            FactorId::EstructuracionLegal => "2.8",
            FactorId::Liquidez => "2.9",
        }
    }

    pub fn from_code(code: &str) -> Option<FactorId> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The seed's title (es) and an English rendering.
    pub fn titles(self) -> (&'static str, &'static str) {
        match self {
            FactorId::EntornoMacroeconomico => {
                ("Entorno Macroeconómico", "Macroeconomic environment")
            }
            FactorId::SectorMercado => ("Situación del Sector y del Mercado", "Sector and market"),
            FactorId::ActivoSubyacente => {
                ("Calidad del Activo Subyacente", "Underlying asset quality")
            }
            FactorId::CertidumbreFlujos => (
                "Certidumbre de los Flujos de Caja y análisis del punto de equilibrio",
                "Cash-flow certainty and equilibrium point",
            ),
            FactorId::MecanismosCobertura => (
                "Mecanismos de Coberturas Adicionales",
                "Additional coverage mechanisms",
            ),
            FactorId::CalidadOriginador => (
                "Calidad del Originador",
                "Originator quality (organisational and operational)",
            ),
            FactorId::AdministradorFiduciario => (
                "Experiencia del Administrador Fiduciario",
                "Fiduciary manager experience",
            ),
            FactorId::EstructuracionLegal => ("Estructuración Legal", "Legal structure"),
            FactorId::Liquidez => (
                "Liquidez de los instrumentos",
                "Liquidity of the instruments",
            ),
        }
    }

    /// "003 §2.x", as traces cite it.
    pub fn section(self) -> String {
        format!("003 §{}", self.code())
    }
}

impl fmt::Display for FactorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One sub-criterion of a factor, from the seed's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Subcriterio {
    /// Stable id, e.g. "2.4.b".
    pub id: &'static str,
    /// The seed's wording (es).
    pub es: &'static str,
    /// English rendering.
    pub en: &'static str,
    /// Only for these asset types; empty means every type.
    #[serde(skip)]
    pub only_for: &'static [TipoActivo],
}

const fn item(id: &'static str, es: &'static str, en: &'static str) -> Subcriterio {
    Subcriterio {
        id,
        es,
        en,
        only_for: &[],
    }
}

const REAL_ESTATE: &[TipoActivo] = &[
    TipoActivo::BienesInmuebles,
    TipoActivo::ProyectosInmobiliarios,
];

/// The seed's sub-criteria per factor (seed 003 §2.1–2.9).
pub const CATALOGUE: &[(FactorId, &[Subcriterio])] = &[
    (FactorId::EntornoMacroeconomico, &[
        item("2.1.a", "Situación macroeconómica: inflación, PIB, Balanza Comercial, Déficit Fiscal", "Macroeconomic position: inflation, GDP, trade balance, fiscal deficit"),
        item("2.1.b", "Perspectivas de corto y mediano plazo", "Short- and medium-term outlook"),
        item("2.1.c", "Inestabilidad política del país y su influencia en el mercado", "Political instability and its influence on the market"),
    ]),
    (FactorId::SectorMercado, &[
        item("2.2.a", "Crecimiento del sector comparado con el de la economía en general", "Sector growth against the economy"),
        item("2.2.b", "Situación del originador dentro del sector", "The originator's position in the sector"),
        item("2.2.c", "Principales ventajas y debilidades, competencia, barreras de entrada y salida", "Main strengths and weaknesses, competition, entry and exit barriers"),
        item("2.2.d", "Variabilidad del mercado y sus efectos en el emisor y/o el sector", "Market variability and its effects on the issuer or the sector"),
    ]),
    (FactorId::ActivoSubyacente, &[
        item("2.3.a", "Descripción, características y análisis del activo subyacente, incluido el análisis de industria", "Description, characteristics and analysis of the underlying asset, with industry analysis"),
        item("2.3.b", "Historia de generación de flujos del activo subyacente", "History of the asset's cash generation"),
        item("2.3.c", "Tipos de riesgo a los que se expone el activo (comercial, de cambio, volatilidad del precio)", "Risks the asset is exposed to (commercial, exchange, price volatility)"),
        item("2.3.d", "Experiencia y cualificación del personal que maneja y administra el activo", "Experience and qualification of the staff managing the asset"),
        item("2.3.e", "Especificaciones técnicas del activo", "Technical specifications of the asset"),
        item("2.3.f", "Coberturas mediante cláusulas especiales o seguros ante eventualidades del negocio, políticas, regulatorias o económicas", "Cover through special clauses or insurance against business, political, regulatory or economic events"),
        item("2.3.g", "Cartera: procesos de originación, estandarización de préstamos y registro histórico de su comportamiento", "Loans: origination processes, standardisation and performance record"),
        Subcriterio { id: "2.3.h", es: "Proyectos inmobiliarios: factibilidad, calidad técnica, expectativas del mercado e índices financieros; valoración y seguridad de valores mixtos o de participación", en: "Real-estate projects: feasibility, technical quality, market absorption and financial indices; valuation and security of mixed or participation securities", only_for: &[TipoActivo::ProyectosInmobiliarios] },
    ]),
    (FactorId::CertidumbreFlujos, &[
        item("2.4.a", "Consistencia de los supuestos del escenario base", "Consistency of the base scenario's assumptions"),
        item("2.4.b", "Pruebas de estrés sobre las variables clave y su efecto en flujos e indicadores de cobertura", "Stress tests on the key variables and their effect on flows and coverage"),
        item("2.4.c", "Información histórica y estadística: desempeño y sostenibilidad de la estructura", "Historical and statistical record: performance and sustainability of the structure"),
        item("2.4.d", "Capacidad operativa, metodológica y tecnológica del estructurador", "Operational, methodological and technological capacity of the structurer"),
        item("2.4.e", "Accesibilidad, disponibilidad y oportunidad de la información", "Accessibility, availability and timeliness of information"),
        item("2.4.f", "Modelos financieros consistentes entre sí y con los términos legales de la operación", "Financial models consistent with each other and with the legal terms"),
        item("2.4.g", "Procedimiento de medición del calce de flujos y sus mecanismos de control", "Procedure measuring the matching of flows and its controls"),
        Subcriterio { id: "2.4.h", es: "Coherencia del punto de equilibrio determinado para la iniciación del proceso", en: "Coherence of the equilibrium point set for the start of the process", only_for: &[TipoActivo::FlujosFuturos, TipoActivo::ProyectosInmobiliarios] },
    ]),
    (FactorId::MecanismosCobertura, &[
        item("2.5.a", "Mecanismos de cobertura ofrecidos: cantidad, calidad y orden de uso", "Coverage mechanisms offered: amount, quality and order of use"),
        item("2.5.b", "Índices de siniestralidad o desviación frente a los mecanismos y porcentajes de cobertura", "Loss or deviation indices against the mechanisms and coverage percentages"),
        item("2.5.c", "Cumplimiento de la normativa sobre los mecanismos y pólizas de seguro", "Compliance of the mechanisms and insurance policies with regulation"),
        Subcriterio { id: "2.5.d", es: "Avalúos de peritos independientes del originador y del agente de manejo; seguros contra riesgos del inmueble", en: "Appraisals by experts independent of the originator and the fiduciary agent; property insurance", only_for: REAL_ESTATE },
    ]),
    (FactorId::CalidadOriginador, &[
        item("2.6.a", "Organización: historia y crecimiento, organigrama, objetivos estratégicos y metas de los últimos tres años", "Organisation: history, growth, chart, strategic goals and achievements of the last three years"),
        item("2.6.b", "Experiencia y calidad de la plana ejecutiva", "Experience and quality of senior management"),
        item("2.6.c", "Análisis de los modelos de proyección financiera y pruebas de tensión", "Analysis of the financial projection models and stress tests"),
        Subcriterio { id: "2.6.d", es: "Organización y criterios de selección de la cartera: tipo, distribución geográfica, aprobación, garantías, tasas, prepago, refinanciación", en: "Portfolio selection criteria: type, geography, approval, collateral, rates, prepayment, refinancing", only_for: &[TipoActivo::CarteraCredito] },
        item("2.6.e", "Esquema de comisiones acordadas por procesos de administración", "Servicing fee arrangements"),
        item("2.6.f", "Límites de exposición y políticas sobre seguros", "Exposure limits and insurance policies"),
        item("2.6.g", "Procesos de cobranzas, frecuencia de monitoreo, controles, auditorías y revisiones de la alta gerencia", "Collection processes, monitoring frequency, controls, audits and management reviews"),
        item("2.6.h", "Recursos tecnológicos y operativos que respaldan la titularización", "Technological and operational resources behind the securitisation"),
        item("2.6.i", "Sistemas de información gerencial para el seguimiento del volumen y desempeño", "Management information systems tracking volume and performance"),
        item("2.6.j", "Información detallada y oportuna sobre el estado del activo subyacente", "Detailed and timely information on the underlying asset"),
    ]),
    (FactorId::AdministradorFiduciario, &[
        item("2.7.a", "Aspectos generales de la sociedad", "General aspects of the company"),
        item("2.7.b", "Estructura administrativa (aspectos administrativos)", "Administrative structure"),
        item("2.7.c", "Experiencia y capacidad técnica en titularizaciones y en el sector", "Experience and technical capacity in securitisations and in the sector"),
        item("2.7.d", "Posicionamiento en el mercado", "Market position"),
    ]),
    (FactorId::EstructuracionLegal, &[
        item("2.8.a", "Términos de los contratos: prospecto, contrato de fiducia, representación de los tenedores", "Terms of the contracts: prospectus, trust contract, bondholder representation"),
        item("2.8.b", "Vacíos o cláusulas que puedan generar riesgos sobre la estabilidad de los flujos", "Gaps or clauses that could put the flows at risk"),
        item("2.8.c", "Planes contingentes si un partícipe, en especial el fiduciario, no puede cumplir su función", "Contingency plans if a party, the fiduciary above all, cannot perform"),
        item("2.8.d", "Riesgos del sistema jurídico y cambios en la legislación", "Legal-system risks and changes in legislation"),
        item("2.8.e", "Opinión legal independiente sobre la legalidad y forma de transferencia de los activos", "Independent legal opinion on the legality and form of transfer of the assets"),
        item("2.8.f", "Aislamiento de la quiebra del originador y del administrador fiduciario", "Isolation from the bankruptcy of the originator and of the fiduciary"),
    ]),
    (FactorId::Liquidez, &[
        item("2.9.a", "Presencia bursátil", "Stock-exchange presence"),
        item("2.9.b", "Dispersión de la propiedad", "Dispersion of ownership"),
        item("2.9.c", "Rotación o montos transados", "Turnover or amounts traded"),
        item("2.9.d", "Profundidad de los mercados", "Depth of the markets"),
    ]),
];

/// Items seed §2.6 lists that T-4 keeps out of the checklist, with the reason.
pub const EXCLUDED_BY_T4: &[(&str, &str)] = &[
    ("Calificación de riesgo, de existir", "the originator's own rating measures its solvency (seed 003 §1.1, §2.6: never considered)"),
    ("Proyecciones financieras de estados financieros y flujo de caja", "projections of the originator's own statements speak to its solvency, not to the trust's flows"),
];

/// The sub-criteria of `factor` that apply to `tipo`.
pub fn subcriterios(factor: FactorId, tipo: TipoActivo) -> Vec<&'static Subcriterio> {
    CATALOGUE
        .iter()
        .filter(|(f, _)| *f == factor)
        .flat_map(|(_, items)| items.iter())
        .filter(|s| s.only_for.is_empty() || s.only_for.contains(&tipo))
        .collect()
}

/// How far a checklist item has been dealt with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum EstadoItem {
    /// Assessed, with a note.
    Assessed,
    /// Does not apply to this structure; the note says why.
    NotApplicable,
    /// Not yet assessed: flagged to the committee.
    Pending,
}

/// The analyst's answer to one checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChecklistEntry {
    pub item: String,
    pub status: EstadoItem,
    #[serde(default)]
    pub note: String,
}

/// The analyst's assessment of one factor (T-2). There is deliberately no field for any
/// party's solvency or rating (T-4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FactorAssessment {
    pub id: FactorId,
    /// Score on the methodology's scale (0–100).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub score: rust_decimal::Decimal,
    #[serde(default)]
    pub checklist: Vec<ChecklistEntry>,
    /// Evidence notes: what the score rests on.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// The documents relied on (references, e.g. "Prospecto, sección 4").
    #[serde(default)]
    pub documents_relied_on: Vec<String>,
}

/// Documents of the structure the seed requires (seed 003 §1.1, §2.6, §2.7, §2.8, §2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DocumentoRequerido {
    /// Contrato de fideicomiso (seed §1.1, §2.8).
    ContratoFideicomiso,
    /// Prospecto de emisión (seed §1.1, §2.8).
    Prospecto,
    /// Covenants of the structure, "si existen" (seed §1.1): may be marked not applicable.
    Covenants,
    /// Opinión legal independiente (seed §2.8).
    OpinionLegalIndependiente,
    /// Avalúos de peritos independientes del originador y del agente de manejo (seed §1.1
    /// lists 2.3 and 3.5, §2.5); real estate only.
    AvaluosIndependientes,
    /// Estados financieros auditados de los tres años anteriores (seed §2.6, §2.7): tracked
    /// as received, never scored (T-4).
    EstadosAuditadosTresAnios,
}

impl DocumentoRequerido {
    pub fn seed_section(self) -> &'static str {
        match self {
            DocumentoRequerido::ContratoFideicomiso | DocumentoRequerido::Prospecto => {
                "003 §1.1, §2.8"
            }
            DocumentoRequerido::Covenants => "003 §1.1",
            DocumentoRequerido::OpinionLegalIndependiente => "003 §2.8",
            DocumentoRequerido::AvaluosIndependientes => "003 §1.1 (2.3, 3.5), §2.5",
            DocumentoRequerido::EstadosAuditadosTresAnios => "003 §2.6, §2.7",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentoRequerido::ContratoFideicomiso => "contrato_fideicomiso",
            DocumentoRequerido::Prospecto => "prospecto",
            DocumentoRequerido::Covenants => "covenants",
            DocumentoRequerido::OpinionLegalIndependiente => "opinion_legal_independiente",
            DocumentoRequerido::AvaluosIndependientes => "avaluos_independientes",
            DocumentoRequerido::EstadosAuditadosTresAnios => "estados_auditados_tres_anios",
        }
    }
}

/// The documents required for an asset type.
pub fn documentos_requeridos(tipo: TipoActivo) -> Vec<DocumentoRequerido> {
    use DocumentoRequerido::*;
    let mut docs = vec![
        ContratoFideicomiso,
        Prospecto,
        Covenants,
        OpinionLegalIndependiente,
        EstadosAuditadosTresAnios,
    ];
    if tipo.is_real_estate() {
        docs.push(AvaluosIndependientes);
    }
    docs
}

/// Whether a required document is in hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum EstadoDocumento {
    Received,
    /// Allowed only where the seed says "si existen" (covenants); the note says why.
    NotApplicable,
    Missing,
}

/// A document of the structure as recorded on the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentRecord {
    pub kind: DocumentoRequerido,
    pub status: EstadoDocumento,
    /// Reference (notary deed, file name, date) so the committee can find it.
    #[serde(default)]
    pub reference: String,
    #[serde(default)]
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t2_every_factor_has_a_checklist_and_unique_item_ids() {
        let mut ids = std::collections::BTreeSet::new();
        for f in FactorId::ALL {
            let items = subcriterios(f, TipoActivo::FlujosFuturos);
            assert!(!items.is_empty(), "{f}");
            for s in &items {
                assert!(s.id.starts_with(f.code()), "{} under {f}", s.id);
            }
        }
        for (_, items) in CATALOGUE {
            for s in *items {
                assert!(ids.insert(s.id), "duplicate {}", s.id);
            }
        }
        assert_eq!(CATALOGUE.len(), 9);
    }

    #[test]
    fn t4_originator_checklist_holds_no_solvency_item() {
        for tipo in TipoActivo::ALL {
            for f in [
                FactorId::CalidadOriginador,
                FactorId::AdministradorFiduciario,
            ] {
                for s in subcriterios(f, tipo) {
                    let t = s.es.to_lowercase();
                    assert!(
                        !t.contains("calificación")
                            && !t.contains("solvencia")
                            && !t.contains("estados financieros"),
                        "{}: {}",
                        s.id,
                        s.es
                    );
                }
            }
        }
        assert_eq!(EXCLUDED_BY_T4.len(), 2);
    }

    #[test]
    fn t2_appraisals_are_required_for_real_estate_only() {
        assert!(documentos_requeridos(TipoActivo::BienesInmuebles)
            .contains(&DocumentoRequerido::AvaluosIndependientes));
        assert!(!documentos_requeridos(TipoActivo::CarteraCredito)
            .contains(&DocumentoRequerido::AvaluosIndependientes));
    }
}
