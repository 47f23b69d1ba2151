//! Every fixed phrase of the committee report and the acta, in Spanish and English, in one
//! place, with the language-dependent formats of dates and money.

use crate::format_ec;
use crate::layout::Lang;
use rust_decimal::Decimal;

/// A phrase in both report languages.
#[derive(Debug, Clone, Copy)]
pub struct Tx(pub &'static str, pub &'static str);

impl Tx {
    /// The phrase in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Es => self.0,
            Lang::En => self.1,
        }
    }

    /// The phrase in `lang`, owned.
    pub fn s(self, lang: Lang) -> String {
        self.get(lang).to_string()
    }
}

pub const REPORT_TITLE: Tx = Tx("Informe de Calificación de Riesgo", "Credit Rating Report");
pub const ACTA_TITLE: Tx = Tx(
    "Acta de Sesión del Comité de Calificación",
    "Minutes of the Rating Committee Session",
);
pub const SESSION: Tx = Tx("Sesión de Comité", "Committee session");
pub const SESSION_FORMAT: Tx = Tx("No. {n}, del {d}", "No. {n}, of {d}");
pub const RATER: Tx = Tx("Calificadora", "Rating agency");
pub const CITY: Tx = Tx("Ciudad", "City");
pub const ANALYST: Tx = Tx("Analista", "Analyst");
pub const CUTOFF: Tx = Tx("Información con corte al", "Information cut-off");
pub const INSTRUMENT: Tx = Tx("Instrumento", "Instrument");
pub const AMOUNT: Tx = Tx("Monto", "Amount");
pub const AMOUNT_IN_WORDS_EN: Tx = Tx("", "in Spanish words");
pub const ACTION: Tx = Tx("Acción de calificación", "Rating action");
pub const RATING_DATA: Tx = Tx("1. Datos de la calificación", "1. Rating data");
pub const RATINGS: Tx = Tx("2. Calificación otorgada", "2. Rating assigned");
pub const SUBJECT: Tx = Tx("Sujeto", "Subject");
pub const RATING: Tx = Tx("Calificación", "Rating");
pub const SHORT_TERM: Tx = Tx("Corto plazo", "Short term");
pub const OUTLOOK: Tx = Tx("Perspectiva / tendencia", "Outlook / trend");
pub const WATCH: Tx = Tx("Revisión especial", "Credit watch");
pub const MEANING: Tx = Tx("Significado de la categoría", "Meaning of the category");
pub const PLUS_MINUS: Tx = Tx(
    "El signo más (+) indica que la calificación podría subir hacia su inmediata superior, mientras que el signo menos (−) advierte descenso a la categoría inmediata inferior.",
    "The plus sign (+) indicates that the rating could move up to the next higher category, while the minus sign (−) warns of a move down to the next lower one.",
);
pub const RATIONALE: Tx = Tx("Fundamentación", "Rationale");
pub const FACTORS: Tx = Tx("3. Factores considerados", "3. Factors considered");
pub const FACTOR: Tx = Tx("Factor", "Factor");
pub const SUB_CRITERIA: Tx = Tx("Subcriterios", "Sub-criteria");
pub const SCORE: Tx = Tx("Puntaje", "Score");
pub const WEIGHT: Tx = Tx("Peso", "Weight");
pub const EVIDENCE: Tx = Tx("Evidencia y documentos", "Evidence and documents");
pub const WEIGHTED_SCORE: Tx = Tx("Puntaje ponderado", "Weighted score");
pub const ANALYSIS_NATIONAL: Tx = Tx(
    "4. De la calidad crediticia global a la calificación final",
    "4. From global credit quality to the final rating",
);
pub const ANALYSIS_TIT: Tx = Tx(
    "4. Análisis de la estructura",
    "4. Analysis of the structure",
);
pub const STEP: Tx = Tx("N.º", "#");
pub const RULE: Tx = Tx("Regla", "Rule");
pub const SECTION: Tx = Tx("Sección", "Section");
pub const BEFORE_AFTER: Tx = Tx("Antes → después", "Before → after");
pub const REASON: Tx = Tx("Razón", "Reason");
pub const WARNINGS: Tx = Tx("Advertencias al comité", "Warnings to the committee");
pub const CLASSES: Tx = Tx("Clases", "Classes");
pub const CLASS: Tx = Tx("Clase", "Class");
pub const COVERAGE: Tx = Tx("Cobertura de los flujos", "Cash-flow coverage");
pub const STRESS: Tx = Tx("Escenarios de estrés", "Stress scenarios");
pub const SCENARIO: Tx = Tx("Escenario", "Scenario");
pub const MIN_COVERAGE: Tx = Tx("Cobertura mínima", "Minimum coverage");
pub const ALL_PAID: Tx = Tx("Pagos completos", "All paid");
pub const EQUILIBRIUM: Tx = Tx("Punto de equilibrio", "Equilibrium point");
pub const COVERAGE_MULTIPLE: Tx = Tx(
    "Múltiplo de cobertura frente al mínimo",
    "Coverage multiple against the minimum",
);
pub const MONTECARLO: Tx = Tx("Simulación de Monte Carlo", "Monte Carlo simulation");
pub const CHART_TITLE: Tx = Tx(
    "Cobertura por período (veces)",
    "Coverage per period (times)",
);
pub const PERIOD: Tx = Tx("período", "period");
pub const TIMES: Tx = Tx("veces", "times");
pub const MINIMUM: Tx = Tx("Mínimo", "Minimum");
pub const YES: Tx = Tx("sí", "yes");
pub const NO: Tx = Tx("no", "no");
pub const OVERRIDE: Tx = Tx(
    "5. Decisión del comité distinta de la indicativa",
    "5. Committee decision differing from the indicative rating",
);
pub const NO_OVERRIDE: Tx = Tx(
    "El comité adoptó la calificación indicativa del modelo.",
    "The committee adopted the model's indicative rating.",
);
pub const INDICATIVE: Tx = Tx("Calificación indicativa", "Indicative rating");
pub const REASON_CODE: Tx = Tx("Código de motivo", "Reason code");
pub const JUSTIFICATION: Tx = Tx("Justificación", "Justification");
pub const OVERRIDE_FACTORS: Tx = Tx("Factores", "Factors");
pub const NOTCHES: Tx = Tx("Escalones", "Notches");
pub const VOTES: Tx = Tx("6. Votación", "6. Votes");
pub const MEMBER: Tx = Tx("Miembro", "Member");
pub const VOTE: Tx = Tx("Voto", "Vote");
pub const COMMENT: Tx = Tx("Comentario", "Comment");
pub const DISSENT: Tx = Tx("disidente", "dissent");
pub const DISSENTS: Tx = Tx("Votos disidentes", "Dissenting votes");
pub const NO_DISSENTS: Tx = Tx("Sin votos disidentes.", "No dissenting votes.");
pub const METHODOLOGY: Tx = Tx("7. Metodología", "7. Methodology");
pub const METHODOLOGY_USED: Tx = Tx("Metodología y versión", "Methodology and version");
pub const SOURCES: Tx = Tx("Fuentes de información", "Information sources");
pub const ASSUMPTIONS: Tx = Tx("Supuestos clave", "Key assumptions");
pub const STATEMENTS: Tx = Tx("8. Declaraciones", "8. Statements");
pub const LEGEND: Tx = Tx(
    "La calificación de riesgo no constituye una recomendación para comprar, vender o mantener un valor, ni una garantía del pago del mismo ni de la estabilidad de su precio, sino una evaluación sobre el riesgo involucrado en este.",
    "A credit rating is not a recommendation to buy, sell or hold a security, nor a guarantee of its payment or of the stability of its price, but an assessment of the risk it involves.",
);
pub const CERTIFICATION: Tx = Tx(
    "El Gerente General certifica que este informe reproduce fielmente la decisión adoptada por el Comité de Calificación en la sesión indicada, con base en la información disponible a la fecha de corte.",
    "The General Manager certifies that this report faithfully reproduces the decision taken by the Rating Committee in the stated session, on the information available at the cut-off date.",
);
pub const CHAIN_HEAD: Tx = Tx(
    "Hash de la cadena de auditoría del libro de trabajo al generar este documento (C-5)",
    "Workbook audit-chain head hash when this document was generated (C-5)",
);
pub const SIGNATURES: Tx = Tx("Firmas", "Signatures");
pub const CERTIFIES: Tx = Tx("Certifica", "Certifies");
pub const APPROVES: Tx = Tx("Aprueba", "Approves");
pub const FICTIONAL: Tx = Tx(
    "Datos de demostración: entidades y cifras ficticias.",
    "Demonstration data: fictional entities and figures.",
);
pub const GENERATED_FROM: Tx = Tx(
    "Generado por Ratebook a partir de los registros del libro de trabajo.",
    "Generated by Ratebook from the workbook's records.",
);
// Acta.
pub const ATTENDANCE: Tx = Tx("1. Miembros presentes", "1. Members present");
pub const ROLE: Tx = Tx("Función", "Role");
pub const VOTING: Tx = Tx("Con voto", "Voting");
pub const QUORUM: Tx = Tx("2. Quórum", "2. Quorum");
pub const AGENDA: Tx = Tx("3. Orden del día", "3. Agenda");
pub const RECOMMENDATION: Tx = Tx("Recomendación del analista", "Analyst's recommendation");
pub const ITEM_VOTES: Tx = Tx("4. Votaciones", "4. Votes");
pub const DECISIONS: Tx = Tx("5. Decisiones", "5. Decisions");
pub const DECIDED: Tx = Tx("Calificación decidida", "Rating decided");
pub const SECRETARY: Tx = Tx("Secretario", "Secretary");
pub const KIND: Tx = Tx("Tipo de sesión", "Session kind");
pub const ACTA_CLOSING: Tx = Tx(
    "Los miembros con voto firman la presente acta en los campos de firma preparados para cada uno.",
    "The voting members sign these minutes in the signature fields prepared for each of them.",
);

