//! Issuer detail and peer comparison benchmarks (docs/benchmarks.md, "Issuer detail"):
//! the demo workbook plus `n` synthetic fictional issuers on the `xx` scale spread over
//! eight global levels (so at 100,000 about 12,500 share DEMO-XX-02's level), then
//! - `detail`: DEMO-XX-02 with its national rating and trace computed by the engine;
//! - `peers`: its peer comparison (a scan for the level, then at most `PEER_LIMIT` peers
//!   rated with their stored inputs).
//!
//! Target: both stay interactive (well under 100 ms) at 100,000 issuers.
//! Run: `cargo bench -p ratebook-workbench --bench issuer`.

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ratebook_core::scale::GlobalRating;
use ratebook_store::demo::{self, DemoSources};
use ratebook_store::entities::{self, Issuer};
use ratebook_store::vocabulary::{PeerPosition, Sector};
use ratebook_store::{Stamp, Workbook};
use ratebook_workbench::issuer;
use std::path::PathBuf;

const RATINGS: [GlobalRating; 8] = [
    GlobalRating::BbbMinus,
    GlobalRating::BbPlus,
    GlobalRating::Bb,
    GlobalRating::BbMinus,
    GlobalRating::BPlus,
    GlobalRating::B,
    GlobalRating::BMinus,
    GlobalRating::CccPlus,
];

fn stamp() -> Stamp {
    Stamp::new("bench", Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())
}

fn workbook(dir: &std::path::Path, n: usize) -> Workbook {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let path = dir.join(format!("issuers-{n}.ratebook"));
    demo::build(
        &path,
        &DemoSources::from_fixtures(&fixtures, Vec::new()),
        &stamp(),
    )
    .unwrap();
    let mut wb = Workbook::open(&path).unwrap();
    wb.transact(&stamp(), |w| {
        for i in 0..n {
            entities::put_issuer(
                w,
                &Issuer {
                    code: format!("BENCH-{i:06}"),
                    name: format!("Bench issuer {i} (fictional)"),
                    sector: Sector::Corporate,
                    country: "XX".into(),
                    sovereign: Some("XX".into()),
                    national_scale: Some("xx".into()),
                    global_lc: Some(RATINGS[i % RATINGS.len()]),
                    global_fc: None,
                    peer_position: Some(
                        [
                            PeerPosition::Upper,
                            PeerPosition::Middle,
                            PeerPosition::Lower,
                        ][i % 3],
                    ),
                    fictional: true,
                },
            )?;
        }
        Ok(())
    })
    .unwrap();
    wb
}

fn bench(c: &mut Criterion) {
    let on = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("issuer");
    group.sample_size(20);
    for n in [100usize, 100_000] {
        let wb = workbook(dir.path(), n);
        let conn = wb.connection();
        group.bench_with_input(BenchmarkId::new("detail", n), &n, |b, _| {
            b.iter(|| issuer::detail(conn, "DEMO-XX-02", on).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("peers", n), &n, |b, _| {
            b.iter(|| issuer::peers(conn, "DEMO-XX-02", on).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
