//! The national rating pipeline of one entity (N-3…N-7, N-9, N-10, N-12), issues by
//! [`super::issue`] (N-8).
//!
//! Steps, each traced: the spec in force and its key (N-1); the entity's own sovereign on
//! the scale (N-12); the global input mapped to its options (N-3, N-9); one option chosen
//! from the peer position or the analyst's pick, optionally tilted by the expected
//! transition (N-4); the holistic adjustment (N-5); the sovereign cap unless the
//! above-the-sovereign stress test was passed (N-6); the label (N-10); the short-term
//! rating (N-7).

use super::issue::{self, IssueInput, IssueRating};
use super::mapping;
use super::notching::NationalParameters;
use super::spec::{MappingKey, MappingSpec, ScaleType};
use super::{clamped, section, step, warn_finding, Finding, NationalError, Steps};
use crate::scale::{GlobalRating, NationalSymbol, Outlook};
use crate::trace::{msg, Trace, TraceMessage};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What is being rated (N-9, N-10): the mapping path is the same, the label differs, and
/// the sectors without an issuer credit rating map the issue's or fund's own quality.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum EntityType {
    /// Corporate or government issuer: national issuer credit rating.
    #[default]
    Issuer,
    /// Financial services nonoperating holding company (N-10).
    Nohc,
    /// Stand-alone credit quality on the national scale (N-10): an assessment, not a rating.
    StandAlone,
    /// Insurer financial strength rating (N-10).
    InsurerFsr,
    /// Fund credit quality rating (N-9): carries the `f` marker.
    Fund,
    /// Project finance issue (N-9): no issuer credit rating.
    ProjectFinance,
    /// Structured finance issue (N-9): no issuer credit rating.
    StructuredFinance,
}

impl EntityType {
    /// The label the result carries (N-10, N-9).
    pub fn label(self) -> &'static str {
        match self {
            EntityType::Issuer => "national scale issuer credit rating",
            EntityType::Nohc => "national scale issuer credit rating (financial services NOHC)",
            EntityType::StandAlone => "national scale stand-alone credit quality (not a rating)",
            EntityType::InsurerFsr => "national scale insurer financial strength rating",
            EntityType::Fund => "national scale fund credit quality rating",
            EntityType::ProjectFinance => "national scale issue credit rating (project finance)",
            EntityType::StructuredFinance => {
                "national scale issue credit rating (structured finance)"
            }
        }
    }

    /// True for the sectors where S&P assigns no issuer credit rating (N-9).
    pub fn without_icr(self) -> bool {
        matches!(
            self,
            EntityType::Fund | EntityType::ProjectFinance | EntityType::StructuredFinance
        )
    }
}

/// Where the entity stands among workbook peers with the same global level on the same
/// scale (N-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum PeerPosition {
    Upper,
    Middle,
    Lower,
}

impl PeerPosition {
    pub fn as_str(self) -> &'static str {
        match self {
            PeerPosition::Upper => "upper",
            PeerPosition::Middle => "middle",
            PeerPosition::Lower => "lower",
        }
    }

    /// The position of rank `rank` (1 = strongest) among `of` peers: the top third is
    /// upper, the bottom third lower, the rest middle.
    pub fn from_rank(rank: u32, of: u32) -> Option<PeerPosition> {
        if rank == 0 || rank > of {
            return None;
        }
        // Compare rank/of with 1/3 and 2/3 in integers.
        let r = u64::from(rank) * 3;
        let n = u64::from(of);
        Some(if of < 3 {
            match (rank, of) {
                (1, 1) => PeerPosition::Middle,
                (1, 2) => PeerPosition::Upper,
                _ => PeerPosition::Lower,
            }
        } else if r <= n {
            PeerPosition::Upper
        } else if r > 2 * n {
            PeerPosition::Lower
        } else {
            PeerPosition::Middle
        })
    }

    /// The index among `n` options, best first. With an even count, middle takes the
    /// lower of the two central options (the prudent side).
    pub fn index(self, n: usize) -> usize {
        match self {
            PeerPosition::Upper => 0,
            PeerPosition::Middle => n / 2,
            PeerPosition::Lower => n.saturating_sub(1),
        }
        .min(n.saturating_sub(1))
    }

    /// The relative position of option `index` among `n`.
    pub fn of_index(index: usize, n: usize) -> PeerPosition {
        if n <= 1 {
            PeerPosition::Middle
        } else if index == 0 {
            PeerPosition::Upper
        } else if index + 1 >= n {
            PeerPosition::Lower
        } else {
            PeerPosition::Middle
        }
    }
}