/// "31 de agosto de 2026" / "August 31, 2026".
pub fn date(lang: Lang, (y, m, day): (i32, u32, u32)) -> String {
    match lang {
        Lang::Es => format_ec::date_es(y, m, day).unwrap_or_else(|| format!("{y}-{m:02}-{day:02}")),
        Lang::En => {
            const MONTHS: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            match MONTHS.get(m.wrapping_sub(1) as usize) {
                Some(name) => format!("{name} {day}, {y}"),
                None => format!("{y}-{m:02}-{day:02}"),
            }
        }
    }
}

/// "USD 5'000.000,00" / "USD 5,000,000.00".
pub fn money(lang: Lang, amount: Decimal) -> String {
    match lang {
        Lang::Es => format_ec::usd_es_ec(amount),
        Lang::En => {
            let swapped: String = format_ec::number_es_ec(amount)
                .chars()
                .map(|c| match c {
                    '.' | '\'' => ',',
                    ',' => '.',
                    other => other,
                })
                .collect();
            format!("USD {swapped}")
        }
    }
}

/// "cinco millones de dólares (USD 5'000.000,00)"; in English the figures come first and
/// the legal wording in Spanish follows.
pub fn amount_in_figures_and_words(lang: Lang, amount: Decimal) -> String {
    let words = format_ec::usd_in_words_es(amount);
    match lang {
        Lang::Es => format!("{words} ({})", money(lang, amount)),
        Lang::En => format!(
            "{} ({}: {words})",
            money(lang, amount),
            AMOUNT_IN_WORDS_EN.get(lang)
        ),
    }
}

