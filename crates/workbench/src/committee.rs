//! Running a committee session against a workbook (SPEC C-1 … C-8): the context (approved
//! methodology versions, earlier decisions) comes from the workbook, the indicative result of
//! each item is recomputed by the engine from the workbook's records, the core's rules decide,
//! and everything the session did is written in one durable transaction.
//!
//! The session file never supplies the context: a file cannot approve a methodology, invent
//! an earlier rating or state an indicative result the engine does not produce.

use crate::catalogue::{self, Catalogue};
use crate::titularizacion;
use crate::WorkbenchError;
use chrono::NaiveDate;
use ratebook_core::committee::agenda::{IndicativeResult, Subject, SubjectKind};
use ratebook_core::committee::decision::{Decision, DecisionKey};
use ratebook_core::committee::lifecycle::{MethodologyRef, MethodologyVersion, Observation};
use ratebook_core::committee::member::{Member, PersonOfRecord, Role};
use ratebook_core::committee::record::{ActionType, RatingRecord};
use ratebook_core::committee::rules::MethodologyFamily;
use ratebook_core::committee::session::{Quorum, Session, SessionNumber};
use ratebook_core::committee::session_file::{SessionFile, SessionItem};
use ratebook_core::committee::{self as core_committee, CommitteeRules, ItemOutcome, Refusal};
use ratebook_core::national::rate::{self as national, EntityInput, EntityType};
use ratebook_core::titularizacion::{calificacion, Titularizacion};
use ratebook_core::trace::{Trace, TraceMessage};
use ratebook_store::committee as store;
use ratebook_store::vocabulary::{self as vocab, MethodologyState};
use ratebook_store::workflow::{self, StoredDecision};
use ratebook_store::{entities, titularizacion as store_tit, Stamp, Workbook, Writer};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;

/// The id of the class scale every titularización decision is taken on (seed 003 §2.10).
pub const CLASS_SCALE_ID: &str = "class-titularizacion";

/// What the workbook knows when a session runs, in the core's terms.
#[derive(Debug, Clone)]
pub struct Context {
    /// The committee rules in force: the approved version with the latest effective date.
    pub rules: CommitteeRules,
    /// Every national-spec and titularización-weights version with its approval dates.
    pub methodologies: Vec<MethodologyVersion>,
    /// Every decision of the workbook (all versions).
    pub decisions: Vec<Decision>,
    pub catalogue: Catalogue,
    /// The decisions as stored, for flags the core's view rebuilds without (override).
    pub stored: Vec<StoredDecision>,
}

/// Reads the workbook's committee context.
pub fn context(conn: &Connection) -> Result<Context, WorkbenchError> {
    let catalogue = catalogue::load(conn)?;
    let rules = catalogue
        .committee_rules
        .iter()
        .filter(|e| e.state == MethodologyState::Approved)
        .max_by_key(|e| e.effective_date)
        .map(|e| e.value.clone())
        .ok_or(WorkbenchError::NoCommitteeRules)?;
    let transitions = workflow::transitions(conn)?;
    let methodologies = methodology_versions(&catalogue, &transitions);
    let stored = workflow::stored_decisions(conn)?;
    let decisions = stored
        .iter()
        .map(|s| core_decision(s, &catalogue))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Context {
        rules,
        methodologies,
        decisions,
        catalogue,
        stored,
    })
}

/// C-7: each version's approval and retirement dates: the recorded transitions, or, for a
/// version filed already approved (or retired) without one, its effective date.
pub fn methodology_versions(
    catalogue: &Catalogue,
    transitions: &[workflow::Transition],
) -> Vec<MethodologyVersion> {
    let mut out = Vec::new();
    let mut push = |id: &str, version: &str, state, effective, family| {
        let recorded = |s: MethodologyState| {
            transitions
                .iter()
                .find(|t| t.id == id && t.version == version && t.state == s)
                .map(|t| t.on)
        };
        let approved_on = match state {
            MethodologyState::Draft => None,
            _ => recorded(MethodologyState::Approved).or(Some(effective)),
        };
        let retired_on = match state {
            MethodologyState::Retired => recorded(MethodologyState::Retired).or(Some(effective)),
            _ => None,
        };
        out.push(MethodologyVersion {
            id: id.to_string(),
            version: version.to_string(),
            family,
            approved_on,
            retired_on,
        });
    };
    for e in &catalogue.national_specs {
        push(
            &e.id,
            &e.version,
            e.state,
            e.effective_date,
            MethodologyFamily::National,
        );
    }
    for e in &catalogue.titularizacion {
        push(
            &e.id,
            &e.version,
            e.state,
            e.effective_date,
            MethodologyFamily::Titularizacion,
        );
    }
    out
}

/// The scale id of decisions under a methodology: `<spec id>-lt` for a national spec (its
/// long-term scale), [`CLASS_SCALE_ID`] for titularizaciones.
pub fn scale_id(catalogue: &Catalogue, methodology_id: &str) -> String {
    if catalogue
        .titularizacion
        .iter()
        .any(|e| e.id == methodology_id)
    {
        CLASS_SCALE_ID.to_string()
    } else {
        format!("{methodology_id}-lt")
    }
}

