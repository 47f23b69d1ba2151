//! Rating scales (SPEC §2): the global long- and short-term symbols and the link between
//! them.
//!
//! Symbols parse strictly: an unknown symbol is an error that names the symbol and the
//! accepted set. Notch arithmetic is defined only on notched symbols (SD and D are states,
//! not notches) and never leaves the scale: it clamps and says so.

use crate::trace::{TraceArg, TraceMessage};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A symbol that is not part of the scale it was parsed against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSymbol {
    /// Which scale was expected (e.g. "global long-term").
    pub scale: &'static str,
    /// The text as given.
    pub symbol: String,
    /// The accepted symbols, comma separated, best first.
    pub accepted: String,
}

impl UnknownSymbol {
    /// The refusal as a catalogue message (`national.error.symbol`), for the reader's
    /// language.
    pub fn message(&self) -> TraceMessage {
        let scale = match self.scale {
            "global long-term" => Some("global_lt"),
            "global short-term" => Some("global_st"),
            "national long-term" => Some("national_lt"),
            "national short-term" => Some("national_st"),
            _ => None,
        };
        let scale: TraceArg = match scale {
            Some(key) => TraceMessage::new(&"national.error.scale.{}".replace("{}", key)).into(),
            None => self.scale.into(),
        };
        TraceMessage::new("national.error.symbol")
            .arg("scale", scale)
            .arg("symbol", self.symbol.as_str())
            .arg("accepted", self.accepted.as_str())
    }
}

impl std::fmt::Display for UnknownSymbol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().english())
    }
}

impl std::error::Error for UnknownSymbol {}

/// `str::trim`, without decoding when the text starts and ends with a visible ASCII
/// character (there is no whitespace to trim then).
fn trim(s: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|b| (0x21..0x7f).contains(b));
    if visible(s.as_bytes().first()) && visible(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}

/// A text of up to 7 bytes as one integer: its length in the low byte, then its bytes.
/// Two such texts are equal exactly when their keys are.
const fn short_key(text: &[u8]) -> u64 {
    let mut key = text.len() as u64;
    let mut i = 0;
    while i < text.len() && i < 7 {
        key |= (text[i] as u64) << (8 * (i + 1));
        i += 1;
    }
    key
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
                let t = trim(s);
                // A text of up to 7 bytes is compared as one integer with each symbol's
                // (its length and bytes: equal integers are equal texts), so that parsing a
                // column of 100,000 ratings does not compare strings symbol by symbol.
                if t.len() <= 7 {
                    let k = short_key(t.as_bytes());
                    $(
                        if $text.len() <= 7 && k == { const K: u64 = short_key($text.as_bytes()); K } {
                            return Ok($name::$variant);
                        }
                    )+
                }
                match t {
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

/// How a national or regional scale writes its symbols (SPEC §2): S&P puts a prefix before
/// the global symbol (`brAA+`, short-term `brA-1+`), other agencies a suffix (`AA+(ZA)`).
/// The default states carry their own symbols: S&P writes plain `SD` and `D`; GCR writes
/// `LD(ZA)` and `DD(ZA)`. The affixes belong to the mapping spec, not to the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NationalAffixes {
    /// Written before the grade, e.g. `br`; empty when the scale uses a suffix.
    pub prefix: String,
    /// Written after the grade, e.g. `(ZA)`; empty when the scale uses a prefix.
    pub suffix: String,
    /// The selective-default symbol on this scale (S&P: `SD`, no affix).
    pub sd: String,
    /// The default symbol on this scale (S&P: `D`, no affix).
    pub d: String,
}

/// The fund credit quality marker S&P appends to the grade (`brAAAf`, SPEC §2).
pub const FUND_SUFFIX: &str = "f";

/// A parsed national long-term symbol: the grade on the national scale (the global
/// symbols reused, AAA … C, SD, D) and whether it is a fund credit quality rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NationalSymbol {
    pub grade: GlobalRating,
    pub fund: bool,
}

impl NationalAffixes {
    /// The long-term symbol for `grade` (`xxAA+`, `AA+(ZA)`, `SD`).
    pub fn format(&self, grade: GlobalRating) -> String {
        match grade {
            GlobalRating::Sd => self.sd.clone(),
            GlobalRating::D => self.d.clone(),
            g => format!("{}{}{}", self.prefix, g.as_str(), self.suffix),
        }
    }

