//! T-2 and T-5: the factors' sub-criteria, the structure's required documents and the
//! asset type's required analyses; anything missing is flagged to the committee.

mod titularizacion_case;

use ratebook_core::titularizacion::rate;
use serde_json::json;
use titularizacion_case as tc;

#[test]
fn t2_complete_case_raises_no_flag() {
    let r = rate(&tc::case(&tc::json()), &tc::methodology()).unwrap();
    assert!(r.flags.is_empty(), "{:#?}", r.flags);
}

#[test]
fn t2_missing_document_is_flagged_with_its_seed_section() {
    let mut v = tc::json();
    v["documents"]
        .as_array_mut()
        .unwrap()
        .retain(|d| d["kind"] != "opinion_legal_independiente");
    v["documents"][1]["status"] = json!("missing");
    let r = rate(&tc::case(&v), &tc::methodology()).unwrap();
    let flagged: Vec<&str> = r
        .flags
        .iter()
        .filter(|f| f.rule == "T-2")
        .map(|f| f.subject.as_str())
        .collect();
    assert_eq!(
        flagged,
        ["document prospecto", "document opinion_legal_independiente"]
    );
    assert!(r.flags.iter().any(|f| f.section == "003 §2.8"));
}

#[test]
fn t2_only_covenants_may_be_not_applicable() {
    let mut v = tc::json();
    v["documents"][0]["status"] = json!("not_applicable");
    let err = rate(&tc::case(&v), &tc::methodology())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("documents[0].status = not_applicable"),
        "{err}"
    );
}

#[test]
fn t2_real_estate_needs_independent_appraisals() {
    let c = tc::fixture("bienes_inmuebles");
    let mut v = serde_json::to_value(&c).unwrap();
    v["documents"]
        .as_array_mut()
        .unwrap()
        .retain(|d| d["kind"] != "avaluos_independientes");
    let r = rate(&tc::case(&v), &tc::methodology()).unwrap();
    assert!(r
        .flags
        .iter()
        .any(|f| f.subject == "document avaluos_independientes"));
}

#[test]
fn t2_pending_sub_criterion_and_unknown_item() {
    let mut v = tc::json();
    v["factors"][3]["checklist"][1]["status"] = json!("pending");
    let r = rate(&tc::case(&v), &tc::methodology()).unwrap();
    assert!(r
        .flags
        .iter()
        .any(|f| f.subject == "checklist 2.4.b" && f.section == "003 §2.4"));

    v["factors"][3]["checklist"][1]["item"] = json!("2.4.z");
    let err = rate(&tc::case(&v), &tc::methodology())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("factors[3].checklist[1].item = 2.4.z"),
        "{err}"
    );
    assert!(err.contains("2.4.a, 2.4.b"), "{err}");
}

#[test]
fn t5_missing_required_analysis_is_flagged_and_foreign_items_refused() {
    let mut v = tc::json();
    v["asset_analyses"].as_array_mut().unwrap().remove(2);
    let r = rate(&tc::case(&v), &tc::methodology()).unwrap();
    let f = r.flags.iter().find(|f| f.rule == "T-5").unwrap();
    assert_eq!(f.subject, "analysis 1.3");
    assert!(f.message.contains("Índice de siniestralidad"));

    v["asset_analyses"][0]["item"] = json!("3.5");
    let err = rate(&tc::case(&v), &tc::methodology())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("asset_analyses[0].item = 3.5") && err.contains("1.1, 1.2, 1.3, 1.4"),
        "{err}"
    );
}
