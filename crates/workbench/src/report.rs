//! Committee reports and actas from stored records: reads one decision (or one
//! session) through the store, turns the agenda item's stored engine result into the
//! report's values, renders the PDF with `ratebook-report`, and files the generated file's
//! SHA-256 in the workbook. Nothing is recomputed: the report prints what was decided and
//! the indicative result as it was stored.

use crate::WorkbenchError;
use ratebook_core::national::rate::NationalRating;
use ratebook_core::titularizacion::activo::TipoActivo;
use ratebook_core::titularizacion::categoria::Categoria;
use ratebook_core::titularizacion::factor::{self, FactorId};
use ratebook_report::acta::{Acta, ActaItem, Attendee};
use ratebook_report::committee_report::{
    Analysis, ClassLine, CommitteeReport, CoverageChart, FactorLine, OverrideLine, RatingLine,
    StressLine, TraceLine, VoteLine, Ymd,
};
use ratebook_report::layout::{Lang, SignatureLine};
use ratebook_report::text::{self, action, national_rule_name, outlook, party};
use ratebook_store::committee::{self, Member, ReportFile, Subject};
use ratebook_store::committee_records::{self, DecisionRecord, SessionRecord};
use ratebook_store::vocabulary::Language;
use ratebook_store::vocabulary::Role;
use ratebook_store::{Stamp, Workbook};
use rusqlite::Connection;
use serde_json::Value;
use std::str::FromStr;

/// Who issues the documents (printed on every page).
#[derive(Debug, Clone)]
pub struct Issuer {
    pub rater: String,
    pub city: String,
}

fn ymd(d: chrono::NaiveDate) -> Ymd {
    use chrono::Datelike;
    (d.year(), d.month(), d.day())
}

fn role_name(lang: Lang, r: Role) -> String {
    text::role(lang, r.as_str())
}

/// Voting members are the chair and the voting members (C-1).
pub fn votes_in_committee(m: &Member) -> bool {
    matches!(m.role, Role::Chair | Role::VotingMember)
}

/// The PDF field name of a member's signature.
pub fn field_name(m: &Member) -> String {
    m.code
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .to_lowercase()
}

fn sig_line(m: &Member) -> SignatureLine {
    SignatureLine {
        name: m.name.clone(),
        title: m.title.clone(),
        role: String::new(),
        field: field_name(m),
    }
}

fn num(lang: Lang, v: &Value, decimals: u32) -> String {
    v.as_f64()
        .map(|x| lang.number(x, decimals))
        .unwrap_or_else(|| scalar(v))
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "—".into(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// Scalar fields of a JSON object as (key, value) lines, nested objects flattened with
/// dotted keys; lists are summarised by their length.
fn flatten(lang: Lang, prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(lang, &key, x, out);
            }
        }
        Value::Array(items) if items.iter().all(|x| !x.is_object()) => out.push((
            prefix.to_string(),
            items.iter().map(scalar).collect::<Vec<_>>().join(", "),
        )),
        Value::Array(items) => out.push((prefix.to_string(), format!("[{}]", items.len()))),
        Value::Number(_) => out.push((prefix.to_string(), num(lang, v, 4))),
        other => out.push((prefix.to_string(), scalar(other))),
    }
}

