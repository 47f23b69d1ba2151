//! Impact analysis (N-13): re-rate every entity under a candidate spec and report what
//! changes, as the seed's "less than 2% of national scale ratings would be affected".
//!
//! Both sides run the same rules as [`super::rate::rate_entity`] (through
//! [`super::rate::final_grade_of`], which skips writing the trace), so the comparison includes
//! option choice, holistic adjustments and the sovereign cap; an entity that cannot be rated
//! on one side is listed with the reason, never dropped. Re-rate one entity with
//! `rate_entity` to see its trace.

use super::compression::{compression_of_counts, CompressionReport};
use super::notching::NationalParameters;
use super::rate::{final_grade_of, EntityInput, EntityView};
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
    /// Rated under both specs.
    Compared {
        from: GlobalRating,
        to: GlobalRating,
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

    fn get(&self, grade: GlobalRating) -> &str {
        // `ALL` lists the variants in declaration order, so the discriminant is the index.
        &self.0[grade as usize]
    }
}

/// Entities per parallel task: enough that splitting costs nothing next to the rules.
const CHUNK: usize = 4096;

fn compare(from: &MappingSpec, to: &MappingSpec, e: &EntityView<'_>) -> Outcome {
    match (final_grade_of(from, e), final_grade_of(to, e)) {
        (Ok(a), Ok(b)) => Outcome::Compared { from: a, to: b },
        (a, b) => Outcome::Failed(
            [(from, a), (to, b)]
                .into_iter()
                .filter_map(|(spec, r)| {
                    r.err().map(|err| ImpactFailure {
                        id: e.id.to_string(),
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

/// A change as the run keeps it: the entity's id borrowed, the grades as values; the
/// symbols are written only in the report.
#[derive(Debug, Clone, Copy)]
struct Change<'e> {
    id: &'e str,
    from: GlobalRating,
    to: GlobalRating,
    notches: i32,
}

/// N-13 over entities that arrive in batches (a file read a block at a time, so that the
/// whole list never has to be held): [`ImpactRun::add`] (or [`ImpactRun::add_views`]) each
/// batch in order, then [`ImpactRun::finish`]. The report is the one [`impact`] gives for
/// the batches joined. The run borrows the ids of the entities that change (`'e`) until
/// the report is written.
pub struct ImpactRun<'a, 'e> {
    from: &'a MappingSpec,
    to: &'a MappingSpec,
    params: &'a NationalParameters,
    entities: u32,
    /// In order; one list per appended run (joined only when written).
    changes: Vec<Vec<Change<'e>>>,
    failures: Vec<ImpactFailure>,
    /// The final grades of the entities rated under both specs, counted by grade
    /// (indexed as `GlobalRating::ALL`) for N-14.
    from_counts: [u32; 23],
    to_counts: [u32; 23],
    compared: u32,
    outcomes: Vec<Outcome>,
}

impl<'a, 'e> ImpactRun<'a, 'e> {
    pub fn new(from: &'a MappingSpec, to: &'a MappingSpec, params: &'a NationalParameters) -> Self {
        ImpactRun {
            from,
            to,
            params,
            entities: 0,
            changes: vec![Vec::new()],
            failures: Vec::new(),
            from_counts: [0; 23],
            to_counts: [0; 23],
            compared: 0,
            outcomes: Vec::new(),
        }
    }

    /// Rates the next batch of entities (in parallel) and adds it to the comparison.
    pub fn add(&mut self, entities: &'e [EntityInput]) {
        use rayon::prelude::*;
        let (from, to) = (self.from, self.to);
        if entities.len() <= CHUNK {
            // One task's worth: rated here, each outcome counted as it comes.
            for e in entities {
                self.count(&e.id, compare(from, to, &e.view()));
            }
            return;
        }
        entities
            .par_iter()
            .with_min_len(CHUNK)
            .map(|e| compare(from, to, &e.view()))
            .collect_into_vec(&mut self.outcomes);
        self.tally(entities.iter().map(|e| e.id.as_str()));
    }

    /// Rates one more entity (here, not in parallel) and adds it to the comparison; its
    /// texts are borrowed, as [`ImpactRun::add_views`]' are.
    pub fn add_view(&mut self, entity: &EntityView<'e>) {
        self.count(entity.id, compare(self.from, self.to, entity));
    }

    /// [`ImpactRun::add`] for entities whose texts are borrowed (`'e`, e.g. the buffer a
    /// file was read into): the same rules, nothing allocated per entity.
    pub fn add_views(&mut self, entities: &[EntityView<'e>]) {
        use rayon::prelude::*;
        let (from, to) = (self.from, self.to);
        if entities.len() <= CHUNK {
            for e in entities {
                self.count(e.id, compare(from, to, e));
            }
            return;
        }
        entities
            .par_iter()
            .with_min_len(CHUNK)
            .map(|e| compare(from, to, e))
            .collect_into_vec(&mut self.outcomes);
        self.tally(entities.iter().map(|e| e.id));
    }

    /// Counts the outcomes of the last batch rated in parallel, whose ids are `ids` in the
    /// same order.
    fn tally(&mut self, ids: impl Iterator<Item = &'e str>) {
        let mut outcomes = std::mem::take(&mut self.outcomes);
        for (id, outcome) in ids.zip(outcomes.drain(..)) {
            self.count(id, outcome);
        }
        // Keep the allocation for the next batch.
        self.outcomes = outcomes;
    }

    /// Counts the outcome of the next entity, `id`.
    fn count(&mut self, id: &'e str, outcome: Outcome) {
        self.entities += 1;
        match outcome {
            Outcome::Compared { from, to } => {
                // `ALL` lists the variants in declaration order: the discriminant is the
                // index.
                self.from_counts[from as usize] += 1;
                self.to_counts[to as usize] += 1;
                self.compared += 1;
                if from != to {
                    // Default states sit below C for the comparison.
                    let pos = |g: GlobalRating| g.notch().map(i32::from).unwrap_or(22);
                    let change = Change {
                        id,
                        from,
                        to,
                        notches: pos(from) - pos(to),
                    };
                    match self.changes.last_mut() {
                        Some(list) => list.push(change),
                        None => self.changes.push(vec![change]),
                    }
                }
            }
            Outcome::Failed(f) => self.failures.extend(f),
        }
    }

    /// Adds the entities of `later`, a run over the same specs of the entities that follow
    /// this run's: runs over consecutive parts of a list (rated in parallel, say) appended
    /// in order give the report of one run over the whole list.
    ///
    /// # Panics
    /// If `later` compares other specs (a programming error, not a data one).
    pub fn append(&mut self, mut later: ImpactRun<'a, 'e>) {
        assert!(
            std::ptr::eq(self.from, later.from)
                && std::ptr::eq(self.to, later.to)
                && std::ptr::eq(self.params, later.params),
            "N-13: only runs over the same specs and parameters can be appended"
        );
        self.entities += later.entities;
        self.changes.append(&mut later.changes);
        self.failures.append(&mut later.failures);
        for (a, b) in self.from_counts.iter_mut().zip(later.from_counts) {
            *a += b;
        }
        for (a, b) in self.to_counts.iter_mut().zip(later.to_counts) {
            *a += b;
        }
        self.compared += later.compared;
    }

    /// The report over every entity added.
    pub fn finish(self) -> ImpactReport {
        self.finish_summary().to_report()
    }

    /// The report over every entity added, with the changes still borrowing their ids:
    /// serialised, it is byte for byte the JSON of [`ImpactRun::finish`]'s report (which
    /// [`ImpactSummary::to_report`] gives), without a `String` per change.
    pub fn finish_summary(self) -> ImpactSummary<'e> {
        let ImpactRun {
            from,
            to,
            params,
            entities,
            changes,
            failures,
            from_counts,
            to_counts,
            compared,
            ..
        } = self;
        let changed = changes.iter().map(Vec::len).sum::<usize>() as u32;
        // Notches run from -22 to 22 (a default state sits at 22): counted by offset.
        let mut buckets = [0u32; 45];
        let (mut upgrades, mut downgrades) = (0u32, 0u32);
        for c in changes.iter().flatten() {
            buckets[(c.notches + 22) as usize] += 1;
            if c.notches > 0 {
                upgrades += 1;
            } else {
                downgrades += 1;
            }
        }
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
        ImpactSummary {
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
            notches: (-22..=22)
                .zip(buckets)
                .filter(|(_, count)| *count > 0)
                .map(|(notches, count)| NotchBucket { notches, count })
                .collect(),
            changes: Changes {
                list: changes,
                symbols: (Symbols::of(from), Symbols::of(to)),
            },
            failures,
            compression_from: compression_of_counts(from, &from_counts, cp),
            compression_to: compression_of_counts(to, &to_counts, cp),
            trace,
        }
    }
}

/// The changes of a summary: the lists (in order) and both specs' symbols.
struct Changes<'e> {
    list: Vec<Vec<Change<'e>>>,
    symbols: (Symbols, Symbols),
}

impl Changes<'_> {
    fn rating_change(&self, c: &Change<'_>) -> RatingChange {
        RatingChange {
            id: c.id.to_string(),
            from: self.symbols.0.get(c.from).to_string(),
            to: self.symbols.1.get(c.to).to_string(),
            notches: c.notches,
        }
    }
}

impl Serialize for Changes<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// A [`RatingChange`] borrowed: the same fields, so the same JSON.
        #[derive(Serialize)]
        struct Borrowed<'s> {
            id: &'s str,
            from: &'s str,
            to: &'s str,
            notches: i32,
        }
        serializer.collect_seq(self.list.iter().flatten().map(|c| Borrowed {
            id: c.id,
            from: self.symbols.0.get(c.from),
            to: self.symbols.1.get(c.to),
            notches: c.notches,
        }))
    }
}

/// JSON of a value into a buffer, for [`ImpactSummary::write_json`].
mod erased {
    pub trait Json {
        fn json_into(&self, out: &mut Vec<u8>);
    }

    impl<T: serde::Serialize + ?Sized> Json for T {
        fn json_into(&self, out: &mut Vec<u8>) {
            // Invariant: the values written have string keys and finite or JSON-null
            // numbers only; serde_json cannot fail writing them into a Vec.
            serde_json::to_writer(&mut *out, self).expect("JSON into a Vec");
        }
    }
}

/// An [`ImpactReport`] whose changes borrow their ids (`'e`) and symbols: what a shell
/// that only prints the report needs (its JSON is the report's, byte for byte).
#[derive(Serialize)]
#[serde(rename = "ImpactReport")]
pub struct ImpactSummary<'e> {
    spec_from: String,
    spec_to: String,
    entities: u32,
    compared: u32,
    changed: u32,
    upgrades: u32,
    downgrades: u32,
    share_affected: f64,
    seed_expected_share: f64,
    within_seed_expectation: bool,
    notches: Vec<NotchBucket>,
    changes: Changes<'e>,
    failures: Vec<ImpactFailure>,
    compression_from: CompressionReport,
    compression_to: CompressionReport,
    trace: Trace,
}

