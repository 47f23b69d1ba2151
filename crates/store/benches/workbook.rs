//! Workbook store benchmarks (docs/benchmarks.md, "Workbook store"):
//! - open a workbook and list the first page of issuers, at 100 and at 100,000 issuers
//!   (keyset pagination over the `(name, id)` index: the target is the 100,000 case within
//!   1.5× of the 100 case);
//! - import 100,000 issuer rows from XLSX (every row checked, then written and audited in
//!   one transaction).
//!
//! Run: `cargo bench -p ratebook-store --bench workbook` (or `bench/store/run.sh`). The
//! generated XLSX is left at `$CARGO_TARGET_DIR/bench-store/issuers-100000.xlsx` for the
//! whole-command timing in `bench/store/run.sh`.

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use ratebook_store::entities::{self, Sovereign};
use ratebook_store::import::{self, Kind};
use ratebook_store::tabular::Table;
use ratebook_store::{Stamp, Workbook};
use std::path::{Path, PathBuf};

const SECTORS: [&str; 6] = [
    "corporate",
    "bank",
    "insurer",
    "utility",
    "infrastructure",
    "fund",
];
const RATINGS: [&str; 8] = ["BBB-", "BB+", "BB", "BB-", "B+", "B", "B-", "CCC+"];

fn stamp() -> Stamp {
    Stamp::new("bench", Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())
}

fn out_dir() -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let dir = Path::new(&target).join("bench-store");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `n` synthetic (fictional) issuer rows in the import format.
fn issuer_rows(n: usize) -> Table {
    let header = Kind::Issuers
        .columns()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let rows = (0..n)
        .map(|i| {
            let cells = vec![
                format!("BENCH-{i:06}"),
                // Names spread over the alphabet so the first page is not the insert order.
                format!("Issuer {:05} {i}", (i * 7919) % 100_000),
                SECTORS[i % SECTORS.len()].to_string(),
                "XX".into(),
                "XX".into(),
                "xx".into(),
                RATINGS[i % RATINGS.len()].to_string(),
                RATINGS[(i + 1) % RATINGS.len()].to_string(),
                ["upper", "middle", "lower"][i % 3].to_string(),
                "true".into(),
            ];
            (i + 2, cells)
        })
        .collect();
    Table { header, rows }
}

fn with_sovereign(path: &Path) -> Workbook {
    let _ = std::fs::remove_file(path);
    let mut wb = Workbook::create(path).unwrap();
    wb.transact(&stamp(), |w| {
        entities::put_sovereign(
            w,
            &Sovereign {
                code: "XX".into(),
                name: "Republic of XX (fictional)".into(),
                currency: "XXD".into(),
                global_lc: Some("BBB-".parse().unwrap()),
                global_fc: None,
                fictional: true,
            },
        )
        .map(drop)
    })
    .unwrap();
    wb
}

fn workbook_with(n: usize) -> PathBuf {
    let path = out_dir().join(format!("issuers-{n}.ratebook"));
    let mut wb = with_sovereign(&path);
    import::import_table(&mut wb, &stamp(), Kind::Issuers, &issuer_rows(n)).unwrap();
    drop(wb);
    path
}

fn open_and_first_page(c: &mut Criterion) {
    let mut group = c.benchmark_group("open_and_first_page");
    for n in [100usize, 100_000] {
        let path = workbook_with(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &path, |b, path| {
            b.iter(|| {
                let wb = Workbook::open(path).unwrap();
                let page = entities::issuer_page(wb.connection(), None, 50).unwrap();
                assert_eq!(page.issuers.len(), 50);
                page
            })
        });
        // And the page alone, on an open workbook.
        let wb = Workbook::open(&path).unwrap();
        group.bench_with_input(BenchmarkId::new("page_only", n), &wb, |b, wb| {
            b.iter(|| entities::issuer_page(wb.connection(), None, 50).unwrap())
        });
    }
    group.finish();
}

fn import_xlsx(c: &mut Criterion) {
    let n = 100_000;
    let xlsx = out_dir().join(format!("issuers-{n}.xlsx"));
    if !xlsx.exists() {
        let table = issuer_rows(n);
        let rows: Vec<Vec<String>> = table.rows.into_iter().map(|(_, r)| r).collect();
        ratebook_store::tabular::write(&xlsx, Kind::Issuers.columns(), &rows).unwrap();
    }
    let mut group = c.benchmark_group("import_xlsx");
    group.sample_size(10);
    group.bench_function(BenchmarkId::from_parameter(n), |b| {
        b.iter_batched(
            || with_sovereign(&out_dir().join("import-target.ratebook")),
            |mut wb| {
                let report = import::import_file(&mut wb, &stamp(), Kind::Issuers, &xlsx).unwrap();
                assert_eq!(report.rows, n);
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, open_and_first_page, import_xlsx);
criterion_main!(benches);