/// A rank among workbook peers with the same global level on the same scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct PeerRank {
    /// 1 = the strongest.
    pub rank: u32,
    pub of: u32,
}

/// The sovereign of the entity's country (N-6; on a regional scale the entity's own,
/// N-12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Sovereign {
    pub country: String,
    /// The sovereign's global local-currency credit quality.
    pub global_lc: GlobalRating,
    /// The sovereign's global foreign-currency credit quality; needed only on a spec keyed
    /// on foreign currency (Austin Rating anchors on the FC sovereign rating).
    #[serde(default)]
    pub global_fc: Option<GlobalRating>,
    /// The sovereign's national rating when it is recorded; otherwise the best option its
    /// global quality (in the spec's key currency) maps to (the sovereign is usually among
    /// the strongest credits of its country).
    #[serde(default)]
    pub national: Option<String>,
}

/// A holistic adjustment (N-5): −3…+3 notches and the rationale in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Holistic {
    pub notches: i32,
    #[serde(default)]
    pub rationale: String,
}

/// The inputs of one entity (without its issues): what a workbook row holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct EntityInput {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub entity_type: EntityType,
    /// The entity's country; defaults to the sovereign's.
    #[serde(default)]
    pub country: Option<String>,
    /// Global local-currency credit quality (for N-9 sectors: the issue's or fund's).
    pub global_lc: GlobalRating,
    /// Global foreign-currency credit quality (transfer and convertibility), needed for
    /// foreign-currency issues (N-8d) and for specs keyed on foreign currency.
    #[serde(default)]
    pub global_fc: Option<GlobalRating>,
    pub sovereign: Sovereign,
    #[serde(default)]
    pub peer_position: Option<PeerPosition>,
    #[serde(default)]
    pub peer_rank: Option<PeerRank>,
    /// The analyst's pick among the options (N-4), overriding the suggestion.
    #[serde(default)]
    pub chosen_option: Option<String>,
    /// Expected transition (outlook) that tilts the suggestion one option (N-4).
    #[serde(default)]
    pub expected_transition: Option<Outlook>,
    #[serde(default)]
    pub holistic: Option<Holistic>,
    /// "Passes the ratings-above-the-sovereign stress test" as recorded (N-6).
    #[serde(default)]
    pub above_sovereign_stress_passed: bool,
    /// Use the alternative short-term mapping: liquidity exceptional or a key strength
    /// (N-7).
    #[serde(default)]
    pub liquidity_alternative: bool,
}

/// A holistic adjustment as [`EntityView`] holds it: the rationale borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HolisticView<'a> {
    pub notches: i32,
    pub rationale: &'a str,
}

impl Holistic {
    pub fn view(&self) -> HolisticView<'_> {
        HolisticView {
            notches: self.notches,
            rationale: &self.rationale,
        }
    }
}

/// The sovereign as [`EntityView`] holds it: the texts borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SovereignView<'a> {
    pub country: &'a str,
    pub global_lc: GlobalRating,
    pub global_fc: Option<GlobalRating>,
    pub national: Option<&'a str>,
}

/// An entity's inputs with every text borrowed (from an [`EntityInput`], or straight from
/// the buffer a file was read into), so that rating many entities allocates nothing per
/// entity. The rules read entities only through this view: [`rate_entity`] and
/// [`final_grade`] run the same code on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityView<'a> {
    pub id: &'a str,
    pub entity_type: EntityType,
    pub country: Option<&'a str>,
    pub global_lc: GlobalRating,
    pub global_fc: Option<GlobalRating>,
    pub sovereign: SovereignView<'a>,
    pub peer_position: Option<PeerPosition>,
    pub peer_rank: Option<PeerRank>,
    pub chosen_option: Option<&'a str>,
    pub expected_transition: Option<Outlook>,
    pub holistic: Option<HolisticView<'a>>,
    pub above_sovereign_stress_passed: bool,
    pub liquidity_alternative: bool,
}

impl EntityInput {
    /// The same inputs, borrowed.
    pub fn view(&self) -> EntityView<'_> {
        EntityView {
            id: &self.id,
            entity_type: self.entity_type,
            country: self.country.as_deref(),
            global_lc: self.global_lc,
            global_fc: self.global_fc,
            sovereign: SovereignView {
                country: &self.sovereign.country,
                global_lc: self.sovereign.global_lc,
                global_fc: self.sovereign.global_fc,
                national: self.sovereign.national.as_deref(),
            },
            peer_position: self.peer_position,
            peer_rank: self.peer_rank,
            chosen_option: self.chosen_option.as_deref(),
            expected_transition: self.expected_transition,
            holistic: self.holistic.as_ref().map(Holistic::view),
            above_sovereign_stress_passed: self.above_sovereign_stress_passed,
            liquidity_alternative: self.liquidity_alternative,
        }
    }
}

