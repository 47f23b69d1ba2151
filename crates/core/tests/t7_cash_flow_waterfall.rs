//! T-7: projected flows against each class's schedule, coverage per period, stress
//! scenarios; checked to the cent by hand on two classes and four periods.

mod titularizacion_case;

use ratebook_core::titularizacion::calificacion::{rate, run_scenario};
use ratebook_core::titularizacion::flujo::{Shocks, VariableClave};
use rust_decimal::Decimal;
use titularizacion_case as tc;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn t7_base_scenario_pays_everything_with_the_reserve_and_reports_coverage() {
    let c = tc::case(&tc::json());
    let r = run_scenario(&c, &c.estructura(), "base", &Shocks::default());
    assert!(r.all_paid);
    // 300/271, 250/268.5, 290/266, 450/463.5.
    assert_eq!(
        r.coverage_by_period,
        ["1.107", "0.9311", "1.0902", "0.9709"]
    );
    assert_eq!(r.min_coverage, Some(d("0.9311")));
    assert!(r.classes.iter().all(|k| k.timely && k.unpaid.is_zero()));
}

#[test]
fn t7_stressed_case_breaks_coverage_and_leaves_the_junior_unpaid_to_the_cent() {
    let c = tc::case(&tc::json());
    let r = run_scenario(
        &c,
        &c.estructura(),
        "volumen -20 %",
        &Shocks::single(VariableClave::Volume, d("0.20")),
    );
    // Collections 240, 200, 232, 360.
    // P1: 240 − 5 − 10 = 225 → A principal 225 + 25 from the reserve; B interest 6 from the reserve (19 left).
    // P2: 200 − 5 − 7.50 = 187.50 + 19 reserve → A principal short 43.50; B interest short 6.
    // P3: 232 − 5 − 5 = 222 → A principal due 293.50, short 71.50; B interest due 12, short 12.
    // P4: 360 − 5 − 2.50 = 352.50 → A 321.50 paid (31 left) → B interest 18 (13 left) → B principal 13 of 200.
    assert!(!r.all_paid);
    assert_eq!(
        r.coverage_by_period,
        ["0.8856", "0.7449", "0.8722", "0.7767"]
    );
    assert_eq!(r.min_coverage, Some(d("0.7449")));
    let a = &r.classes[0];
    let b = &r.classes[1];
    assert_eq!(
        (a.timely, a.first_missed_period, a.unpaid),
        (false, Some(2), d("0"))
    );
    assert_eq!(
        (b.timely, b.first_missed_period, b.unpaid),
        (false, Some(2), d("187.00"))
    );
}

#[test]
fn t7_rating_reports_base_first_then_each_named_scenario_in_the_trace() {
    let c = tc::case(&tc::json());
    let res = rate(&c, &tc::methodology()).unwrap();
    let names: Vec<&str> = res.stress.iter().map(|s| s.scenario.as_str()).collect();
    assert_eq!(names, ["base", "volumen -20 %"]);
    let steps: Vec<_> = res.trace.for_rule("T-7").collect();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[1].section, "003 §2.4");
    assert_eq!(steps[1].before, "volume 20 %");
    assert_eq!(steps[1].after, "payment missed");
    assert!(
        steps[1]
            .reason
            .contains("class B first missed in period 2, unpaid at end USD 187.00"),
        "{}",
        steps[1].reason
    );
}

#[test]
fn t7_every_named_key_variable_can_be_stressed_on_a_fixture() {
    let c = tc::fixture("cartera_credito");
    let e = c.estructura();
    for (var, x) in [
        (VariableClave::Price, "0.05"),
        (VariableClave::Volume, "0.05"),
        (VariableClave::DefaultRate, "0.05"),
        (VariableClave::Prepayment, "0.10"),
        (VariableClave::CollectionDelay, "1"),
    ] {
        let r = run_scenario(&c, &e, var.as_str(), &Shocks::single(var, d(x)));
        let base = run_scenario(&c, &e, "base", &Shocks::default());
        assert!(
            r.min_coverage <= base.min_coverage,
            "{var} never raises the minimum coverage"
        );
    }
}

mod conservation {
    use proptest::prelude::*;
    use ratebook_core::titularizacion::waterfall::{
        Estado, Estructura, PeriodRecord, PrioridadPagos,
    };

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Cash in = cash out, to the cent, whatever the collections and the priority.
        #[test]
        fn t7_waterfall_conserves_cash(coll in proptest::collection::vec(0_i64..60_000, 6), interest_first in any::<bool>()) {
            let e = Estructura {
                expenses: vec![500; 6],
                interest: vec![vec![1_000; 6], vec![700; 6]],
                principal: vec![vec![8_000; 6], vec![0, 0, 0, 0, 5_000, 5_000]],
                pools: vec![4_000, 2_500],
                replenish: vec![true, false],
                priority: if interest_first { PrioridadPagos::InterestFirst } else { PrioridadPagos::ClassByClass },
            };
            let mut st = Estado::new(&e);
            let mut rec: Vec<PeriodRecord<i64>> = Vec::new();
            e.run(&coll, &mut st, Some(&mut rec));
            let paid: i64 = rec.iter().map(|r| r.expenses_paid + r.interest_paid.iter().sum::<i64>() + r.principal_paid.iter().sum::<i64>()).sum();
            let released: i64 = rec.iter().map(|r| r.released).sum();
            let end_pools = rec.last().unwrap().mechanisms_balance;
            prop_assert_eq!(coll.iter().sum::<i64>() + 6_500, paid + released + end_pools);
            let due: i64 = 6 * 500 + 6 * 1_700 + 6 * 8_000 + 10_000;
            let unpaid: i64 = st.outcomes.iter().map(|o| o.unpaid).sum();
            prop_assert!(unpaid <= due - paid + 6 * 500);
        }
    }
}