    /// The long-term symbol with the fund marker when `fund` is set (`xxAAf`); default
    /// states never carry it.
    pub fn format_symbol(&self, symbol: NationalSymbol) -> String {
        match symbol.grade {
            GlobalRating::Sd | GlobalRating::D => self.format(symbol.grade),
            g if symbol.fund => {
                format!("{}{}{FUND_SUFFIX}{}", self.prefix, g.as_str(), self.suffix)
            }
            g => self.format(g),
        }
    }

    /// The short-term symbol (`xxA-1+`, `A-1+(ZA)`); SD and D as the scale writes them.
    pub fn format_short(&self, st: ShortTermRating) -> String {
        match st {
            ShortTermRating::Sd => self.sd.clone(),
            ShortTermRating::D => self.d.clone(),
            s => format!("{}{}{}", self.prefix, s.as_str(), self.suffix),
        }
    }

    fn accepted_long(&self) -> String {
        let mut all: Vec<String> = GlobalRating::ALL.iter().map(|g| self.format(*g)).collect();
        all.push(format!(
            "fund ratings with '{FUND_SUFFIX}' after the grade (e.g. {})",
            self.format_symbol(NationalSymbol {
                grade: GlobalRating::Aaa,
                fund: true
            })
        ));
        all.join(", ")
    }

    fn unknown_long(&self, text: &str) -> UnknownSymbol {
        UnknownSymbol {
            scale: "national long-term",
            symbol: text.to_string(),
            accepted: self.accepted_long(),
        }
    }