impl EntityView<'_> {
    /// The same inputs, owned.
    pub fn to_input(&self) -> EntityInput {
        EntityInput {
            id: self.id.to_string(),
            entity_type: self.entity_type,
            country: self.country.map(str::to_string),
            global_lc: self.global_lc,
            global_fc: self.global_fc,
            sovereign: Sovereign {
                country: self.sovereign.country.to_string(),
                global_lc: self.sovereign.global_lc,
                global_fc: self.sovereign.global_fc,
                national: self.sovereign.national.map(str::to_string),
            },
            peer_position: self.peer_position,
            peer_rank: self.peer_rank,
            chosen_option: self.chosen_option.map(str::to_string),
            expected_transition: self.expected_transition,
            holistic: self.holistic.map(|h| Holistic {
                notches: h.notches,
                rationale: h.rationale.to_string(),
            }),
            above_sovereign_stress_passed: self.above_sovereign_stress_passed,
            liquidity_alternative: self.liquidity_alternative,
        }
    }
}

/// A national rating case (the `ratebook national rate --case` file): which spec, the
/// rating date, the entity and its issues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// What the case illustrates; fictional entities say so.
    #[serde(default)]
    pub label: String,
    /// A spec id (a shipped one, or one loaded by the shell); the version in force on
    /// `date` of the same scale is used.
    pub spec: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: NaiveDate,
    pub entity: EntityInput,
    #[serde(default)]
    pub issues: Vec<IssueInput>,
}

/// The issuer-level (or, for N-9 sectors, instrument-level) outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssuerOutcome {
    /// N-10 label: what this rating is.
    pub label: String,
    /// The global input and which key it is.
    pub global: String,
    pub key: String,
    /// Indicative options (N-3).
    pub options: Vec<String>,
    /// The option chosen (N-4).
    pub selected: String,
    /// After holistic adjustment and sovereign cap (N-5, N-6).
    #[serde(rename = "final")]
    pub final_rating: String,
    /// N-7.
    pub short_term: String,
    /// The sovereign's national rating used for N-5 and N-6, or null when it is xxAAA.
    pub sovereign_cap: Option<String>,
}

/// The result of rating a case: the spec and parameter versions used, the outcome, the
/// issues, warnings for the committee and the trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NationalRating {
    pub id: String,
    pub spec: String,
    pub spec_version: String,
    pub notching_version: String,
    pub issuer: IssuerOutcome,
    pub issues: Vec<IssueRating>,
    pub warnings: Vec<Finding>,
    pub trace: Trace,
    /// The final grade, for batch comparison (N-13); not shown.
    #[serde(skip)]
    pub final_grade: Option<GlobalRating>,
}

/// What the issuer step hands to the issue step.
pub(crate) struct IssuerContext {
    pub global_icr: GlobalRating,
    pub national_icr: GlobalRating,
    pub position: PeerPosition,
    pub options: usize,
    pub cap: Option<GlobalRating>,
    pub stress_passed: bool,
}

/// N-5: applies a holistic adjustment to `grade`, tracing it. `options` is the number of
/// options at the global level (a larger adjustment draws a warning); `cap` is the
/// sovereign's national rating (None when xxAAA).
#[allow(clippy::too_many_arguments)]
pub(crate) fn apply_holistic(
    spec: &MappingSpec,
    field: &str,
    subject: &TraceMessage,
    grade: GlobalRating,
    holistic: HolisticView<'_>,
    options: usize,
    cap: Option<GlobalRating>,
    steps: &mut Steps,
) -> Result<GlobalRating, NationalError> {
    let n = holistic.notches;
    if !(-3..=3).contains(&n) {
        return Err(NationalError::HolisticOutOfRange {
            field: format!("{field}.notches"),
            value: n,
        });
    }
    if n == 0 {
        return Ok(grade);
    }
    if holistic.rationale.trim().is_empty() {
        return Err(NationalError::HolisticWithoutRationale {
            field: format!("{field}.rationale"),
            notches: n,
        });
    }
    let moved = grade
        .shift(n)
        .ok_or_else(|| NationalError::HolisticOnDefault {
            field: format!("{field}.notches"),
            value: spec.symbol(grade),
        })?;
    if let Some(cap) = cap {
        if n > 0 && moved.result < cap && moved.result < grade {
            return Err(NationalError::HolisticAboveSovereign {
                field: format!("{field}.notches"),
                notches: n,
                before: spec.symbol(grade),
                after: spec.symbol(moved.result),
                sovereign: spec.symbol(cap),
            });
        }
    }
    if n.unsigned_abs() as usize > options {
        warn_finding!(
            steps,
            Finding::worded(
                "N-5",
                "holistic-size",
                msg!(
                    "national.warning.holistic_size",
                    field = field,
                    notches = n,
                    options = options,
                ),
            )
        );
    }
    step!(
        steps,
        "N-5",
        section::HOLISTIC,
        subject.clone(),
        spec.symbol(grade),
        spec.symbol(moved.result),
        msg!(
            "national.holistic",
            notches = format!("{n:+}"),
            rationale = holistic.rationale.trim(),
            clamped = clamped(moved.clamped),
        ),
    );
    Ok(moved.result)
}

