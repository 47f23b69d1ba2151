//! Rating scales (SPEC §2): the global long- and short-term symbols and the link between
//! them.
//!
//! Symbols parse strictly: an unknown symbol is an error that names the symbol and the
//! accepted set. Notch arithmetic is defined only on notched symbols (SD and D are states,
//! not notches) and never leaves the scale: it clamps and says so.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A symbol that is not part of the scale it was parsed against.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {scale} symbol '{symbol}'; accepted: {accepted}")]
pub struct UnknownSymbol {
    /// Which scale was expected (e.g. "global long-term").
    pub scale: &'static str,
    /// The text as given.
    pub symbol: String,
    /// The accepted symbols, comma separated, best first.
    pub accepted: String,
}

macro_rules! symbol_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $scale:literal, [ $( $variant:ident => $text:literal ),+ $(,)? ]
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name {
            $( #[serde(rename = $text)] $variant, )+
        }

        impl $name {
            /// Every symbol of this scale, best first.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The symbol as written in reports (e.g. `AA+`).
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text, )+ }
            }

            fn accepted() -> String {
                Self::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownSymbol;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim() {
                    $( $text => Ok($name::$variant), )+
                    other => Err(UnknownSymbol {
                        scale: $scale,
                        symbol: other.to_string(),
                        accepted: Self::accepted(),
                    }),
                }
            }
        }
    };
}

symbol_enum!(
    /// A global long-term rating or credit-quality level (SPEC §2). `SD` and `D` are
    /// default states, not notches.
    GlobalRating, "global long-term", [
        Aaa => "AAA", AaPlus => "AA+", Aa => "AA", AaMinus => "AA-",
        APlus => "A+", A => "A", AMinus => "A-",
        BbbPlus => "BBB+", Bbb => "BBB", BbbMinus => "BBB-",
        BbPlus => "BB+", Bb => "BB", BbMinus => "BB-",
        BPlus => "B+", B => "B", BMinus => "B-",
        CccPlus => "CCC+", Ccc => "CCC", CccMinus => "CCC-",
        Cc => "CC", C => "C", Sd => "SD", D => "D",
    ]
);

symbol_enum!(
    /// A global short-term rating (SPEC §2).
    ShortTermRating, "global short-term", [
        A1Plus => "A-1+", A1 => "A-1", A2 => "A-2", A3 => "A-3",
        B => "B", C => "C", Sd => "SD", D => "D",
    ]
);

symbol_enum!(
    /// The direction a rating may move over the medium term (SPEC §2).
    Outlook, "outlook", [
        Stable => "Stable", Positive => "Positive", Negative => "Negative", Developing => "Developing",
    ]
);

symbol_enum!(
    /// CreditWatch placement: a rating under short-term review (SPEC §2).
    CreditWatch, "CreditWatch", [
        WatchPos => "Watch Pos", WatchNeg => "Watch Neg", WatchDev => "Watch Dev",
    ]
);

/// Number of notched global levels, AAA (1) to C (21).
pub const GLOBAL_NOTCHES: u8 = 21;

/// The outcome of moving along a scale by some notches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotchMove<T> {
    /// Where the move ended.
    pub result: T,
    /// True when the requested move would have left the scale and was stopped at its end.
    pub clamped: bool,
}

impl GlobalRating {
    /// Position on the notched scale, 1 for AAA to 21 for C; `None` for SD and D, which
    /// are default states rather than notches.
    pub fn notch(self) -> Option<u8> {
        match self {
            GlobalRating::Sd | GlobalRating::D => None,
            // Invariant: ALL lists the 21 notched symbols first, in order.
            other => Self::ALL
                .iter()
                .position(|s| *s == other)
                .map(|i| i as u8 + 1),
        }
    }

    /// The notched symbol at `notch` (1 = AAA … 21 = C).
    pub fn from_notch(notch: u8) -> Option<GlobalRating> {
        if (1..=GLOBAL_NOTCHES).contains(&notch) {
            Some(Self::ALL[usize::from(notch - 1)])
        } else {
            None
        }
    }

    /// Investment grade means BBB- or better.
    pub fn is_investment_grade(self) -> bool {
        matches!(self.notch(), Some(n) if n <= 10)
    }

    /// Moves `delta` notches up (positive) or down (negative), stopping at AAA or C.
    /// Returns `None` for SD and D, which cannot be notched.
    pub fn shift(self, delta: i32) -> Option<NotchMove<GlobalRating>> {
        let current = i32::from(self.notch()?);
        let wanted = current - delta;
        let bounded = wanted.clamp(1, i32::from(GLOBAL_NOTCHES));
        let result = Self::from_notch(bounded as u8)?;
        Some(NotchMove {
            result,
            clamped: bounded != wanted,
        })
    }
}