/// An outlook or CreditWatch as the report prints it ("Estable" / "Stable").
pub fn outlook(lang: Lang, s: &str) -> String {
    let es = match s {
        "Stable" => "Estable",
        "Positive" => "Positiva",
        "Negative" => "Negativa",
        "Developing" => "En desarrollo",
        "Watch Pos" => "Revisión especial positiva",
        "Watch Neg" => "Revisión especial negativa",
        "Watch Dev" => "Revisión especial en desarrollo",
        other => other,
    };
    match lang {
        Lang::Es => es.to_string(),
        Lang::En => s.to_string(),
    }
}

/// A rating action type (C-6) as the report prints it.
pub fn action(lang: Lang, s: &str) -> String {
    let (es, en) = match s {
        "new" => ("Calificación inicial", "Initial rating"),
        "affirmation" => ("Ratificación", "Affirmation"),
        "upgrade" => ("Alza", "Upgrade"),
        "downgrade" => ("Baja", "Downgrade"),
        "watch" => ("Revisión especial", "Credit watch"),
        "withdrawal" => ("Retiro", "Withdrawal"),
        other => (other, other),
    };
    match lang {
        Lang::Es => es.into(),
        Lang::En => en.into(),
    }
}

/// A party's role in an instrument as the report prints it.
pub fn party(lang: Lang, role: &str) -> String {
    let (es, en) = match role {
        "issuer" => ("Emisor", "Issuer"),
        "originator" => ("Originador", "Originator"),
        "fiduciary" => ("Agente de manejo", "Trust manager"),
        other => (other, other),
    };
    match lang {
        Lang::Es => es.into(),
        Lang::En => en.into(),
    }
}

