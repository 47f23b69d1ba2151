//! T-3: the weighted score of the nine factors under a versioned weight set, its band, and
//! the version recorded on the result; T-11: the committee's discretion is stated.

mod titularizacion_case;

use ratebook_core::builtin;
use ratebook_core::titularizacion::{rate, Ponderacion};
use rust_decimal::Decimal;
use serde_json::json;
use titularizacion_case as tc;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn t3_weighted_score_by_hand() {
    let mut v = tc::json();
    // Scores 60, 70, 80, 90, 85, 75, 70, 88, 50 under 5, 5, 20, 25, 15, 7.5, 5, 15, 2.5 %:
    // 3 + 3.5 + 16 + 22.5 + 12.75 + 5.625 + 3.5 + 13.2 + 1.25 = 81.325 → AA- (80 ≤ s < 83).
    for (i, s) in ["60", "70", "80", "90", "85", "75", "70", "88", "50"]
        .iter()
        .enumerate()
    {
        v["factors"][i]["score"] = json!(s);
    }
    let r = rate(&tc::case(&v), &tc::methodology()).unwrap();
    assert_eq!(r.weighted_score, d("81.325"));
    assert_eq!(r.model_category.to_string(), "AA-");
    assert_eq!(r.factors[3].contribution, d("22.5"));
    assert_eq!(r.factors[5].weight, d("7.5"));
    assert_eq!(r.methodology_version, "2026.1-project-default");
    assert_eq!(r.methodology_basis, "project-default");
    let t3: Vec<_> = r.trace.for_rule("T-3").collect();
    assert_eq!(
        t3[0].after,
        "class-titularizacion-default v2026.1-project-default (project-default)"
    );
    assert_eq!(t3[1].before, "81.325");
    assert_eq!(t3[1].after, "AA-");
    assert!(r
        .trace
        .for_rule("T-11")
        .next()
        .unwrap()
        .reason
        .contains("qualitative grounds"));
}

#[test]
fn t3_another_version_is_used_and_recorded() {
    let text = builtin::TITULARIZACION_WEIGHTS_TOML
        .replace(
            "version = \"2026.1-project-default\"",
            "version = \"2026.2-committee\"",
        )
        .replace("\"2.1\" = \"5\"", "\"2.1\" = \"2.5\"")
        .replace("\"2.9\" = \"2.5\"", "\"2.9\" = \"5\"");
    let m = Ponderacion::from_toml(&text).unwrap();
    let r = rate(&tc::case(&tc::json()), &m).unwrap();
    assert_eq!(r.methodology_version, "2026.2-committee");
    assert_eq!(r.weighted_score, d("90"));
}

#[test]
fn t3_weights_not_summing_to_100_are_refused() {
    let text = builtin::TITULARIZACION_WEIGHTS_TOML.replace("\"2.4\" = \"25\"", "\"2.4\" = \"20\"");
    let err = Ponderacion::from_toml(&text).unwrap_err().to_string();
    assert!(
        err.contains("weights sum to 95 %") && err.contains("exactly 100 %"),
        "{err}"
    );
}

#[test]
fn t3_score_outside_the_scale_is_refused() {
    let mut v = tc::json();
    v["factors"][2]["score"] = json!("101");
    let err = rate(&tc::case(&v), &tc::methodology())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("factors[2].score (factor 2.3) = 101") && err.contains("0 to 100"),
        "{err}"
    );
}

#[test]
fn t3_ponderar_gives_the_weighted_score_and_category_that_rate_gives() {
    use ratebook_core::titularizacion::calificacion::{ponderar, rate};
    let m = builtin::titularizacion_ponderacion();
    for name in ["cartera_credito", "flujos_futuros"] {
        let c = tc::fixture(name);
        let scores: Vec<_> = c.factors.iter().map(|f| (f.id, f.score)).collect();
        let p = ponderar(&scores, &m).unwrap();
        let r = rate(&c, &m).unwrap();
        assert_eq!(p.weighted_score, r.weighted_score, "{name}");
        assert_eq!(p.model_category, r.model_category, "{name}");
        assert_eq!(p.factors, r.factors, "{name}");
        assert!(p.trace.steps().iter().any(|s| s.rule == "T-3"));
    }
}

#[test]
fn t2_ponderar_refuses_a_score_out_of_range_or_a_missing_factor_naming_the_rule() {
    use ratebook_core::titularizacion::calificacion::ponderar;
    use ratebook_core::titularizacion::factor::FactorId;
    let m = builtin::titularizacion_ponderacion();
    let mut scores: Vec<_> = FactorId::ALL
        .iter()
        .map(|f| (*f, rust_decimal::Decimal::from(70)))
        .collect();
    scores[3].1 = rust_decimal::Decimal::from(101);
    let e = ponderar(&scores, &m).unwrap_err().to_string();
    assert!(
        e.contains("factor 2.4 score") && e.contains("101") && e.contains("T-2"),
        "{e}"
    );
    scores[3].1 = rust_decimal::Decimal::from(-1);
    assert!(ponderar(&scores, &m).is_err());
    scores.pop();
    let e = ponderar(&scores[..8], &m).unwrap_err().to_string();
    assert!(e.contains("0 scores of factor 2.9"), "{e}");
}
