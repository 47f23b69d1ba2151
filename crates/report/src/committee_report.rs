//! The committee report of one decision, rendered from values: the caller (the
//! workbench) reads the stored decision and fills [`CommitteeReport`]; nothing here reads
//! a database or computes a rating. Fixed text comes from [`crate::text`].

use crate::layout::{
    Align, Column, DocumentBuilder, DocumentMeta, Lang, LayoutError, LineChart, ReferenceLine,
    Series, SignatureLine, Table,
};
use crate::text::{self, Tx};
use crate::trace_text;
use ratebook_core::trace::TraceMessage;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A calendar date as (year, month, day).
pub type Ymd = (i32, u32, u32);

/// One rating decided (issuer, issue or class).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingLine {
    pub subject: String,
    pub rating: String,
    pub short_term: Option<String>,
    /// Outlook or trend, already in the report's language.
    pub outlook: Option<String>,
    pub watch: Option<String>,
}

/// One factor considered (T-2/T-3 for titularizaciones; the national trace's inputs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactorLine {
    pub name: String,
    pub sub_criteria: Vec<String>,
    /// Score as printed (e.g. "8,5"); empty when the factor is not scored.
    pub score: String,
    /// Weight as printed (e.g. "20 %").
    pub weight: String,
    pub evidence: String,
    pub documents: Vec<String>,
}

/// One step of the engine's trace: rule id, seed section, before → after, reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceLine {
    pub rule: String,
    pub section: String,
    /// The subject as recorded (English when it is a phrase).
    pub subject: String,
    pub before: String,
    pub after: String,
    /// The reason in English, as recorded.
    pub reason: String,
    /// The reason as a catalogue message, worded in the report's language
    /// (`trace_text`); absent for steps recorded before traces carried messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<TraceMessage>,
    /// The subject as a catalogue message when it is a phrase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_message: Option<TraceMessage>,
    /// The value before as a catalogue message when it is a phrase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_message: Option<TraceMessage>,
    /// The value after as a catalogue message when it is a phrase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_message: Option<TraceMessage>,
}

/// One class of a titularización.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassLine {
    pub class: String,
    pub seniority: u32,
    pub rating: String,
    pub p_timely: String,
    pub expected_loss: String,
    pub capped_by: String,
}

/// One stress scenario's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StressLine {
    pub scenario: String,
    pub min_coverage: String,
    pub all_paid: bool,
    pub detail: String,
}

/// The coverage-per-period chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageChart {
    pub periods: Vec<String>,
    /// (scenario name, coverage multiple per period).
    pub series: Vec<(String, Vec<f64>)>,
    pub minimum: f64,
}

/// What the engine computed, by kind of rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Analysis {
    /// National scale: every step from global credit quality to the final rating.
    National {
        global: String,
        options: Vec<String>,
        selected: String,
        final_rating: String,
        short_term: String,
        trace: Vec<TraceLine>,
        warnings: Vec<String>,
    },
    /// Titularización: classes, coverage, stress, equilibrium, Monte Carlo, chart.
    Titularizacion {
        weighted_score: String,
        model_category: String,
        deal_category: String,
        classes: Vec<ClassLine>,
        /// (label, value) lines about the base-case coverage.
        coverage: Vec<(String, String)>,
        stress: Vec<StressLine>,
        equilibrium: Vec<(String, String)>,
        coverage_multiple: String,
        coverage_minimum: String,
        montecarlo: Vec<(String, String)>,
        chart: Option<CoverageChart>,
        trace: Vec<TraceLine>,
        warnings: Vec<String>,
    },
}

/// The committee's override of the indicative rating (C-3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverrideLine {
    pub indicative: String,
    pub code: String,
    pub justification: String,
    pub factors: Vec<String>,
    pub notches: i32,
}

/// One member's vote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteLine {
    pub member: String,
    pub title: String,
    pub rating: String,
    pub comment: Option<String>,
    pub dissent: bool,
}

