//! Strict symbol parsing (SPEC §2) never panics, and whatever it accepts prints back to the
//! same symbol: global long- and short-term, and national symbols with prefix and suffix
//! affixes, fund marker and the scale's own default symbols.

#![no_main]

use libfuzzer_sys::fuzz_target;
use ratebook_core::scale::{GlobalRating, NationalAffixes, ShortTermRating};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(g) = text.parse::<GlobalRating>() {
        assert_eq!(g.as_str(), text.trim());
    }
    if let Ok(s) = text.parse::<ShortTermRating>() {
        assert_eq!(s.as_str(), text.trim());
    }
    let scales = [
        NationalAffixes {
            prefix: "br".into(),
            suffix: String::new(),
            sd: "SD".into(),
            d: "D".into(),
        },
        NationalAffixes {
            prefix: String::new(),
            suffix: "(ZA)".into(),
            sd: "LD(ZA)".into(),
            d: "DD(ZA)".into(),
        },
    ];
    for scale in &scales {
        if let Ok(sym) = scale.parse(text) {
            assert_eq!(scale.format_symbol(sym), text.trim());
        }
        if let Ok(st) = scale.parse_short(text) {
            assert_eq!(scale.format_short(st), text.trim());
        }
    }
});
