//! The titularizaciones list of the desktop app (SPEC §7): sorted by code, name, amount
//! (largest first) or asset type, filtered by asset type and a search on code, name or
//! originator, read one page at a time with keyset pagination (`keyset`) so a window over
//! 100,000 deals only ever asks for the rows it shows. Each order reads an index (V10).

use crate::keyset::{self, Filter, ListCursor, Order, Source};
use crate::vocabulary::{column, opt_column, AssetType};
use crate::StoreError;
use chrono::NaiveDate;
use rusqlite::{Connection, Row};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The order of the list; ties are broken by the row id (the order deals were added), in
/// the same direction, so every order is total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TitularizacionSort {
    #[default]
    Code,
    Name,
    /// The amount issued, largest first (exact: compared digit by digit, not as a float).
    Amount,
    AssetType,
}

/// Which titularizaciones to list and in what order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TitularizacionQuery {
    pub sort: TitularizacionSort,
    pub asset_type: Option<AssetType>,
    /// Part of the code, the name or the originator, in any case (`ó` finds `Ó`).
    pub search: Option<String>,
}

/// A deal as the list shows it (the whole deal is read when one is opened).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TitularizacionSummary {
    pub code: String,
    pub name: String,
    pub asset_type: AssetType,
    pub originator: String,
    pub currency: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub amount: Decimal,
    /// Information cut-off date (T-6).
    pub info_cutoff: Option<NaiveDate>,
}

/// One page of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TitularizacionListPage {
    pub titularizaciones: Vec<TitularizacionSummary>,
    /// Pass back to read the next page; `None` on the last page.
    pub next: Option<ListCursor>,
}

/// The amount in `column` (non-negative decimal text, as the schema's CHECK allows) as
/// TEXT whose order is the numeric order: the number of integer digits (two digits), the
/// integer digits, then the fraction digits without trailing zeros. So `"1500000"` and
/// `"1500000.00"` give the same key, `"900.5"` comes before `"1000"` and `"0.5"` before
/// `"0.51"`, exactly, at any size a `Decimal` holds. The schema indexes this very
/// expression (V10), so a page in amount order reads the index instead of sorting every deal.
pub(crate) fn amount_key_sql(column: &str) -> String {
    let dot = format!("instr({column}, '.')");
    let integer = format!(
        "ltrim(CASE {dot} WHEN 0 THEN {column} ELSE substr({column}, 1, {dot} - 1) END, '0')"
    );
    let fraction =
        format!("rtrim(CASE {dot} WHEN 0 THEN '' ELSE substr({column}, {dot} + 1) END, '0')");
    format!("substr('0' || length({integer}), -2) || {integer} || {fraction}")
}

/// The titularizaciones list as a keyset list.
struct Deals;

impl keyset::List for Deals {
    type Query = TitularizacionQuery;
    type Row = TitularizacionSummary;
    const SOURCE: Source<'static> = Source {
        select: "t.code, t.name, t.asset_type, t.originator, t.currency, t.amount, t.info_cutoff",
        from: "titularizacion t",
        id: "t.id",
    };
    const COUNTED: &'static str = "titularizacion t";

    fn order(query: &TitularizacionQuery) -> Order {
        match query.sort {
            TitularizacionSort::Code => Order::ascending("t.code"),
            TitularizacionSort::Name => Order::ascending("t.name"),
            TitularizacionSort::Amount => Order::descending(amount_key_sql("t.amount")),
            TitularizacionSort::AssetType => Order::ascending("t.asset_type"),
        }
    }

    fn filter(query: &TitularizacionQuery) -> Filter {
        let mut f = Filter::default();
        if let Some(asset_type) = query.asset_type {
            f.equals("t.asset_type", asset_type.as_str());
        }
        let columns = ["t.code", "t.name", "t.originator"];
        f.contains(&columns, query.search.as_deref());
        f
    }

    fn row(r: &Row<'_>) -> rusqlite::Result<TitularizacionSummary> {
        Ok(TitularizacionSummary {
            code: r.get(0)?,
            name: r.get(1)?,
            asset_type: column(r, 2)?,
            originator: r.get(3)?,
            currency: r.get(4)?,
            amount: column(r, 5)?,
            info_cutoff: opt_column(r, 6)?,
        })
    }
}

