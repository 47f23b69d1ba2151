//! T-13: the punto de equilibrio in both meanings — the analytical break-even stress of
//! factor 2.4 and the regulatory release conditions of a real-estate project.

mod titularizacion_case;

use ratebook_core::titularizacion::calificacion::{punto_equilibrio, rate, run_scenario};
use ratebook_core::titularizacion::equilibrio::{EstadoCondicion, EstadoEquilibrio};
use ratebook_core::titularizacion::flujo::Shocks;
use serde_json::json;
use titularizacion_case as tc;

#[test]
fn t13_breakeven_pays_at_the_point_and_misses_one_step_above() {
    for name in [
        "cartera_credito",
        "bienes_inmuebles",
        "proyectos_inmobiliarios",
        "flujos_futuros",
    ] {
        let c = tc::fixture(name);
        let e = c.estructura();
        let m = tc::methodology();
        let p = punto_equilibrio(&c, &e, &m);
        assert_eq!(p.status, EstadoEquilibrio::Found, "{name}");
        let b = p.breakeven.unwrap();
        let var = c.stress.equilibrium_variable;
        assert!(
            run_scenario(&c, &e, "at", &Shocks::single(var, b)).all_paid,
            "{name} paid at {b}"
        );
        assert!(
            !run_scenario(&c, &e, "above", &Shocks::single(var, b + p.precision)).all_paid,
            "{name} misses above {b}"
        );
    }
}

#[test]
fn t13_base_that_misses_has_no_equilibrium() {
    let mut v = tc::json();
    v["flows"]["periods"][1]["collections"] = json!("100.00");
    let c = tc::case(&v);
    let r = rate(&c, &tc::methodology()).unwrap();
    assert_eq!(r.equilibrium.status, EstadoEquilibrio::BaseFails);
    assert_eq!(r.equilibrium.breakeven, None);
    assert!(r
        .flags
        .iter()
        .any(|f| f.rule == "T-7" && f.subject == "base scenario"));
}

#[test]
fn t13_regulatory_conditions_are_recorded_with_dates_and_judged() {
    let c = tc::fixture("proyectos_inmobiliarios");
    let r = rate(&c, &tc::methodology()).unwrap();
    let st: Vec<EstadoCondicion> = r.regulatory_equilibrium.iter().map(|x| x.status).collect();
    assert_eq!(
        st,
        [
            EstadoCondicion::Met,
            EstadoCondicion::Met,
            EstadoCondicion::Pending,
            EstadoCondicion::Pending
        ]
    );
    assert_eq!(r.trace.for_rule("T-13").count(), 5);

    let mut v: serde_json::Value = serde_json::to_value(&c).unwrap();
    v["equilibrium_conditions"][2]["deadline"] = json!("2025-07-31");
    let late = rate(&tc::case(&v), &tc::methodology()).unwrap();
    assert_eq!(
        late.regulatory_equilibrium[2].status,
        EstadoCondicion::Failed
    );
    assert!(late
        .flags
        .iter()
        .any(|f| f.rule == "T-13" && f.message.contains("return to the investors")));

    v["equilibrium_conditions"] = json!([]);
    let none = rate(&tc::case(&v), &tc::methodology()).unwrap();
    assert!(none
        .flags
        .iter()
        .any(|f| f.rule == "T-13" && f.subject == "equilibrium_conditions"));
}

mod monotone {
    use super::tc;
    use proptest::prelude::*;
    use ratebook_core::titularizacion::calificacion::run_scenario;
    use ratebook_core::titularizacion::flujo::{Shocks, VariableClave};
    use rust_decimal::Decimal;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// The search assumes a larger stress never helps: if a stress pays every obligation,
        /// every smaller stress of the same variable does too.
        #[test]
        fn t13_all_paid_is_monotone_in_the_stress(a in 0u32..10_000, b in 0u32..10_000, var in 0usize..4) {
            let var = [VariableClave::Price, VariableClave::Volume, VariableClave::DefaultRate, VariableClave::Prepayment][var];
            let (lo, hi) = (a.min(b), a.max(b));
            let c = tc::fixture("bienes_inmuebles");
            let e = c.estructura();
            let paid = |x: u32| run_scenario(&c, &e, "p", &Shocks::single(var, Decimal::new(i64::from(x), 4))).all_paid;
            prop_assert!(!paid(hi) || paid(lo), "{var}: paid at {hi} but not at {lo}");
        }
    }
}