fn subject_of(s: &StoredDecision) -> Subject {
    let (kind, id, parent) = match (s.subject_kind.as_str(), &s.class_name) {
        ("class", Some(class)) => (
            SubjectKind::Class,
            format!("{}/{class}", s.subject_code),
            Some(s.subject_code.clone()),
        ),
        ("issue", _) => (SubjectKind::Issue, s.subject_code.clone(), None),
        ("titularizacion", _) => (SubjectKind::Titularizacion, s.subject_code.clone(), None),
        _ => (SubjectKind::Issuer, s.subject_code.clone(), None),
    };
    let name = match &s.class_name {
        Some(class) => format!("{} — {class}", s.subject_name),
        None => s.subject_name.clone(),
    };
    Subject {
        kind,
        id,
        name,
        parent,
    }
}

/// The core's view of a stored decision: the full record the workflow wrote, or, for a
/// decision recorded without one (imported history, the demo), what its row says.
fn core_decision(s: &StoredDecision, catalogue: &Catalogue) -> Result<Decision, WorkbenchError> {
    let signature = s
        .signed
        .as_ref()
        .map(|(by, on)| core_committee::decision::SignatureMark {
            signed_on: *on,
            signed_by: by.clone(),
        });
    if let Some(record) = &s.record {
        let mut d: Decision =
            serde_json::from_value(record.clone()).map_err(|e| WorkbenchError::DecisionRecord {
                decision: s.decision,
                message: e.to_string(),
            })?;
        d.signature = signature;
        return Ok(d);
    }
    let action = match s.action {
        vocab::ActionType::New => ActionType::New,
        vocab::ActionType::Affirmation => ActionType::Affirmation,
        vocab::ActionType::Upgrade => ActionType::Upgrade,
        vocab::ActionType::Downgrade => ActionType::Downgrade,
        vocab::ActionType::Watch => ActionType::Watch,
        vocab::ActionType::Withdrawal => ActionType::Withdrawal,
    };
    let (code, name, title) = s.lead_analyst.clone();
    Ok(Decision {
        key: DecisionKey {
            session: SessionNumber {
                number: s.session_number,
                year: s.session_year,
            },
            item: s.position.to_string(),
        },
        version: u32::try_from(s.version).unwrap_or(1),
        supersedes: s.previous_version.and_then(|v| u32::try_from(v).ok()),
        subject: subject_of(s),
        date: s.decided_on,
        scale_id: scale_id(catalogue, &s.methodology_id),
        rating: s.rating.clone(),
        indicative: IndicativeResult {
            rating: s.indicative_rating.clone().unwrap_or_default(),
            summary: TraceMessage::new("committee.summary_recorded").english(),
            summary_message: Some(TraceMessage::new("committee.summary_recorded")),
            trace: Trace::new(),
        },
        recommendation: s.recommendation.clone(),
        votes: Vec::new(),
        tally: Vec::new(),
        casting_vote: None,
        dissents: Vec::new(),
        override_record: None,
        record: RatingRecord {
            action,
            action_derived: false,
            previous: None,
            watch: None,
            solicited: s.solicited,
            issuer_participation: s.issuer_participation,
            lead_analyst: PersonOfRecord {
                member: code,
                name,
                title,
            },
            approvers: Vec::new(),
            information_sources: Vec::new(),
            information_cutoff: s.info_cutoff,
            methodology: MethodologyRef {
                id: s.methodology_id.clone(),
                version: s.methodology_version.clone(),
            },
            key_assumptions: Vec::new(),
            decision_date: s.decided_on,
            publication_date: None,
        },
        rules: String::new(),
        signature,
        change_note: None,
        trace: Trace::new(),
    })
}

/// The engine's indicative result for an agenda item, recomputed from the workbook.
#[derive(Debug, Clone, Serialize)]
pub struct EngineIndicative {
    pub rating: String,
    /// What produced the rating, in English (rendered from `summary_message`).
    pub summary: String,
    /// The summary as a trace catalogue message, for the window's language (SPEC §7).
    pub summary_message: TraceMessage,
    /// The engine's full result (national rating or titularización calificación), stored
    /// as the agenda item's `indicative_result`.
    pub result: serde_json::Value,
    pub trace: Trace,
}

impl EngineIndicative {
    fn new(rating: String, summary: TraceMessage, trace: Trace, result: serde_json::Value) -> Self {
        EngineIndicative {
            rating,
            summary: summary.english(),
            summary_message: summary,
            result,
            trace,
        }
    }
}

/// A refusal of the workbench's checks before the core, worded by `key` of the
/// `refusal.workbench` area of the trace catalogue.
fn refusal(rule: &str, reason: TraceMessage) -> Refusal {
    Refusal::new(rule, reason)
}

/// A subject as the refusals name it: its kind in words and its id.
fn subject_phrase(subject: &Subject) -> TraceMessage {
    let kind = match subject.kind {
        SubjectKind::Issuer => "issuer",
        SubjectKind::Issue => "issue",
        SubjectKind::Titularizacion => "titularizacion",
        SubjectKind::Class => "class",
    };
    TraceMessage::new(&"refusal.workbench.subject.{}".replace("{}", kind))
        .arg("id", subject.id.as_str())
}