/// The name of a national-scale rule (SPEC N-…) as the report's factor table prints it.
pub fn national_rule_name(lang: Lang, rule: &str) -> &'static str {
    let (es, en) = match rule {
        "N-1" => ("Escala nacional aplicada", "National scale applied"),
        "N-3" => (
            "Calidad crediticia global y opciones",
            "Global credit quality and options",
        ),
        "N-4" => ("Posición frente a pares", "Position among peers"),
        "N-5" => ("Ajuste holístico", "Holistic adjustment"),
        "N-6" => ("Soberano", "Sovereign"),
        "N-7" => ("Corto plazo", "Short term"),
        "N-8" => ("Calificación de emisiones", "Issue ratings"),
        "N-9" => (
            "Sector sin calificación de emisor",
            "Sector without issuer rating",
        ),
        "N-10" => (
            "Sociedad tenedora y calidad individual",
            "Holding company and stand-alone quality",
        ),
        "N-12" => ("Escala regional", "Regional scale"),
        _ => ("", ""),
    };
    match lang {
        Lang::Es => es,
        Lang::En => en,
    }
}

/// A committee member's role (C-1), by the workbook's role key, as the report prints it.
pub fn role(lang: Lang, key: &str) -> String {
    let (es, en) = match key {
        "analyst" => ("Analista", "Analyst"),
        "voting_member" => ("Miembro con voto", "Voting member"),
        "chair" => ("Presidente del Comité", "Committee chair"),
        "secretary" => ("Secretario", "Secretary"),
        "general_manager" => ("Gerente General", "General Manager"),
        other => (other, other),
    };
    match lang {
        Lang::Es => es.into(),
        Lang::En => en.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r1_session_date_reads_as_reports_write_it() {
        assert_eq!(date(Lang::Es, (2026, 8, 31)), "31 de agosto de 2026");
        assert_eq!(date(Lang::En, (2026, 8, 31)), "August 31, 2026");
    }

    #[test]
    fn r1_amount_in_figures_and_words() {
        let five = Decimal::from(5_000_000);
        assert_eq!(
            amount_in_figures_and_words(Lang::Es, five),
            "cinco millones de dólares (USD 5'000.000,00)"
        );
        assert!(amount_in_figures_and_words(Lang::En, five).starts_with("USD 5,000,000.00"));
    }
}