/// How many titularizaciones `query` selects (the list's scroll height).
pub fn count(conn: &Connection, query: &TitularizacionQuery) -> Result<u64, StoreError> {
    keyset::count::<Deals>(conn, query)
}

/// The page of `query` after `after` (from the start when `None`), at most `limit` rows
/// (1 to [`keyset::MAX_PAGE`]).
pub fn page(
    conn: &Connection,
    query: &TitularizacionQuery,
    after: Option<&ListCursor>,
    limit: usize,
) -> Result<TitularizacionListPage, StoreError> {
    let (titularizaciones, next) = keyset::page::<Deals>(conn, query, after, limit)?;
    Ok(TitularizacionListPage {
        titularizaciones,
        next,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::titularizacion::{put, Titularizacion};
    use crate::vocabulary::IndexKind;
    use crate::{Stamp, Workbook};

    fn deal(
        code: &str,
        name: &str,
        originator: &str,
        amount: &str,
        a: AssetType,
    ) -> Titularizacion {
        Titularizacion {
            code: code.into(),
            name: name.into(),
            asset_type: a,
            originator: originator.into(),
            fiduciary: "Fiduciaria (fictional)".into(),
            currency: "USD".into(),
            amount: amount.parse().unwrap(),
            issued_on: None,
            info_cutoff: NaiveDate::from_ymd_opt(2026, 9, 30),
            index_kind: IndexKind::Desviacion,
            index_formula: "mean_negative_deviation".into(),
            index_window_months: 24,
            fictional: true,
        }
    }

    fn workbook(dir: &tempfile::TempDir) -> Workbook {
        let mut wb = Workbook::create(&dir.path().join("w.ratebook")).unwrap();
        let stamp = Stamp::new("test", chrono::DateTime::UNIX_EPOCH);
        wb.transact(&stamp, |w| {
            use AssetType::*;
            put(w, &deal("T-B", "Beta", "Orig Uno", "500", FlujosFuturos))?;
            put(
                w,
                &deal("T-A", "Zeta 100%", "Banco Dos", "900.5", CarteraCredito),
            )?;
            put(w, &deal("T-C", "alfa", "Orig Tres", "1000", FlujosFuturos))?;
            put(
                w,
                &deal("T-D", "Delta", "Casa_Cuatro", "500.00", BienesInmuebles),
            )?;
            put(
                w,
                &deal(
                    "T-E",
                    "Eta Titularización",
                    "Orig Cinco",
                    "0.75",
                    CarteraCredito,
                ),
            )?;
            Ok(())
        })
        .unwrap();
        wb
    }

    fn all(conn: &Connection, query: &TitularizacionQuery, limit: usize) -> Vec<String> {
        keyset::all_pages(
            |after| {
                let p = page(conn, query, after, limit).unwrap();
                (p.titularizaciones, p.next)
            },
            |t| t.code,
        )
    }

    fn sorted(sort: TitularizacionSort) -> TitularizacionQuery {
        TitularizacionQuery {
            sort,
            ..TitularizacionQuery::default()
        }
    }

    #[test]
    fn pages_follow_each_order_without_gaps_or_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let wb = workbook(&dir);
        let c = wb.connection();
        use TitularizacionSort::*;
        assert_eq!(
            all(c, &sorted(Code), 2),
            ["T-A", "T-B", "T-C", "T-D", "T-E"]
        );
        assert_eq!(
            all(c, &sorted(Name), 1),
            ["T-B", "T-D", "T-E", "T-A", "T-C"]
        );
        assert_eq!(
            all(c, &sorted(AssetType), 3),
            ["T-D", "T-A", "T-E", "T-B", "T-C"]
        );
        assert_eq!(count(c, &sorted(Code)).unwrap(), 5);
    }

    #[test]
    fn the_amount_order_is_numeric_largest_first_and_exact() {
        let dir = tempfile::tempdir().unwrap();
        let wb = workbook(&dir);
        let c = wb.connection();
        // 1000 > 900.5 > 500 = 500.00 (tie: the later row first) > 0.75, at any page size.
        for limit in [1, 2, 10] {
            assert_eq!(
                all(c, &sorted(TitularizacionSort::Amount), limit),
                ["T-C", "T-A", "T-D", "T-B", "T-E"],
                "pages of {limit}"
            );
        }
        let key = |amount: &str| -> String {
            c.query_row(&format!("SELECT {}", amount_key_sql("?1")), [amount], |r| {
                r.get(0)
            })
            .unwrap()
        };
        assert_eq!(key("1500000"), key("1500000.00"));
        assert_eq!(key("1500000"), "071500000");
        assert!(key("900.5") < key("1000"));
        assert!(key("0.51") > key("0.5"));
        assert!(key("0.5") > key("0.49"));
        assert!(key("1") > key("0.99"));
        // Amounts that differ in the 28th decimal, or beyond a float's precision, still order.
        assert!(key("0.0000000000000000000000000001") > key("0"));
        assert!(key("79228162514264337593543950335") > key("79228162514264337593543950334"));
    }

    #[test]
    fn the_asset_filter_and_the_search_narrow_the_list_and_its_count() {
        let dir = tempfile::tempdir().unwrap();
        let wb = workbook(&dir);
        let c = wb.connection();
        let flows = TitularizacionQuery {
            asset_type: Some(AssetType::FlujosFuturos),
            ..TitularizacionQuery::default()
        };
        assert_eq!(all(c, &flows, 10), ["T-B", "T-C"]);
        assert_eq!(count(c, &flows).unwrap(), 2);
        let search = |s: &str| TitularizacionQuery {
            search: Some(s.into()),
            ..TitularizacionQuery::default()
        };
        // Code, name and originator, case-insensitive; blank is no search.
        assert_eq!(all(c, &search("t-e"), 10), ["T-E"]);
        assert_eq!(all(c, &search("ZETA"), 10), ["T-A"]);
        assert_eq!(all(c, &search(" orig "), 10), ["T-B", "T-C", "T-E"]);
        assert_eq!(count(c, &search("orig")).unwrap(), 3);
        assert_eq!(all(c, &search("  "), 10).len(), 5);
        // Letters beyond ASCII in either case, as the window's search always found them.
        assert_eq!(all(c, &search("TITULARIZACIÓN"), 10), ["T-E"]);
        assert_eq!(all(c, &search("titularización"), 10), ["T-E"]);
        // `%` and `_` are characters to find, not wildcards.
        assert_eq!(all(c, &search("%"), 10), ["T-A"]);
        assert_eq!(all(c, &search("_"), 10), ["T-D"]);
        let both = TitularizacionQuery {
            sort: TitularizacionSort::Amount,
            ..search("orig")
        };
        assert_eq!(all(c, &both, 1), ["T-C", "T-B", "T-E"]);
        let rows = page(c, &search("T-A"), None, 10).unwrap().titularizaciones;
        assert_eq!(
            rows,
            [TitularizacionSummary {
                code: "T-A".into(),
                name: "Zeta 100%".into(),
                asset_type: AssetType::CarteraCredito,
                originator: "Banco Dos".into(),
                currency: "USD".into(),
                amount: "900.5".parse().unwrap(),
                info_cutoff: NaiveDate::from_ymd_opt(2026, 9, 30),
            }]
        );
    }

    #[test]
    fn every_order_reads_an_index_instead_of_sorting_every_deal() {
        let dir = tempfile::tempdir().unwrap();
        let wb = workbook(&dir);
        let c = wb.connection();
        for sort in [
            TitularizacionSort::Code,
            TitularizacionSort::Name,
            TitularizacionSort::Amount,
            TitularizacionSort::AssetType,
        ] {
            for plan in keyset::page_plans::<Deals>(c, &sorted(sort)) {
                assert!(!plan.contains("TEMP B-TREE"), "{sort:?}: {plan}");
                assert!(plan.contains("USING "), "{sort:?} reads an index: {plan}");
            }
        }
        // The filtered list reads the asset type's entries only.
        let flows = TitularizacionQuery {
            asset_type: Some(AssetType::FlujosFuturos),
            ..sorted(TitularizacionSort::AssetType)
        };
        for plan in keyset::page_plans::<Deals>(c, &flows) {
            assert!(plan.contains("(asset_type=?"), "{plan}");
            assert!(!plan.contains("TEMP B-TREE"), "{plan}");
        }
    }

    #[test]
    fn a_page_size_outside_the_limit_is_refused_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let wb = workbook(&dir);
        let err = page(wb.connection(), &TitularizacionQuery::default(), None, 1001).unwrap_err();
        assert!(err.to_string().contains("limit '1001'"), "{err}");
    }
}
