//! A small hand-checkable titularización case for the scenario tests: two classes, four
//! periods, a USD 50.00 reserve fund (the figures of the waterfall unit tests). Fictional.
#![allow(dead_code)]

use ratebook_core::builtin;
use ratebook_core::titularizacion::activo::TipoActivo;
use ratebook_core::titularizacion::factor::{subcriterios, FactorId};
use ratebook_core::titularizacion::{Ponderacion, Titularizacion};
use serde_json::{json, Value};

pub fn methodology() -> Ponderacion {
    builtin::titularizacion_ponderacion()
}

pub fn factors(score: &str) -> Value {
    Value::Array(
        FactorId::ALL
            .iter()
            .map(|f| {
                let checklist: Vec<Value> = subcriterios(*f, TipoActivo::CarteraCredito)
                    .iter()
                    .map(|s| json!({"item": s.id, "status": "assessed", "note": "revisado"}))
                    .collect();
                json!({
                    "id": f.code(),
                    "score": score,
                    "checklist": checklist,
                    "evidence": ["nota de evidencia"],
                    "documents_relied_on": ["Prospecto"]
                })
            })
            .collect(),
    )
}

/// The small case as JSON, to be edited by each test.
pub fn json() -> Value {
    json!({
        "name": "Fideicomiso de prueba (FICTICIO)",
        "fictional": true,
        "originator": "Originador de prueba S.A. (ficticio)",
        "fiduciary": "Fiduciaria de prueba S.A. (ficticia)",
        "asset_type": "cartera_credito",
        "committee_date": "2025-08-31",
        "information_cutoff": "2025-06-30",
        "information_validity": {"no_false_antecedents": true, "no_unreflected_significant_change": true},
        "factors": factors("90"),
        "documents": [
            {"kind": "contrato_fideicomiso", "status": "received", "reference": "escritura"},
            {"kind": "prospecto", "status": "received"},
            {"kind": "covenants", "status": "not_applicable", "note": "sin resguardos"},
            {"kind": "opinion_legal_independiente", "status": "received"},
            {"kind": "estados_auditados_tres_anios", "status": "received"}
        ],
        "asset_analyses": [
            {"item": "1.1", "status": "assessed"}, {"item": "1.2", "status": "assessed"},
            {"item": "1.3", "status": "assessed"}, {"item": "1.4", "status": "assessed"}
        ],
        "flows": {"periods": [
            {"period": 1, "date": "2025-09-30", "collections": "300.00", "expenses": "5.00"},
            {"period": 2, "date": "2025-10-31", "collections": "250.00", "expenses": "5.00"},
            {"period": 3, "date": "2025-11-30", "collections": "290.00", "expenses": "5.00"},
            {"period": 4, "date": "2025-12-31", "collections": "450.00", "expenses": "5.00"}
        ]},
        "priority_of_payments": "class_by_class",
        "classes": [
            {"name": "A", "seniority": 1, "amount": "1000.00", "schedule": [
                {"period": 1, "interest": "10.00", "principal": "250.00"},
                {"period": 2, "interest": "7.50", "principal": "250.00"},
                {"period": 3, "interest": "5.00", "principal": "250.00"},
                {"period": 4, "interest": "2.50", "principal": "250.00"}
            ]},
            {"name": "B", "seniority": 2, "amount": "200.00", "schedule": [
                {"period": 1, "interest": "6.00", "principal": "0"},
                {"period": 2, "interest": "6.00", "principal": "0"},
                {"period": 3, "interest": "6.00", "principal": "0"},
                {"period": 4, "interest": "6.00", "principal": "200.00"}
            ]}
        ],
        "mechanisms": [
            {"kind": "fondo_reserva", "amount": "50.00", "order": 1},
            {"kind": "subordinacion", "amount": "200.00", "order": 2}
        ],
        "index": {"kind": "siniestralidad", "variant": "weighted_average", "window_periods": 3, "base": "capital", "series": [
            {"date": "2025-04-30", "balance": "1000.00", "past_due": "100.00"},
            {"date": "2025-05-31", "balance": "1000.00", "past_due": "100.00"},
            {"date": "2025-06-30", "balance": "1000.00", "past_due": "100.00"}
        ]},
        "stress": {"equilibrium_variable": "volume", "scenarios": [
            {"name": "volumen -20 %", "shocks": {"volume": "0.20"}}
        ]},
        "montecarlo": {"paths": 200, "seed": 1, "persistence": "0"}
    })
}

pub fn case(v: &Value) -> Titularizacion {
    Titularizacion::from_json(&v.to_string()).expect("test case parses")
}

pub fn fixture(name: &str) -> Titularizacion {
    let path = format!(
        "{}/../../fixtures/cases/titularizacion/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    Titularizacion::from_json(&text).expect("fixture parses")
}
