//! Impact analysis (N-13): re-rate every entity under a candidate spec and report what
//! changes, as the seed's "less than 2% of national scale ratings would be affected".
//!
//! Both sides run the same rules as [`super::rate::rate_entity`] (through
//! [`super::rate::final_grade`], which skips writing the trace), so the comparison includes
//! option choice, holistic adjustments and the sovereign cap; an entity that cannot be rated
//! on one side is listed with the reason, never dropped. Re-rate one entity with
//! `rate_entity` to see its trace.

use super::compression::{compression, CompressionReport};
use super::notching::NationalParameters;
use super::rate::{final_grade, EntityInput};
use super::section;
use super::spec::MappingSpec;
use crate::scale::GlobalRating;
use crate::trace::{msg, Trace};
use serde::{Deserialize, Serialize};

/// The seed's expectation for a criteria change (001 §Impact On Outstanding Ratings).
pub const SEED_EXPECTED_SHARE: f64 = 0.02;

/// One entity whose final national rating changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RatingChange {
    pub id: String,
    pub from: String,
    pub to: String,
    /// Positive for an upgrade (notches up), negative for a downgrade.
    pub notches: i32,
}

/// An entity that could not be rated under one of the specs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImpactFailure {
    pub id: String,
    pub spec: String,
    pub message: String,
}

/// How many entities moved by a given number of notches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NotchBucket {
    pub notches: i32,
    pub count: u32,
}

/// N-13 result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImpactReport {
    pub spec_from: String,
    pub spec_to: String,
    pub entities: u32,
    /// Rated under both specs.
    pub compared: u32,
    pub changed: u32,
    pub upgrades: u32,
    pub downgrades: u32,
    /// changed / compared.
    pub share_affected: f64,
    /// The seed's "less than 2%" benchmark and whether this change stays within it.
    pub seed_expected_share: f64,
    pub within_seed_expectation: bool,
    pub notches: Vec<NotchBucket>,
    pub changes: Vec<RatingChange>,
    pub failures: Vec<ImpactFailure>,
    pub compression_from: CompressionReport,
    pub compression_to: CompressionReport,
    pub trace: Trace,
}

/// What one entity gives the comparison.
enum Outcome {
    /// Rated under both specs; the change when the final grades differ.
    Compared {
        from: GlobalRating,
        to: GlobalRating,
        change: Option<RatingChange>,
    },
    /// Not rated under one spec or both, with the reasons.
    Failed(Vec<ImpactFailure>),
}

/// Every national symbol of a spec, by grade, written once (a report of 100,000 changes
/// would otherwise format 200,000 symbols).
struct Symbols(Vec<String>);

impl Symbols {
    fn of(spec: &MappingSpec) -> Self {
        Symbols(
            GlobalRating::ALL
                .iter()
                .map(|g| spec.affixes.format(*g))
                .collect(),
        )
    }

    fn get(&self, grade: GlobalRating) -> String {
        // `ALL` lists the variants in declaration order, so the discriminant is the index.
        self.0[grade as usize].clone()
    }
}

/// Entities per parallel task: enough that splitting costs nothing next to the rules.
const CHUNK: usize = 4096;

fn compare(
    from: &MappingSpec,
    to: &MappingSpec,
    symbols: (&Symbols, &Symbols),
    e: &EntityInput,
) -> Outcome {
    match (final_grade(from, e), final_grade(to, e)) {
        (Ok(a), Ok(b)) => {
            let change = (a != b).then(|| {
                // Default states sit below C for the comparison.
                let pos = |g: GlobalRating| g.notch().map(i32::from).unwrap_or(22);
                RatingChange {
                    id: e.id.clone(),
                    from: symbols.0.get(a),
                    to: symbols.1.get(b),
                    notches: pos(a) - pos(b),
                }
            });
            Outcome::Compared {
                from: a,
                to: b,
                change,
            }
        }
        (a, b) => Outcome::Failed(
            [(from, a), (to, b)]
                .into_iter()
                .filter_map(|(spec, r)| {
                    r.err().map(|err| ImpactFailure {
                        id: e.id.clone(),
                        spec: spec.id.clone(),
                        message: err.to_string(),
                    })
                })
                .collect(),
        ),
    }
}

/// N-13: rates `entities` under `from` and `to` and compares the final ratings. Entities
/// are rated in parallel (each independently, pure); the report lists them in input order.
pub fn impact(
    from: &MappingSpec,
    to: &MappingSpec,
    params: &NationalParameters,
    entities: &[EntityInput],
) -> ImpactReport {
    let mut run = ImpactRun::new(from, to, params);
    run.add(entities);
    run.finish()
}