impl ImpactSummary<'_> {
    /// Writes the summary as compact JSON into `out`: byte for byte what
    /// `serde_json::to_vec` gives for it (and for [`ImpactSummary::to_report`]), the
    /// changes written straight into the buffer, without the serialiser's work per field.
    /// `flush` is given the buffer whenever it holds `chunk` bytes or more (and at the
    /// end); it may take the bytes (leaving an empty buffer in their place) and the buffer
    /// is emptied after it, so that a long report never has to be held.
    pub fn write_json<E>(
        &self,
        out: &mut Vec<u8>,
        chunk: usize,
        mut flush: impl FnMut(&mut Vec<u8>) -> Result<(), E>,
    ) -> Result<(), E> {
        /// The fields before the changes, then those after: the same names in the same
        /// order, so that the two documents joined around the changes are the report.
        #[derive(Serialize)]
        struct Head<'s> {
            spec_from: &'s str,
            spec_to: &'s str,
            entities: u32,
            compared: u32,
            changed: u32,
            upgrades: u32,
            downgrades: u32,
            share_affected: f64,
            seed_expected_share: f64,
            within_seed_expectation: bool,
            notches: &'s [NotchBucket],
        }
        #[derive(Serialize)]
        struct Tail<'s> {
            failures: &'s [ImpactFailure],
            compression_from: &'s CompressionReport,
            compression_to: &'s CompressionReport,
            trace: &'s Trace,
        }
        // Writing JSON into a Vec cannot fail: these values have string keys only.
        let json = |out: &mut Vec<u8>, value: &dyn erased::Json| value.json_into(out);
        let head = Head {
            spec_from: &self.spec_from,
            spec_to: &self.spec_to,
            entities: self.entities,
            compared: self.compared,
            changed: self.changed,
            upgrades: self.upgrades,
            downgrades: self.downgrades,
            share_affected: self.share_affected,
            seed_expected_share: self.seed_expected_share,
            within_seed_expectation: self.within_seed_expectation,
            notches: &self.notches,
        };
        json(out, &head);
        out.pop(); // the head's closing '}'
        out.extend_from_slice(b",\"changes\":[");
        // What follows a change's id depends only on its two grades: written once per
        // pair of grades met (at most 23 × 23), from each spec's symbol as a JSON string.
        let quoted = |s: &str| {
            let mut v = Vec::new();
            json(&mut v, &s);
            v
        };
        let grades = GlobalRating::ALL.len();
        let mut tails: Vec<Vec<u8>> = vec![Vec::new(); grades * grades];
        let tail = |c: &Change<'_>| {
            let mut t = b",\"from\":".to_vec();
            t.extend_from_slice(&quoted(&self.changes.symbols.0 .0[c.from as usize]));
            t.extend_from_slice(b",\"to\":");
            t.extend_from_slice(&quoted(&self.changes.symbols.1 .0[c.to as usize]));
            t.extend_from_slice(b",\"notches\":");
            t.extend_from_slice(itoa::Buffer::new().format(c.notches).as_bytes());
            t.push(b'}');
            t
        };
        for (i, c) in self.changes.list.iter().flatten().enumerate() {
            out.extend_from_slice(if i > 0 { b",{\"id\":" } else { b"{\"id\":" });
            // serde_json escapes '"', '\\' and control characters only.
            if c.id.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
                out.push(b'"');
                out.extend_from_slice(c.id.as_bytes());
                out.push(b'"');
            } else {
                json(out, &c.id);
            }
            let k = c.from as usize * grades + c.to as usize;
            if tails[k].is_empty() {
                tails[k] = tail(c);
            }
            out.extend_from_slice(&tails[k]);
            if out.len() >= chunk {
                flush(out)?;
                out.clear();
            }
        }
        out.extend_from_slice(b"],");
        let start = out.len();
        json(
            out,
            &Tail {
                failures: &self.failures,
                compression_from: &self.compression_from,
                compression_to: &self.compression_to,
                trace: &self.trace,
            },
        );
        out.remove(start); // the tail's opening '{'
        flush(out)?;
        out.clear();
        Ok(())
    }

    /// The report, every change with its own strings.
    pub fn to_report(&self) -> ImpactReport {
        ImpactReport {
            spec_from: self.spec_from.clone(),
            spec_to: self.spec_to.clone(),
            entities: self.entities,
            compared: self.compared,
            changed: self.changed,
            upgrades: self.upgrades,
            downgrades: self.downgrades,
            share_affected: self.share_affected,
            seed_expected_share: self.seed_expected_share,
            within_seed_expectation: self.within_seed_expectation,
            notches: self.notches.clone(),
            changes: self
                .changes
                .list
                .iter()
                .flatten()
                .map(|c| self.changes.rating_change(c))
                .collect(),
            failures: self.failures.clone(),
            compression_from: self.compression_from.clone(),
            compression_to: self.compression_to.clone(),
            trace: self.trace.clone(),
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
        // Runs over consecutive parts, appended in order.
        let mut parts = entities.chunks(4).map(|part| {
            let mut run = ImpactRun::new(from, to, &params);
            run.add(part);
            run
        });
        let mut run = parts.next().unwrap();
        parts.for_each(|later| run.append(later));
        assert_eq!(run.finish(), whole);
        // One entity at a time, as a file is read.
        let views: Vec<EntityView<'_>> = entities.iter().map(EntityInput::view).collect();
        let mut run = ImpactRun::new(from, to, &params);
        views.iter().for_each(|e| run.add_view(e));
        assert_eq!(run.finish(), whole);
    }

    #[test]
    fn n13_a_summary_serialises_as_its_report_byte_for_byte() {
        let specs = crate::builtin::national_specs();
        let spec = |id: &str| specs.iter().find(|s| s.id == id).unwrap();
        let (from, to) = (spec("gcr-za-2016-12-09"), spec("gcr-za-2017-04-26"));
        let params = crate::builtin::national_parameters();
        let mut entities: Vec<EntityInput> = serde_json::from_str(include_str!(
            "../../../../fixtures/cases/national/impact-entities.json"
        ))
        .unwrap();
        // Ids that JSON has to escape.
        for e in &mut entities {
            e.id = format!("{} \" \\ \u{1}\t é", e.id);
        }
        let views: Vec<EntityView<'_>> = entities.iter().map(EntityInput::view).collect();
        let summarise = || {
            let mut run = ImpactRun::new(from, to, &params);
            for batch in views.chunks(2) {
                run.add_views(batch);
            }
            run.finish_summary()
        };
        let whole = impact(from, to, &params, &entities);
        assert!(whole.changed > 0 && !whole.failures.is_empty());
        assert_eq!(
            serde_json::to_string(&summarise()).unwrap(),
            serde_json::to_string(&whole).unwrap()
        );
        assert_eq!(
            serde_json::to_string_pretty(&summarise()).unwrap(),
            serde_json::to_string_pretty(&whole).unwrap()
        );
        assert_eq!(summarise().to_report(), whole);
        for (chunk, take) in [1, 100, usize::MAX]
            .into_iter()
            .flat_map(|c| [(c, false), (c, true)])
        {
            let (mut out, mut written) = (Vec::new(), Vec::new());
            summarise()
                .write_json(&mut out, chunk, |b| {
                    // The bytes copied, or the buffer taken (an empty one left in its place).
                    if take {
                        written.append(&mut std::mem::take(b));
                    } else {
                        written.extend_from_slice(b);
                    }
                    Ok::<(), ()>(())
                })
                .unwrap();
            assert!(out.is_empty());
            assert_eq!(
                String::from_utf8(written).unwrap(),
                serde_json::to_string(&whole).unwrap(),
                "chunk {chunk}, taken {take}"
            );
        }
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
