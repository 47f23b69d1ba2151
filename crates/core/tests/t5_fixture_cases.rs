//! T-5 and the shipped fixtures: one fictional case per asset type, each rated end to end.

mod titularizacion_case;

use ratebook_core::titularizacion::activo::TipoActivo;
use ratebook_core::titularizacion::mecanismo::TipoMecanismo;
use ratebook_core::titularizacion::rate;
use titularizacion_case as tc;

#[test]
fn t5_one_fictional_case_per_asset_type_rates_cleanly() {
    let mut seen = Vec::new();
    for name in [
        "cartera_credito",
        "bienes_inmuebles",
        "proyectos_inmobiliarios",
        "flujos_futuros",
    ] {
        let c = tc::fixture(name);
        assert!(c.fictional, "{name} is labelled fictional");
        assert!(c.name.contains("FICTICIO"), "{name}");
        assert_eq!(c.asset_type.as_str(), name);
        assert!(c.classes.len() >= 2, "{name} has several classes");
        assert!(
            c.mechanisms
                .iter()
                .any(|m| m.kind == TipoMecanismo::FondoReserva),
            "{name} has a reserve fund"
        );
        assert!(
            c.mechanisms.iter().any(|m| m.kind.is_structural()),
            "{name} has overcollateralisation, subordination or excess spread"
        );
        let r = rate(&c, &tc::methodology()).unwrap();
        assert!(r.freshness.ok, "{name}");
        assert!(r.flags.is_empty(), "{name}: {:#?}", r.flags);
        assert!(r.stress[0].all_paid, "{name}: base pays");
        assert!(r.coverage.meets_minimum, "{name}");
        for w in r.classes.windows(2) {
            assert!(!w[1].category.better_than(w[0].category), "{name}: T-12");
        }
        // The whole result serialises for the app and the reports.
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["methodology_basis"], "project-default");
        assert!(v["equilibrium"]["breakeven"].is_number(), "{name}");
        assert!(v["trace"].as_array().unwrap().len() > 20, "{name}");
        for rule in [
            "T-2", "T-3", "T-4", "T-5", "T-6", "T-7", "T-8", "T-9", "T-10", "T-11", "T-12", "T-13",
        ] {
            assert!(
                r.trace.for_rule(rule).next().is_some(),
                "{name}: no {rule} step"
            );
        }
        for step in r.trace.steps() {
            assert!(step.section.starts_with("003 §"), "{name}: {step:?}");
        }
        seen.push(c.asset_type);
    }
    assert_eq!(seen, TipoActivo::ALL);
}
