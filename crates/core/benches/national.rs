//! Re-rating 100,000 entities through the full national pipeline (N-1…N-12) with traces,
//! and the N-13 impact analysis over the same entities. Run: `cargo bench -p ratebook-core
//! --bench national`. Figures: docs/benchmarks.md, "National scale engine".

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ratebook_core::builtin;
use ratebook_core::national::impact::impact;
use ratebook_core::national::issue::{HybridInput, IssueInput};
use ratebook_core::national::rate::{rate_entity, EntityInput, Holistic, PeerPosition, Sovereign};
use ratebook_core::national::spec::select;
use ratebook_core::scale::GlobalRating;
use std::hint::black_box;

const ENTITIES: usize = 100_000;

/// Fictional entities, deterministic: every global level, all three peer positions, a
/// holistic adjustment on every tenth, on the GCR South Africa scale.
fn entities() -> Vec<EntityInput> {
    let levels: Vec<GlobalRating> = GlobalRating::ALL
        .iter()
        .copied()
        .filter(|g| *g <= GlobalRating::BMinus)
        .collect();
    (0..ENTITIES)
        .map(|i| EntityInput {
            id: format!("bench-{i:06}"),
            entity_type: Default::default(),
            country: None,
            global_lc: levels[(i * 7) % levels.len()],
            global_fc: Some(levels[(i * 7 + 1) % levels.len()]),
            sovereign: Sovereign {
                country: "ZA".into(),
                global_lc: GlobalRating::BbPlus,
                global_fc: None,
                national: None,
            },
            peer_position: Some(
                [
                    PeerPosition::Upper,
                    PeerPosition::Middle,
                    PeerPosition::Lower,
                ][i % 3],
            ),
            peer_rank: None,
            chosen_option: None,
            expected_transition: None,
            holistic: (i % 10 == 0).then(|| Holistic {
                notches: -1,
                rationale: "bench: local weakness".into(),
            }),
            above_sovereign_stress_passed: i % 4 == 0,
            liquidity_alternative: i % 5 == 0,
        })
        .collect()
}

fn issues() -> Vec<IssueInput> {
    vec![
        IssueInput {
            id: "sub".into(),
            seniority: Some("subordinated".into()),
            recovery: None,
            currency: Default::default(),
            hybrid: None,
            holistic: None,
        },
        IssueInput {
            id: "pref".into(),
            seniority: None,
            recovery: None,
            currency: Default::default(),
            hybrid: Some(HybridInput {
                global_starting_point: GlobalRating::BbMinus,
                global_notches: None,
            }),
            holistic: None,
        },
    ]
}

fn bench(c: &mut Criterion) {
    let specs = builtin::national_specs();
    let from = select(&specs, "gcr-za-2016-12-09", None).unwrap();
    let to = select(&specs, "gcr-za-2017-04-26", None).unwrap();
    let params = builtin::national_parameters();
    let entities = entities();
    let issues = issues();

    let mut group = c.benchmark_group("national");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ENTITIES as u64));
    group.bench_function("rate_100k_with_traces", |b| {
        b.iter(|| {
            let mut rated = 0usize;
            for e in &entities {
                if let Ok(r) = rate_entity(to, &params, e, &[]) {
                    rated += r.trace.steps().len();
                }
            }
            black_box(rated)
        })
    });
    group.bench_function("rate_100k_with_two_issues_each", |b| {
        b.iter(|| {
            let mut rated = 0usize;
            for e in &entities {
                if let Ok(r) = rate_entity(to, &params, e, &issues) {
                    rated += r.issues.len();
                }
            }
            black_box(rated)
        })
    });
    // What the CLI pays before rating: reading the entities from JSON.
    let json = serde_json::to_string(&entities).unwrap();
    group.bench_function("parse_100k_entities_json", |b| {
        b.iter(|| {
            black_box(
                serde_json::from_str::<Vec<EntityInput>>(&json)
                    .unwrap()
                    .len(),
            )
        })
    });
    group.bench_function("impact_100k", |b| {
        b.iter(|| black_box(impact(from, to, &params, &entities).changed))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