/// Everything one committee report prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitteeReport {
    pub rater: String,
    pub city: String,
    /// The rated entity or instrument, as the title's subject.
    pub instrument: String,
    /// (role, name) of the parties: issuer, originator, trust manager…
    pub parties: Vec<(String, String)>,
    pub session_label: String,
    pub session_date: Ymd,
    pub analyst: String,
    pub info_cutoff: Ymd,
    pub amount: Option<Decimal>,
    /// The rating action, already in the report's language.
    pub action: String,
    pub ratings: Vec<RatingLine>,
    pub category_definition: Option<String>,
    pub rationale: Vec<String>,
    pub factors: Vec<FactorLine>,
    pub weighted_score: Option<String>,
    pub analysis: Analysis,
    pub override_: Option<OverrideLine>,
    pub votes: Vec<VoteLine>,
    pub methodology: String,
    pub sources: String,
    pub key_assumptions: String,
    /// The workbook's audit-chain head hash when the report was generated (C-5).
    pub chain_head: String,
    /// The general manager, who certifies (field `certification`).
    pub certifier: SignatureLine,
    /// Further signers, each with a pre-created field (e.g. the chair).
    pub approvers: Vec<SignatureLine>,
    /// Demo data: every page says it is fictional.
    pub fictional: bool,
}

impl CommitteeReport {
    /// The names of the pre-created fields the certification leaves for later signers.
    pub fn approver_fields(&self) -> Vec<String> {
        self.approvers.iter().map(|s| s.field.clone()).collect()
    }
}

fn trace_table(
    b: &mut DocumentBuilder,
    lang: Lang,
    trace: &[TraceLine],
) -> Result<(), LayoutError> {
    let rows = trace
        .iter()
        .enumerate()
        .map(|(i, s)| {
            vec![
                (i + 1).to_string(),
                format!("{}\n{}", s.rule, s.section),
                trace_text::subject(lang, s),
                format!(
                    "{} → {}",
                    dash(&trace_text::before(lang, s)),
                    dash(&trace_text::after(lang, s))
                ),
                trace_text::reason(lang, s),
            ]
        })
        .collect();
    b.table(&Table {
        columns: vec![
            Column::new(text::STEP.s(lang), 0.5, Align::Right),
            Column::new(
                format!("{} / {}", text::RULE.get(lang), text::SECTION.get(lang)),
                1.6,
                Align::Left,
            ),
            Column::new(text::SUBJECT.s(lang), 1.3, Align::Left),
            Column::new(text::BEFORE_AFTER.s(lang), 1.5, Align::Left),
            Column::new(text::REASON.s(lang), 3.2, Align::Left),
        ],
        rows,
        bold_rows: Vec::new(),
    })
}

fn dash(s: &str) -> &str {
    if s.trim().is_empty() {
        "—"
    } else {
        s
    }
}

fn pairs(b: &mut DocumentBuilder, rows: &[(String, String)]) {
    if !rows.is_empty() {
        b.key_values(rows);
    }
}

fn t(tx: Tx, lang: Lang) -> String {
    tx.s(lang)
}

