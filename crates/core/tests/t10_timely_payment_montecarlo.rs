//! T-10: the seeded Monte Carlo over deviations calibrated from history, reproducible for a
//! seed whatever the number of threads, and equal to the exact waterfall when volatility is
//! zero.

mod titularizacion_case;

use ratebook_core::titularizacion::calificacion::{calibracion, en_centavos, rate, run_scenario};
use ratebook_core::titularizacion::flujo::{stressed_collections, Shocks, VariableClave};
use ratebook_core::titularizacion::montecarlo::{equivalent_volume_stress, simular, Calibracion};
use ratebook_core::titularizacion::waterfall::to_cents;
use rust_decimal::Decimal;
use titularizacion_case as tc;

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool")
        .install(f)
}

#[test]
fn t10_same_seed_same_numbers_on_one_two_or_three_threads() {
    let c = tc::fixture("proyectos_inmobiliarios");
    let e = c.estructura();
    let (base, ec) = en_centavos(&c, &e).unwrap();
    let cal = calibracion(&c);
    let one = in_pool(1, || simular(&base, &ec, &cal, 3_000, 99));
    let two = in_pool(2, || simular(&base, &ec, &cal, 3_000, 99));
    let three = in_pool(3, || simular(&base, &ec, &cal, 3_000, 99));
    assert_eq!(one, two);
    assert_eq!(one, three);
    let other = in_pool(2, || simular(&base, &ec, &cal, 3_000, 100));
    assert_ne!(one, other, "a different seed draws different paths");
}

#[test]
fn t10_zero_volatility_reproduces_the_decimal_waterfall_to_the_cent() {
    for (fixture, mean) in [
        ("cartera_credito", 0.1),
        ("proyectos_inmobiliarios", 0.23),
        ("bienes_inmuebles", 0.0),
    ] {
        let c = tc::fixture(fixture);
        let e = c.estructura();
        let (base, ec) = en_centavos(&c, &e).unwrap();
        let cal = Calibracion {
            mean,
            sd: 0.0,
            persistence: 0.5,
            floor: 0.0,
        };
        let stress = equivalent_volume_stress(mean);
        let shocks = Shocks::single(VariableClave::Volume, stress);
        // Path collections equal the Decimal stressed collections to the cent.
        let exact: Vec<i64> = stressed_collections(&c.flows, &shocks)
            .into_iter()
            .map(|x| to_cents(x).unwrap())
            .collect();
        assert_eq!(cal.path_collections(&base, 5, 17), exact, "{fixture}");
        // And the outcome of every path is the deterministic scenario's.
        let det = run_scenario(&c, &e, "det", &shocks);
        let paths = 64;
        let tallies = simular(&base, &ec, &cal, paths, 5);
        for (t, k) in tallies.iter().zip(&det.classes) {
            assert_eq!(
                t.timely,
                if k.timely { paths } else { 0 },
                "{fixture} class {}",
                k.name
            );
            assert_eq!(
                t.unpaid_cents,
                i128::from(to_cents(k.unpaid).unwrap()) * i128::from(paths),
                "{fixture} class {}",
                k.name
            );
        }
    }
}

#[test]
fn t10_small_case_at_twenty_percent_matches_the_hand_computed_loss() {
    let c = tc::case(&tc::json());
    let e = c.estructura();
    let (base, ec) = en_centavos(&c, &e).unwrap();
    let cal = Calibracion {
        mean: 0.2,
        sd: 0.0,
        persistence: 0.0,
        floor: 0.0,
    };
    assert_eq!(
        equivalent_volume_stress(0.2),
        "0.2".parse::<Decimal>().unwrap()
    );
    let t = simular(&base, &ec, &cal, 10, 3);
    // Class B ends USD 187.00 short on every path (t7 test); class A catches up.
    assert_eq!(t[1].unpaid_cents, 18_700 * 10);
    assert_eq!(t[0].unpaid_cents, 0);
    assert_eq!((t[0].timely, t[1].timely), (0, 0));
}

#[test]
fn t10_rating_gives_each_class_its_probability_and_expected_loss() {
    let c = tc::fixture("proyectos_inmobiliarios");
    let r = rate(&c, &tc::methodology()).unwrap();
    assert_eq!(r.classes.len(), 2);
    for k in &r.classes {
        assert!((0.0..=1.0).contains(&k.p_timely));
        assert!(k.expected_loss >= 0.0);
    }
    assert!(
        r.classes[0].p_timely >= r.classes[1].p_timely,
        "class by class: the senior is paid first"
    );
    let again = rate(&c, &tc::methodology()).unwrap();
    assert_eq!(r.classes, again.classes, "reproducible");
    let step = r.trace.for_rule("T-10").next().unwrap();
    assert!(
        step.after.contains("5000 paths, seed 20250930"),
        "{}",
        step.after
    );
}

#[test]
fn t10_consecutive_tramos_add_up_to_the_one_shot_run_for_the_same_seed() {
    use ratebook_core::titularizacion::montecarlo::{simular_tramo, Tramo};
    let c = tc::fixture("cartera_credito");
    let e = c.estructura();
    let (base, ec) = en_centavos(&c, &e).unwrap();
    let cal = calibracion(&c);
    let whole = simular_tramo(&base, &ec, &cal, 0..2_500, 7);
    assert_eq!(whole.tallies, simular(&base, &ec, &cal, 2_500, 7));
    assert_eq!(whole.loss_histogram.iter().sum::<u64>(), 2_500);
    // Uneven tramos, not aligned to the internal chunk size.
    let mut summed = Tramo::empty(ec.n_classes());
    let mut start = 0;
    for size in [1_u64, 700, 333, 1_000, 466] {
        summed.add(&simular_tramo(&base, &ec, &cal, start..start + size, 7));
        start += size;
    }
    assert_eq!(start, 2_500);
    assert_eq!(summed, whole);
}
