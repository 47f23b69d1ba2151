//! Workbook store benchmarks (docs/benchmarks.md, "Workbook store"):
//! - open a workbook and list the first page of issuers, at 100 and at 100,000 issuers
//!   (keyset pagination over the `(name, id)` index: the target is the 100,000 case within
//!   1.5× of the 100 case);
//! - import 100,000 issuer rows from XLSX (every row checked, then written and audited in
//!   one transaction);
//! - open a workbook and read the first page of the titularizaciones list, at 100 and at
//!   100,000 generated fictional deals (fixed seed), in each order the list offers, plus
//!   the count and a search (keyset pages over the V10 indexes: the target is the 100,000
//!   case within 1.5× of the 100 case), and the first page at both sizes in alternating
//!   rounds (`titularizacion_list_interleaved`, printed), for a machine that is not quiet.
//!
//! Run: `cargo bench -p ratebook-store --bench workbook` (or `bench/store/run.sh`). The
//! generated XLSX is left at `$CARGO_TARGET_DIR/bench-store/issuers-100000.xlsx` for the
//! whole-command timing in `bench/store/run.sh`.

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use ratebook_store::entities::{self, Sovereign};
use ratebook_store::import::{self, Kind};
use ratebook_store::tabular::Table;
use ratebook_store::titularizacion::{self, Titularizacion};
use ratebook_store::titularizacion_list::{self, TitularizacionQuery, TitularizacionSort};
use ratebook_store::vocabulary::{AssetType, IndexKind};
use ratebook_store::{Stamp, Workbook};
use rust_decimal::Decimal;
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

/// The seed of the generated deals: the same workbook on every run.
const DEAL_SEED: u64 = 2026;
/// Rows of the first page compared at both sizes (as for the issuer list: fewer than the
/// 100 deals of the small workbook, so both pages hold the same number of rows).
const LIST_PAGE: usize = 50;
/// Rows of the window's first page (`ui/src/lib/keyset.ts`, asked together with the count).
const WINDOW_PAGE: usize = 200;

/// `n` fictional deals from a fixed seed: names, amounts (cents) and asset types drawn at
/// random and codes permuted, so no order is the insert order.
fn deals(n: usize) -> Vec<Titularizacion> {
    let mut rng = ChaCha8Rng::seed_from_u64(DEAL_SEED);
    let originators = [
        "Banco Uno",
        "Cooperativa Dos",
        "Comercial Tres",
        "Inmobiliaria Cuatro",
    ];
    (0..n)
        .map(|i| {
            let asset_type = AssetType::ALL[rng.random_range(0..AssetType::ALL.len())];
            // From 100,000.00 to 50,000,000.00, in cents.
            let cents: i64 = rng.random_range(10_000_000..5_000_000_000);
            Titularizacion {
                // A permutation of 0..n (7919 is prime and does not divide 100 or 100,000).
                code: format!("BENCH-T-{:06}", (i * 7919) % n),
                name: format!(
                    "Fideicomiso {:06} {i} (fictional)",
                    rng.random_range(0..1_000_000u32)
                ),
                asset_type,
                originator: format!("{} {}", originators[i % originators.len()], i % 997),
                fiduciary: "Fiduciaria (fictional)".into(),
                currency: "USD".into(),
                amount: Decimal::new(cents, 2),
                issued_on: NaiveDate::from_ymd_opt(2024, 1, 1),
                info_cutoff: NaiveDate::from_ymd_opt(2026, 9, 30),
                index_kind: if asset_type == AssetType::CarteraCredito {
                    IndexKind::Siniestralidad
                } else {
                    IndexKind::Desviacion
                },
                index_formula: "weighted_average".into(),
                index_window_months: 24,
                fictional: true,
            }
        })
        .collect()
}

fn workbook_with_deals(n: usize) -> PathBuf {
    let path = out_dir().join(format!("titularizaciones-{n}.ratebook"));
    let _ = std::fs::remove_file(&path);
    let mut wb = Workbook::create(&path).unwrap();
    wb.transact(&stamp(), |w| {
        for d in deals(n) {
            titularizacion::put(w, &d)?;
        }
        Ok(())
    })
    .unwrap();
    drop(wb);
    path
}

