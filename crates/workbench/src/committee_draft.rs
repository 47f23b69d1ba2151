//! A committee session prepared step by step in the window (SPEC C-1 … C-3, C-6; issue 8):
//! set-up and attendance, agenda items with the engine's indicative result, sealed votes and
//! their reveal, overrides. Each step is committed to the workbook at once (schema V8,
//! `store::committee_draft`), so closing the app loses nothing.
//!
//! No rule is decided here: the quorum, the sealing of votes and every refusal come from the
//! core, and the preview of a draft is [`committee::evaluate`] — the very path that
//! [`committee::run`] (the CLI's `committee run`) takes. Closing a draft runs it through
//! [`committee::run_and`], so a session prepared in the app is recorded by the same code as
//! a session file, and the draft is marked closed in the same transaction. A draft set up
//! by mistake is abandoned instead, with the reason why ([`abandon`]); it is kept, frozen,
//! and its session number may be prepared again.

use crate::catalogue::Catalogue;
use crate::committee::{self, EngineIndicative, CLASS_SCALE_ID};
use crate::WorkbenchError;
use chrono::NaiveDate;
use ratebook_core::committee::agenda::{AgendaItem, IndicativeResult, Subject, SubjectKind};
use ratebook_core::committee::lifecycle::MethodologyRef;
use ratebook_core::committee::member::{Member, Role};
use ratebook_core::committee::r#override::OverrideRequest;
use ratebook_core::committee::record::RecordDetails;
use ratebook_core::committee::rules::MethodologyFamily;
use ratebook_core::committee::scale::ItemScale;
use ratebook_core::committee::session::{Session, SessionKind, SessionNumber};
use ratebook_core::committee::session_file::{SessionFile, SessionItem, SESSION_FILE_FORMAT};
use ratebook_core::committee::vote::{SealedBallot, Vote};
use ratebook_core::committee::{CommitteeError, ItemOutcome, Refusal};
use ratebook_core::scale::GlobalRating;
use ratebook_core::titularizacion::categoria::Categoria;
use ratebook_core::trace::{Trace, TraceMessage};
use ratebook_store::committee_draft::{self as store, Abandonment, DraftState};
use ratebook_store::vocabulary::{self as vocab, MethodologyState};
use ratebook_store::{committee as store_committee, entities, titularizacion as store_tit};
use ratebook_store::{Stamp, Workbook};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The draft as stored (the body of a `committee_draft` row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftBody {
    /// The session number as typed, `number/year`; checked by the core (C-2).
    pub number: String,
    pub kind: SessionKind,
    pub date: NaiveDate,
    /// The secretary's member code; empty until chosen.
    pub secretary: String,
    /// Member codes of those present, from the workbook's register.
    pub present: Vec<String>,
    pub items: Vec<DraftItem>,
}

/// One agenda item being prepared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftItem {
    /// The proposal, with the engine's indicative result as computed when it was added.
    pub proposal: AgendaItem,
    /// The votes cast so far; never shown before [`DraftItem::revealed`].
    pub votes: Vec<Vote>,
    /// True once every present voting member has voted and the votes were revealed.
    pub revealed: bool,
    #[serde(default)]
    pub override_request: Option<OverrideRequest>,
}

/// A refusal placed next to the field it concerns: the rule id, the field (`number`,
/// `date`, `secretary`, `attendance`, `agenda`, `subject`, `votes`, `override.justification`,
/// `information_cutoff`, …) and the core's message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Problem {
    pub rule: String,
    pub field: String,
    /// The English message, starting with the rule id.
    pub message: String,
    /// The message as a catalogue message, rule id first, for the reader's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub reason: Option<TraceMessage>,
}

impl Problem {
    fn of_refusal(r: &Refusal) -> Problem {
        Problem {
            rule: r.rule.clone(),
            field: field_of(&r.message),
            message: r.message.clone(),
            reason: Some(r.reason_message()),
        }
    }

    fn of_error(e: &CommitteeError) -> Problem {
        Problem::of_refusal(&Refusal::from(e))
    }

    /// A refusal by `rule` of `field`, worded by `reason` (without the rule id).
    fn new(rule: &str, field: &str, reason: TraceMessage) -> Problem {
        Problem {
            field: field.into(),
            ..Problem::of_refusal(&Refusal::new(rule, reason))
        }
    }
}