fn entity_type(sector: vocab::Sector) -> EntityType {
    match sector {
        vocab::Sector::Insurer => EntityType::InsurerFsr,
        vocab::Sector::Nohc => EntityType::Nohc,
        vocab::Sector::Fund => EntityType::Fund,
        vocab::Sector::ProjectFinance => EntityType::ProjectFinance,
        vocab::Sector::StructuredFinance => EntityType::StructuredFinance,
        _ => EntityType::Issuer,
    }
}

/// The engine's input for a workbook issuer: its row and its sovereign's, plus the
/// analyst's choices the workbook does not hold.
pub fn entity_input(
    conn: &Connection,
    code: &str,
    analyst: Option<&core_committee::session_file::EngineInputs>,
) -> Result<Result<EntityInput, TraceMessage>, WorkbenchError> {
    let case = match entities::issuer_case(conn, code) {
        Ok(c) => c,
        Err(ratebook_store::StoreError::NotFound { .. }) => {
            return Ok(Err(
                TraceMessage::new("refusal.workbench.issuer_missing").arg("issuer", code)
            ))
        }
        Err(e) => return Err(e.into()),
    };
    let i = &case.issuer;
    let Some(global_lc) = i.global_lc else {
        return Ok(Err(
            TraceMessage::new("refusal.workbench.no_global").arg("issuer", code)
        ));
    };
    let Some(sov) = &case.sovereign else {
        return Ok(Err(
            TraceMessage::new("refusal.workbench.no_sovereign").arg("issuer", code)
        ));
    };
    let Some(sov_lc) = sov.global_lc else {
        return Ok(Err(TraceMessage::new(
            "refusal.workbench.no_sovereign_global",
        )
        .arg("sovereign", sov.code.as_str())
        .arg("issuer", code)));
    };
    let peer_position = i.peer_position.map(|p| match p {
        vocab::PeerPosition::Upper => national::PeerPosition::Upper,
        vocab::PeerPosition::Middle => national::PeerPosition::Middle,
        vocab::PeerPosition::Lower => national::PeerPosition::Lower,
    });
    let a = analyst.cloned().unwrap_or_default();
    Ok(Ok(EntityInput {
        id: i.code.clone(),
        entity_type: entity_type(i.sector),
        country: Some(i.country.clone()),
        global_lc,
        global_fc: i.global_fc,
        sovereign: national::Sovereign {
            country: sov.code.clone(),
            global_lc: sov_lc,
            global_fc: sov.global_fc,
            national: None,
        },
        peer_position,
        peer_rank: None,
        chosen_option: a.chosen_option,
        expected_transition: a.expected_transition,
        holistic: a.holistic,
        above_sovereign_stress_passed: a.above_sovereign_stress_passed,
        liquidity_alternative: a.liquidity_alternative,
    }))
}

/// The analyst's inputs an agenda item about issuer `code` is rated with (C-2): those the
/// workbook stores for the issuer (what its screen shows), or the item's own `engine`
/// inputs when the workbook stores none. An item that states inputs other than the stored
/// ones is refused, naming the fields that differ, so the committee never rates an issuer
/// differently from the issuer's screen. `Ok(Err(reason))` is that refusal.
pub fn agenda_inputs(
    conn: &Connection,
    code: &str,
    item: Option<&core_committee::session_file::EngineInputs>,
) -> Result<Result<Option<core_committee::session_file::EngineInputs>, TraceMessage>, WorkbenchError>
{
    let stored = ratebook_store::analyst_input::get(conn, code)?;
    // An empty `engine` object, or one naming only a titularización case, states no input.
    let stated = item.filter(|i| {
        let mut inputs = (*i).clone();
        inputs.case = None;
        inputs != Default::default()
    });
    Ok(match (stored, stated) {
        (Some(stored), Some(stated)) => {
            let differing = differing_inputs(&stored, stated);
            if differing.is_empty() {
                Ok(Some(stored))
            } else {
                Err(TraceMessage::new("refusal.workbench.inputs_differ")
                    .arg("inputs", differing.join(", "))
                    .arg("issuer", code))
            }
        }
        (Some(stored), None) => Ok(Some(stored)),
        (None, stated) => Ok(stated.cloned()),
    })
}

/// The names of the analyst inputs on which `a` and `b` differ, in the engine's order.
fn differing_inputs(
    a: &core_committee::session_file::EngineInputs,
    b: &core_committee::session_file::EngineInputs,
) -> Vec<&'static str> {
    let mut out = Vec::new();
    if a.chosen_option != b.chosen_option {
        out.push("chosen_option");
    }
    if a.expected_transition != b.expected_transition {
        out.push("expected_transition");
    }
    if a.holistic != b.holistic {
        out.push("holistic");
    }
    if a.above_sovereign_stress_passed != b.above_sovereign_stress_passed {
        out.push("above_sovereign_stress_passed");
    }
    if a.liquidity_alternative != b.liquidity_alternative {
        out.push("liquidity_alternative");
    }
    out
}

/// The engine's input for issuer `code` with the analyst inputs of an agenda item
/// ([`agenda_inputs`]), or the item's refusal (C-2).
fn agenda_entity_input(
    conn: &Connection,
    code: &str,
    item: &SessionItem,
) -> Result<Result<EntityInput, Refusal>, WorkbenchError> {
    let input = match agenda_inputs(conn, code, item.engine.as_ref())? {
        Ok(inputs) => entity_input(conn, code, inputs.as_ref())?,
        Err(reason) => Err(reason),
    };
    Ok(input.map_err(|reason| {
        refusal(
            "C-2",
            TraceMessage::new("refusal.workbench.item")
                .arg("item", item.proposal.id.as_str())
                .arg("reason", reason),
        )
    }))
}