/// N-6: caps `grade` at the sovereign's national rating unless the stress test was passed.
pub(crate) fn apply_sovereign_cap(
    spec: &MappingSpec,
    subject: &TraceMessage,
    grade: GlobalRating,
    cap: Option<GlobalRating>,
    stress_passed: bool,
    steps: &mut Steps,
) -> GlobalRating {
    let Some(cap) = cap else {
        return grade;
    };
    if grade.notch().is_none() || grade >= cap {
        return grade;
    }
    if stress_passed {
        step!(
            steps,
            "N-6",
            section::SOVEREIGN,
            subject.clone(),
            spec.symbol(grade),
            spec.symbol(grade),
            msg!(
                "national.sovereign_stress_passed",
                sovereign = spec.symbol(cap)
            ),
        );
        return grade;
    }
    step!(
        steps,
        "N-6",
        section::SOVEREIGN,
        subject.clone(),
        spec.symbol(grade),
        spec.symbol(cap),
        msg!("national.sovereign_capped", sovereign = spec.symbol(cap)),
    );
    warn_finding!(
        steps,
        Finding::worded(
            "N-6",
            "sovereign-cap",
            msg!(
                "national.warning.sovereign_cap",
                subject = subject.clone(),
                rating = spec.symbol(grade),
                cap = spec.symbol(cap),
            ),
        )
    );
    cap
}

/// Why an option was chosen (N-4), kept as values so the words are written only when the
/// trace is recorded.
enum Choice {
    Analyst,
    Position {
        position: PeerPosition,
        rank: Option<PeerRank>,
        tilt: Option<Outlook>,
        tilted: bool,
    },
}

fn show(spec: &MappingSpec, options: &[GlobalRating]) -> String {
    options
        .iter()
        .map(|g| spec.symbol(*g))
        .collect::<Vec<_>>()
        .join(", ")
}

/// N-4: chooses among `options` (grades, best first).
fn choose(
    spec: &MappingSpec,
    global: GlobalRating,
    options: &[GlobalRating],
    entity: &EntityView<'_>,
    steps: &mut Steps,
) -> Result<usize, NationalError> {
    let (idx, choice) = if let Some(chosen) = entity.chosen_option {
        let symbol = spec
            .affixes
            .parse(chosen)
            .map_err(|source| NationalError::Symbol {
                field: "chosen_option".into(),
                source,
            })?;
        let idx = options
            .iter()
            .position(|g| *g == symbol.grade)
            .ok_or_else(|| NationalError::OptionNotListed {
                field: "chosen_option".into(),
                value: chosen.to_string(),
                global,
                options: show(spec, options),
            })?;
        (idx, Choice::Analyst)
    } else {
        let position = match (entity.peer_rank, entity.peer_position) {
            (Some(r), _) => {
                PeerPosition::from_rank(r.rank, r.of).ok_or_else(|| NationalError::PeerRank {
                    field: "peer_rank".into(),
                    value: format!("{} of {}", r.rank, r.of),
                })?
            }
            (None, Some(p)) => p,
            (None, None) => PeerPosition::Middle,
        };
        let mut idx = position.index(options.len());
        let before_tilt = idx;
        match entity.expected_transition {
            Some(Outlook::Positive) if idx > 0 => idx -= 1,
            Some(Outlook::Negative) if idx + 1 < options.len() => idx += 1,
            _ => {}
        }
        (
            idx,
            Choice::Position {
                position,
                rank: entity.peer_rank,
                tilt: entity.expected_transition,
                tilted: idx != before_tilt,
            },
        )
    };
    step!(
        steps,
        "N-4",
        section::WITH_ICR,
        msg!("subject.option"),
        show(spec, options),
        spec.symbol(options[idx]),
        choice_reason(spec, global, options.len(), idx, &choice, entity),
    );
    Ok(idx)
}

