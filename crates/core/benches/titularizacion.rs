//! Criterion benchmarks of the titularización engine: the exact Decimal waterfall of one
//! scenario, the i64 waterfall of one Monte Carlo path, a Monte Carlo run, and a whole
//! rating. The whole-command comparison against NumPy is `bench/titularizacion/run.sh`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ratebook_core::builtin;
use ratebook_core::titularizacion::calificacion::{calibracion, en_centavos, rate, run_scenario};
use ratebook_core::titularizacion::flujo::{Shocks, VariableClave};
use ratebook_core::titularizacion::montecarlo::simular;
use ratebook_core::titularizacion::waterfall::Estado;
use ratebook_core::titularizacion::Titularizacion;
use std::hint::black_box;

const CASE_120X3: &str = include_str!("../../../bench/titularizacion/case_120x3.json");
const CARTERA: &str = include_str!("../../../fixtures/cases/titularizacion/cartera_credito.json");

fn benches(c: &mut Criterion) {
    let big = Titularizacion::from_json(CASE_120X3).expect("bench case parses");
    let cartera = Titularizacion::from_json(CARTERA).expect("fixture parses");
    let m = builtin::titularizacion_ponderacion();

    let e = big.estructura();
    let shocks = Shocks::single(VariableClave::DefaultRate, "0.05".parse().unwrap());
    c.bench_function("waterfall_decimal_120x3_one_scenario", |b| {
        b.iter(|| run_scenario(black_box(&big), &e, "bench", &shocks))
    });

    let (base, ec) = en_centavos(&big, &e).unwrap();
    let mut st = Estado::new(&ec);
    c.bench_function("waterfall_i64_120x3_one_path", |b| {
        b.iter(|| {
            ec.run(black_box(&base), &mut st, None);
            st.outcomes[2].unpaid
        })
    });

    let cal = calibracion(&big);
    let mut path = 0_u64;
    c.bench_function("montecarlo_draws_120_periods_one_path", |b| {
        b.iter(|| {
            path += 1;
            cal.path_collections(black_box(&base), 7, path)
        })
    });
    let mut g = c.benchmark_group("montecarlo_120x3");
    g.sample_size(10);
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("10k_paths", |b| {
        b.iter(|| simular(black_box(&base), &ec, &cal, 10_000, 7))
    });
    g.finish();

    c.bench_function("rate_cartera_fixture_5k_paths", |b| {
        b.iter(|| rate(black_box(&cartera), &m).unwrap())
    });
}

criterion_group!(titularizacion, benches);
criterion_main!(titularizacion);
