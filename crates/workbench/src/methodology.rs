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
use ratebook_core::national::impact::{self, ImpactReport};
use ratebook_core::titularizacion::factor::FactorId;
use ratebook_core::titularizacion::ponderacion::Ponderacion;
use ratebook_store::vocabulary::MethodologyState;
use ratebook_store::workflow::{self, ObservationRow, Transition};
use ratebook_store::{entities, titularizacion as store_tit, Stamp, Workbook};
use rust_decimal::Decimal;
use serde::Serialize;

/// One deal re-scored with the new titularización weights (T-3).
#[derive(Debug, Clone, Serialize)]
pub struct Rescore {
    pub titularizacion: String,
    pub score_before: Decimal,
    pub category_before: String,
    pub score_after: Decimal,
    pub category_after: String,
}

/// What an approval did.
#[derive(Debug, Clone, Serialize)]
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
            // Invariant: the methodology list is built from the catalogue's specs.
            let new = ctx
                .catalogue
                .national_specs
                .iter()
                .find(|e| e.id == target.id && e.version == target.version)
                .expect("listed national spec is in the catalogue");
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
            if let (Some(current), Some(params)) = (current, ctx.catalogue.national_parameters()) {
                compared_with = Some(format!("{} {}", current.id, current.version));
                let mut inputs = Vec::new();
                let mut names = Vec::new();
                for issuer in entities::issuers(conn)? {
                    if !new.value.covers_country(&issuer.country) {
                        continue;
                    }
                    if let Ok(input) = committee::entity_input(conn, &issuer.code, None)? {
                        names.push((issuer.code.clone(), issuer.name.clone()));
                        inputs.push(input);
                    }
                }
                let report = impact::impact(&current.value, &new.value, &params, &inputs);
                for change in &report.changes {
                    let name = names
                        .iter()
                        .find(|(c, _)| c == &change.id)
                        .map(|(_, n)| n.clone())
                        .unwrap_or_default();
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