fn choice_reason(
    spec: &MappingSpec,
    global: GlobalRating,
    n: usize,
    idx: usize,
    choice: &Choice,
    entity: &EntityView<'_>,
) -> TraceMessage {
    let Choice::Position {
        position,
        rank,
        tilt,
        tilted,
    } = choice
    else {
        return msg!("national.option_analyst");
    };
    let why = match (rank, entity.peer_position) {
        (Some(r), _) => msg!(
            "national.option_peer_rank",
            rank = r.rank,
            of = r.of,
            global = global.as_str(),
            scale = spec.scale_code.as_str(),
            position = position_message(*position),
        ),
        (None, Some(p)) => msg!(
            "national.option_peer_position",
            global = global.as_str(),
            position = position_message(p),
        ),
        (None, None) => msg!("national.option_no_peer_position"),
    };
    let base = position.index(n);
    let option = if n == 1 {
        msg!("national.option_only")
    } else {
        msg!("national.option_n_of", option = base + 1, of = n)
    };
    let tilt = match (tilt, tilted) {
        (Some(Outlook::Positive), true) => Some(msg!("national.tilt_up")),
        (Some(Outlook::Negative), true) => Some(msg!("national.tilt_down")),
        (Some(o), _) => Some(msg!(
            "national.tilt_none",
            transition = transition_message(*o)
        )),
        (None, _) => None,
    };
    debug_assert!(idx < n);
    msg!(
        "national.option_chosen",
        why = vec![why],
        option = vec![option],
        tilt = tilt.map(|t| vec![t]).unwrap_or_default(),
    )
}

/// A mapping key as a catalogue phrase.
fn key_message(key: MappingKey) -> TraceMessage {
    TraceMessage::new(match key {
        MappingKey::LocalCurrency => "national.key.local_currency",
        MappingKey::ForeignCurrency => "national.key.foreign_currency",
    })
}

/// The label of what is rated (N-9, N-10) as a catalogue phrase.
pub fn label_message(kind: EntityType) -> TraceMessage {
    TraceMessage::new(match kind {
        EntityType::Issuer => "national.label.issuer",
        EntityType::Nohc => "national.label.nohc",
        EntityType::StandAlone => "national.label.stand_alone",
        EntityType::InsurerFsr => "national.label.insurer_fsr",
        EntityType::Fund => "national.label.fund",
        EntityType::ProjectFinance => "national.label.project_finance",
        EntityType::StructuredFinance => "national.label.structured_finance",
    })
}

/// A peer position as a catalogue phrase.
fn position_message(p: PeerPosition) -> Vec<TraceMessage> {
    vec![TraceMessage::new(&format!(
        "national.position.{}",
        p.as_str()
    ))]
}

/// An expected transition (an outlook) as a catalogue phrase.
fn transition_message(o: Outlook) -> Vec<TraceMessage> {
    vec![TraceMessage::new(&format!(
        "national.transition.{}",
        o.as_str().to_lowercase()
    ))]
}

/// The sovereign's national rating on `spec`, or None when its quality (local currency,
/// or foreign currency on a spec keyed on it) maps to xxAAA (no cap, N-6).
fn sovereign_cap(
    spec: &MappingSpec,
    sovereign: &SovereignView<'_>,
    steps: &mut Steps,
) -> Result<Option<GlobalRating>, NationalError> {
    // The seed compares with the sovereign's local-currency quality; a spec keyed on foreign
    // currency compares like with like.
    let (sov_global, currency) = match spec.key {
        MappingKey::LocalCurrency => (sovereign.global_lc, "local_currency"),
        MappingKey::ForeignCurrency => (
            sovereign.global_fc.ok_or_else(|| NationalError::Missing {
                rule: "N-6",
                field: "sovereign.global_fc".into(),
                why: msg!("national.error.why.keyed_foreign", spec = spec.id.as_str()),
            })?,
            "foreign_currency",
        ),
    };
    let national = match sovereign.national {
        Some(text) => {
            spec.affixes
                .parse(text)
                .map_err(|source| NationalError::Symbol {
                    field: "sovereign.national".into(),
                    source,
                })?
                .grade
        }
        None => *spec
            .options(sov_global)
            .and_then(|o| o.first())
            .ok_or_else(|| NationalError::NotCovered {
                spec: spec.id.clone(),
                global: sov_global,
                covered: spec.covered(),
            })?,
    };
    let cap = (national != GlobalRating::Aaa).then_some(national);
    step!(
        steps,
        "N-6",
        section::SOVEREIGN,
        msg!("subject.sovereign"),
        msg!(
            "value.sovereign_quality",
            country = sovereign.country,
            global = sov_global.as_str(),
            currency = vec![TraceMessage::new(match currency {
                "local_currency" => "value.currency.local",
                _ => "value.currency.foreign",
            })],
        ),
        spec.symbol(national),
        match cap {
            None => msg!("national.sovereign_no_cap"),
            Some(_) => msg!("national.sovereign_cap", sovereign = spec.symbol(national)),
        },
    );
    Ok(cap)
}