/// Renders the committee report; `created` is recorded as the creation time.
pub fn render_report(
    r: &CommitteeReport,
    lang: Lang,
    created: time::OffsetDateTime,
) -> Result<Vec<u8>, LayoutError> {
    let title = format!("{} — {}", text::REPORT_TITLE.get(lang), r.instrument);
    let mut b = DocumentBuilder::new(DocumentMeta {
        title: title.clone(),
        author: r.rater.clone(),
        subject: r.instrument.clone(),
        keywords: vec![t(text::REPORT_TITLE, lang), r.session_label.clone()],
        lang,
        header_left: r.rater.clone(),
        footer_left: if r.fictional {
            t(text::FICTIONAL, lang)
        } else {
            t(text::GENERATED_FROM, lang)
        },
        created,
    })?;
    b.title_block(
        text::REPORT_TITLE.get(lang),
        &[
            r.instrument.clone(),
            format!("{}, {}", r.city, text::date(lang, r.session_date)),
        ],
    );

    b.heading(text::RATING_DATA.get(lang));
    let session = text::SESSION_FORMAT
        .get(lang)
        .replace("{n}", &r.session_label)
        .replace("{d}", &text::date(lang, r.session_date));
    let mut data = vec![
        (t(text::RATER, lang), r.rater.clone()),
        (t(text::CITY, lang), r.city.clone()),
        (t(text::SESSION, lang), session),
        (t(text::ANALYST, lang), r.analyst.clone()),
        (t(text::CUTOFF, lang), text::date(lang, r.info_cutoff)),
        (t(text::INSTRUMENT, lang), r.instrument.clone()),
    ];
    data.extend(r.parties.iter().cloned());
    if let Some(amount) = r.amount {
        data.push((
            t(text::AMOUNT, lang),
            text::amount_in_figures_and_words(lang, amount),
        ));
    }
    data.push((t(text::ACTION, lang), r.action.clone()));
    b.key_values(&data);

    b.heading(text::RATINGS.get(lang));
    b.table(&Table {
        columns: vec![
            Column::new(t(text::SUBJECT, lang), 2.6, Align::Left),
            Column::new(t(text::RATING, lang), 1.0, Align::Center),
            Column::new(t(text::SHORT_TERM, lang), 1.0, Align::Center),
            Column::new(t(text::OUTLOOK, lang), 1.4, Align::Left),
            Column::new(t(text::WATCH, lang), 1.2, Align::Left),
        ],
        rows: r
            .ratings
            .iter()
            .map(|l| {
                vec![
                    l.subject.clone(),
                    l.rating.clone(),
                    l.short_term.clone().unwrap_or_else(|| "—".into()),
                    l.outlook.clone().unwrap_or_else(|| "—".into()),
                    l.watch.clone().unwrap_or_else(|| "—".into()),
                ]
            })
            .collect(),
        bold_rows: Vec::new(),
    })?;
    b.subheading(text::MEANING.get(lang));
    if let Some(def) = &r.category_definition {
        b.paragraph(def);
    }
    b.paragraph(text::PLUS_MINUS.get(lang));
    if !r.rationale.is_empty() {
        b.subheading(text::RATIONALE.get(lang));
        b.bullets(&r.rationale);
    }

    b.heading(text::FACTORS.get(lang));
    let mut rows: Vec<Vec<String>> = r
        .factors
        .iter()
        .map(|f| {
            let mut evidence = f.evidence.clone();
            if !f.documents.is_empty() {
                if !evidence.is_empty() {
                    evidence.push('\n');
                }
                evidence.push_str(&f.documents.join("; "));
            }
            vec![
                f.name.clone(),
                f.sub_criteria.join("\n"),
                f.score.clone(),
                f.weight.clone(),
                evidence,
            ]
        })
        .collect();
    let mut bold = Vec::new();
    if let Some(ws) = &r.weighted_score {
        bold.push(rows.len());
        rows.push(vec![
            t(text::WEIGHTED_SCORE, lang),
            String::new(),
            ws.clone(),
            String::new(),
            String::new(),
        ]);
    }
    b.table(&Table {
        columns: vec![
            Column::new(t(text::FACTOR, lang), 2.0, Align::Left),
            Column::new(t(text::SUB_CRITERIA, lang), 2.6, Align::Left),
            Column::new(t(text::SCORE, lang), 0.8, Align::Right),
            Column::new(t(text::WEIGHT, lang), 0.8, Align::Right),
            Column::new(t(text::EVIDENCE, lang), 2.2, Align::Left),
        ],
        rows,
        bold_rows: bold,
    })?;

    match &r.analysis {
        Analysis::National {
            global,
            options,
            selected,
            final_rating,
            short_term,
            trace,
            warnings,
        } => {
            b.heading(text::ANALYSIS_NATIONAL.get(lang));
            b.key_values(&[
                (
                    Tx("Calificación global", "Global rating").s(lang),
                    global.clone(),
                ),
                (
                    Tx("Opciones de la escala nacional", "National-scale options").s(lang),
                    options.join(", "),
                ),
                (
                    Tx("Opción elegida", "Option selected").s(lang),
                    selected.clone(),
                ),
                (
                    Tx("Calificación final", "Final rating").s(lang),
                    final_rating.clone(),
                ),
                (t(text::SHORT_TERM, lang), short_term.clone()),
            ]);
            trace_table(&mut b, lang, trace)?;
            if !warnings.is_empty() {
                b.subheading(text::WARNINGS.get(lang));
                b.bullets(warnings);
            }
        }
        Analysis::Titularizacion {
            weighted_score,
            model_category,
            deal_category,
            classes,
            coverage,
            stress,
            equilibrium,
            coverage_multiple,
            coverage_minimum,
            montecarlo,
            chart,
            trace,
            warnings,
        } => {
            b.heading(text::ANALYSIS_TIT.get(lang));
            b.key_values(&[
                (t(text::WEIGHTED_SCORE, lang), weighted_score.clone()),
                (
                    Tx("Categoría del modelo", "Model category").s(lang),
                    model_category.clone(),
                ),
                (
                    Tx("Categoría de la estructura", "Deal category").s(lang),
                    deal_category.clone(),
                ),
                (
                    t(text::COVERAGE_MULTIPLE, lang),
                    format!("{coverage_multiple} / {coverage_minimum}"),
                ),
            ]);
            b.subheading(text::CLASSES.get(lang));
            b.table(&Table {
                columns: vec![
                    Column::new(t(text::CLASS, lang), 1.0, Align::Center),
                    Column::new(Tx("Prelación", "Seniority").s(lang), 0.9, Align::Right),
                    Column::new(t(text::RATING, lang), 1.0, Align::Center),
                    Column::new(
                        Tx("Prob. pago oportuno", "P(timely payment)").s(lang),
                        1.3,
                        Align::Right,
                    ),
                    Column::new(
                        Tx("Pérdida esperada", "Expected loss").s(lang),
                        1.3,
                        Align::Right,
                    ),
                    Column::new(Tx("Limitada por", "Capped by").s(lang), 1.8, Align::Left),
                ],
                rows: classes
                    .iter()
                    .map(|c| {
                        vec![
                            c.class.clone(),
                            c.seniority.to_string(),
                            c.rating.clone(),
                            c.p_timely.clone(),
                            c.expected_loss.clone(),
                            dash(&c.capped_by).to_string(),
                        ]
                    })
                    .collect(),
                bold_rows: Vec::new(),
            })?;
            b.subheading(text::COVERAGE.get(lang));
            pairs(&mut b, coverage);
            if let Some(chart) = chart {
                b.line_chart(&LineChart {
                    title: t(text::CHART_TITLE, lang),
                    x_labels: chart.periods.clone(),
                    y_label: t(text::TIMES, lang),
                    series: chart
                        .series
                        .iter()
                        .map(|(name, values)| Series {
                            name: name.clone(),
                            values: values.clone(),
                        })
                        .collect(),
                    reference: Some(ReferenceLine {
                        label: format!(
                            "{} {}x",
                            text::MINIMUM.get(lang),
                            lang.number(chart.minimum, 2)
                        ),
                        value: chart.minimum,
                    }),
                    y_decimals: 1,
                })?;
            }
            b.subheading(text::STRESS.get(lang));
            b.table(&Table {
                columns: vec![
                    Column::new(t(text::SCENARIO, lang), 1.6, Align::Left),
                    Column::new(t(text::MIN_COVERAGE, lang), 1.1, Align::Right),
                    Column::new(t(text::ALL_PAID, lang), 0.9, Align::Center),
                    Column::new(Tx("Detalle", "Detail").s(lang), 3.6, Align::Left),
                ],
                rows: stress
                    .iter()
                    .map(|s| {
                        vec![
                            s.scenario.clone(),
                            s.min_coverage.clone(),
                            if s.all_paid {
                                t(text::YES, lang)
                            } else {
                                t(text::NO, lang)
                            },
                            s.detail.clone(),
                        ]
                    })
                    .collect(),
                bold_rows: Vec::new(),
            })?;
            b.subheading(text::EQUILIBRIUM.get(lang));
            pairs(&mut b, equilibrium);
            b.subheading(text::MONTECARLO.get(lang));
            pairs(&mut b, montecarlo);
            b.subheading(Tx("Traza del cálculo", "Calculation trace").get(lang));
            trace_table(&mut b, lang, trace)?;
            if !warnings.is_empty() {
                b.subheading(text::WARNINGS.get(lang));
                b.bullets(warnings);
            }
        }
    }

    b.heading(text::OVERRIDE.get(lang));
    match &r.override_ {
        None => b.paragraph(text::NO_OVERRIDE.get(lang)),
        Some(o) => b.key_values(&[
            (t(text::INDICATIVE, lang), o.indicative.clone()),
            (t(text::REASON_CODE, lang), o.code.clone()),
            (t(text::JUSTIFICATION, lang), o.justification.clone()),
            (t(text::OVERRIDE_FACTORS, lang), o.factors.join("; ")),
            (t(text::NOTCHES, lang), format!("{:+}", o.notches)),
        ]),
    }

    b.heading(text::VOTES.get(lang));
    votes_table(&mut b, lang, &r.votes)?;
    let dissents: Vec<String> = r
        .votes
        .iter()
        .filter(|v| v.dissent)
        .map(|v| {
            format!(
                "{} ({}): {}{}",
                v.member,
                v.title,
                v.rating,
                v.comment
                    .as_ref()
                    .map(|c| format!(" — {c}"))
                    .unwrap_or_default()
            )
        })
        .collect();
    if dissents.is_empty() {
        b.paragraph(text::NO_DISSENTS.get(lang));
    } else {
        b.subheading(text::DISSENTS.get(lang));
        b.bullets(&dissents);
    }

    b.heading(text::METHODOLOGY.get(lang));
    b.key_values(&[
        (t(text::METHODOLOGY_USED, lang), r.methodology.clone()),
        (t(text::SOURCES, lang), r.sources.clone()),
        (t(text::ASSUMPTIONS, lang), r.key_assumptions.clone()),
    ]);

    b.keep_together(330.0);
    b.heading(text::STATEMENTS.get(lang));
    b.paragraph(text::LEGEND.get(lang));
    b.paragraph(text::CERTIFICATION.get(lang));
    b.note(&format!("{}: {}", text::CHAIN_HEAD.get(lang), r.chain_head));
    let mut signers = vec![SignatureLine {
        role: t(text::CERTIFIES, lang),
        ..r.certifier.clone()
    }];
    signers.extend(r.approvers.iter().map(|s| SignatureLine {
        role: t(text::APPROVES, lang),
        ..s.clone()
    }));
    b.signature_block(text::SIGNATURES.get(lang), &signers);
    b.finish()
}

/// The vote table shared by the report and the acta.
pub(crate) fn votes_table(
    b: &mut DocumentBuilder,
    lang: Lang,
    votes: &[VoteLine],
) -> Result<(), LayoutError> {
    b.table(&Table {
        columns: vec![
            Column::new(t(text::MEMBER, lang), 2.4, Align::Left),
            Column::new(t(text::VOTE, lang), 1.0, Align::Center),
            Column::new(t(text::COMMENT, lang), 3.2, Align::Left),
        ],
        rows: votes
            .iter()
            .map(|v| {
                vec![
                    format!("{}\n{}", v.member, v.title),
                    if v.dissent {
                        format!("{} ({})", v.rating, text::DISSENT.get(lang))
                    } else {
                        v.rating.clone()
                    },
                    v.comment.clone().unwrap_or_default(),
                ]
            })
            .collect(),
        bold_rows: Vec::new(),
    })
}
