//! One issuer as the analyst sees it (SPEC §7, N-1…N-8): its stored inputs, the national
//! rating the engine computes from them with its trace, its issues' ratings, the
//! analyst's own inputs to the engine (stored per issuer, N-4…N-7), and its peers at the
//! same global level on the same scale (N-4).
//!
//! The engine input is built by [`committee::entity_input`], the same function the
//! committee uses, so a screen and a committee given the same analyst inputs compute the
//! same rating. The spec is the approved version of the issuer's scale in force on the
//! given date (N-1), chosen by the core's `spec::select`.

use crate::catalogue::{self, Catalogue};
use crate::committee;
use crate::WorkbenchError;
use chrono::NaiveDate;
use ratebook_core::committee::session_file::EngineInputs;
use ratebook_core::national::issue::{Currency, IssueInput};
use ratebook_core::national::notching::NationalParameters;
use ratebook_core::national::rate::{self as national, label_message, NationalRating};
use ratebook_core::national::spec::{self, MappingSpec};
use ratebook_core::national::NationalError;
use ratebook_core::trace::TraceMessage;
use ratebook_store::entities::{self, Issue, IssuerCase};
use ratebook_store::vocabulary::{MethodologyState, Seniority};
use ratebook_store::{analyst_input, Stamp, Workbook};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// Why the engine gives no national rating for an issuer, with the rule concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Unrated {
    pub rule: String,
    /// A stable name of the reason (`no-global`, `no-spec`…).
    pub code: String,
    /// The English message, rule id first.
    pub message: String,
    /// The message as a catalogue message, for the reader's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub reason: Option<TraceMessage>,
}

impl Unrated {
    /// Why the engine could not rate, worded by `reason`.
    fn new(rule: &str, code: &str, reason: TraceMessage) -> Unrated {
        Unrated {
            rule: rule.into(),
            code: code.into(),
            message: reason.english(),
            reason: Some(reason),
        }
    }

    /// The engine's own refusal.
    fn of(e: &NationalError) -> Unrated {
        let p = e.parts();
        Unrated::new(p.rule, p.code, e.message())
    }
}

/// An issue the engine did not rate with its issuer, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssueNotRated {
    pub code: String,
    pub rule: String,
    /// The English message, rule id first.
    pub message: String,
    /// The message as a catalogue message, for the reader's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub reason: Option<TraceMessage>,
}

impl IssueNotRated {
    fn new(code: &str, rule: &str, reason: TraceMessage) -> IssueNotRated {
        IssueNotRated {
            code: code.into(),
            rule: rule.into(),
            message: reason.english(),
            reason: Some(reason),
        }
    }
}

/// An issuer with its national rating as the engine computes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssuerDetail {
    /// The issuer, its sovereign and its issues as stored.
    pub case: IssuerCase,
    /// The analyst's inputs the engine used: the stored ones, or the defaults (no choice,
    /// no adjustment, no flags) when none are stored.
    pub inputs: EngineInputs,
    /// True when the workbook holds analyst inputs for this issuer.
    pub inputs_stored: bool,
    /// The engine's result (options, selected, final, short-term, issue ratings, the
    /// spec and parameter versions and the trace), when it could rate the issuer.
    pub rating: Option<NationalRating>,
    /// Why there is no rating.
    pub unrated: Option<Unrated>,
    /// Issues the engine did not rate (hybrids: their global starting point, N-8c, is not
    /// in the workbook).
    pub issues_not_rated: Vec<IssueNotRated>,
}

/// The analyst's inputs were refused by the engine; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct InputsRefused {
    pub rule: String,
    pub code: String,
    pub field: Option<String>,
    pub value: Option<String>,
    pub accepted: Option<String>,
    pub message: String,
    /// The message as a catalogue message, for the reader's language.
    pub reason: TraceMessage,
}

impl From<&NationalError> for InputsRefused {
    fn from(e: &NationalError) -> InputsRefused {
        let p = e.parts();
        InputsRefused {
            rule: p.rule.to_string(),
            code: p.code.to_string(),
            field: p.field,
            value: p.value,
            accepted: p.accepted,
            message: e.to_string(),
            reason: e.message(),
        }
    }
}

/// What saving analyst inputs can fail with: the engine's refusal (nothing written), or
/// the workbook's own error.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Refused(Box<InputsRefused>),
    #[error(transparent)]
    Workbench(#[from] WorkbenchError),
}