fn titularizacion_list_first_page(c: &mut Criterion) {
    let mut group = c.benchmark_group("titularizacion_list");
    let sorted = |sort| TitularizacionQuery {
        sort,
        ..TitularizacionQuery::default()
    };
    for n in [100usize, 100_000] {
        let path = workbook_with_deals(n);
        group.bench_with_input(
            BenchmarkId::new("open_and_first_page", n),
            &path,
            |b, path| {
                b.iter(|| {
                    let wb = Workbook::open(path).unwrap();
                    let page = titularizacion_list::page(
                        wb.connection(),
                        &TitularizacionQuery::default(),
                        None,
                        LIST_PAGE,
                    )
                    .unwrap();
                    assert_eq!(page.titularizaciones.len(), LIST_PAGE.min(n));
                    page
                })
            },
        );
        let wb = Workbook::open(&path).unwrap();
        for (name, sort) in [
            ("code", TitularizacionSort::Code),
            ("name", TitularizacionSort::Name),
            ("amount", TitularizacionSort::Amount),
            ("asset_type", TitularizacionSort::AssetType),
        ] {
            let query = sorted(sort);
            group.bench_with_input(
                BenchmarkId::new(format!("first_page_by_{name}"), n),
                &wb,
                |b, wb| {
                    b.iter(|| {
                        titularizacion_list::page(wb.connection(), &query, None, LIST_PAGE).unwrap()
                    })
                },
            );
        }
        group.bench_with_input(BenchmarkId::new("count", n), &wb, |b, wb| {
            b.iter(|| {
                titularizacion_list::count(wb.connection(), &TitularizacionQuery::default())
                    .unwrap()
            })
        });
        // What the window asks when the screen opens: the count and a page of 200 rows.
        group.bench_with_input(BenchmarkId::new("window_first_read", n), &wb, |b, wb| {
            b.iter(|| {
                let query = TitularizacionQuery::default();
                let total = titularizacion_list::count(wb.connection(), &query).unwrap();
                let page =
                    titularizacion_list::page(wb.connection(), &query, None, WINDOW_PAGE).unwrap();
                assert_eq!(page.titularizaciones.len(), WINDOW_PAGE.min(n));
                (total, page)
            })
        });
        // A search on the originator that few deals match (279 of 100,000; 1 of 100).
        let search = TitularizacionQuery {
            search: Some("Uno 12".into()),
            ..TitularizacionQuery::default()
        };
        group.bench_with_input(BenchmarkId::new("search_first_page", n), &wb, |b, wb| {
            b.iter(|| titularizacion_list::page(wb.connection(), &search, None, LIST_PAGE).unwrap())
        });
        // The same search in name order: the name index does not hold the originator, so
        // each deal it passes is read from the table.
        let search_by_name = TitularizacionQuery {
            sort: TitularizacionSort::Name,
            ..search.clone()
        };
        group.bench_with_input(
            BenchmarkId::new("search_first_page_by_name", n),
            &wb,
            |b, wb| {
                b.iter(|| {
                    titularizacion_list::page(wb.connection(), &search_by_name, None, LIST_PAGE)
                        .unwrap()
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("search_count", n), &wb, |b, wb| {
            b.iter(|| titularizacion_list::count(wb.connection(), &search).unwrap())
        });
    }
    group.finish();
}

/// The same first pages in alternating rounds, 100 then 100,000 deals, so both sizes see the
/// same load on a busy machine (criterion measures one size after the other, seconds
/// apart). Prints the median and the fastest round per size and their ratios. Runs with the
/// titularizaciones benchmarks (no filter, or a filter naming `titularizacion_list`).
fn titularizacion_list_interleaved() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if !filters.is_empty() && !filters.iter().any(|f| f.contains("titularizacion_list")) {
        return;
    }
    const ROUNDS: usize = 40;
    const PAGES: u32 = 200;
    let paths: Vec<PathBuf> = [100usize, 100_000]
        .iter()
        .map(|&n| {
            let path = out_dir().join(format!("titularizaciones-{n}.ratebook"));
            if path.exists() {
                path
            } else {
                workbook_with_deals(n)
            }
        })
        .collect();
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[v.len() / 2], v[0])
    };
    let first_page = |wb: &Workbook, sort| {
        let query = TitularizacionQuery {
            sort,
            ..TitularizacionQuery::default()
        };
        let page = titularizacion_list::page(wb.connection(), &query, None, LIST_PAGE).unwrap();
        assert_eq!(page.titularizaciones.len(), LIST_PAGE);
    };
    let open: Vec<Workbook> = paths.iter().map(|p| Workbook::open(p).unwrap()).collect();
    let runs = [
        (
            "open and first page by code",
            TitularizacionSort::Code,
            true,
        ),
        ("first page by code", TitularizacionSort::Code, false),
        ("first page by name", TitularizacionSort::Name, false),
        ("first page by amount", TitularizacionSort::Amount, false),
        (
            "first page by asset type",
            TitularizacionSort::AssetType,
            false,
        ),
    ];
    for (what, sort, reopen) in runs {
        let mut rounds = [Vec::new(), Vec::new()];
        for _ in 0..ROUNDS {
            for (i, path) in paths.iter().enumerate() {
                let start = std::time::Instant::now();
                for _ in 0..PAGES {
                    if reopen {
                        first_page(&Workbook::open(path).unwrap(), sort);
                    } else {
                        first_page(&open[i], sort);
                    }
                }
                rounds[i].push(start.elapsed().as_secs_f64() * 1e6 / f64::from(PAGES));
            }
        }
        let [(m100, f100), (m100k, f100k)] = rounds.map(median);
        println!(
            "titularizacion_list interleaved, {what} ({LIST_PAGE} rows, {ROUNDS} rounds of {PAGES}): \
             median {m100:.0} µs at 100, {m100k:.0} µs at 100,000 ({:.2}x); \
             fastest round {f100:.0} µs, {f100k:.0} µs ({:.2}x)",
            m100k / m100,
            f100k / f100
        );
    }
}

criterion_group!(
    benches,
    open_and_first_page,
    import_xlsx,
    titularizacion_list_first_page
);
criterion_main!(benches, titularizacion_list_interleaved);