/// One row of a long-term to short-term linkage table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortTermLinkRow {
    /// The long-term level.
    pub lt: GlobalRating,
    /// The short-term rating under the standard mapping.
    pub standard: ShortTermRating,
    /// The one-notch-higher short-term rating available under the alternative mapping for
    /// issuers whose liquidity is exceptional or a key strength; absent when the standard
    /// mapping is the only one at this level.
    #[serde(default)]
    pub higher: Option<ShortTermRating>,
}

/// A versioned long-term to short-term linkage table (SPEC N-7), kept as data because the
/// public sources only let it be inferred.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortTermLink {
    pub id: String,
    pub version: String,
    /// Where the table comes from.
    pub source: String,
    /// How sure the table is: "verified" or "inferred".
    pub basis: String,
    pub rows: Vec<ShortTermLinkRow>,
}

/// Errors in a linkage table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShortTermLinkError {
    #[error("short-term link '{id}': could not read the table: {message}")]
    Parse { id: String, message: String },
    #[error("short-term link '{id}': no row for long-term level {level}; every global level AAA…C, SD and D needs one")]
    MissingLevel { id: String, level: GlobalRating },
    #[error("short-term link '{id}': long-term level {level} appears more than once")]
    DuplicateLevel { id: String, level: GlobalRating },
}

impl ShortTermLink {
    /// Parses a linkage table from TOML and checks that every global level has exactly one
    /// row.
    pub fn from_toml(id: &str, text: &str) -> Result<ShortTermLink, ShortTermLinkError> {
        let link: ShortTermLink = toml::from_str(text).map_err(|e| ShortTermLinkError::Parse {
            id: id.to_string(),
            message: e.to_string(),
        })?;
        for level in GlobalRating::ALL {
            match link.rows.iter().filter(|r| r.lt == *level).count() {
                0 => {
                    return Err(ShortTermLinkError::MissingLevel {
                        id: link.id.clone(),
                        level: *level,
                    })
                }
                1 => {}
                _ => {
                    return Err(ShortTermLinkError::DuplicateLevel {
                        id: link.id.clone(),
                        level: *level,
                    })
                }
            }
        }
        Ok(link)
    }

    /// The row for `lt`. Total after `from_toml`'s check.
    pub fn row(&self, lt: GlobalRating) -> Option<&ShortTermLinkRow> {
        self.rows.iter().find(|r| r.lt == lt)
    }
}

/// One line of the global scale overview shown on the app's first screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScaleRow {
    pub symbol: GlobalRating,
    /// 1 (AAA) … 21 (C); null for SD and D.
    pub notch: Option<u8>,
    pub investment_grade: bool,
    /// Standard short-term equivalent.
    pub short_term: ShortTermRating,
    /// Short-term equivalent under the alternative (liquidity) mapping.
    pub short_term_alternative: ShortTermRating,
}

/// The global scale overview, derived from a linkage table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScaleOverview {
    pub link_id: String,
    pub link_version: String,
    pub link_source: String,
    pub link_basis: String,
    pub rows: Vec<ScaleRow>,
}