/// The issuer-level outcome as grades (N-1…N-6, N-9, N-10), before any text is written.
struct Evaluated<'a> {
    global: GlobalRating,
    key: MappingKey,
    subject: &'static str,
    options: &'a [GlobalRating],
    idx: usize,
    grade: GlobalRating,
    cap: Option<GlobalRating>,
}

/// The subject of the steps of a run that records none: never written.
static NOT_RECORDED: TraceMessage = TraceMessage {
    key: String::new(),
    args: std::collections::BTreeMap::new(),
};

/// The rules of the issuer step. `issues_given` only matters for N-9's refusal.
fn evaluate<'a>(
    spec: &'a MappingSpec,
    entity: &EntityView<'_>,
    issues_given: bool,
    steps: &mut Steps,
) -> Result<Evaluated<'a>, NationalError> {
    let kind = entity.entity_type;

    // N-12: the entity's own sovereign must be on this scale.
    let country = entity.country.unwrap_or(entity.sovereign.country);
    if entity
        .country
        .is_some_and(|c| c != entity.sovereign.country)
    {
        return Err(NationalError::SovereignNotOwn {
            country: country.to_string(),
            sovereign: entity.sovereign.country.to_string(),
        });
    }
    if !spec.covers_country(country) {
        return Err(NationalError::SovereignNotInScale {
            country: country.to_string(),
            scale: spec.scale_code.clone(),
            countries: spec.countries.join(", "),
        });
    }

    // N-1 key, N-9 sectors.
    let (global, key) = match spec.key {
        MappingKey::LocalCurrency => (entity.global_lc, MappingKey::LocalCurrency),
        MappingKey::ForeignCurrency => (
            entity.global_fc.ok_or_else(|| NationalError::Missing {
                rule: "N-1",
                field: "global_fc".into(),
                why: msg!("national.error.why.keyed_foreign", spec = spec.id.as_str()),
            })?,
            MappingKey::ForeignCurrency,
        ),
    };
    let (subject, input_section) = if kind.without_icr() {
        if issues_given {
            return Err(NationalError::NotApplicable {
                rule: "N-9",
                field: "issues".into(),
                why: msg!("national.error.why.no_icr", kind = label_message(kind)),
            });
        }
        ("subject.instrument", section::WITHOUT_ICR)
    } else {
        ("subject.issuer", section::WITH_ICR)
    };
    // Only a recording run builds the subject's message (the steps that quote it are
    // written only then).
    let recorded;
    let subject_msg = if steps.on {
        recorded = TraceMessage::new(subject);
        &recorded
    } else {
        &NOT_RECORDED
    };
    step!(
        steps,
        "N-1",
        section::FRAMEWORK,
        subject_msg.clone(),
        "",
        format!("{} v{}", spec.id, spec.version),
        // The same facts, worded for an issue rating or an issuer's.
        TraceMessage::new(if kind.without_icr() {
            "national.spec_issue"
        } else {
            "national.spec_issuer"
        })
        .arg("spec", spec.id.as_str())
        .arg("name", spec.name.as_str())
        .arg("version", spec.version.as_str())
        .arg("effective", spec.effective_date)
        .arg("key", vec![key_message(key)]),
    );
    if spec.scale_type == ScaleType::Regional {
        step!(
            steps,
            "N-12",
            section::PRINCIPLES,
            msg!("subject.sovereign"),
            spec.scale_code.as_str(),
            country,
            msg!(
                "national.regional",
                scale = spec.scale_code.as_str(),
                country = country,
            ),
        );
    }

    // N-6: the sovereign's national rating (the cap).
    let cap = sovereign_cap(spec, &entity.sovereign, steps)?;

    // N-3.
    let options = mapping::forward_grades(spec, global)?;
    step!(
        steps,
        "N-3",
        input_section,
        subject_msg.clone(),
        global.as_str(),
        show(spec, options),
        mapping::forward_reason(spec, global),
    );

    // N-4.
    let idx = choose(spec, global, options, entity, steps)?;

    // N-5.
    let mut grade = options[idx];
    if let Some(h) = entity.holistic {
        grade = apply_holistic(
            spec,
            "holistic",
            subject_msg,
            grade,
            h,
            options.len(),
            cap,
            steps,
        )?;
    }

    // N-6.
    grade = apply_sovereign_cap(
        spec,
        subject_msg,
        grade,
        cap,
        entity.above_sovereign_stress_passed,
        steps,
    );

    // N-10 / N-9 label.
    let label_section = match kind {
        EntityType::Nohc => Some(section::NOHC),
        EntityType::StandAlone => Some(section::STAND_ALONE),
        EntityType::InsurerFsr => Some(section::PRINCIPLES),
        EntityType::Fund | EntityType::ProjectFinance | EntityType::StructuredFinance => {
            Some(section::WITHOUT_ICR)
        }
        EntityType::Issuer => None,
    };
    if let Some(sec) = label_section {
        step!(
            steps,
            if kind.without_icr() { "N-9" } else { "N-10" },
            sec,
            subject_msg.clone(),
            spec.symbol(grade),
            spec.affixes.format_symbol(NationalSymbol {
                grade,
                fund: kind == EntityType::Fund
            }),
            msg!("national.labelled", label = vec![label_message(kind)]),
        );
    }

    Ok(Evaluated {
        global,
        key,
        subject,
        options,
        idx,
        grade,
        cap,
    })
}