/// The national mapping spec an item names and the workbook's national parameters, or the
/// item's C-7 refusal when the workbook holds either not.
fn national_methodology<'c>(
    catalogue: &'c Catalogue,
    item: &SessionItem,
) -> Result<
    (
        &'c catalogue::Entry<ratebook_core::national::spec::MappingSpec>,
        ratebook_core::national::notching::NationalParameters,
    ),
    Refusal,
> {
    let p = &item.proposal;
    let m = &p.methodology;
    let Some(spec) = catalogue
        .national_specs
        .iter()
        .find(|e| e.id == m.id && e.version == m.version)
    else {
        return Err(refusal(
            "C-7",
            TraceMessage::new("refusal.workbench.not_national_spec")
                .arg("item", p.id.as_str())
                .arg("methodology", m.to_string()),
        ));
    };
    let Some(params) = catalogue.national_parameters() else {
        return Err(refusal(
            "C-7",
            TraceMessage::new("refusal.workbench.no_national_parameters")
                .arg("item", p.id.as_str()),
        ));
    };
    Ok((spec, params))
}

/// Recomputes an item's indicative result with the engine: for an issuer, from the
/// workbook's issuer and sovereign rows and the analyst inputs ([`agenda_inputs`]); for an issue, the same
/// with the issue's row (seniority, recovery, currency; N-8); for a titularización
/// or a class, from the engine case (`cases`, by item id), else from the deal as the
/// workbook stores it under the analysis recorded on its screen, judged on `on`, the
/// session's date (T-6). `Err` is the item's refusal.
pub fn engine_indicative(
    conn: &Connection,
    catalogue: &Catalogue,
    item: &SessionItem,
    cases: &BTreeMap<String, Titularizacion>,
    on: NaiveDate,
) -> Result<Result<EngineIndicative, Refusal>, WorkbenchError> {
    let p = &item.proposal;
    let m = &p.methodology;
    match p.subject.kind {
        SubjectKind::Issuer => {
            let (spec, params) = match national_methodology(catalogue, item) {
                Ok(found) => found,
                Err(refused) => return Ok(Err(refused)),
            };
            let input = match agenda_entity_input(conn, &p.subject.id, item)? {
                Ok(i) => i,
                Err(refused) => return Ok(Err(refused)),
            };
            match national::rate_entity(&spec.value, &params, &input, &[]) {
                Ok(r) => Ok(Ok(EngineIndicative::new(
                    r.issuer.final_rating.clone(),
                    TraceMessage::new("committee.summary_national")
                        .arg("global", r.issuer.global.as_str())
                        .arg("key", r.issuer.key.as_str())
                        .arg("options", r.issuer.options.join(", "))
                        .arg("selected", r.issuer.selected.as_str())
                        .arg("final", r.issuer.final_rating.as_str())
                        .arg("spec", r.spec.as_str())
                        .arg("version", r.spec_version.as_str()),
                    r.trace.clone(),
                    serde_json::to_value(&r).map_err(WorkbenchError::json)?,
                ))),
                Err(e) => Ok(Err(refusal(
                    "C-2",
                    TraceMessage::new("refusal.workbench.cannot_rate_issuer")
                        .arg("item", p.id.as_str())
                        .arg("issuer", p.subject.id.as_str())
                        .arg("detail", e.message()),
                ))),
            }
        }
        SubjectKind::Titularizacion | SubjectKind::Class => {
            let Some(weights) = catalogue
                .titularizacion
                .iter()
                .find(|e| e.id == m.id && e.version == m.version)
            else {
                return Ok(Err(refusal(
                    "C-7",
                    TraceMessage::new("refusal.workbench.not_titularizacion_weights")
                        .arg("item", p.id.as_str())
                        .arg("methodology", m.to_string()),
                )));
            };
            let recorded;
            let case = match cases.get(&p.id) {
                Some(case) => case,
                None => {
                    let deal = p.subject.parent.as_deref().unwrap_or(&p.subject.id);
                    match titularizacion::recorded_case(conn, deal, on) {
                        Ok(Some(case)) => {
                            recorded = case;
                            &recorded
                        }
                        Ok(None) => {
                            return Ok(Err(refusal(
                                "C-2",
                                TraceMessage::new("refusal.workbench.no_analysis")
                                    .arg("item", p.id.as_str())
                                    .arg("deal", deal),
                            )))
                        }
                        Err(
                            e @ (WorkbenchError::Rule { .. }
                            | WorkbenchError::EngineInput { .. }
                            | WorkbenchError::Store(ratebook_store::StoreError::NotFound {
                                ..
                            })),
                        ) => {
                            return Ok(Err(refusal(
                                "C-2",
                                TraceMessage::new("refusal.workbench.analysis_not_a_case")
                                    .arg("item", p.id.as_str())
                                    .arg("deal", deal)
                                    .arg("detail", e.to_string()),
                            )))
                        }
                        Err(e) => return Err(e),
                    }
                }
            };
            let c = match calificacion::rate(case, &weights.value) {
                Ok(c) => c,
                Err(e) => {
                    return Ok(Err(refusal(
                        "C-2",
                        TraceMessage::new("refusal.workbench.cannot_rate_case")
                            .arg("item", p.id.as_str())
                            .arg("detail", e.to_string()),
                    )))
                }
            };
            let rating = if p.subject.kind == SubjectKind::Class {
                let class = class_name(&p.subject);
                match c.classes.iter().find(|k| k.name == class) {
                    Some(k) => k.category.to_string(),
                    None => {
                        return Ok(Err(refusal(
                            "C-2",
                            TraceMessage::new("refusal.workbench.no_class")
                                .arg("item", p.id.as_str())
                                .arg("class", class)
                                .arg(
                                    "classes",
                                    c.classes
                                        .iter()
                                        .map(|k| k.name.as_str())
                                        .collect::<Vec<_>>()
                                        .join(", "),
                                ),
                        )))
                    }
                }
            } else {
                c.deal_category.to_string()
            };
            Ok(Ok(EngineIndicative::new(
                rating,
                TraceMessage::new("committee.summary_titularizacion")
                    .arg("score", c.weighted_score.normalize().to_string())
                    .arg("model", c.model_category.to_string())
                    .arg("deal", c.deal_category.to_string())
                    .arg("methodology", c.methodology_id.as_str())
                    .arg("version", c.methodology_version.as_str()),
                c.trace.clone(),
                serde_json::to_value(&c).map_err(WorkbenchError::json)?,
            )))
        }
        SubjectKind::Issue => {
            let (spec, params) = match national_methodology(catalogue, item) {
                Ok(found) => found,
                Err(refused) => return Ok(Err(refused)),
            };
            let Some(issue) = entities::issues(conn)?
                .into_iter()
                .find(|i| i.code == p.subject.id)
            else {
                return Ok(Err(refusal(
                    "C-2",
                    TraceMessage::new("refusal.workbench.issue_missing")
                        .arg("item", p.id.as_str())
                        .arg("issue", p.subject.id.as_str()),
                )));
            };
            if let Some(parent) = &p.subject.parent {
                if parent != &issue.issuer {
                    return Ok(Err(refusal(
                        "C-2",
                        TraceMessage::new("refusal.workbench.issue_parent")
                            .arg("item", p.id.as_str())
                            .arg("parent", parent)
                            .arg("issue", issue.code.as_str())
                            .arg("issuer", issue.issuer.as_str()),
                    )));
                }
            }
            if issue.seniority == vocab::Seniority::Hybrid {
                return Ok(Err(refusal(
                    "C-2",
                    TraceMessage::new("refusal.workbench.hybrid")
                        .arg("item", p.id.as_str())
                        .arg("issue", issue.code.as_str()),
                )));
            }
            let input = match agenda_entity_input(conn, &issue.issuer, item)? {
                Ok(i) => i,
                Err(refused) => return Ok(Err(refused)),
            };
            let issue_input = ratebook_core::national::issue::IssueInput {
                id: issue.code.clone(),
                seniority: Some(issue.seniority.as_str().to_string()),
                recovery: issue.recovery_rating.map(|r| r.as_str().to_string()),
                currency: if issue.foreign_currency {
                    ratebook_core::national::issue::Currency::Foreign
                } else {
                    ratebook_core::national::issue::Currency::Local
                },
                hybrid: None,
                holistic: None,
            };
            match national::rate_entity(&spec.value, &params, &input, &[issue_input]) {
                Ok(r) => match r.issues.first() {
                    Some(rated) => Ok(Ok(EngineIndicative::new(
                        rated.rating.clone(),
                        TraceMessage::new("committee.summary_issue")
                            .arg("issuer", issue.issuer.as_str())
                            .arg("rating", r.issuer.final_rating.as_str())
                            .arg("spec", r.spec.as_str())
                            .arg("version", r.spec_version.as_str())
                            .arg("notches", format!("{:+}", rated.notches))
                            .arg("start", rated.starting_point.as_str()),
                        r.trace.clone(),
                        serde_json::to_value(&r).map_err(WorkbenchError::json)?,
                    ))),
                    None => Ok(Err(refusal(
                        "C-2",
                        TraceMessage::new("refusal.workbench.no_issue_rating")
                            .arg("item", p.id.as_str())
                            .arg("issue", issue.code.as_str()),
                    ))),
                },
                Err(e) => Ok(Err(refusal(
                    "C-2",
                    TraceMessage::new("refusal.workbench.cannot_rate_issue")
                        .arg("item", p.id.as_str())
                        .arg("issue", issue.code.as_str())
                        .arg("detail", e.message()),
                ))),
            }
        }
    }
}