impl From<ratebook_store::StoreError> for SaveError {
    fn from(e: ratebook_store::StoreError) -> SaveError {
        SaveError::Workbench(e.into())
    }
}

/// The approved specs of the scale an issuer names, matched on the spec's scale code or
/// its affix (`xx` → prefix `xx`, `ZA` → suffix `(ZA)`), ignoring case; then the version in
/// force on `on` (N-1).
pub fn spec_for_scale<'c>(
    catalogue: &'c Catalogue,
    scale: &str,
    on: NaiveDate,
) -> Result<&'c MappingSpec, Unrated> {
    let wanted = scale.trim().to_ascii_lowercase();
    let names = |s: &MappingSpec| {
        let suffix = s
            .affixes
            .suffix
            .trim_matches(|c| c == '(' || c == ')')
            .to_ascii_lowercase();
        s.scale_code.to_ascii_lowercase() == wanted
            || (!s.affixes.prefix.is_empty() && s.affixes.prefix.to_ascii_lowercase() == wanted)
            || (!suffix.is_empty() && suffix == wanted)
    };
    let approved: Vec<&catalogue::Entry<MappingSpec>> = catalogue
        .national_specs
        .iter()
        .filter(|e| e.state == MethodologyState::Approved && names(&e.value))
        .collect();
    let mut codes: Vec<&str> = approved
        .iter()
        .map(|e| e.value.scale_code.as_str())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    match codes.as_slice() {
        [] => Err(Unrated::new(
            "N-1",
            "no-spec",
            TraceMessage::new("refusal.workbench.issuer.no_spec").arg("scale", scale),
        )),
        [_] => {
            let specs: Vec<MappingSpec> = approved.iter().map(|e| e.value.clone()).collect();
            let chosen = spec::select(&specs, &specs[0].id, Some(on)).map_err(|e| Unrated {
                code: "no-version-in-force".into(),
                ..Unrated::of(&e)
            })?;
            let id = chosen.id.clone();
            let version = chosen.version.clone();
            // Invariant: `chosen` is one of `approved`, cloned above.
            Ok(approved
                .iter()
                .map(|e| &e.value)
                .find(|s| s.id == id && s.version == version)
                .expect("the selected spec is one of the approved ones"))
        }
        many => Err(Unrated::new(
            "N-1",
            "ambiguous-scale",
            TraceMessage::new("refusal.workbench.issuer.ambiguous_scale")
                .arg("scale", scale)
                .arg("scales", many.join(", ")),
        )),
    }
}

/// The engine's input for a stored issue, or why it cannot be rated here (N-8c hybrids
/// need their global starting point, which the workbook does not hold).
pub fn issue_input(issue: &Issue) -> Result<IssueInput, IssueNotRated> {
    if issue.seniority == Seniority::Hybrid {
        return Err(IssueNotRated::new(
            &issue.code,
            "N-8c",
            TraceMessage::new("refusal.workbench.issuer.hybrid").arg("issue", issue.code.as_str()),
        ));
    }
    Ok(IssueInput {
        id: issue.code.clone(),
        seniority: Some(issue.seniority.as_str().to_string()),
        recovery: issue.recovery_rating.map(|r| r.as_str().to_string()),
        currency: if issue.foreign_currency {
            Currency::Foreign
        } else {
            Currency::Local
        },
        hybrid: None,
        holistic: None,
    })
}

/// What rating an issuer needs besides its inputs: the catalogue's spec and parameters.
struct Engine<'c> {
    spec: &'c MappingSpec,
    params: NationalParameters,
}

fn engine<'c>(
    catalogue: &'c Catalogue,
    case: &IssuerCase,
    on: NaiveDate,
) -> Result<Engine<'c>, Unrated> {
    let Some(scale) = &case.issuer.national_scale else {
        return Err(Unrated::new(
            "N-1",
            "no-scale",
            TraceMessage::new("refusal.workbench.issuer.no_scale")
                .arg("issuer", case.issuer.code.as_str()),
        ));
    };
    let spec = spec_for_scale(catalogue, scale, on)?;
    let params = catalogue.national_parameters().ok_or_else(|| {
        Unrated::new(
            "C-7",
            "no-parameters",
            TraceMessage::new("refusal.workbench.issuer.no_parameters"),
        )
    })?;
    Ok(Engine { spec, params })
}