/// The final national grade of `entity` under `spec` (N-1…N-6), without writing a trace:
/// the same rules as [`rate_entity`], for comparisons over many entities (N-13).
pub fn final_grade(
    spec: &MappingSpec,
    entity: &EntityInput,
) -> Result<GlobalRating, NationalError> {
    final_grade_of(spec, &entity.view())
}

/// [`final_grade`] of an entity whose texts are borrowed: allocates nothing unless the
/// entity cannot be rated (the error names the field and the value).
pub fn final_grade_of(
    spec: &MappingSpec,
    entity: &EntityView<'_>,
) -> Result<GlobalRating, NationalError> {
    evaluate(spec, entity, false, &mut Steps::outcome_only()).map(|e| e.grade)
}

/// Rates one entity and its issues under `spec` (already the version in force).
pub fn rate_entity(
    spec: &MappingSpec,
    params: &NationalParameters,
    entity: &EntityInput,
    issues: &[IssueInput],
) -> Result<NationalRating, NationalError> {
    let mut steps = Steps::recording();
    let e = evaluate(spec, &entity.view(), !issues.is_empty(), &mut steps)?;
    let kind = entity.entity_type;
    let final_symbol = spec.affixes.format_symbol(NationalSymbol {
        grade: e.grade,
        fund: kind == EntityType::Fund,
    });

    // N-7.
    let (st, table) =
        mapping::short_term_grade(spec, params, e.grade, entity.liquidity_alternative);
    let short_term = spec.affixes.format_short(st);
    step!(
        steps,
        "N-7",
        section::TABLE_2,
        TraceMessage::new(e.subject),
        final_symbol.as_str(),
        short_term.as_str(),
        mapping::short_term_reason(entity.liquidity_alternative, table),
    );

    // N-8.
    let ctx = IssuerContext {
        global_icr: e.global,
        national_icr: e.grade,
        position: PeerPosition::of_index(e.idx, e.options.len()),
        options: e.options.len(),
        cap: e.cap,
        stress_passed: entity.above_sovereign_stress_passed,
    };
    let mut rated_issues = Vec::with_capacity(issues.len());
    for (i, input) in issues.iter().enumerate() {
        rated_issues.push(issue::rate_issue(
            spec, params, entity, &ctx, i, input, &mut steps,
        )?);
    }

    Ok(NationalRating {
        id: entity.id.clone(),
        spec: spec.id.clone(),
        spec_version: spec.version.clone(),
        notching_version: format!("{} v{}", params.notching.id, params.notching.version),
        issuer: IssuerOutcome {
            label: kind.label().to_string(),
            global: e.global.to_string(),
            key: e.key.as_str().to_string(),
            options: e.options.iter().map(|g| spec.symbol(*g)).collect(),
            selected: spec.symbol(e.options[e.idx]),
            final_rating: final_symbol,
            short_term,
            sovereign_cap: e.cap.map(|c| spec.symbol(c)),
        },
        issues: rated_issues,
        warnings: steps.warnings,
        trace: steps.trace,
        final_grade: Some(e.grade),
    })
}