/// The field a core message concerns. The core's messages name it (`… field
/// override.justification is empty …`); the few that concern the session as a whole or the
/// vote name it in words.
pub fn field_of(message: &str) -> String {
    let lower = message.to_lowercase();
    let said = [
        ("no quorum", "attendance"),
        ("exactly one chair", "attendance"),
        ("among the members present", "attendance"),
        ("still to vote", "votes"),
        ("already voted", "votes"),
        ("cannot vote", "votes"),
        ("no decision", "votes"),
        ("agenda is empty", "agenda"),
        ("session number", "number"),
        ("sessions are numbered per year", "date"),
        ("take effect on", "date"),
        ("is not in the workbook", "subject"),
        ("both propose a rating", "subject"),
        ("already recorded in the workbook", "number"),
    ];
    if let Some(at) = lower.find("field ") {
        let name: String = message[at + 6..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '(' | ')'))
            .collect();
        let name = name.trim_end_matches(['.', ')', ':']);
        // `votes (M-ANA).rating` names the votes.
        let name = name.split('(').next().unwrap_or(name).trim_end_matches(' ');
        if !name.is_empty() {
            return name.to_string();
        }
    }
    said.iter()
        .find(|(words, _)| lower.contains(words))
        .map(|(_, field)| field.to_string())
        .unwrap_or_else(|| "session".to_string())
}

/// Why a draft action was refused.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error(transparent)]
    Workbench(#[from] WorkbenchError),
    /// A committee rule refused the action; nothing was written. The problems say where.
    #[error("{}", .0.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("; "))]
    Refused(Vec<Problem>),
}

impl From<ratebook_store::StoreError> for DraftError {
    fn from(e: ratebook_store::StoreError) -> Self {
        DraftError::Workbench(e.into())
    }
}

/// The refusals of a refused action as one catalogue message, each rule id first.
pub fn reasons(problems: &[Problem]) -> TraceMessage {
    let mut all: Vec<TraceMessage> = problems.iter().filter_map(|p| p.reason.clone()).collect();
    if all.len() == 1 {
        all.remove(0)
    } else {
        TraceMessage::new("refusal.all").arg("refusals", all)
    }
}

/// Why a session cannot be recorded again (C-2), without the rule id.
pub fn session_exists(session: &str) -> TraceMessage {
    TraceMessage::new("refusal.workbench.session_exists").arg("session", session)
}

fn refused(rule: &str, field: &str, reason: TraceMessage) -> DraftError {
    DraftError::Refused(vec![Problem::new(rule, field, reason)])
}

/// A member of the register as the set-up shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MemberView {
    pub code: String,
    pub name: String,
    pub title: String,
    pub role: Role,
    pub present: bool,
    /// Votes when present (chair or voting member, C-1).
    pub votes: bool,
}

/// The quorum as the core counts it, live (C-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuorumView {
    pub met: bool,
    pub voting_present: Vec<String>,
    pub required: u32,
    /// "id version" of the committee rules counted under.
    pub rules: String,
}

/// An override reason usable for an item's methodology family (C-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReasonView {
    pub code: String,
    pub en: String,
    pub es: String,
}

/// What closing the session would decide on an item, from [`committee::evaluate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutcomeView {
    pub rating: String,
    /// Signed notch difference from the indicative rating, when overridden.
    pub override_notches: Option<i32>,
    /// Members who voted another rating.
    pub dissents: Vec<String>,
}

/// One agenda item as the window shows it: votes only after the reveal.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemView {
    pub id: String,
    pub subject: Subject,
    pub methodology: MethodologyRef,
    pub scale: Vec<String>,
    pub indicative: IndicativeResult,
    pub recommendation: String,
    pub lead_analyst: String,
    pub information_cutoff: String,
    /// The voting members present, in register order.
    pub voters: Vec<String>,
    /// Who has voted (not what).
    pub voted: Vec<String>,
    pub revealed: bool,
    /// Every vote, once revealed; empty while sealed.
    pub votes: Vec<Vote>,
    pub override_request: Option<OverrideRequest>,
    pub reasons: Vec<ReasonView>,
    pub outcome: Option<OutcomeView>,
    pub problems: Vec<Problem>,
}

/// A draft as the window shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DraftView {
    pub id: i64,
    pub closed: bool,
    /// Why, by whom and when the draft was abandoned; `None` unless it was. An abandoned
    /// draft, like a closed one, is never changed.
    pub abandonment: Option<Abandonment>,
    pub number: String,
    pub kind: SessionKind,
    pub date: String,
    pub secretary: String,
    pub members: Vec<MemberView>,
    pub quorum: QuorumView,
    /// Refusals of the session as a whole (number, date, secretary, attendance, agenda).
    pub problems: Vec<Problem>,
    pub items: Vec<ItemView>,
    /// True when closing would record the session with every item decided.
    pub ready: bool,
}