/// Rates an issuer with `inputs`: `Ok(Err(unrated))` when the workbook lacks what the
/// engine needs, `Ok(Ok(Err(e)))` when the engine refuses the inputs.
#[allow(clippy::type_complexity)]
fn rate(
    conn: &Connection,
    catalogue: &Catalogue,
    case: &IssuerCase,
    inputs: &EngineInputs,
    on: NaiveDate,
) -> Result<
    Result<(Result<NationalRating, NationalError>, Vec<IssueNotRated>), Unrated>,
    WorkbenchError,
> {
    let engine = match engine(catalogue, case, on) {
        Ok(e) => e,
        Err(u) => return Ok(Err(u)),
    };
    let entity = match committee::entity_input(conn, &case.issuer.code, Some(inputs))? {
        Ok(e) => e,
        Err(reason) => {
            let rule = if reason.english().contains("(N-6)") {
                "N-6"
            } else {
                "N-1"
            };
            return Ok(Err(Unrated::new(rule, "missing-input", reason)));
        }
    };
    let mut issues = Vec::new();
    let mut not_rated = Vec::new();
    for issue in &case.issues {
        if entity.entity_type.without_icr() {
            // N-9: the rating is the instrument's own; issues are not notched from it.
            not_rated.push(IssueNotRated::new(
                &issue.code,
                "N-9",
                TraceMessage::new("refusal.workbench.issuer.no_icr")
                    .arg("kind", label_message(entity.entity_type))
                    .arg("issue", issue.code.as_str()),
            ));
            continue;
        }
        match issue_input(issue) {
            Ok(i) => issues.push(i),
            Err(n) => not_rated.push(n),
        }
    }
    Ok(Ok((
        national::rate_entity(engine.spec, &engine.params, &entity, &issues),
        not_rated,
    )))
}

fn detail_with(
    conn: &Connection,
    catalogue: &Catalogue,
    case: IssuerCase,
    stored: Option<EngineInputs>,
    on: NaiveDate,
) -> Result<IssuerDetail, WorkbenchError> {
    let inputs_stored = stored.is_some();
    let inputs = stored.unwrap_or_default();
    let (rating, unrated, issues_not_rated) = match rate(conn, catalogue, &case, &inputs, on)? {
        Err(u) => (None, Some(u), Vec::new()),
        Ok((Ok(r), not_rated)) => (Some(r), None, not_rated),
        Ok((Err(e), not_rated)) => (None, Some(Unrated::of(&e)), not_rated),
    };
    Ok(IssuerDetail {
        case,
        inputs,
        inputs_stored,
        rating,
        unrated,
        issues_not_rated,
    })
}

/// The issuer `code` with its national rating computed by the engine on `on` from the
/// workbook's rows and the stored analyst inputs.
pub fn detail(
    conn: &Connection,
    code: &str,
    on: NaiveDate,
) -> Result<IssuerDetail, WorkbenchError> {
    let catalogue = catalogue::load(conn)?;
    let case = entities::issuer_case(conn, code)?;
    let stored = analyst_input::get(conn, code)?;
    detail_with(conn, &catalogue, case, stored, on)
}

/// Stores `inputs` as issuer `code`'s analyst inputs, in one audited transaction, after
/// the engine has accepted them: a refusal (holistic outside −3…+3 or without rationale,
/// N-5; an option not listed at the global level, N-4…) writes nothing. Returns the issuer
/// recomputed with them.
pub fn save_inputs(
    wb: &mut Workbook,
    stamp: &Stamp,
    code: &str,
    inputs: &EngineInputs,
    on: NaiveDate,
) -> Result<IssuerDetail, SaveError> {
    let conn = wb.connection();
    let catalogue = catalogue::load(conn)?;
    let case = entities::issuer_case(conn, code)?;
    // The engine checks what it can; an issuer it cannot rate yet (no global quality)
    // keeps the inputs for when it can.
    if let Ok((Err(e), _)) = rate(conn, &catalogue, &case, inputs, on)? {
        return Err(SaveError::Refused(Box::new(InputsRefused::from(&e))));
    }
    wb.transact(stamp, |w| analyst_input::put(w, code, inputs).map(drop))?;
    let conn = wb.connection();
    let stored = analyst_input::get(conn, code)?;
    Ok(detail_with(conn, &catalogue, case, stored, on)?)
}

