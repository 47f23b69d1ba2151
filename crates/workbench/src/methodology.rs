//! Approving a methodology version over a workbook (SPEC C-7): the engine lists the ratings
//! the new version would change — national: the impact analysis N-13 of the new spec against
//! the approved one in force on the same scale, over every workbook issuer of the spec's
//! countries; titularización: the weighted score of every deal's stored factor assessments
//! re-scored with the new weights (T-3) — the core approves it, retires its predecessor and
//! puts those ratings under observation, and the workbook records all of it in one
//! transaction.

use crate::committee;
use crate::WorkbenchError;
use chrono::NaiveDate;
use ratebook_core::committee::agenda::{Subject, SubjectKind};
use ratebook_core::committee::history::outstanding;
use ratebook_core::committee::lifecycle::{self, AffectedRating, MethodologyApproval};
use ratebook_core::committee::lifecycle::{MethodologyRef, MethodologyState as CoreState};
use ratebook_core::committee::rules::MethodologyFamily;
use ratebook_core::national::impact::{ImpactReport, ImpactRun};
use ratebook_core::national::notching::NationalParameters;
use ratebook_core::national::rate::EntityInput;
use ratebook_core::national::spec::MappingSpec;
use ratebook_core::titularizacion::factor::FactorId;
use ratebook_core::titularizacion::ponderacion::Ponderacion;
use ratebook_store::methodology as store_methodology;
use ratebook_store::vocabulary::MethodologyState;
use ratebook_store::workflow::{self, ObservationRow, Transition};
use ratebook_store::{entities, titularizacion as store_tit, Stamp, Workbook};
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One deal re-scored with the new titularización weights (T-3).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rescore {
    pub titularizacion: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub score_before: Decimal,
    pub category_before: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub score_after: Decimal,
    pub category_after: String,
}

/// What an approval did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ApprovalReport {
    /// The core's approval: the version approved, those retired, the observations.
    pub approval: MethodologyApproval,
    /// National: the N-13 comparison the affected list comes from.
    pub impact: Option<ImpactReport>,
    /// Titularización: every deal's weighted score under both weightings.
    pub rescores: Vec<Rescore>,
    /// The approved version the new one was compared with, when there was one.
    pub compared_with: Option<String>,
}