    /// Strips the prefix and suffix, or `None` when `text` does not carry them.
    /// Whitespace between an affix and the grade (`br B`) is refused: only the symbol's
    /// outer whitespace is forgiven.
    fn core<'a>(&self, text: &'a str) -> Option<&'a str> {
        let inner = text.strip_prefix(self.prefix.as_str())?;
        let inner = inner.strip_suffix(self.suffix.as_str())?;
        (!inner.is_empty() && inner.trim() == inner).then_some(inner)
    }

    /// Parses a long-term symbol of this scale, strictly: the affixes must be present, the
    /// grade must be a global symbol, the fund marker is accepted after a notched grade.
    pub fn parse(&self, text: &str) -> Result<NationalSymbol, UnknownSymbol> {
        let t = text.trim();
        if t == self.sd {
            return Ok(NationalSymbol {
                grade: GlobalRating::Sd,
                fund: false,
            });
        }
        if t == self.d {
            return Ok(NationalSymbol {
                grade: GlobalRating::D,
                fund: false,
            });
        }
        let inner = self.core(t).ok_or_else(|| self.unknown_long(t))?;
        let (grade_text, fund) = match inner.strip_suffix(FUND_SUFFIX) {
            Some(g) => (g, true),
            None => (inner, false),
        };
        match grade_text.parse::<GlobalRating>() {
            Ok(GlobalRating::Sd | GlobalRating::D) | Err(_) => Err(self.unknown_long(t)),
            // Strict: the symbol must be written exactly as the scale writes it (no inner
            // whitespace, which the global parser would forgive).
            Ok(grade) if self.format_symbol(NationalSymbol { grade, fund }) != t => {
                Err(self.unknown_long(t))
            }
            Ok(grade) => Ok(NationalSymbol { grade, fund }),
        }
    }

    /// Parses a short-term symbol of this scale, strictly.
    pub fn parse_short(&self, text: &str) -> Result<ShortTermRating, UnknownSymbol> {
        let t = text.trim();
        if t == self.sd {
            return Ok(ShortTermRating::Sd);
        }
        if t == self.d {
            return Ok(ShortTermRating::D);
        }
        let unknown = || UnknownSymbol {
            scale: "national short-term",
            symbol: t.to_string(),
            accepted: ShortTermRating::ALL
                .iter()
                .map(|s| self.format_short(*s))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let inner = self.core(t).ok_or_else(unknown)?;
        match inner.parse::<ShortTermRating>() {
            Ok(ShortTermRating::Sd | ShortTermRating::D) | Err(_) => Err(unknown()),
            Ok(st) if self.format_short(st) != t => Err(unknown()),
            Ok(st) => Ok(st),
        }
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

    fn xx() -> NationalAffixes {
        NationalAffixes {
            prefix: "xx".into(),
            suffix: String::new(),
            sd: "SD".into(),
            d: "D".into(),
        }
    }

    fn za() -> NationalAffixes {
        NationalAffixes {
            prefix: String::new(),
            suffix: "(ZA)".into(),
            sd: "LD(ZA)".into(),
            d: "DD(ZA)".into(),
        }
    }

    #[test]
    fn global_symbols_parse_exactly_their_texts() {
        fn check<T: FromStr<Err = UnknownSymbol> + PartialEq + fmt::Debug + Copy>(
            all: &[T],
            text: fn(T) -> &'static str,
        ) {
            for v in all {
                let t = text(*v);
                assert_eq!(t.parse::<T>().ok(), Some(*v), "{t}");
                assert_eq!(format!(" {t}\t").parse::<T>().ok(), Some(*v), "{t} trimmed");
                for near in [
                    format!("{t}+"),
                    format!("{t}-"),
                    t[1..].to_string(),
                    t.to_lowercase(),
                ] {
                    if all.iter().all(|w| text(*w) != near) {
                        assert!(near.parse::<T>().is_err(), "{near:?}");
                    }
                }
            }
            for bad in ["", "A A", "AAAAAAA", "AAAAAAAA", "é", "\0"] {
                assert!(bad.parse::<T>().is_err(), "{bad:?}");
            }
        }
        check(GlobalRating::ALL, GlobalRating::as_str);
        check(ShortTermRating::ALL, ShortTermRating::as_str);
        check(Outlook::ALL, Outlook::as_str);
        check(CreditWatch::ALL, CreditWatch::as_str);
    }

    #[test]
    fn national_symbols_carry_the_scale_affixes() {
        assert_eq!(xx().format(GlobalRating::AaPlus), "xxAA+");
        assert_eq!(xx().format(GlobalRating::Sd), "SD");
        assert_eq!(za().format(GlobalRating::AaPlus), "AA+(ZA)");
        assert_eq!(za().format(GlobalRating::D), "DD(ZA)");
        assert_eq!(xx().format_short(ShortTermRating::A1Plus), "xxA-1+");
        assert_eq!(za().format_short(ShortTermRating::A2), "A-2(ZA)");
        assert_eq!(xx().format_short(ShortTermRating::D), "D");
        let fund = NationalSymbol {
            grade: GlobalRating::Aa,
            fund: true,
        };
        assert_eq!(xx().format_symbol(fund), "xxAAf");
        assert_eq!(za().format_symbol(fund), "AAf(ZA)");
    }

    #[test]
    fn national_parsing_is_strict_and_round_trips() {
        for scale in [xx(), za()] {
            for g in GlobalRating::ALL {
                let text = scale.format(*g);
                assert_eq!(scale.parse(&text).map(|s| s.grade), Ok(*g), "{text}");
                let fund = NationalSymbol {
                    grade: *g,
                    fund: g.notch().is_some(),
                };
                assert_eq!(scale.parse(&scale.format_symbol(fund)), Ok(fund));
            }
            for st in ShortTermRating::ALL {
                assert_eq!(scale.parse_short(&scale.format_short(*st)), Ok(*st));
            }
        }
        for bad in [
            "AA+",
            "xxAA++",
            "brAA+",
            "xx",
            "xxSD",
            "xxDf",
            "xxf",
            "xxA-1",
            "xx B",
            "xxA+\u{b}f",
        ] {
            let err = xx().parse(bad).unwrap_err();
            assert_eq!(err.symbol, bad);
            assert!(err.to_string().contains("accepted: xxAAA, xxAA+"), "{err}");
        }
        assert!(za().parse("(ZA)AA").is_err());
        assert!(
            za().parse("AA (ZA)").is_err(),
            "found by the fuzzer: inner whitespace"
        );
        assert_eq!(xx().parse(" xxB ").map(|s| s.grade), Ok(GlobalRating::B));
        assert!(xx().parse_short("xx A-1").is_err());
        assert!(xx().parse_short("xxA-4").is_err());
        assert!(xx().parse_short("xxAA").is_err());
    }

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