/// The class name of a class subject: its id after `<titularización>/`.
pub fn class_name(subject: &Subject) -> String {
    match &subject.parent {
        Some(parent) => subject
            .id
            .strip_prefix(&format!("{parent}/"))
            .unwrap_or(&subject.id)
            .to_string(),
        None => subject.id.clone(),
    }
}

/// Reads the titularización engine case files the session's items reference
/// (`engine.case`, relative to `base`, the session file's directory), by item id.
pub fn load_engine_cases(
    file: &SessionFile,
    base: &std::path::Path,
) -> Result<BTreeMap<String, Titularizacion>, WorkbenchError> {
    let mut cases = BTreeMap::new();
    for item in &file.items {
        let Some(case) = item.engine.as_ref().and_then(|e| e.case.as_ref()) else {
            continue;
        };
        let path = base.join(case);
        let failed = |message: String| WorkbenchError::EngineCase {
            item: item.proposal.id.clone(),
            path: path.display().to_string(),
            message,
        };
        let text = std::fs::read_to_string(&path).map_err(|e| failed(e.to_string()))?;
        let parsed = Titularizacion::from_json(&text).map_err(|e| failed(e.to_string()))?;
        cases.insert(item.proposal.id.clone(), parsed);
    }
    Ok(cases)
}