fn trace_lines(v: &Value) -> Vec<TraceLine> {
    v.as_array()
        .map(|steps| {
            steps
                .iter()
                .map(|s| TraceLine {
                    rule: scalar(&s["rule"]),
                    section: scalar(&s["section"]),
                    subject: scalar(&s["subject"]),
                    before: s["before"].as_str().unwrap_or_default().to_string(),
                    after: s["after"].as_str().unwrap_or_default().to_string(),
                    reason: scalar(&s["reason"]),
                    message: serde_json::from_value(s["message"].clone()).ok(),
                    subject_message: serde_json::from_value(s["subject_message"].clone()).ok(),
                    before_message: serde_json::from_value(s["before_message"].clone()).ok(),
                    after_message: serde_json::from_value(s["after_message"].clone()).ok(),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn missing(decision: i64, what: &str) -> WorkbenchError {
    WorkbenchError::ReportData {
        decision,
        message: what.to_string(),
    }
}

fn national_analysis(
    lang: Lang,
    d: &DecisionRecord,
    result: &Value,
) -> Result<(Analysis, Vec<FactorLine>, Vec<String>), WorkbenchError> {
    let r: NationalRating = serde_json::from_value(result.clone()).map_err(|e| {
        missing(
            d.id,
            &format!("the stored national-scale result does not read as the engine's result: {e}"),
        )
    })?;
    let trace: Vec<TraceLine> = r
        .trace
        .steps()
        .iter()
        .map(|s| TraceLine {
            rule: s.rule.clone(),
            section: s.section.clone(),
            subject: s.subject.clone(),
            before: s.before.clone(),
            after: s.after.clone(),
            reason: s.reason.clone(),
            message: s.message.clone(),
            subject_message: s.subject_message.clone(),
            before_message: s.before_message.clone(),
            after_message: s.after_message.clone(),
        })
        .collect();
    // The national engine's factors are the rules its trace applied (SPEC §3); each is
    // listed once, named, with what it was applied to and the seed section it cites.
    let mut factors: Vec<FactorLine> = Vec::new();
    for (s, line) in r.trace.steps().iter().zip(&trace) {
        let name = format!("{} {}", s.rule, national_rule_name(lang, &s.rule));
        // What the rule was applied to, in the report's language.
        let subject = ratebook_report::trace_text::subject(lang, line);
        if let Some(f) = factors.iter_mut().find(|f| f.name == name) {
            if !f.sub_criteria.contains(&subject) {
                f.sub_criteria.push(subject);
            }
            continue;
        }
        factors.push(FactorLine {
            name,
            sub_criteria: vec![subject],
            score: String::new(),
            weight: String::new(),
            evidence: s.section.clone(),
            documents: Vec::new(),
        });
    }
    let rationale = vec![format!(
        "{} → {} → {}",
        r.issuer.global, r.issuer.selected, r.issuer.final_rating
    )];
    Ok((
        Analysis::National {
            global: r.issuer.global.clone(),
            options: r.issuer.options.clone(),
            selected: r.issuer.selected.clone(),
            final_rating: r.issuer.final_rating.clone(),
            short_term: r.issuer.short_term.clone(),
            trace,
            warnings: r
                .warnings
                .iter()
                .map(|w| format!("{} {}: {}", w.rule, w.check, w.message))
                .collect(),
        },
        factors,
        rationale,
    ))
}

fn titularizacion_analysis(
    lang: Lang,
    result: &Value,
) -> (Analysis, Vec<FactorLine>, Option<String>, Vec<String>) {
    let tipo: Option<TipoActivo> = serde_json::from_value(result["asset_type"].clone()).ok();
    let factors = result["factors"]
        .as_array()
        .map(|fs| {
            fs.iter()
                .map(|f| {
                    let id: Option<FactorId> = serde_json::from_value(f["id"].clone()).ok();
                    let (name, subs, section) = match id {
                        Some(id) => {
                            let (es, en) = id.titles();
                            let subs = tipo
                                .map(|t| factor::subcriterios(id, t))
                                .unwrap_or_default()
                                .into_iter()
                                .map(|s| match lang {
                                    Lang::Es => format!("{} {}", s.id, s.es),
                                    Lang::En => format!("{} {}", s.id, s.en),
                                })
                                .collect();
                            let name = match lang {
                                Lang::Es => es,
                                Lang::En => en,
                            };
                            (name.to_string(), subs, id.section())
                        }
                        None => (scalar(&f["id"]), Vec::new(), String::new()),
                    };
                    FactorLine {
                        name,
                        sub_criteria: subs,
                        score: num(lang, &f["score"], 2),
                        // The engine's weights are percentages (T-3: they sum to 100).
                        weight: format!("{} %", num(lang, &f["weight"], 1)),
                        evidence: format!(
                            "{}: {}",
                            match lang {
                                Lang::Es => "Contribución",
                                Lang::En => "Contribution",
                            },
                            num(lang, &f["contribution"], 3)
                        ),
                        documents: vec![section],
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let deal = result["deal_category"].as_str().unwrap_or_default();
    // The +/− paragraph follows the definition in the report (text::PLUS_MINUS), so the
    // definition is the category's own sentence only.
    let definition = Categoria::from_str(deal).ok().map(|c| match lang {
        Lang::Es => format!("{}: {}", deal, c.base().definicion_es()),
        Lang::En => format!("{}: {}", deal, c.base().definition_en()),
    });
    let classes = result["classes"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .map(|c| ClassLine {
                    class: scalar(&c["name"]),
                    seniority: c["seniority"].as_u64().unwrap_or(0) as u32,
                    rating: scalar(&c["category"]),
                    p_timely: num(lang, &c["p_timely"], 4),
                    expected_loss: num(lang, &c["expected_loss"], 4),
                    capped_by: c["capped_by"].as_str().unwrap_or_default().to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut coverage = Vec::new();
    flatten(lang, "", &result["coverage"], &mut coverage);
    let stress_values = result["stress"].as_array().cloned().unwrap_or_default();
    let stress = stress_values
        .iter()
        .map(|s| {
            let classes = s["classes"]
                .as_array()
                .map(|cs| {
                    cs.iter()
                        .map(|c| {
                            format!(
                                "{} {}",
                                scalar(&c["name"]),
                                if c["timely"].as_bool() == Some(true) {
                                    "✓"
                                } else {
                                    "✗"
                                }
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            let mut shocks = Vec::new();
            flatten(lang, "", &s["shocks"], &mut shocks);
            StressLine {
                scenario: scalar(&s["scenario"]),
                min_coverage: num(lang, &s["min_coverage"], 2),
                all_paid: s["all_paid"].as_bool().unwrap_or(false),
                detail: format!(
                    "{}; {classes}",
                    shocks
                        .iter()
                        .map(|(k, v)| format!("{k} {v}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        })
        .collect();
    let minimum = result["coverage"]["minimum"].as_f64().unwrap_or(0.0);
    let chart_series: Vec<(String, Vec<f64>)> = stress_values
        .iter()
        .filter_map(|s| {
            let values: Vec<f64> = s["coverage_by_period"]
                .as_array()?
                .iter()
                .map(|x| {
                    x.as_f64()
                        .or_else(|| x.as_str().and_then(|s| s.parse().ok()))
                        .unwrap_or(0.0)
                })
                .collect();
            (!values.is_empty()).then(|| (scalar(&s["scenario"]), values))
        })
        .take(3)
        .collect();
    let chart = chart_series.first().map(|(_, first)| CoverageChart {
        periods: (1..=first.len()).map(|p| p.to_string()).collect(),
        series: chart_series.clone(),
        minimum,
    });
    let mut equilibrium = Vec::new();
    flatten(lang, "", &result["equilibrium"], &mut equilibrium);
    if let Some(conds) = result["regulatory_equilibrium"].as_array() {
        for c in conds {
            equilibrium.push((scalar(&c["condition"]), scalar(&c["status"])));
        }
    }
    let mut montecarlo = Vec::new();
    flatten(lang, "", &result["montecarlo"], &mut montecarlo);
    let warnings = result["flags"]
        .as_array()
        .map(|fs| {
            fs.iter()
                .map(|f| {
                    format!(
                        "{} {}: {}",
                        scalar(&f["rule"]),
                        scalar(&f["subject"]),
                        scalar(&f["message"])
                    )
                })
                .chain(result["caps"].as_array().into_iter().flatten().map(|c| {
                    format!(
                        "{} {}: {} → {} ({})",
                        scalar(&c["rule"]),
                        scalar(&c["subject"]),
                        scalar(&c["from"]),
                        scalar(&c["to"]),
                        scalar(&c["reason"])
                    )
                }))
                .collect()
        })
        .unwrap_or_default();
    let rationale = vec![
        format!(
            "{}: {} → {}",
            match lang {
                Lang::Es => "Puntaje ponderado y categoría del modelo",
                Lang::En => "Weighted score and model category",
            },
            num(lang, &result["weighted_score"], 2),
            scalar(&result["model_category"])
        ),
        format!(
            "{}: {} ({} {})",
            match lang {
                Lang::Es => "Cobertura de los mecanismos",
                Lang::En => "Mechanism coverage",
            },
            num(lang, &result["coverage"]["multiple"], 2),
            match lang {
                Lang::Es => "mínimo",
                Lang::En => "minimum",
            },
            num(lang, &result["coverage"]["minimum"], 2)
        ),
    ];
    (
        Analysis::Titularizacion {
            weighted_score: num(lang, &result["weighted_score"], 2),
            model_category: scalar(&result["model_category"]),
            deal_category: deal.to_string(),
            classes,
            coverage,
            stress,
            equilibrium,
            coverage_multiple: num(lang, &result["coverage"]["multiple"], 2),
            coverage_minimum: num(lang, &result["coverage"]["minimum"], 2),
            montecarlo,
            chart,
            trace: trace_lines(&result["trace"]),
            warnings,
        },
        factors,
        definition,
        rationale,
    )
}

/// The committee report's values for one stored decision, with the workbook's current
/// audit-chain head (C-5). Fails when the decision has no stored indicative result.
pub fn committee_report(
    conn: &Connection,
    decision: i64,
    lang: Lang,
    issuer: &Issuer,
) -> Result<CommitteeReport, WorkbenchError> {
    let d = committee_records::decision_record(conn, decision)?;
    let chain_head = ratebook_store::audit::verify(conn)?.head;
    let result = d.indicative_result.as_ref().ok_or_else(|| {
        missing(
            decision,
            "its agenda item has no stored indicative result (run the engine in committee first)",
        )
    })?;
    let national = matches!(
        d.subject.subject,
        Subject::Issuer { .. } | Subject::Issue { .. }
    );
    let (analysis, factors, definition, mut rationale) = if national {
        let (a, f, r) = national_analysis(lang, &d, result)?;
        (a, f, None, r)
    } else {
        titularizacion_analysis(lang, result)
    };
    rationale.push(d.recommendation.clone());
    let weighted_score = match &analysis {
        Analysis::Titularizacion { weighted_score, .. } => Some(weighted_score.clone()),
        Analysis::National { .. } => None,
    };
    let dissent = |rating: &str| rating != d.rating;
    let (manager, chair) = report_signers(conn, &d)?;
    Ok(CommitteeReport {
        rater: issuer.rater.clone(),
        city: issuer.city.clone(),
        instrument: d.subject.name.clone(),
        parties: d
            .subject
            .parties
            .iter()
            .map(|(r, n)| (party(lang, r), n.clone()))
            .collect(),
        session_label: d.session.label.clone(),
        session_date: ymd(d.session.held_on),
        analyst: format!("{}, {}", d.lead_analyst.name, d.lead_analyst.title),
        info_cutoff: ymd(d.info_cutoff),
        amount: d
            .subject
            .amount
            .as_ref()
            .and_then(|a| rust_decimal::Decimal::from_str(a).ok()),
        action: action(lang, &d.action),
        ratings: vec![RatingLine {
            subject: d.subject.name.clone(),
            rating: d.rating.clone(),
            short_term: d.short_term.clone(),
            outlook: d.outlook.as_deref().map(|o| outlook(lang, o)),
            watch: d.watch.as_deref().map(|o| outlook(lang, o)),
        }],
        category_definition: definition,
        rationale,
        factors,
        weighted_score,
        analysis,
        override_: d.override_code.as_ref().map(|code| OverrideLine {
            indicative: d.indicative_rating.clone().unwrap_or_else(|| "—".into()),
            code: code.clone(),
            justification: d.override_justification.clone().unwrap_or_default(),
            factors: d.override_factors.clone(),
            notches: d.override_notches.unwrap_or(0),
        }),
        votes: d
            .votes
            .iter()
            .map(|(m, v)| VoteLine {
                member: m.name.clone(),
                title: m.title.clone(),
                rating: v.rating.clone(),
                comment: v.comment.clone(),
                dissent: dissent(&v.rating),
            })
            .collect(),
        methodology: format!("{} {}", d.methodology_id, d.methodology_version),
        sources: d.sources.clone(),
        key_assumptions: d.key_assumptions.clone(),
        chain_head,
        certifier: SignatureLine {
            field: "certification".into(),
            ..sig_line(&manager)
        },
        approvers: chair.iter().map(sig_line).collect(),
        fictional: d.subject.fictional || manager.fictional,
    })
}

/// Who signs a decision's committee report: the general manager certifies, and the
/// chair (among the members who voted, else among the approvers) fills the one field the
/// certification pre-creates.
pub fn report_signers(
    conn: &Connection,
    d: &DecisionRecord,
) -> Result<(Member, Vec<Member>), WorkbenchError> {
    let chair = d
        .votes
        .iter()
        .map(|(m, _)| m)
        .find(|m| m.role == Role::Chair)
        .or_else(|| d.approvers.iter().find(|m| m.role == Role::Chair))
        .cloned();
    Ok((general_manager(conn)?, chair.into_iter().collect()))
}

/// Who signs a session's acta: the secretary certifies, and every voting member
/// present approves in a field of their own.
pub fn acta_signers(s: &SessionRecord) -> (Member, Vec<Member>) {
    (
        s.head.secretary.clone(),
        s.present
            .iter()
            .filter(|m| votes_in_committee(m))
            .cloned()
            .collect(),
    )
}

fn general_manager(conn: &Connection) -> Result<Member, WorkbenchError> {
    committee_records::general_manager(conn)?.ok_or(WorkbenchError::ReportData {
        decision: 0,
        message: "the workbook has no general manager to certify reports (add a member with role general_manager)".into(),
    })
}

/// The acta's values for one session (label `number/year`), one signature field per
/// voting member present.
pub fn acta(
    conn: &Connection,
    session: &str,
    lang: Lang,
    issuer: &Issuer,
) -> Result<Acta, WorkbenchError> {
    let s: SessionRecord = committee_records::session_record(conn, session)?;
    let chain_head = ratebook_store::audit::verify(conn)?.head;
    let (secretary, voting) = acta_signers(&s);
    // The finding the session was recorded under (C-2): the rules in force, as the run used.
    let rules = crate::committee::context(conn)?.rules;
    let required = rules.quorum.min_voting_members as usize;
    let met = voting.len() >= required;
    let (present, voting_present, label) = (s.present.len(), voting.len(), rules.label());
    let quorum = match (lang, met) {
        (Lang::Es, true) => format!("Asisten {present} de los miembros registrados, {voting_present} de ellos con voto; hay quórum: se requieren {required} miembros con voto ({label}) (C-2)."),
        (Lang::Es, false) => format!("Asisten {present} de los miembros registrados, {voting_present} de ellos con voto; no hubo quórum: se requieren {required} miembros con voto ({label}), por lo que el comité no tomó decisiones (C-2)."),
        (Lang::En, true) => format!("{present} members attend, {voting_present} of them voting; there is a quorum: {required} voting members are required ({label}) (C-2)."),
        (Lang::En, false) => format!("{present} members attend, {voting_present} of them voting; there was no quorum: {required} voting members are required ({label}), so the committee took no decision (C-2)."),
    };
    let mut items = Vec::new();
    let mut fictional = s.present.iter().any(|m| m.fictional);
    for i in &s.items {
        fictional |= i.subject.fictional;
        let decision = i
            .decision
            .map(|id| committee_records::decision_record(conn, id))
            .transpose()?;
        items.push(ActaItem {
            position: i.position,
            subject: i.subject.name.clone(),
            methodology: format!("{} {}", i.methodology_id, i.methodology_version),
            indicative: i.indicative_rating.clone(),
            recommendation: i.recommendation.clone(),
            analyst: i.analyst.name.clone(),
            votes: i
                .votes
                .iter()
                .map(|(m, v)| VoteLine {
                    member: m.name.clone(),
                    title: m.title.clone(),
                    rating: v.rating.clone(),
                    comment: v.comment.clone(),
                    dissent: decision.as_ref().is_some_and(|d| d.rating != v.rating),
                })
                .collect(),
            decision: decision.as_ref().map(|d| {
                let mut r = d.rating.clone();
                if let Some(o) = &d.outlook {
                    r.push_str(&format!(", {}", outlook(lang, o)));
                }
                r
            }),
            override_: decision.as_ref().and_then(|d| {
                d.override_code.as_ref().map(|c| {
                    format!(
                        "{c} — {}",
                        d.override_justification.clone().unwrap_or_default()
                    )
                })
            }),
        });
    }
    Ok(Acta {
        rater: issuer.rater.clone(),
        city: issuer.city.clone(),
        session_label: s.head.label.clone(),
        session_date: ymd(s.head.held_on),
        kind: match (lang, s.head.kind.as_str()) {
            (Lang::En, "ordinaria") => "Ordinary".into(),
            (Lang::En, "extraordinaria") => "Extraordinary".into(),
            (Lang::Es, "ordinaria") => "Ordinaria".into(),
            (Lang::Es, "extraordinaria") => "Extraordinaria".into(),
            (_, other) => other.to_string(),
        },
        secretary: s.head.secretary.name.clone(),
        attendees: s
            .present
            .iter()
            .map(|m| Attendee {
                name: m.name.clone(),
                title: m.title.clone(),
                role: role_name(lang, m.role),
                voting: votes_in_committee(m),
            })
            .collect(),
        quorum,
        items,
        chain_head,
        certifier: SignatureLine {
            field: "certification".into(),
            ..sig_line(&secretary)
        },
        signers: voting.iter().map(sig_line).collect(),
        fictional,
    })
}

/// SHA-256 of a file's bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn language(lang: Lang) -> Language {
    match lang {
        Lang::Es => Language::Es,
        Lang::En => Language::En,
    }
}

/// Files a generated (unsigned) committee report; returns the report-file row id.
pub fn file_report(
    wb: &mut Workbook,
    stamp: &Stamp,
    decision: i64,
    lang: Lang,
    file_name: &str,
    pdf: &[u8],
) -> Result<i64, WorkbenchError> {
    let f = ReportFile {
        language: language(lang),
        file_name: file_name.to_string(),
        sha256: sha256_hex(pdf),
        size_bytes: pdf.len() as u64,
    };
    Ok(wb.transact(stamp, |w| committee::file_report(w, decision, &f))?)
}

/// Files a generated (unsigned) acta; returns the report-file row id.
pub fn file_acta(
    wb: &mut Workbook,
    stamp: &Stamp,
    session: &str,
    lang: Lang,
    file_name: &str,
    pdf: &[u8],
) -> Result<i64, WorkbenchError> {
    let f = ReportFile {
        language: language(lang),
        file_name: file_name.to_string(),
        sha256: sha256_hex(pdf),
        size_bytes: pdf.len() as u64,
    };
    Ok(wb.transact(stamp, |w| committee::file_acta(w, session, &f))?)
}

/// Records the certification of a filed report (C-4: the decision is immutable from now
/// on); returns the chain head recorded.
pub fn record_signature(
    wb: &mut Workbook,
    stamp: &Stamp,
    report_file: i64,
    signer: &str,
    signed_pdf: &[u8],
) -> Result<String, WorkbenchError> {
    Ok(wb.transact_durable(stamp, |w| {
        committee::sign_report(
            w,
            report_file,
            signer,
            &sha256_hex(signed_pdf),
            signed_pdf.len() as u64,
        )
    })?)
}
