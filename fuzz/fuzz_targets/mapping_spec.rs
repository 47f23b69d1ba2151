//! Mapping spec parsing and N-2 validation never panic on any text, and a spec that
//! validates can map every global level it covers and reverse every option it lists.

#![no_main]

use libfuzzer_sys::fuzz_target;
use ratebook_core::national::{mapping, spec};
use ratebook_core::scale::GlobalRating;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let report = spec::validate_toml(text);
    if !report.valid {
        return;
    }
    let Ok(parsed) = spec::MappingSpec::from_toml(text) else {
        panic!("validate_toml said valid but from_toml failed");
    };
    for g in GlobalRating::ALL {
        if let Ok(options) = mapping::forward_grades(&parsed, *g) {
            for o in options {
                assert!(mapping::reverse_grades(&parsed, *o).contains(g));
            }
        }
    }
});