/// One entity of a peer comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Peer {
    pub code: String,
    pub name: String,
    pub sector: ratebook_store::vocabulary::Sector,
    pub peer_position: Option<ratebook_store::vocabulary::PeerPosition>,
    /// True for the issuer the comparison was asked for.
    pub subject: bool,
    /// The engine's outcome (options, selected, final, short-term), or why none.
    pub selected: Option<String>,
    #[serde(rename = "final")]
    pub final_rating: Option<String>,
    pub short_term: Option<String>,
    /// The holistic notches applied (N-5), 0 when none.
    pub holistic: i32,
    pub unrated: Option<Unrated>,
}

/// Entities at the same global level on the same scale (N-4's peers), each rated by the
/// engine with its own stored analyst inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeerComparison {
    pub issuer: String,
    pub scale: Option<String>,
    pub global: Option<ratebook_core::scale::GlobalRating>,
    /// The spec and version the options come from.
    pub spec: Option<String>,
    pub spec_version: Option<String>,
    /// The national options at this global level (N-3).
    pub options: Vec<String>,
    /// The peers rated, by code: the first [`PEER_LIMIT`] and always the issuer itself.
    pub peers: Vec<Peer>,
    /// How many issuers are at this level on this scale (the issuer included).
    pub total: usize,
    pub unrated: Option<Unrated>,
}

/// How many peers a comparison rates and lists at most; `total` says how many there are.
pub const PEER_LIMIT: usize = 200;

/// The peers of issuer `code`: every issuer with the same national scale and the same
/// global local-currency quality, by code, each rated on `on` (at most [`PEER_LIMIT`] of
/// them, the issuer always among them).
pub fn peers(
    conn: &Connection,
    code: &str,
    on: NaiveDate,
) -> Result<PeerComparison, WorkbenchError> {
    let catalogue = catalogue::load(conn)?;
    let case = entities::issuer_case(conn, code)?;
    let mut out = PeerComparison {
        issuer: code.to_string(),
        scale: case.issuer.national_scale.clone(),
        global: case.issuer.global_lc,
        spec: None,
        spec_version: None,
        options: Vec::new(),
        peers: Vec::new(),
        total: 0,
        unrated: None,
    };
    let (Some(scale), Some(global)) = (&case.issuer.national_scale, case.issuer.global_lc) else {
        out.unrated = Some(Unrated::new(
            "N-4",
            "no-peers",
            TraceMessage::new("refusal.workbench.issuer.no_peers").arg("issuer", code),
        ));
        return Ok(out);
    };
    match engine(&catalogue, &case, on) {
        Ok(e) => {
            out.spec = Some(e.spec.id.clone());
            out.spec_version = Some(e.spec.version.clone());
            out.options = ratebook_core::national::mapping::forward_grades(e.spec, global)
                .map(|grades| grades.iter().map(|g| e.spec.symbol(*g)).collect())
                .unwrap_or_default();
        }
        Err(u) => out.unrated = Some(u),
    }
    let all = entities::issuers_at(conn, scale, global)?;
    out.total = all.len();
    let listed = all
        .into_iter()
        .enumerate()
        .filter(|(i, p)| *i < PEER_LIMIT || p.code == code)
        .map(|(_, p)| p);
    for peer in listed {
        let stored = analyst_input::get(conn, &peer.code)?;
        let peer_case = IssuerCase {
            sovereign: None,
            issuer: peer.clone(),
            issues: Vec::new(),
        };
        let inputs = stored.unwrap_or_default();
        let (rating, unrated) = match rate(conn, &catalogue, &peer_case, &inputs, on)? {
            Err(u) => (None, Some(u)),
            Ok((Ok(r), _)) => (Some(r), None),
            Ok((Err(e), _)) => (None, Some(Unrated::of(&e))),
        };
        out.peers.push(Peer {
            subject: peer.code == code,
            code: peer.code,
            name: peer.name,
            sector: peer.sector,
            peer_position: peer.peer_position,
            selected: rating.as_ref().map(|r| r.issuer.selected.clone()),
            final_rating: rating.as_ref().map(|r| r.issuer.final_rating.clone()),
            short_term: rating.as_ref().map(|r| r.issuer.short_term.clone()),
            holistic: inputs.holistic.as_ref().map_or(0, |h| h.notches),
            unrated,
        });
    }
    Ok(out)
}
