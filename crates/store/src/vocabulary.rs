//! The closed lists of the workbook's schema (sectors, seniorities, asset types,
//! mechanisms, roles…): each a Rust enum that parses strictly, naming the accepted set, and
//! that matches the CHECK constraint of its column.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A value outside one of the workbook's closed lists.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {list} '{value}'; accepted: {accepted}")]
pub struct UnknownTerm {
    pub list: &'static str,
    pub value: String,
    pub accepted: String,
}

macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $list:literal, [ $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)? ]
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant, )+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The term as stored and written in files.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text, )+ }
            }

            /// The accepted terms, comma separated.
            pub fn accepted() -> String {
                Self::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownTerm;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim() {
                    $( $text => Ok($name::$variant), )+
                    other => Err(UnknownTerm {
                        list: $list,
                        value: other.to_string(),
                        accepted: Self::accepted(),
                    }),
                }
            }
        }
    };
}

text_enum!(
    /// An issuer's sector; funds and structured or project finance have no issuer credit
    /// rating of their own (N-9), NOHC and insurers carry their own labels (N-10).
    Sector, "sector", [
        Corporate => "corporate", Bank => "bank", Insurer => "insurer", Nohc => "nohc",
        Utility => "utility", Infrastructure => "infrastructure", PublicFinance => "public-finance",
        ProjectFinance => "project-finance", StructuredFinance => "structured-finance", Fund => "fund",
    ]
);

text_enum!(
    /// The entity's relative position among peers at the same global level (N-4).
    PeerPosition, "peer position", [ Upper => "upper", Middle => "middle", Lower => "lower" ]
);

text_enum!(
    /// An issue's rank in the capital structure (N-8).
    Seniority, "seniority", [
        SeniorSecured => "senior-secured", SeniorUnsecured => "senior-unsecured",
        Subordinated => "subordinated", JuniorSubordinated => "junior-subordinated", Hybrid => "hybrid",
    ]
);

text_enum!(
    /// S&P recovery ratings (N-8b).
    RecoveryRating, "recovery rating", [
        OnePlus => "1+", One => "1", Two => "2", Three => "3", Four => "4", Five => "5", Six => "6",
    ]
);

text_enum!(
    /// The four asset types of seed 003 §1.1 (T-5).
    AssetType, "asset type", [
        CarteraCredito => "cartera_credito", BienesInmuebles => "bienes_inmuebles",
        ProyectosInmobiliarios => "proyectos_inmobiliarios", FlujosFuturos => "flujos_futuros",
    ]
);

text_enum!(
    /// Which index the mechanisms are measured against (T-8).
    IndexKind, "index kind", [ Siniestralidad => "siniestralidad", Desviacion => "desviacion" ]
);

text_enum!(
    /// A line of a titularización's cash-flow schedule (T-7): projected collections, or a
    /// class's interest or principal due.
    FlowLine, "cash-flow line", [ Inflow => "inflow", Interest => "interest", Principal => "principal" ]
);

text_enum!(
    /// A historical series kept for the loss or deviation index (T-8, T-10).
    HistorySeries, "history series", [
        Portfolio => "portfolio", Overdue => "overdue", Defaulted => "defaulted",
        Collected => "collected", Projected => "projected", Sales => "sales", Prepaid => "prepaid",
    ]
);

text_enum!(
    /// The mechanisms catalogue of seed 003 §2.5 (T-9).
    MecanismoCobertura, "mechanism", [
        Subordination => "subordination", Overcollateralisation => "overcollateralisation",
        ExcessSpread => "excess_spread", AssetSubstitution => "asset_substitution",
        CreditLine => "credit_line", Guarantee => "guarantee",
        BankGuaranteeInsurance => "bank_guarantee_insurance", PledgeMortgage => "pledge_mortgage",
        GuaranteeTrust => "guarantee_trust", ReserveFund => "reserve_fund", Other => "other",
    ]
);

text_enum!(
    /// The nine factors of seed 003 §2.1–2.9 (T-2).
    Factor, "factor", [
        Macro => "2.1", Sector => "2.2", UnderlyingAsset => "2.3", CashFlow => "2.4",
        Mechanisms => "2.5", Originator => "2.6", Fiduciary => "2.7", Legal => "2.8", Liquidity => "2.9",
    ]
);

text_enum!(
    /// Committee roles (C-1).
    Role, "role", [
        Analyst => "analyst", VotingMember => "voting_member", Chair => "chair",
        Secretary => "secretary", GeneralManager => "general_manager",
    ]
);

text_enum!(
    /// Session kinds (C-2).
    SessionKind, "session kind", [ Ordinaria => "ordinaria", Extraordinaria => "extraordinaria" ]
);

text_enum!(
    /// Rating action types (C-6).
    ActionType, "action type", [
        New => "new", Affirmation => "affirmation", Upgrade => "upgrade", Downgrade => "downgrade",
        Watch => "watch", Withdrawal => "withdrawal",
    ]
);

text_enum!(
    /// Methodology lifecycle states (C-7).
    MethodologyState, "methodology state", [ Draft => "draft", Approved => "approved", Retired => "retired" ]
);

text_enum!(
    /// Report languages (SPEC §6).
    Language, "language", [ Es => "es", En => "en" ]
);

/// Reads a text column into a strictly parsed type (a vocabulary term, a rating, a date,
/// a decimal); a value that does not parse can only have been written outside Ratebook
/// and is reported as a conversion error naming the column.
pub(crate) fn column<T>(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: String = row.get(idx)?;
    text.parse::<T>().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Like [`column`] for a nullable column.
pub(crate) fn opt_column<T>(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Option<T>>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: Option<String> = row.get(idx)?;
    text.map(|t| {
        t.parse::<T>().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
        })
    })
    .transpose()
}

/// A stored text value for any displayable term.
pub(crate) fn text<T: fmt::Display>(v: T) -> rusqlite::types::Value {
    rusqlite::types::Value::Text(v.to_string())
}

/// A stored nullable text value.
pub(crate) fn opt_text<T: fmt::Display>(v: Option<T>) -> rusqlite::types::Value {
    v.map(text).unwrap_or(rusqlite::types::Value::Null)
}

/// Refuses a negative amount, naming the field.
pub(crate) fn non_negative(
    field: &str,
    value: rust_decimal::Decimal,
) -> Result<rust_decimal::Decimal, crate::StoreError> {
    if value.is_sign_negative() && !value.is_zero() {
        Err(crate::StoreError::invalid(
            field,
            value.to_string(),
            "an amount of zero or more",
        ))
    } else {
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_terms_name_the_value_and_the_accepted_set() {
        let err = "mezzanine".parse::<Seniority>().unwrap_err();
        let text = err.to_string();
        assert!(text.contains("'mezzanine'"), "{text}");
        assert!(text.contains("senior-secured"), "{text}");
        assert_eq!("2.4".parse::<Factor>().unwrap(), Factor::CashFlow);
    }
}