/// A draft in the list of sessions being prepared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DraftSummary {
    pub id: i64,
    pub label: String,
    pub closed: bool,
    pub abandoned: bool,
}

/// The set-up of a session: number, kind, date, secretary and who is present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetupInput {
    pub number: String,
    pub kind: SessionKind,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: NaiveDate,
    pub secretary: String,
    pub present: Vec<String>,
}

/// A new agenda item: the subject by its workbook code and the analyst's proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemInput {
    pub subject_kind: SubjectKind,
    /// The issuer's, issue's or titularización's code; for a class, `DEAL/CLASS`.
    pub subject_id: String,
    /// The analyst's recommendation; the engine's indicative rating when empty.
    pub recommendation: String,
    pub lead_analyst: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub information_cutoff: NaiveDate,
    pub solicited: bool,
    pub issuer_participation: bool,
    pub information_sources: Vec<String>,
    pub key_assumptions: Vec<String>,
}

/// Every draft, the most recent first.
pub fn list(conn: &Connection) -> Result<Vec<DraftSummary>, DraftError> {
    Ok(store::list(conn)?
        .into_iter()
        .map(|d| DraftSummary {
            id: d.id,
            label: d.label,
            closed: d.state == DraftState::Closed,
            abandoned: d.state == DraftState::Abandoned,
        })
        .collect())
}

fn load(conn: &Connection, id: i64) -> Result<(DraftBody, DraftState), DraftError> {
    let d = store::get(conn, id)?;
    let body: DraftBody = serde_json::from_value(d.body).map_err(|e| {
        DraftError::Workbench(WorkbenchError::DecisionRecord {
            decision: id,
            message: format!("session draft {}: {e}", d.label),
        })
    })?;
    Ok((body, d.state))
}

fn save(wb: &mut Workbook, stamp: &Stamp, id: i64, body: &DraftBody) -> Result<(), DraftError> {
    let json = serde_json::to_value(body).map_err(WorkbenchError::json)?;
    let label = body.number.trim().to_string();
    wb.transact(stamp, |w| store::update(w, id, &label, &json))?;
    Ok(())
}

fn preparing(conn: &Connection, id: i64) -> Result<DraftBody, DraftError> {
    let (body, state) = load(conn, id)?;
    match state {
        DraftState::Preparing => Ok(body),
        DraftState::Closed => Err(refused(
            "C-2",
            "number",
            TraceMessage::new("refusal.workbench.draft_closed")
                .arg("session", body.number.as_str()),
        )),
        DraftState::Abandoned => Err(refused(
            "C-2",
            "state",
            TraceMessage::new("refusal.workbench.draft_abandoned")
                .arg("session", body.number.as_str()),
        )),
    }
}

/// Abandons a session being prepared, set up by mistake (a wrong date or agenda), with the
/// reason why. Nothing is deleted: the draft is kept as it stands, frozen, and the reason is
/// audited with who abandoned it and when (C-5); its session number may then be prepared
/// again. Refused, with nothing written, for an empty reason (next to `abandon.reason`) and
/// for a draft closed or already abandoned.
pub fn abandon(
    wb: &mut Workbook,
    stamp: &Stamp,
    id: i64,
    reason: &str,
) -> Result<DraftView, DraftError> {
    let body = preparing(wb.connection(), id)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(refused(
            "C-5",
            "abandon.reason",
            TraceMessage::new("refusal.workbench.abandon_reason")
                .arg("session", body.number.as_str()),
        ));
    }
    wb.transact(stamp, |w| store::abandon(w, id, reason))?;
    view(wb.connection(), id)
}

/// Starts preparing session `number` (C-2), dated `date`.
pub fn create(
    wb: &mut Workbook,
    stamp: &Stamp,
    number: &str,
    kind: SessionKind,
    date: NaiveDate,
) -> Result<DraftView, DraftError> {
    let parsed: SessionNumber = number
        .trim()
        .parse()
        .map_err(|e: CommitteeError| DraftError::Refused(vec![Problem::of_error(&e)]))?;
    if ratebook_store::workflow::session_exists(wb.connection(), parsed.year, parsed.number)? {
        return Err(DraftError::Workbench(WorkbenchError::SessionExists {
            session: parsed.to_string(),
        }));
    }
    let body = DraftBody {
        number: number.trim().to_string(),
        kind,
        date,
        secretary: String::new(),
        present: Vec::new(),
        items: Vec::new(),
    };
    let json = serde_json::to_value(&body).map_err(WorkbenchError::json)?;
    let id = wb.transact(stamp, |w| store::create(w, number.trim(), &json))?;
    view(wb.connection(), id)
}

