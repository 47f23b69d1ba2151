//! Trace steps worded in the report's language (SPEC §7, R-1). The phrases come from the
//! one trace catalogue, `ui/src/lib/i18n/{es,en}/trace.json`, which the core embeds at
//! compile time and renders with its own `{name}` substitution; this module only adds the
//! report's conventions for numbers and dates (Ecuadorian in Spanish, R-2). A step stored
//! before traces carried messages prints its English `reason` and `subject` as recorded.

use crate::committee_report::TraceLine;
use crate::format_ec;
use crate::layout::Lang;
use crate::text;
use ratebook_core::trace::{self, Kind, TraceMessage};

/// A catalogue message in `lang`.
pub fn render(lang: Lang, m: &TraceMessage) -> String {
    match lang {
        Lang::Es => trace::spanish().render_with(m, &localise_es),
        // The English catalogue's canonical numbers and ISO dates are what the CLI prints:
        // the English report says exactly what `reason` says.
        Lang::En => trace::english().render(m),
    }
}

/// The step's reason in `lang`, or the stored English reason when it has no message.
pub fn reason(lang: Lang, line: &TraceLine) -> String {
    match &line.message {
        Some(m) => render(lang, m),
        None => line.reason.clone(),
    }
}

/// The step's subject in `lang` when it is a phrase; a name is printed as it is.
pub fn subject(lang: Lang, line: &TraceLine) -> String {
    match &line.subject_message {
        Some(m) => render(lang, m),
        None => line.subject.clone(),
    }
}

/// The value before the step in `lang` when it is a phrase; a value is printed as it is.
pub fn before(lang: Lang, line: &TraceLine) -> String {
    match &line.before_message {
        Some(m) => render(lang, m),
        None => line.before.clone(),
    }
}

/// The value after the step in `lang` when it is a phrase; a value is printed as it is.
pub fn after(lang: Lang, line: &TraceLine) -> String {
    match &line.after_message {
        Some(m) => render(lang, m),
        None => line.after.clone(),
    }
}

fn localise_es(kind: Kind, value: &str) -> String {
    match kind {
        Kind::Text => value.to_string(),
        Kind::Number => {
            format_ec::canonical_number_es_ec(value).unwrap_or_else(|| value.to_string())
        }
        Kind::Date => iso_date(value)
            .map(|ymd| text::date(Lang::Es, ymd))
            .unwrap_or_else(|| value.to_string()),
    }
}

/// `YYYY-MM-DD` as (year, month, day); anything else is not a date.
fn iso_date(value: &str) -> Option<(i32, u32, u32)> {
    let mut parts = value.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y.parse().ok()?, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratebook_core::trace::TraceArg;

    fn line(message: Option<TraceMessage>) -> TraceLine {
        TraceLine {
            rule: "T-2".into(),
            section: "003 §2.3".into(),
            subject: "factor 2.3".into(),
            before: "8.5".into(),
            after: "1.7".into(),
            reason: "score 8.5 × weight 20 % = contribution 1.7".into(),
            message,
            subject_message: None,
            before_message: None,
            after_message: None,
        }
    }

    fn contribution() -> TraceMessage {
        TraceMessage::new("titularizacion.factor_contribution")
            .arg("score", "8.5")
            .arg("weight", "20")
            .arg("contribution", "1.7")
    }

    #[test]
    fn r1_a_spanish_report_words_the_step_in_spanish_with_ecuadorian_numbers() {
        assert_eq!(
            reason(Lang::Es, &line(Some(contribution()))),
            "puntaje 8,5 × peso 20 % = contribución 1,7"
        );
    }

    #[test]
    fn r1_an_english_report_prints_the_english_reason() {
        let l = line(Some(contribution()));
        assert_eq!(reason(Lang::En, &l), l.reason);
    }

    #[test]
    fn r1_a_step_stored_without_a_message_prints_its_recorded_reason() {
        let l = line(None);
        assert_eq!(reason(Lang::Es, &l), l.reason);
        assert_eq!(subject(Lang::Es, &l), "factor 2.3");
    }

    #[test]
    fn r2_dates_in_a_spanish_trace_read_as_dates() {
        let m = TraceMessage::new("titularizacion.condition_met").arg("date", "2026-08-31");
        assert_eq!(render(Lang::Es, &m), "cumplida el 31 de agosto de 2026");
        assert_eq!(render(Lang::En, &m), "met on 2026-08-31");
    }

    #[test]
    fn r1_free_text_and_bilingual_data_are_never_translated_by_the_catalogue() {
        let m = TraceMessage::new("committee.override")
            .arg("notches", "+1")
            .arg("limit", "1")
            .arg(
                "family",
                vec![TraceMessage::new("committee.family.national")],
            )
            .arg(
                "approval",
                vec![TraceMessage::new("committee.approval.within_limit")],
            )
            .arg("code", "EVENT")
            .arg(
                "reason",
                TraceArg::Localized {
                    es: "evento reciente".into(),
                    en: "recent event".into(),
                },
            )
            .arg("factors", "franquicia local");
        assert_eq!(
            render(Lang::Es, &m),
            "+1 escalón(es), límite 1 para escala nacional: dentro del límite; motivo EVENT (evento reciente); se basa en franquicia local"
        );
        assert!(
            render(Lang::En, &m).contains("reason EVENT (recent event); rests on franquicia local")
        );
    }
}