/// What a session run did.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    pub session: Session,
    /// The committee rules applied: "id version".
    pub rules: String,
    /// The quorum, when at least one item reached the committee.
    pub quorum: Option<Quorum>,
    /// One outcome per agenda item, in agenda order.
    pub items: Vec<ItemOutcome>,
    pub decided: usize,
    pub refused: usize,
    pub trace: Trace,
}

/// What a session would decide against the workbook, computed exactly as [`run`] does
/// (same context, same engine recomputation, same core rules), without writing anything.
/// The app previews a session being prepared with it, so every refusal it shows comes from
/// the code that records the session.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub report: RunReport,
    /// Each item's engine result, or its refusal before the core, in agenda order.
    engine: Vec<Result<EngineIndicative, Refusal>>,
}

/// Evaluates a session (see [`Evaluation`]). `Err` when the session as a whole is refused
/// (its shape, C-1/C-2) or already recorded.
pub fn evaluate(
    conn: &Connection,
    file: &SessionFile,
    cases: &BTreeMap<String, Titularizacion>,
) -> Result<Evaluation, WorkbenchError> {
    file.validate()?;
    let s = &file.session;
    if workflow::session_exists(conn, s.number.year, s.number.number)? {
        return Err(WorkbenchError::SessionExists {
            session: s.number.to_string(),
        });
    }
    let ctx = context(conn)?;
    let mut engine: Vec<Result<EngineIndicative, Refusal>> = Vec::new();
    let mut checked = Vec::new();
    for item in &file.items {
        if !subject_in_workbook(conn, &item.proposal.subject)? {
            engine.push(Err(refusal(
                "C-2",
                TraceMessage::new("refusal.workbench.subject_missing")
                    .arg("item", item.proposal.id.as_str())
                    .arg("subject", subject_phrase(&item.proposal.subject)),
            )));
            continue;
        }
        let result = match engine_indicative(conn, &ctx.catalogue, item, cases, s.date)? {
            Ok(e) if e.rating != item.proposal.indicative.rating => Err(refusal(
                "C-2",
                TraceMessage::new("refusal.workbench.indicative_differs")
                    .arg("item", item.proposal.id.as_str())
                    .arg("stated", item.proposal.indicative.rating.as_str())
                    .arg("engine", e.rating.as_str())
                    .arg("summary", e.summary_message.clone()),
            )),
            other => other,
        };
        if let Ok(e) = &result {
            let mut item = item.clone();
            item.proposal.indicative.trace = e.trace.clone();
            item.proposal.indicative.summary = e.summary.clone();
            item.proposal.indicative.summary_message = Some(e.summary_message.clone());
            checked.push(item);
        }
        engine.push(result);
    }
    let core = if checked.is_empty() {
        None
    } else {
        let filtered = SessionFile {
            format: file.format.clone(),
            session: file.session.clone(),
            items: checked,
        };
        Some(core_committee::run_session(
            &ctx.rules,
            core_committee::SessionContext {
                methodologies: &ctx.methodologies,
                decisions: &ctx.decisions,
            },
            &filtered,
        )?)
    };
    let mut decided_iter = core.as_ref().map(|o| o.items.iter());
    let items: Vec<ItemOutcome> = file
        .items
        .iter()
        .zip(&engine)
        .map(|(item, e)| match e {
            Ok(_) => decided_iter
                .as_mut()
                .and_then(|it| it.next().cloned())
                // Invariant: every item with an engine result went to the core, in order.
                .expect("one core outcome per checked item"),
            Err(r) => {
                let mut trace = Trace::new();
                trace.step(
                    &r.rule,
                    "SPEC §5",
                    TraceMessage::new("subject.item").arg("item", item.proposal.id.as_str()),
                    "",
                    TraceMessage::new("value.refused"),
                    TraceMessage::new("committee.refused_because")
                        .arg("reason", r.reason_message()),
                );
                ItemOutcome::Refused {
                    item: item.proposal.id.clone(),
                    subject: item.proposal.subject.clone(),
                    refusal: r.clone(),
                    trace,
                }
            }
        })
        .collect();
    let decided = items
        .iter()
        .filter(|o| matches!(o, ItemOutcome::Decided { .. }))
        .count();
    Ok(Evaluation {
        report: RunReport {
            session: file.session.clone(),
            rules: ctx.rules.label(),
            quorum: core.as_ref().map(|o| o.quorum.clone()),
            refused: items.len() - decided,
            decided,
            trace: core.map(|o| o.trace).unwrap_or_default(),
            items,
        },
        engine,
    })
}

