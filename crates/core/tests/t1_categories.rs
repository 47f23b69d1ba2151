//! T-1: the CLASS titularización categories, and the scale the committee decides on.

use ratebook_core::titularizacion::categoria::{Categoria, CategoriaBase};

#[test]
fn t1_committee_session_scale_is_the_category_scale() {
    // The committee rules carry the scale of each agenda item as data (C-3 notches); the
    // shipped titularización session must use exactly these nineteen categories.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/sessions/ordinaria-43-2026-titularizacion.json"
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let ours: Vec<String> = Categoria::all().map(|c| c.to_string()).collect();
    let mut found = 0;
    let mut stack = vec![&v];
    while let Some(x) = stack.pop() {
        match x {
            serde_json::Value::Object(m) => {
                if m.get("id").and_then(|i| i.as_str()) == Some("class-titularizacion") {
                    let symbols: Vec<String> =
                        serde_json::from_value(m["symbols"].clone()).unwrap();
                    assert_eq!(symbols, ours);
                    found += 1;
                }
                stack.extend(m.values());
            }
            serde_json::Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
    assert!(
        found > 0,
        "the session fixture names the class-titularizacion scale"
    );
}

#[test]
fn t1_categories_serialise_as_their_symbols() {
    let c: Categoria = serde_json::from_str("\"AA-\"").unwrap();
    assert_eq!(c.base(), CategoriaBase::Aa);
    assert_eq!(serde_json::to_string(&c).unwrap(), "\"AA-\"");
    let err = serde_json::from_str::<Categoria>("\"AAA+\"").unwrap_err();
    assert!(err.to_string().contains("none above AAA"), "{err}");
}