/// Parses `--version`: `ID@VERSION`, or an id with exactly one draft version.
pub fn resolve(
    methodologies: &[ratebook_core::committee::lifecycle::MethodologyVersion],
    text: &str,
) -> Result<MethodologyRef, WorkbenchError> {
    if let Some((id, version)) = text.split_once('@') {
        return Ok(MethodologyRef {
            id: id.to_string(),
            version: version.to_string(),
        });
    }
    let drafts: Vec<_> = methodologies
        .iter()
        .filter(|m| m.id == text && m.state() == CoreState::Draft)
        .collect();
    match drafts.as_slice() {
        [one] => Ok(one.reference()),
        _ => Err(WorkbenchError::Approval {
            message: format!(
                "--version '{text}': give ID@VERSION; the workbook holds {} draft version(s) of '{text}' ({})",
                drafts.len(),
                methodologies
                    .iter()
                    .filter(|m| m.state() == CoreState::Draft)
                    .map(|m| format!("{}@{}", m.id, m.version))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
    }
}

fn weighted(p: &Ponderacion, scores: &[(FactorId, Decimal)]) -> Decimal {
    scores
        .iter()
        .map(|(f, s)| *s * p.weight(*f) / Decimal::ONE_HUNDRED)
        .sum()
}

/// Approves the draft `target` on `on`, lists and observes the ratings it would change.
pub fn approve(
    wb: &mut Workbook,
    stamp: &Stamp,
    target: &MethodologyRef,
    on: NaiveDate,
) -> Result<ApprovalReport, WorkbenchError> {
    let ctx = committee::context(wb.connection())?;
    let conn = wb.connection();
    let entry = ctx
        .methodologies
        .iter()
        .find(|m| m.id == target.id && m.version == target.version);
    let mut affected = Vec::new();
    let mut impact_report = None;
    let mut rescores = Vec::new();
    let mut compared_with = None;
    match entry.map(|m| m.family) {
        Some(MethodologyFamily::National) => {
            if let Some(job) = national_job(conn, &ctx, target, on)? {
                compared_with = Some(job.compared_with());
                let report = job.run(|_| {});
                for change in &report.changes {
                    let name = job.name_of(&change.id);
                    let decided = outstanding(&ctx.decisions, &change.id).map(|d| d.rating.clone());
                    // A rating the committee already holds at the new version's level does
                    // not change.
                    if decided.as_deref() == Some(change.to.as_str()) {
                        continue;
                    }
                    affected.push(AffectedRating {
                        subject: Subject {
                            kind: SubjectKind::Issuer,
                            id: change.id.clone(),
                            name,
                            parent: None,
                        },
                        current: decided.unwrap_or_else(|| change.from.clone()),
                        candidate: change.to.clone(),
                    });
                }
                impact_report = Some(report);
            }
        }
        Some(MethodologyFamily::Titularizacion) => {
            let new = ctx
                .catalogue
                .titularizacion
                .iter()
                .find(|e| e.id == target.id && e.version == target.version)
                .expect("listed titularización weights are in the catalogue");
            let current = ctx
                .catalogue
                .titularizacion
                .iter()
                .filter(|e| e.state == MethodologyState::Approved && e.effective_date <= on)
                .max_by_key(|e| e.effective_date);
            if let Some(current) = current {
                compared_with = Some(format!("{} {}", current.id, current.version));
                for deal in store_tit::list(conn)? {
                    let case = store_tit::case(conn, &deal.code)?;
                    let scores: Vec<(FactorId, Decimal)> = case
                        .factors
                        .iter()
                        .filter_map(|f| {
                            FactorId::from_code(f.factor.as_str()).map(|id| (id, f.score))
                        })
                        .collect();
                    if scores.len() != FactorId::ALL.len() {
                        continue;
                    }
                    let before = weighted(&current.value, &scores);
                    let after = weighted(&new.value, &scores);
                    let (cb, ca) = (
                        current.value.category_for_score(before).to_string(),
                        new.value.category_for_score(after).to_string(),
                    );
                    if cb != ca {
                        // The ratings of a deal are its classes' (and its own, when rated as
                        // a whole); the re-score moves the deal's model category (T-3).
                        let mut rated: Vec<&ratebook_core::committee::decision::Decision> =
                            Vec::new();
                        for d in &ctx.decisions {
                            if d.subject.belongs_to(&deal.code)
                                && !rated.iter().any(|r| r.subject.id == d.subject.id)
                            {
                                if let Some(o) = outstanding(&ctx.decisions, &d.subject.id) {
                                    rated.push(o);
                                }
                            }
                        }
                        if rated.is_empty() {
                            affected.push(AffectedRating {
                                subject: Subject {
                                    kind: SubjectKind::Titularizacion,
                                    id: deal.code.clone(),
                                    name: deal.name.clone(),
                                    parent: None,
                                },
                                current: cb.clone(),
                                candidate: ca.clone(),
                            });
                        }
                        for r in rated {
                            affected.push(AffectedRating {
                                subject: r.subject.clone(),
                                current: r.rating.clone(),
                                candidate: ca.clone(),
                            });
                        }
                    }
                    rescores.push(Rescore {
                        titularizacion: deal.code.clone(),
                        score_before: before.normalize(),
                        category_before: cb,
                        score_after: after.normalize(),
                        category_after: ca,
                    });
                }
            }
        }
        None => {}
    }
    let approval = lifecycle::approve(&ctx.methodologies, target, on, affected, &ctx.rules)?;
    let subjects = approval
        .observations
        .iter()
        .map(|o| serde_json::to_value(&o.subject).map_err(WorkbenchError::json))
        .collect::<Result<Vec<_>, _>>()?;
    wb.transact_durable(stamp, |w| {
        for r in &approval.retired {
            workflow::transition(
                w,
                &Transition {
                    id: r.id.clone(),
                    version: r.version.clone(),
                    state: MethodologyState::Retired,
                    on,
                },
            )?;
        }
        workflow::transition(
            w,
            &Transition {
                id: target.id.clone(),
                version: target.version.clone(),
                state: MethodologyState::Approved,
                on,
            },
        )?;
        for (o, subject) in approval.observations.iter().zip(subjects) {
            workflow::put_observation(
                w,
                &ObservationRow {
                    methodology_id: o.methodology.id.clone(),
                    methodology_version: o.methodology.version.clone(),
                    subject,
                    subject_id: o.subject.id.clone(),
                    current: o.current.clone(),
                    candidate: o.candidate.clone(),
                    placed_on: o.placed_on,
                    review_by: o.review_by,
                },
            )?;
        }
        Ok(())
    })?;
    Ok(ApprovalReport {
        approval,
        impact: impact_report,
        rescores,
        compared_with,
    })
}

/// The N-13 comparison of a candidate national spec with the approved version of the same
/// scale in force on a date, over every workbook issuer of the spec's countries, gathered
/// from the workbook so that it can run without it (off the window's thread, with the
/// workbook free for other commands).
pub struct NationalImpactJob {
    current: MappingSpec,
    candidate: MappingSpec,
    params: NationalParameters,
    inputs: Vec<EntityInput>,
    names: Vec<(String, String)>,
}

/// Entities per progress step: small enough for a bar that moves, large enough to keep the
/// engine's parallel batches full (`impact` splits work in blocks of 4,096).
const PROGRESS_BATCH: usize = 8192;

/// How far an impact run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImpactProgress {
    pub done: u32,
    pub total: u32,
}

impl NationalImpactJob {
    /// "id version" of the approved spec the candidate is compared with.
    pub fn compared_with(&self) -> String {
        format!("{} {}", self.current.id, self.current.version)
    }

    /// How many entities the run re-rates.
    pub fn len(&self) -> usize {
        self.inputs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
    }

    /// The workbook's name of an issuer (empty when unknown).
    pub fn name_of(&self, code: &str) -> String {
        self.names
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    }

    /// Runs N-13 in batches through the core's [`ImpactRun`] (the same report as the
    /// one-shot `impact`, tested in the core), calling `progress` before the first batch
    /// and after each one.
    pub fn run(&self, mut progress: impl FnMut(ImpactProgress)) -> ImpactReport {
        let total = self.inputs.len() as u32;
        let mut run = ImpactRun::new(&self.current, &self.candidate, &self.params);
        progress(ImpactProgress { done: 0, total });
        let mut done = 0u32;
        for batch in self.inputs.chunks(PROGRESS_BATCH) {
            run.add(batch);
            done += batch.len() as u32;
            progress(ImpactProgress { done, total });
        }
        run.finish()
    }
}

/// The comparison `target` (a national spec) would be approved with on `on`; `None` when
/// the workbook holds no approved version of its scale in force then, or no national
/// parameters.
fn national_job(
    conn: &Connection,
    ctx: &committee::Context,
    target: &MethodologyRef,
    on: NaiveDate,
) -> Result<Option<NationalImpactJob>, WorkbenchError> {
    let Some(new) = ctx
        .catalogue
        .national_specs
        .iter()
        .find(|e| e.id == target.id && e.version == target.version)
    else {
        return Err(WorkbenchError::Candidate {
            field: "version".into(),
            value: format!("{}@{}", target.id, target.version),
            accepted: "a national spec version stored in the workbook".into(),
        });
    };
    let current = ctx
        .catalogue
        .national_specs
        .iter()
        .filter(|e| {
            e.state == MethodologyState::Approved
                && e.value.scale_code == new.value.scale_code
                && e.effective_date <= on
        })
        .max_by_key(|e| e.effective_date);
    let (Some(current), Some(params)) = (current, ctx.catalogue.national_parameters()) else {
        return Ok(None);
    };
    // Each issuer is compared with the analyst inputs the workbook stores for it, as its
    // screen and the committee rate it.
    let stored: std::collections::BTreeMap<String, _> = ratebook_store::analyst_input::all(conn)?
        .into_iter()
        .collect();
    let mut inputs = Vec::new();
    let mut names = Vec::new();
    for issuer in entities::issuers(conn)? {
        if !new.value.covers_country(&issuer.country) {
            continue;
        }
        if let Ok(input) = committee::entity_input(conn, &issuer.code, stored.get(&issuer.code))? {
            names.push((issuer.code.clone(), issuer.name.clone()));
            inputs.push(input);
        }
    }
    Ok(Some(NationalImpactJob {
        current: current.value.clone(),
        candidate: new.value.clone(),
        params,
        inputs,
        names,
    }))
}

/// N-13 before approval: the job that compares the national spec `target` with the
/// approved version of its scale in force on `on`, exactly as [`approve`] on that date
/// would. Refused when `target` is not a national spec or nothing is approved to compare
/// it with.
pub fn impact_job(
    conn: &Connection,
    target: &MethodologyRef,
    on: NaiveDate,
) -> Result<NationalImpactJob, WorkbenchError> {
    let ctx = committee::context(conn)?;
    national_job(conn, &ctx, target, on)?.ok_or_else(|| WorkbenchError::Approval {
        message: format!(
            "{} {}: the workbook holds no approved version of its scale in force on {on} (or no national notching and short-term parameters) to compare it with",
            target.id, target.version
        ),
    })
}

/// One rating an impact analysis moves, as the Methodology screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImpactRow {
    pub id: String,
    pub name: String,
    pub from: String,
    pub to: String,
    /// Positive up, negative down (N-13).
    pub notches: i32,
    pub upgrade: bool,
}

/// An impact analysis with the names of the entities it moves.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImpactView {
    pub compared_with: String,
    pub candidate: String,
    pub rows: Vec<ImpactRow>,
    pub report: ImpactReport,
}