/// Runs a whole session against the workbook and records it durably (one transaction):
/// members, session, attendance, agenda items with the engine's indicative results, votes
/// and decisions with their overrides and C-6 records. Refused items are recorded on the
/// agenda (when their references resolve) without votes or decision.
pub fn run(
    wb: &mut Workbook,
    stamp: &Stamp,
    file: &SessionFile,
    cases: &BTreeMap<String, Titularizacion>,
) -> Result<RunReport, WorkbenchError> {
    run_and(wb, stamp, file, cases, |_| Ok(()))
}

/// [`run`], with `also` written in the same transaction as the session (the app marks the
/// draft it ran from closed, so a session is never recorded twice nor its draft left open).
pub fn run_and(
    wb: &mut Workbook,
    stamp: &Stamp,
    file: &SessionFile,
    cases: &BTreeMap<String, Titularizacion>,
    also: impl FnOnce(&mut Writer<'_>) -> Result<(), ratebook_store::StoreError>,
) -> Result<RunReport, WorkbenchError> {
    let evaluation = evaluate(wb.connection(), file, cases)?;
    persist(
        wb,
        stamp,
        file,
        &evaluation.engine,
        &evaluation.report.items,
        also,
    )?;
    Ok(evaluation.report)
}

fn primary_role(m: &Member) -> vocab::Role {
    let order = [
        (Role::Chair, vocab::Role::Chair),
        (Role::VotingMember, vocab::Role::VotingMember),
        (Role::Secretary, vocab::Role::Secretary),
        (Role::GeneralManager, vocab::Role::GeneralManager),
        (Role::Analyst, vocab::Role::Analyst),
    ];
    order
        .iter()
        .find(|(r, _)| m.has(*r))
        .map(|(_, v)| *v)
        .unwrap_or(vocab::Role::Analyst)
}

/// The store's subject of a core subject.
pub fn store_subject(subject: &Subject) -> store::Subject {
    match subject.kind {
        SubjectKind::Issuer => store::Subject::Issuer {
            code: subject.id.clone(),
        },
        SubjectKind::Issue => store::Subject::Issue {
            code: subject.id.clone(),
        },
        SubjectKind::Titularizacion => store::Subject::Titularizacion {
            code: subject.id.clone(),
        },
        SubjectKind::Class => store::Subject::Class {
            titularizacion: subject.parent.clone().unwrap_or_default(),
            class: class_name(subject),
        },
    }
}

fn subject_in_workbook(conn: &Connection, subject: &Subject) -> Result<bool, WorkbenchError> {
    Ok(match subject.kind {
        SubjectKind::Issuer => entities::issuer_id(conn, &subject.id)?.is_some(),
        SubjectKind::Issue => entities::issue_id(conn, &subject.id)?.is_some(),
        SubjectKind::Titularizacion => store_tit::titularizacion_id(conn, &subject.id)?.is_some(),
        SubjectKind::Class => {
            match store_tit::titularizacion_id(conn, subject.parent.as_deref().unwrap_or(""))? {
                Some(deal) => store_tit::class_id(conn, deal, &class_name(subject))?.is_some(),
                None => false,
            }
        }
    })
}

fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f'))
}