/// Lists every global long-term symbol, best first, with its notch index and its
/// short-term equivalents under `link`.
pub fn global_scale_overview(link: &ShortTermLink) -> ScaleOverview {
    let rows = GlobalRating::ALL
        .iter()
        .filter_map(|&symbol| {
            let row = link.row(symbol)?;
            Some(ScaleRow {
                symbol,
                notch: symbol.notch(),
                investment_grade: symbol.is_investment_grade(),
                short_term: row.standard,
                short_term_alternative: row.higher.unwrap_or(row.standard),
            })
        })
        .collect();
    ScaleOverview {
        link_id: link.id.clone(),
        link_version: link.version.clone(),
        link_source: link.source.clone(),
        link_basis: link.basis.clone(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin;

    #[test]
    fn global_scale_has_21_notches_then_sd_and_d() {
        assert_eq!(GlobalRating::ALL.len(), 23);
        assert_eq!(GlobalRating::Aaa.notch(), Some(1));
        assert_eq!(GlobalRating::BbbMinus.notch(), Some(10));
        assert_eq!(GlobalRating::C.notch(), Some(21));
        assert_eq!(GlobalRating::Sd.notch(), None);
        assert_eq!(GlobalRating::D.notch(), None);
        for n in 1..=GLOBAL_NOTCHES {
            assert_eq!(GlobalRating::from_notch(n).and_then(|g| g.notch()), Some(n));
        }
        assert_eq!(GlobalRating::from_notch(0), None);
        assert_eq!(GlobalRating::from_notch(22), None);
    }

    #[test]
    fn parsing_is_strict_and_names_the_accepted_set() {
        assert_eq!("BBB-".parse::<GlobalRating>(), Ok(GlobalRating::BbbMinus));
        assert_eq!(
            "A-1+".parse::<ShortTermRating>(),
            Ok(ShortTermRating::A1Plus)
        );
        let err = "AA++".parse::<GlobalRating>().unwrap_err();
        assert_eq!(err.symbol, "AA++");
        assert!(err.to_string().contains("accepted: AAA, AA+, AA"), "{err}");
        assert!(
            "aaa".parse::<GlobalRating>().is_err(),
            "symbols are case-sensitive"
        );
        assert!("Watch Up".parse::<CreditWatch>().is_err());
        assert_eq!("Developing".parse::<Outlook>(), Ok(Outlook::Developing));
    }

    #[test]
    fn display_round_trips_every_symbol() {
        for s in GlobalRating::ALL {
            assert_eq!(s.to_string().parse::<GlobalRating>(), Ok(*s));
        }
        for s in ShortTermRating::ALL {
            assert_eq!(s.to_string().parse::<ShortTermRating>(), Ok(*s));
        }
    }

    #[test]
    fn notch_shifts_clamp_at_the_ends_and_report_it() {
        let up = GlobalRating::AaPlus.shift(3).unwrap();
        assert_eq!(
            up,
            NotchMove {
                result: GlobalRating::Aaa,
                clamped: true
            }
        );
        let down = GlobalRating::Cc.shift(-4).unwrap();
        assert_eq!(
            down,
            NotchMove {
                result: GlobalRating::C,
                clamped: true
            }
        );
        let inside = GlobalRating::Bbb.shift(-2).unwrap();
        assert_eq!(
            inside,
            NotchMove {
                result: GlobalRating::BbPlus,
                clamped: false
            }
        );
        assert_eq!(GlobalRating::D.shift(1), None);
    }

    #[test]
    fn investment_grade_ends_at_bbb_minus() {
        assert!(GlobalRating::BbbMinus.is_investment_grade());
        assert!(!GlobalRating::BbPlus.is_investment_grade());
        assert!(!GlobalRating::Sd.is_investment_grade());
    }

    #[test]
    fn n7_overview_lists_every_symbol_with_its_short_term_equivalents() {
        let link = builtin::short_term_link();
        let overview = global_scale_overview(&link);
        assert_eq!(overview.rows.len(), GlobalRating::ALL.len());
        let row = |g: GlobalRating| {
            overview
                .rows
                .iter()
                .find(|r| r.symbol == g)
                .unwrap()
                .clone()
        };
        assert_eq!(row(GlobalRating::Aaa).short_term, ShortTermRating::A1Plus);
        assert_eq!(row(GlobalRating::APlus).short_term, ShortTermRating::A1);
        assert_eq!(
            row(GlobalRating::APlus).short_term_alternative,
            ShortTermRating::A1Plus
        );
        assert_eq!(row(GlobalRating::BbbMinus).short_term, ShortTermRating::A3);
        assert_eq!(row(GlobalRating::Bb).short_term, ShortTermRating::B);
        assert_eq!(row(GlobalRating::CccPlus).short_term, ShortTermRating::C);
        assert_eq!(row(GlobalRating::Sd).short_term, ShortTermRating::Sd);
        assert_eq!(row(GlobalRating::D).notch, None);
        assert_eq!(overview.link_basis, "inferred");
    }

    #[test]
    fn n7_link_table_must_cover_every_level_once() {
        let text = r#"
            id = "t"
            version = "1"
            source = "test"
            basis = "inferred"
            rows = [ { lt = "AAA", standard = "A-1+" } ]
        "#;
        let err = ShortTermLink::from_toml("t", text).unwrap_err();
        assert_eq!(
            err,
            ShortTermLinkError::MissingLevel {
                id: "t".into(),
                level: GlobalRating::AaPlus
            }
        );
        let bad = r#"
            id = "t"
            version = "1"
            source = "test"
            basis = "inferred"
            rows = [ { lt = "AAA", standard = "A-9" } ]
        "#;
        assert!(matches!(
            ShortTermLink::from_toml("t", bad),
            Err(ShortTermLinkError::Parse { .. })
        ));
    }
}