impl NationalImpactJob {
    /// Runs the job and names the entities it moves.
    pub fn view(&self, progress: impl FnMut(ImpactProgress)) -> ImpactView {
        let report = self.run(progress);
        ImpactView {
            compared_with: self.compared_with(),
            candidate: format!("{} {}", self.candidate.id, self.candidate.version),
            rows: report
                .changes
                .iter()
                .map(|c| ImpactRow {
                    id: c.id.clone(),
                    name: self.name_of(&c.id),
                    from: c.from.clone(),
                    to: c.to.clone(),
                    notches: c.notches,
                    upgrade: c.notches > 0,
                })
                .collect(),
            report,
        }
    }
}

/// One stored methodology version, as the Methodology screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MethodologyListing {
    pub kind: String,
    pub id: String,
    pub version: String,
    pub state: MethodologyState,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub effective_date: NaiveDate,
    pub source: String,
    /// How sure the data is: `verified`, `inferred`, `project-default`…
    pub basis: String,
    /// The C-7 approval date (recorded, or the effective date of a version filed approved).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub approved_on: Option<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub retired_on: Option<NaiveDate>,
    /// Whether the Methodology screen can open it as a candidate (national specs and
    /// titularización weights).
    pub editable: bool,
}

/// Every methodology version of the workbook, by kind, id and effective date, with its
/// state and approval dates (C-7).
pub fn overview(conn: &Connection) -> Result<Vec<MethodologyListing>, WorkbenchError> {
    let ctx = committee::context(conn)?;
    let transitions = workflow::transitions(conn)?;
    Ok(store_methodology::list(conn)?
        .into_iter()
        .map(|d| {
            let dated = ctx
                .methodologies
                .iter()
                .find(|m| m.id == d.id && m.version == d.version);
            let on = |state: MethodologyState| {
                transitions
                    .iter()
                    .find(|t| t.id == d.id && t.version == d.version && t.state == state)
                    .map(|t| t.on)
            };
            let approved_on = dated.and_then(|m| m.approved_on).or_else(|| {
                on(MethodologyState::Approved)
                    .or((d.state != MethodologyState::Draft).then_some(d.effective_date))
            });
            let retired_on = dated
                .and_then(|m| m.retired_on)
                .or_else(|| on(MethodologyState::Retired));
            MethodologyListing {
                editable: matches!(d.kind.as_str(), "national-spec" | "titularizacion-weights"),
                kind: d.kind,
                id: d.id,
                version: d.version,
                state: d.state,
                effective_date: d.effective_date,
                source: d.source,
                basis: d.basis,
                approved_on,
                retired_on,
            }
        })
        .collect())
}

/// A date typed in the window or on a command line (`YYYY-MM-DD`), or an error naming
/// the field.
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate, WorkbenchError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| WorkbenchError::Candidate {
        field: field.to_string(),
        value: text.to_string(),
        accepted: "a date YYYY-MM-DD".into(),
    })
}

/// C-7: who approves a version, as recorded in the audit chain; never empty.
pub fn approver(name: &str) -> Result<String, WorkbenchError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(WorkbenchError::Candidate {
            field: "approver".into(),
            value: String::new(),
            accepted: "the name of the person approving the version (C-7)".into(),
        });
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c7_an_approval_names_its_approver_and_a_readable_date() {
        assert_eq!(approver("  Ana Ruiz ").unwrap(), "Ana Ruiz");
        let err = approver(" ").unwrap_err();
        assert!(err.to_string().starts_with("approver ''"), "{err}");
        assert_eq!(
            parse_date("on", "2026-11-20").unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
        );
        let err = parse_date("on", "20/11/2026").unwrap_err();
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
    }
}