/// Rates a case: picks the version of the named spec's scale in force on the case date
/// (N-1), then runs [`rate_entity`].
pub fn rate_case(
    specs: &[MappingSpec],
    params: &NationalParameters,
    case: &Case,
) -> Result<NationalRating, NationalError> {
    let spec = super::spec::select(specs, &case.spec, Some(case.date))?;
    let mut rating = rate_entity(spec, params, &case.entity, &case.issues)?;
    if spec.id != case.spec {
        let mut first = Trace::new();
        first.step(
            "N-1",
            section::FRAMEWORK,
            msg!("subject.spec"),
            case.spec.clone(),
            format!("{} v{}", spec.id, spec.version),
            msg!(
                "national.spec_in_force",
                scale = spec.scale_code.as_str(),
                date = case.date,
                spec = spec.id.as_str(),
                effective = spec.effective_date,
            ),
        );
        rating.trace.0.splice(0..0, first.0);
    }
    Ok(rating)
}

/// One entity of a batch re-rate (the plain re-rate N-13 compares against).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BatchRow {
    pub id: String,
    pub global: String,
    pub selected: String,
    #[serde(rename = "final")]
    pub final_rating: String,
    pub short_term: String,
    /// Warnings of the pipeline (e.g. an N-6 cap), by rule.
    pub warnings: Vec<String>,
    /// The full trace, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Trace>,
}

/// An entity that could not be rated, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BatchFailure {
    pub id: String,
    pub message: String,
}

/// A batch re-rate of many entities under one spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BatchRating {
    pub spec: String,
    pub spec_version: String,
    pub notching_version: String,
    pub ratings: Vec<BatchRow>,
    pub failures: Vec<BatchFailure>,
}

/// Re-rates every entity under `spec` through the full pipeline (traces included; kept in
/// the rows only when `keep_traces`). Failures are listed with their reason, never dropped.
/// Entities are rated in parallel (each independently, pure); rows keep the input order.
pub fn rate_batch(
    spec: &MappingSpec,
    params: &NationalParameters,
    entities: &[EntityInput],
    keep_traces: bool,
) -> BatchRating {
    use rayon::prelude::*;
    let rated: Vec<Result<BatchRow, BatchFailure>> = entities
        .par_iter()
        .with_min_len(1024)
        .map(|e| match rate_entity(spec, params, e, &[]) {
            Ok(r) => Ok(BatchRow {
                id: r.id,
                global: r.issuer.global,
                selected: r.issuer.selected,
                final_rating: r.issuer.final_rating,
                short_term: r.issuer.short_term,
                warnings: r.warnings.into_iter().map(|w| w.rule).collect(),
                trace: keep_traces.then_some(r.trace),
            }),
            Err(err) => Err(BatchFailure {
                id: e.id.clone(),
                message: err.to_string(),
            }),
        })
        .collect();
    let mut ratings = Vec::with_capacity(rated.len());
    let mut failures = Vec::new();
    for r in rated {
        match r {
            Ok(row) => ratings.push(row),
            Err(f) => failures.push(f),
        }
    }
    BatchRating {
        spec: spec.id.clone(),
        spec_version: spec.version.clone(),
        notching_version: format!("{} v{}", params.notching.id, params.notching.version),
        ratings,
        failures,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn n4_peer_rank_thirds() {
        assert_eq!(PeerPosition::from_rank(1, 9), Some(PeerPosition::Upper));
        assert_eq!(PeerPosition::from_rank(3, 9), Some(PeerPosition::Upper));
        assert_eq!(PeerPosition::from_rank(4, 9), Some(PeerPosition::Middle));
        assert_eq!(PeerPosition::from_rank(6, 9), Some(PeerPosition::Middle));
        assert_eq!(PeerPosition::from_rank(7, 9), Some(PeerPosition::Lower));
        assert_eq!(PeerPosition::from_rank(1, 1), Some(PeerPosition::Middle));
        assert_eq!(PeerPosition::from_rank(2, 2), Some(PeerPosition::Lower));
        assert_eq!(PeerPosition::from_rank(0, 2), None);
        assert_eq!(PeerPosition::from_rank(3, 2), None);
    }

    #[test]
    fn n4_position_index_stays_inside_the_options() {
        for n in 1..=4 {
            for p in [
                PeerPosition::Upper,
                PeerPosition::Middle,
                PeerPosition::Lower,
            ] {
                assert!(p.index(n) < n);
            }
        }
        assert_eq!(PeerPosition::Middle.index(2), 1, "prudent side");
        assert_eq!(PeerPosition::Middle.index(3), 1);
    }
}