/// Changes the set-up and the attendance. Members must be in the workbook's register (C-1).
pub fn set_setup(
    wb: &mut Workbook,
    stamp: &Stamp,
    id: i64,
    setup: &SetupInput,
) -> Result<DraftView, DraftError> {
    let mut body = preparing(wb.connection(), id)?;
    let register = store_committee::members(wb.connection())?;
    for code in &setup.present {
        if !register.iter().any(|m| &m.code == code) {
            return Err(refused(
                "C-1",
                "attendance",
                TraceMessage::new("refusal.workbench.not_registered").arg("member", code.as_str()),
            ));
        }
    }
    body.number = setup.number.trim().to_string();
    body.kind = setup.kind;
    body.date = setup.date;
    body.secretary = setup.secretary.trim().to_string();
    body.present = setup.present.clone();
    save(wb, stamp, id, &body)?;
    view(wb.connection(), id)
}

fn core_role(r: vocab::Role) -> Role {
    match r {
        vocab::Role::Analyst => Role::Analyst,
        vocab::Role::VotingMember => Role::VotingMember,
        vocab::Role::Chair => Role::Chair,
        vocab::Role::Secretary => Role::Secretary,
        vocab::Role::GeneralManager => Role::GeneralManager,
    }
}

fn core_member(m: &store_committee::Member) -> Member {
    Member {
        id: m.code.clone(),
        name: m.name.clone(),
        title: m.title.clone(),
        roles: vec![core_role(m.role)],
        certificate: m.certificate_sha256.clone(),
    }
}

/// The core's session for a draft; a number that does not parse is the session's problem,
/// and the session is still built (numbered 1 of the date's year) so the quorum shows.
fn core_session(
    body: &DraftBody,
    register: &[store_committee::Member],
) -> (Session, Option<Problem>) {
    let (number, problem) = match body.number.parse::<SessionNumber>() {
        Ok(n) => (n, None),
        Err(e) => (
            SessionNumber {
                number: 1,
                year: chrono::Datelike::year(&body.date),
            },
            Some(Problem::of_error(&e)),
        ),
    };
    let session = Session {
        number,
        kind: body.kind,
        date: body.date,
        secretary: body.secretary.clone(),
        members_present: register
            .iter()
            .filter(|m| body.present.contains(&m.code))
            .map(core_member)
            .collect(),
    };
    (session, problem)
}

fn file_of(session: Session, body: &DraftBody) -> SessionFile {
    SessionFile {
        format: SESSION_FILE_FORMAT.to_string(),
        session,
        items: body
            .items
            .iter()
            .map(|i| SessionItem {
                proposal: i.proposal.clone(),
                votes: i.votes.clone(),
                override_request: i.override_request.clone(),
                engine: None,
            })
            .collect(),
    }
}