fn persist(
    wb: &mut Workbook,
    stamp: &Stamp,
    file: &SessionFile,
    engine: &[Result<EngineIndicative, Refusal>],
    items: &[ItemOutcome],
    also: impl FnOnce(&mut Writer<'_>) -> Result<(), ratebook_store::StoreError>,
) -> Result<(), WorkbenchError> {
    let s = &file.session;
    let label = s.number.to_string();
    // Everything that can fail outside the database is done before the transaction.
    let mut resolvable = Vec::new();
    for item in &file.items {
        let p = &item.proposal;
        resolvable.push(
            s.member(&p.lead_analyst).is_some()
                && subject_in_workbook(wb.connection(), &p.subject)?
                && ratebook_store::methodology::version_id(
                    wb.connection(),
                    &p.methodology.id,
                    &p.methodology.version,
                )?
                .is_some(),
        );
    }
    let json: Vec<serde_json::Value> = items
        .iter()
        .zip(&resolvable)
        .filter_map(|(o, ok)| match o {
            ItemOutcome::Decided { decision, .. } if *ok => Some(decision),
            _ => None,
        })
        .map(|d| serde_json::to_value(d.as_ref()).map_err(WorkbenchError::json))
        .collect::<Result<_, _>>()?;
    let mut records = json.into_iter();
    wb.transact_durable(stamp, |w| {
        for m in &s.members_present {
            // The workbook's register stands for members it already holds (C-1).
            if !workflow::member_exists(w.conn(), &m.id)? {
                let lower = format!("{} {}", m.name, m.title).to_lowercase();
                store::put_member(
                    w,
                    &store::Member {
                        code: m.id.clone(),
                        name: m.name.clone(),
                        title: m.title.clone(),
                        role: primary_role(m),
                        certificate_sha256: m.certificate.clone().filter(|c| is_sha256(c)),
                        fictional: lower.contains("fictional") || lower.contains("ficticio"),
                    },
                )?;
            }
        }
        store::open_session(
            w,
            &store::Session {
                year: s.number.year,
                number: s.number.number,
                kind: match s.kind {
                    core_committee::session::SessionKind::Ordinaria => {
                        vocab::SessionKind::Ordinaria
                    }
                    core_committee::session::SessionKind::Extraordinaria => {
                        vocab::SessionKind::Extraordinaria
                    }
                },
                held_on: s.date,
                secretary: s.secretary.clone(),
                present: s.members_present.iter().map(|m| m.id.clone()).collect(),
            },
        )?;
        for (i, ((item, e), outcome)) in file.items.iter().zip(engine).zip(items).enumerate() {
            let p = &item.proposal;
            if !resolvable[i] {
                continue;
            }
            let agenda = store::AgendaItem {
                position: u32::try_from(i + 1).unwrap_or(u32::MAX),
                subject: store_subject(&p.subject),
                methodology: ratebook_store::titularizacion::MethodologyRef {
                    id: p.methodology.id.clone(),
                    version: p.methodology.version.clone(),
                },
                indicative_rating: e.as_ref().ok().map(|e| e.rating.clone()),
                indicative_result: e.as_ref().ok().map(|e| e.result.clone()),
                recommendation: p.recommendation.clone(),
                analyst: p.lead_analyst.clone(),
            };
            let item_id = store::add_agenda_item(w, &label, &agenda)?;
            let ItemOutcome::Decided { decision, .. } = outcome else {
                continue;
            };
            for v in &decision.votes {
                store::cast_vote(
                    w,
                    item_id,
                    &store::Vote {
                        member: v.member.clone(),
                        rating: v.rating.clone(),
                        comment: v.comment.clone(),
                    },
                )?;
            }
            let r = &decision.record;
            let d = store::Decision {
                rating: decision.rating.clone(),
                short_term: None,
                outlook: None,
                watch: r.watch,
                action: match r.action {
                    ActionType::New => vocab::ActionType::New,
                    ActionType::Affirmation => vocab::ActionType::Affirmation,
                    ActionType::Upgrade => vocab::ActionType::Upgrade,
                    ActionType::Downgrade => vocab::ActionType::Downgrade,
                    ActionType::Watch => vocab::ActionType::Watch,
                    ActionType::Withdrawal => vocab::ActionType::Withdrawal,
                },
                solicited: r.solicited,
                issuer_participation: r.issuer_participation,
                lead_analyst: r.lead_analyst.member.clone(),
                approvers: r.approvers.iter().map(|a| a.member.clone()).collect(),
                methodology: ratebook_store::titularizacion::MethodologyRef {
                    id: r.methodology.id.clone(),
                    version: r.methodology.version.clone(),
                },
                info_cutoff: r.information_cutoff,
                sources: r.information_sources.join("; "),
                key_assumptions: r.key_assumptions.join("; "),
                decided_on: r.decision_date,
                published_on: r.publication_date,
                override_: decision.override_record.as_ref().map(|o| store::Override {
                    code: o.reason_code.clone(),
                    justification: o.justification.clone(),
                    factors: o.factors.clone(),
                    notches: o.notches,
                }),
            };
            let id = store::record_decision(w, item_id, &d, None)?;
            // Invariant: `records` holds one JSON record per decided item, in agenda order.
            let json = records.next().expect("one record per decision");
            workflow::put_decision_record(w, id, &json)?;
        }
        also(w)
    })?;
    Ok(())
}

/// One entry of an entity's rating history, with the store's flags.
#[derive(Debug, Clone, Serialize)]
pub struct History {
    pub entity: String,
    pub entries: Vec<core_committee::history::HistoryEntry>,
}

/// Every decision on an entity (and its classes or issues) in order, with its action type.
pub fn history(conn: &Connection, entity: &str) -> Result<History, WorkbenchError> {
    let ctx = context(conn)?;
    let mut h = core_committee::history::history(&ctx.decisions, entity);
    for e in &mut h.entries {
        let overridden = ctx.stored.iter().any(|s| {
            s.overridden
                && s.session_number == e.key.session.number
                && s.session_year == e.key.session.year
                && s.version == i64::from(e.version)
                && subject_of(s).id == e.subject.id
        });
        e.overridden |= overridden;
    }
    Ok(History {
        entity: h.entity,
        entries: h.entries,
    })
}

/// The observations stored by methodology approvals, in the core's terms.
pub fn observations(conn: &Connection) -> Result<Vec<Observation>, WorkbenchError> {
    workflow::observations(conn)?
        .into_iter()
        .map(|o| {
            let subject: Subject = serde_json::from_value(o.subject.clone()).map_err(|e| {
                WorkbenchError::DecisionRecord {
                    decision: 0,
                    message: format!("observation of '{}': {e}", o.subject_id),
                }
            })?;
            Ok(Observation {
                subject,
                current: o.current,
                candidate: o.candidate,
                methodology: MethodologyRef {
                    id: o.methodology_id,
                    version: o.methodology_version,
                },
                placed_on: o.placed_on,
                review_by: o.review_by,
            })
        })
        .collect()
}

/// C-8: every outstanding rating's next review as of `as_of`, brought forward by a later
/// observation (C-7), overdue ones flagged.
pub fn due(
    conn: &Connection,
    as_of: NaiveDate,
) -> Result<core_committee::surveillance::DueList, WorkbenchError> {
    let ctx = context(conn)?;
    let obs = observations(conn)?;
    Ok(core_committee::surveillance::calendar(
        &ctx.rules,
        &ctx.decisions,
        &obs,
        as_of,
    )?)
}