/// N-13 over entities that arrive in batches (a file read a block at a time, so that the
/// whole list never has to be held): [`ImpactRun::add`] each batch in order, then
/// [`ImpactRun::finish`]. The report is the one [`impact`] gives for the batches joined.
pub struct ImpactRun<'a> {
    from: &'a MappingSpec,
    to: &'a MappingSpec,
    params: &'a NationalParameters,
    symbols: (Symbols, Symbols),
    entities: u32,
    changes: Vec<RatingChange>,
    failures: Vec<ImpactFailure>,
    from_grades: Vec<GlobalRating>,
    to_grades: Vec<GlobalRating>,
    buckets: std::collections::BTreeMap<i32, u32>,
    upgrades: u32,
    downgrades: u32,
}

impl<'a> ImpactRun<'a> {
    pub fn new(from: &'a MappingSpec, to: &'a MappingSpec, params: &'a NationalParameters) -> Self {
        ImpactRun {
            from,
            to,
            params,
            symbols: (Symbols::of(from), Symbols::of(to)),
            entities: 0,
            changes: Vec::new(),
            failures: Vec::new(),
            from_grades: Vec::new(),
            to_grades: Vec::new(),
            buckets: Default::default(),
            upgrades: 0,
            downgrades: 0,
        }
    }

    /// Rates the next batch of entities (in parallel) and adds it to the comparison.
    pub fn add(&mut self, entities: &[EntityInput]) {
        use rayon::prelude::*;
        let (from, to) = (self.from, self.to);
        let symbols = (&self.symbols.0, &self.symbols.1);
        let outcomes: Vec<Outcome> = entities
            .par_iter()
            .with_min_len(CHUNK)
            .map(|e| compare(from, to, symbols, e))
            .collect();
        self.entities += entities.len() as u32;
        self.from_grades.reserve(entities.len());
        self.to_grades.reserve(entities.len());
        for outcome in outcomes {
            match outcome {
                Outcome::Compared { from, to, change } => {
                    self.from_grades.push(from);
                    self.to_grades.push(to);
                    if let Some(c) = change {
                        *self.buckets.entry(c.notches).or_default() += 1;
                        if c.notches > 0 {
                            self.upgrades += 1;
                        } else {
                            self.downgrades += 1;
                        }
                        self.changes.push(c);
                    }
                }
                Outcome::Failed(f) => self.failures.extend(f),
            }
        }
    }

    /// The report over every entity added.
    pub fn finish(self) -> ImpactReport {
        let ImpactRun {
            from,
            to,
            params,
            entities,
            changes,
            failures,
            from_grades,
            to_grades,
            buckets,
            upgrades,
            downgrades,
            ..
        } = self;
        let compared = from_grades.len() as u32;
        let changed = changes.len() as u32;
        let share_affected = if compared == 0 {
            0.0
        } else {
            f64::from(changed) / f64::from(compared)
        };
        let mut trace = Trace::new();
        trace.step(
            "N-13",
            section::IMPACT,
            msg!("subject.workbook"),
            format!("{} v{}", from.id, from.version),
            format!("{} v{}", to.id, to.version),
            msg!(
                "national.impact",
                changed = changed,
                compared = compared,
                share = format!("{:.2}", share_affected * 100.0),
                upgrades = upgrades,
                downgrades = downgrades,
                failures = failures.len(),
                expected = format!("{:.0}", SEED_EXPECTED_SHARE * 100.0),
            ),
        );
        let cp = &params.notching.compression;
        ImpactReport {
            spec_from: from.id.clone(),
            spec_to: to.id.clone(),
            entities,
            compared,
            changed,
            upgrades,
            downgrades,
            share_affected,
            seed_expected_share: SEED_EXPECTED_SHARE,
            within_seed_expectation: share_affected < SEED_EXPECTED_SHARE,
            notches: buckets
                .into_iter()
                .map(|(notches, count)| NotchBucket { notches, count })
                .collect(),
            changes,
            failures,
            compression_from: compression(from, &from_grades, cp),
            compression_to: compression(to, &to_grades, cp),
            trace,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn n13_an_impact_run_in_batches_reports_what_one_call_does() {
        let specs = crate::builtin::national_specs();
        let spec = |id: &str| specs.iter().find(|s| s.id == id).unwrap();
        let (from, to) = (spec("gcr-za-2016-12-09"), spec("gcr-za-2017-04-26"));
        let params = crate::builtin::national_parameters();
        let entities: Vec<EntityInput> = serde_json::from_str(include_str!(
            "../../../../fixtures/cases/national/impact-entities.json"
        ))
        .unwrap();
        let whole = impact(from, to, &params, &entities);
        assert!(whole.changed > 0 && !whole.failures.is_empty());
        let mut run = ImpactRun::new(from, to, &params);
        for batch in entities.chunks(3) {
            run.add(batch);
        }
        assert_eq!(run.finish(), whole);
    }

    #[test]
    fn n13_symbols_written_once_are_the_spec_symbols_of_every_grade() {
        for spec in crate::builtin::national_specs() {
            let symbols = Symbols::of(&spec);
            for g in GlobalRating::ALL {
                assert_eq!(symbols.get(*g), spec.affixes.format(*g), "{} {g}", spec.id);
            }
        }
    }
}