/// The draft as the window shows it, with the core's quorum and the preview of what
/// closing it would decide (see the module documentation).
pub fn view(conn: &Connection, id: i64) -> Result<DraftView, DraftError> {
    let (body, state) = load(conn, id)?;
    let closed = state == DraftState::Closed;
    let abandonment = match state {
        DraftState::Abandoned => store::abandonment(conn, id)?,
        _ => None,
    };
    // A closed or abandoned draft is shown as it stands, without a preview.
    let frozen = state != DraftState::Preparing;
    let register = store_committee::members(conn)?;
    let ctx = committee::context(conn)?;
    let (session, number_problem) = core_session(&body, &register);
    let mut quorum_trace = Trace::new();
    let quorum = session.quorum(&ctx.rules, &mut quorum_trace);
    let mut problems: Vec<Problem> = number_problem.into_iter().collect();
    let mut outcomes: BTreeMap<String, Result<OutcomeView, Problem>> = BTreeMap::new();
    if !frozen && problems.is_empty() {
        let file = file_of(session.clone(), &body);
        match committee::evaluate(conn, &file, &BTreeMap::new()) {
            Ok(e) => {
                for outcome in &e.report.items {
                    match outcome {
                        ItemOutcome::Decided { item, decision } => {
                            outcomes.insert(
                                item.clone(),
                                Ok(OutcomeView {
                                    rating: decision.rating.clone(),
                                    override_notches: decision
                                        .override_record
                                        .as_ref()
                                        .map(|o| o.notches),
                                    dissents: decision
                                        .dissents
                                        .iter()
                                        .map(|d| d.member.clone())
                                        .collect(),
                                }),
                            );
                        }
                        ItemOutcome::Refused { item, refusal, .. } => {
                            let p = Problem::of_refusal(refusal);
                            if p.field == "attendance" && !problems.contains(&p) {
                                problems.push(Problem {
                                    message: p.message.clone(),
                                    ..p.clone()
                                });
                            }
                            outcomes.insert(item.clone(), Err(p));
                        }
                    }
                }
            }
            Err(WorkbenchError::Committee(c)) => problems.push(Problem::of_error(&c)),
            Err(WorkbenchError::SessionExists { session }) => {
                problems.push(Problem::new("C-2", "number", session_exists(&session)))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let voters: Vec<String> = session.voting_members().map(|m| m.id.clone()).collect();
    let items = body
        .items
        .iter()
        .map(|i| {
            let p = &i.proposal;
            let family = family_of(&ctx.catalogue, &p.methodology.id);
            let (outcome, item_problems) = match outcomes.remove(&p.id) {
                Some(Ok(o)) => (Some(o), Vec::new()),
                // Before the reveal the core says the votes are sealed; the window shows
                // who has voted instead.
                Some(Err(pr)) if !i.revealed && pr.field == "votes" => (None, Vec::new()),
                Some(Err(pr)) if pr.field == "attendance" => (None, Vec::new()),
                Some(Err(pr)) => (None, vec![pr]),
                None => (None, Vec::new()),
            };
            ItemView {
                id: p.id.clone(),
                subject: p.subject.clone(),
                methodology: p.methodology.clone(),
                scale: p.scale.symbols.clone(),
                indicative: p.indicative.clone(),
                recommendation: p.recommendation.clone(),
                lead_analyst: p.lead_analyst.clone(),
                information_cutoff: p.information_cutoff.to_string(),
                voters: voters.clone(),
                voted: i.votes.iter().map(|v| v.member.clone()).collect(),
                revealed: i.revealed,
                votes: if i.revealed {
                    i.votes.clone()
                } else {
                    Vec::new()
                },
                override_request: i.override_request.clone(),
                reasons: ctx
                    .rules
                    .reasons_for(family)
                    .map(|r| ReasonView {
                        code: r.code.clone(),
                        en: r.en.clone(),
                        es: r.es.clone(),
                    })
                    .collect(),
                outcome,
                problems: item_problems,
            }
        })
        .collect::<Vec<_>>();
    let ready = !frozen
        && problems.is_empty()
        && !items.is_empty()
        && items.iter().all(|i| i.outcome.is_some());
    Ok(DraftView {
        id,
        closed,
        abandonment,
        number: body.number.clone(),
        kind: body.kind,
        date: body.date.to_string(),
        secretary: body.secretary.clone(),
        members: register
            .iter()
            .map(|m| {
                let core = core_member(m);
                MemberView {
                    code: m.code.clone(),
                    name: m.name.clone(),
                    title: m.title.clone(),
                    role: core_role(m.role),
                    present: body.present.contains(&m.code),
                    votes: core.votes(),
                }
            })
            .collect(),
        quorum: QuorumView {
            met: quorum.met,
            voting_present: quorum.voting_present,
            required: quorum.required,
            rules: ctx.rules.label(),
        },
        problems,
        items,
        ready,
    })
}

fn family_of(catalogue: &Catalogue, methodology_id: &str) -> MethodologyFamily {
    if catalogue
        .titularizacion
        .iter()
        .any(|e| e.id == methodology_id)
    {
        MethodologyFamily::Titularizacion
    } else {
        MethodologyFamily::National
    }
}

/// The approved national spec covering `country` (the latest effective), and its scale.
fn national_for(catalogue: &Catalogue, country: &str) -> Option<(MethodologyRef, ItemScale)> {
    let spec = catalogue
        .national_specs
        .iter()
        .filter(|e| e.state == MethodologyState::Approved)
        .filter(|e| e.value.countries.iter().any(|c| c == country))
        .max_by_key(|e| e.effective_date)?;
    Some((
        MethodologyRef {
            id: spec.id.clone(),
            version: spec.version.clone(),
        },
        ItemScale {
            id: committee::scale_id(catalogue, &spec.id),
            symbols: GlobalRating::ALL
                .iter()
                .map(|g| spec.value.symbol(*g))
                .collect(),
        },
    ))
}

/// The approved titularización weighting in force (the latest effective), and the class scale.
fn titularizacion_methodology(catalogue: &Catalogue) -> Option<(MethodologyRef, ItemScale)> {
    let w = catalogue
        .titularizacion
        .iter()
        .filter(|e| e.state == MethodologyState::Approved)
        .max_by_key(|e| e.effective_date)?;
    Some((
        MethodologyRef {
            id: w.id.clone(),
            version: w.version.clone(),
        },
        ItemScale {
            id: CLASS_SCALE_ID.to_string(),
            symbols: Categoria::all().map(|c| c.as_str().to_string()).collect(),
        },
    ))
}

/// The subject a code names in the workbook, with the methodology and scale it is rated
/// under, or the refusal next to the subject field.
fn resolve_subject(
    conn: &Connection,
    catalogue: &Catalogue,
    kind: SubjectKind,
    code: &str,
) -> Result<(Subject, MethodologyRef, ItemScale), DraftError> {
    let missing = || {
        refused(
            "C-2",
            "subject",
            TraceMessage::new("refusal.workbench.subject_unknown").arg("subject", code),
        )
    };
    let no_methodology = |key: &str| {
        refused(
            "C-7",
            "subject",
            TraceMessage::new("refusal.workbench.no_methodology")
                .arg("what", TraceMessage::new(key))
                .arg("subject", code),
        )
    };
    match kind {
        SubjectKind::Issuer | SubjectKind::Issue => {
            let (issuer_code, name, parent) = if kind == SubjectKind::Issuer {
                (code.to_string(), None, None)
            } else {
                let issue = entities::issues(conn)?
                    .into_iter()
                    .find(|i| i.code == code)
                    .ok_or_else(missing)?;
                (issue.issuer.clone(), Some(issue.name), Some(issue.issuer))
            };
            let case = match entities::issuer_case(conn, &issuer_code) {
                Ok(c) => c,
                Err(ratebook_store::StoreError::NotFound { .. }) => return Err(missing()),
                Err(e) => return Err(e.into()),
            };
            let (methodology, scale) = national_for(catalogue, &case.issuer.country)
                .ok_or_else(|| no_methodology("refusal.workbench.methodology.national"))?;
            Ok((
                Subject {
                    kind,
                    id: code.to_string(),
                    name: name.unwrap_or(case.issuer.name),
                    parent,
                },
                methodology,
                scale,
            ))
        }
        SubjectKind::Titularizacion | SubjectKind::Class => {
            let (deal_code, class) = match kind {
                SubjectKind::Class => match code.split_once('/') {
                    Some((d, c)) => (d.to_string(), Some(c.to_string())),
                    None => {
                        return Err(refused(
                            "C-2",
                            "subject",
                            TraceMessage::new("refusal.workbench.class_name").arg("subject", code),
                        ))
                    }
                },
                _ => (code.to_string(), None),
            };
            let deal = store_tit::get(conn, &deal_code)?.ok_or_else(missing)?;
            if let Some(class) = &class {
                let deal_id =
                    store_tit::titularizacion_id(conn, &deal_code)?.ok_or_else(missing)?;
                store_tit::class_id(conn, deal_id, class)?.ok_or_else(missing)?;
            }
            let (methodology, scale) = titularizacion_methodology(catalogue)
                .ok_or_else(|| no_methodology("refusal.workbench.methodology.titularizacion"))?;
            Ok((
                Subject {
                    kind,
                    id: code.to_string(),
                    name: match &class {
                        Some(c) => format!("{} — {c}", deal.name),
                        None => deal.name,
                    },
                    parent: class.map(|_| deal_code),
                },
                methodology,
                scale,
            ))
        }
    }
}

/// Adds an agenda item: the subject from the workbook, the engine's indicative result
/// recomputed now (`committee::engine_indicative`, as the run does); refused, with nothing
/// written, when the engine cannot rate it.
pub fn add_item(
    wb: &mut Workbook,
    stamp: &Stamp,
    id: i64,
    input: &ItemInput,
) -> Result<DraftView, DraftError> {
    let mut body = preparing(wb.connection(), id)?;
    let conn = wb.connection();
    let catalogue = crate::catalogue::load(conn)?;
    let code = input.subject_id.trim();
    let (subject, methodology, scale) =
        resolve_subject(conn, &catalogue, input.subject_kind, code)?;
    let next = body
        .items
        .iter()
        .filter_map(|i| i.proposal.id.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    let mut item = SessionItem {
        proposal: AgendaItem {
            id: next.to_string(),
            subject,
            scale,
            methodology,
            indicative: IndicativeResult {
                rating: String::new(),
                summary: String::new(),
                summary_message: None,
                trace: Trace::new(),
            },
            recommendation: input.recommendation.trim().to_string(),
            lead_analyst: input.lead_analyst.trim().to_string(),
            information_cutoff: input.information_cutoff,
            record: RecordDetails {
                solicited: input.solicited,
                issuer_participation: input.issuer_participation,
                information_sources: lines(&input.information_sources),
                key_assumptions: lines(&input.key_assumptions),
                publication_date: None,
                action: None,
                watch: None,
            },
        },
        votes: Vec::new(),
        override_request: None,
        engine: None,
    };
    let engine: EngineIndicative =
        match committee::engine_indicative(conn, &catalogue, &item, &BTreeMap::new(), body.date)? {
            Ok(e) => e,
            Err(r) => {
                // Every refusal of the engine's recomputation concerns the subject; a message
                // that names a part of it (`subject.analysis`) keeps that part.
                let p = Problem::of_refusal(&r);
                let field = if p.field.starts_with("subject.") {
                    p.field.clone()
                } else {
                    "subject".into()
                };
                return Err(DraftError::Refused(vec![Problem { field, ..p }]));
            }
        };
    let p = &mut item.proposal;
    p.indicative = IndicativeResult {
        rating: engine.rating.clone(),
        summary: engine.summary,
        summary_message: Some(engine.summary_message),
        trace: engine.trace,
    };
    if p.recommendation.is_empty() {
        p.recommendation = engine.rating;
    }
    body.items.push(DraftItem {
        proposal: item.proposal,
        votes: Vec::new(),
        revealed: false,
        override_request: None,
    });
    save(wb, stamp, id, &body)?;
    view(wb.connection(), id)
}

/// Takes an item off the agenda of a session being prepared (its sealed votes and override
/// go with it; the audit chain keeps every earlier state of the draft).
pub fn remove_item(
    wb: &mut Workbook,
    stamp: &Stamp,
    id: i64,
    item: &str,
) -> Result<DraftView, DraftError> {
    let mut body = preparing(wb.connection(), id)?;
    let before = body.items.len();
    body.items.retain(|i| i.proposal.id != item);
    if body.items.len() == before {
        return Err(refused(
            "C-2",
            "agenda",
            TraceMessage::new("refusal.workbench.not_on_agenda").arg("item", item),
        ));
    }
    save(wb, stamp, id, &body)?;
    view(wb.connection(), id)
}

fn lines(v: &[String]) -> Vec<String> {
    v.iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The item and the core's sealed ballot holding its votes so far.
fn ballot(
    conn: &Connection,
    body: &DraftBody,
    item: &str,
) -> Result<(usize, SealedBallot), DraftError> {
    let index = body
        .items
        .iter()
        .position(|i| i.proposal.id == item)
        .ok_or_else(|| {
            refused(
                "C-2",
                "agenda",
                TraceMessage::new("refusal.workbench.not_on_agenda").arg("item", item),
            )
        })?;
    let register = store_committee::members(conn)?;
    let (session, _) = core_session(body, &register);
    let mut ballot = SealedBallot::open(&session, &body.items[index].proposal);
    for v in &body.items[index].votes {
        ballot
            .cast(v.clone())
            .map_err(|e| DraftError::Refused(vec![Problem::of_error(&e)]))?;
    }
    Ok((index, ballot))
}

/// Casts a sealed vote (C-2): refused from a member who is not a voting member present, a
/// second vote, or a rating off the item's scale — by the core's ballot.
pub fn cast_vote(
    wb: &mut Workbook,
    stamp: &Stamp,
    id: i64,
    item: &str,
    vote: &Vote,
) -> Result<DraftView, DraftError> {
    let mut body = preparing(wb.connection(), id)?;
    let (index, mut ballot) = ballot(wb.connection(), &body, item)?;
    if body.items[index].revealed {
        return Err(refused(
            "C-2",
            "votes",
            TraceMessage::new("refusal.workbench.revealed").arg("item", item),
        ));
    }
    ballot.cast(vote.clone()).map_err(|e| {
        DraftError::Refused(vec![Problem {
            field: "votes".into(),
            ..Problem::of_error(&e)
        }])
    })?;
    body.items[index].votes.push(Vote {
        comment: vote.comment.clone().filter(|c| !c.trim().is_empty()),
        ..vote.clone()
    });
    save(wb, stamp, id, &body)?;
    view(wb.connection(), id)
}

/// Reveals an item's votes together (C-2): refused while a present voting member has not
/// voted, by the core's ballot.
pub fn reveal(
    wb: &mut Workbook,
    stamp: &Stamp,
    id: i64,
    item: &str,
) -> Result<DraftView, DraftError> {
    let mut body = preparing(wb.connection(), id)?;
    let (index, ballot) = ballot(wb.connection(), &body, item)?;
    ballot.reveal().map_err(|e| {
        DraftError::Refused(vec![Problem {
            field: "votes".into(),
            ..Problem::of_error(&e)
        }])
    })?;
    body.items[index].revealed = true;
    save(wb, stamp, id, &body)?;
    view(wb.connection(), id)
}

/// Records (or clears) an item's override as typed. It is kept even when the core refuses
/// it, so nothing typed is lost; the view carries the refusal next to its field (C-3).
pub fn set_override(
    wb: &mut Workbook,
    stamp: &Stamp,
    id: i64,
    item: &str,
    request: Option<&OverrideRequest>,
) -> Result<DraftView, DraftError> {
    let mut body = preparing(wb.connection(), id)?;
    let (index, _) = ballot(wb.connection(), &body, item)?;
    body.items[index].override_request = request.map(|r| OverrideRequest {
        reason_code: r.reason_code.trim().to_string(),
        justification: r.justification.clone(),
        factors: lines(&r.factors),
        confirmed_by: r.confirmed_by.clone().filter(|c| !c.trim().is_empty()),
    });
    save(wb, stamp, id, &body)?;
    view(wb.connection(), id)
}

/// How a session being prepared is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    /// Only once every item would be decided: the usual close.
    AllDecided,
    /// Also with items the committee did not decide (no quorum, votes still sealed, a
    /// refusal): they are recorded without a decision, with their reason, exactly as
    /// `ratebook committee run` records such a session, so the acta can say so (C-2, R-5).
    /// Votes of an item whose votes were never revealed are not counted.
    WithUndecided,
}

/// Closes the session: runs the draft through [`committee::run_and`] (every rule as the CLI
/// enforces it) and marks the draft closed in the same transaction. With
/// [`Closing::AllDecided`] it is refused, with nothing written and the draft kept, while any
/// item would not be decided; with [`Closing::WithUndecided`] only what stops the session as a
/// whole (its number, date or secretary, an empty agenda) refuses it.
pub fn close(
    wb: &mut Workbook,
    stamp: &Stamp,
    id: i64,
    closing: Closing,
) -> Result<committee::RunReport, DraftError> {
    let current = view(wb.connection(), id)?;
    if current.closed || current.abandonment.is_some() {
        preparing(wb.connection(), id)?;
    }
    let mut problems = current.problems.clone();
    match closing {
        Closing::AllDecided => {
            for item in &current.items {
                problems.extend(item.problems.iter().cloned());
                if item.outcome.is_none() && item.problems.is_empty() {
                    problems.push(Problem::new(
                        "C-2",
                        "votes",
                        TraceMessage::new("refusal.workbench.not_revealed")
                            .arg("item", item.id.as_str()),
                    ));
                }
            }
        }
        // Attendance stops decisions, not the session: it is recorded without them.
        Closing::WithUndecided => problems.retain(|p| p.field != "attendance"),
    }
    if current.items.is_empty() && problems.is_empty() {
        problems.push(Problem::of_error(&CommitteeError::EmptyAgenda));
    }
    if !problems.is_empty() {
        return Err(DraftError::Refused(problems));
    }
    let mut body = preparing(wb.connection(), id)?;
    if closing == Closing::WithUndecided {
        // The committee never saw these votes: the item is recorded as not decided.
        for item in body.items.iter_mut().filter(|i| !i.revealed) {
            item.votes.clear();
        }
    }
    let register = store_committee::members(wb.connection())?;
    let (session, _) = core_session(&body, &register);
    let file = file_of(session, &body);
    Ok(committee::run_and(
        wb,
        stamp,
        &file,
        &BTreeMap::new(),
        |w| store::close(w, id),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_of_a_core_message_is_the_one_it_names() {
        assert_eq!(
            field_of("C-3: item 1 field override.justification is empty; write …"),
            "override.justification"
        );
        assert_eq!(
            field_of("C-3: item 1: the decided rating xxBB+ differs … (field override)"),
            "override"
        );
        assert_eq!(
            field_of("T-6: item 1 field information_cutoff: 2026-01-01 is older …"),
            "information_cutoff"
        );
        assert_eq!(
            field_of("C-2: item 1 field votes (M-ANA).rating: unknown symbol"),
            "votes"
        );
        assert_eq!(
            field_of("C-2: no quorum: 2 voting member(s) present (A, B), …"),
            "attendance"
        );
        assert_eq!(
            field_of("C-2: item 1: votes are sealed until every present voting member has voted; still to vote: M-SOFIA"),
            "votes"
        );
        assert_eq!(
            field_of("C-2: session field secretary: '' is not present"),
            "secretary"
        );
        assert_eq!(
            field_of("C-2: session number '17/26' is not of the form NUMBER/YEAR"),
            "number"
        );
    }
}
