//! The issuer list of the desktop app (SPEC §7): sorted by name, code, sector or global
//! rating, filtered by sector, national scale and a search on name or code, read one page at
//! a time with keyset pagination so a window over 100,000 issuers only ever asks for the
//! rows it shows.

use crate::entities::{issuer_row, Issuer, ISSUER_COLUMNS};
use crate::keyset::{self, Filter, Order, Source};
pub use crate::keyset::{ListCursor, MAX_PAGE};
use crate::vocabulary::Sector;
use crate::StoreError;
use ratebook_core::scale::GlobalRating;
use rusqlite::{Connection, Row};
use serde::{Deserialize, Serialize};

/// The column the list is ordered by; ties are broken by the row id, so every order is total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum IssuerSort {
    #[default]
    Name,
    Code,
    Sector,
    /// Global local-currency quality, best first; issuers without one come last.
    GlobalRating,
}

/// Which issuers to list and in what order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssuerQuery {
    pub sort: IssuerSort,
    pub sector: Option<Sector>,
    /// The national or regional scale code (`xx`, `ZA`…).
    pub scale: Option<String>,
    /// Part of the name or of the code, in any case (`ó` finds `Ó`).
    pub search: Option<String>,
}

/// One page of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssuerListPage {
    pub issuers: Vec<Issuer>,
    /// Pass back to read the next page; `None` on the last page.
    pub next: Option<ListCursor>,
}

/// The choices the list's filters offer: every sector, and the scales issuers are rated on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssuerFilters {
    pub sectors: Vec<Sector>,
    pub scales: Vec<String>,
}

/// The issuer list's notch order of `column` (a global rating column) as a SQL expression:
/// the core scale's notch rank, zero-padded so text order is notch order; SD and D follow
/// the notched symbols, no rating comes last. The schema indexes this very expression (V7),
/// so a page in rating order reads the index instead of sorting every issuer.
pub(crate) fn global_rank_sql(column: &str) -> String {
    let mut case = format!("CASE {column}");
    for (rank, g) in GlobalRating::ALL.iter().enumerate() {
        case.push_str(&format!(" WHEN '{}' THEN '{rank:02}'", g.as_str()));
    }
    case.push_str(" ELSE '99' END");
    case
}

/// The issuer list as a keyset list.
struct Issuers;

impl keyset::List for Issuers {
    type Query = IssuerQuery;
    type Row = Issuer;
    const SOURCE: Source<'static> = Source {
        select: ISSUER_COLUMNS,
        from: "issuer i LEFT JOIN sovereign s ON s.id = i.sovereign_id",
        id: "i.id",
    };
    const COUNTED: &'static str = "issuer i";

    fn order(query: &IssuerQuery) -> Order {
        Order::ascending(match query.sort {
            IssuerSort::Name => "i.name".into(),
            IssuerSort::Code => "i.code".into(),
            IssuerSort::Sector => "i.sector".into(),
            IssuerSort::GlobalRating => global_rank_sql("i.global_lc"),
        })
    }

    fn filter(query: &IssuerQuery) -> Filter {
        let mut f = Filter::default();
        if let Some(sector) = query.sector {
            f.equals("i.sector", sector.as_str());
        }
        if let Some(scale) = query.scale.as_deref().filter(|s| !s.is_empty()) {
            f.equals("i.national_scale", scale);
        }
        f.contains(&["i.name", "i.code"], query.search.as_deref());
        f
    }

    fn row(r: &Row<'_>) -> rusqlite::Result<Issuer> {
        issuer_row(r)
    }
}

/// How many issuers `query` selects (the list's scroll height).
pub fn count(conn: &Connection, query: &IssuerQuery) -> Result<u64, StoreError> {
    keyset::count::<Issuers>(conn, query)
}

/// The page of `query` after `after` (from the start when `None`), at most `limit` rows
/// (1 to [`MAX_PAGE`]).
pub fn page(
    conn: &Connection,
    query: &IssuerQuery,
    after: Option<&ListCursor>,
    limit: usize,
) -> Result<IssuerListPage, StoreError> {
    let (issuers, next) = keyset::page::<Issuers>(conn, query, after, limit)?;
    Ok(IssuerListPage { issuers, next })
}

/// The distinct national scales, in order, by jumping from one to the next along the
/// `issuer_national_scale` index: a few index seeks per scale instead of reading every
/// issuer (a plain `SELECT DISTINCT` walks all 100,000 index entries).
const SCALES_SQL: &str = "WITH RECURSIVE scale(code) AS ( \
       SELECT min(national_scale) FROM issuer \
       UNION ALL \
       SELECT (SELECT min(national_scale) FROM issuer WHERE national_scale > scale.code) \
       FROM scale WHERE scale.code IS NOT NULL) \
     SELECT code FROM scale WHERE code IS NOT NULL";

/// The sectors and the national scales the filters offer.
pub fn filter_choices(conn: &Connection) -> Result<IssuerFilters, StoreError> {
    let mut stmt = conn.prepare(SCALES_SQL)?;
    let scales = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(IssuerFilters {
        sectors: Sector::ALL.to_vec(),
        scales,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{put_issuer, put_sovereign, Sovereign};
    use crate::{Stamp, Workbook};

    fn issuer(code: &str, name: &str, sector: Sector, lc: Option<GlobalRating>) -> Issuer {
        Issuer {
            code: code.into(),
            name: name.into(),
            sector,
            country: "XX".into(),
            sovereign: Some("XX".into()),
            national_scale: Some(if code.ends_with('Z') { "ZA" } else { "xx" }.into()),
            global_lc: lc,
            global_fc: None,
            peer_position: None,
            fictional: true,
        }
    }

    fn workbook(dir: &tempfile::TempDir) -> Workbook {
        let mut wb = Workbook::create(&dir.path().join("w.ratebook")).unwrap();
        let stamp = Stamp::new("test", chrono::DateTime::UNIX_EPOCH);
        wb.transact(&stamp, |w| {
            put_sovereign(
                w,
                &Sovereign {
                    code: "XX".into(),
                    name: "Hypothetical".into(),
                    currency: "XXD".into(),
                    global_lc: Some(GlobalRating::BPlus),
                    global_fc: Some(GlobalRating::B),
                    fictional: true,
                },
            )?;
            put_issuer(
                w,
                &issuer("C-1", "Zeta 100%", Sector::Bank, Some(GlobalRating::BMinus)),
            )?;
            put_issuer(w, &issuer("A-2", "alpha", Sector::Corporate, None))?;
            put_issuer(
                w,
                &issuer("B-3Z", "Beta", Sector::Bank, Some(GlobalRating::Aa)),
            )?;
            put_issuer(
                w,
                &issuer("D-4", "Delta", Sector::Utility, Some(GlobalRating::Bbb)),
            )?;
            Ok(())
        })
        .unwrap();
        wb
    }

    fn all(conn: &Connection, query: &IssuerQuery, limit: usize) -> Vec<String> {
        keyset::all_pages(
            |after| {
                let p = page(conn, query, after, limit).unwrap();
                (p.issuers, p.next)
            },
            |i| i.code,
        )
    }

    #[test]
    fn pages_follow_each_order_without_gaps_or_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let wb = workbook(&dir);
        let c = wb.connection();
        let q = |sort| IssuerQuery {
            sort,
            ..IssuerQuery::default()
        };
        assert_eq!(
            all(c, &q(IssuerSort::Code), 1),
            ["A-2", "B-3Z", "C-1", "D-4"]
        );
        assert_eq!(
            all(c, &q(IssuerSort::Name), 3),
            ["B-3Z", "D-4", "C-1", "A-2"]
        );
        assert_eq!(
            all(c, &q(IssuerSort::Sector), 2),
            ["C-1", "B-3Z", "A-2", "D-4"]
        );
        assert_eq!(
            all(c, &q(IssuerSort::GlobalRating), 1),
            ["B-3Z", "D-4", "C-1", "A-2"]
        );
        assert_eq!(count(c, &q(IssuerSort::Name)).unwrap(), 4);
    }

    #[test]
    fn filters_and_search_narrow_the_list_and_its_count() {
        let dir = tempfile::tempdir().unwrap();
        let wb = workbook(&dir);
        let c = wb.connection();
        let bank = IssuerQuery {
            sort: IssuerSort::Code,
            sector: Some(Sector::Bank),
            ..IssuerQuery::default()
        };
        assert_eq!(all(c, &bank, 10), ["B-3Z", "C-1"]);
        let za = IssuerQuery {
            scale: Some("ZA".into()),
            ..bank.clone()
        };
        assert_eq!(all(c, &za, 10), ["B-3Z"]);
        assert_eq!(count(c, &za).unwrap(), 1);
        let by_name = IssuerQuery {
            search: Some("ALPHA".into()),
            ..IssuerQuery::default()
        };
        assert_eq!(all(c, &by_name, 10), ["A-2"]);
        let by_code = IssuerQuery {
            search: Some("d-4".into()),
            ..IssuerQuery::default()
        };
        assert_eq!(all(c, &by_code, 10), ["D-4"]);
        // `%` is a character to find, not a wildcard.
        let percent = IssuerQuery {
            search: Some("%".into()),
            ..IssuerQuery::default()
        };
        assert_eq!(all(c, &percent, 10), ["C-1"]);
        let choices = filter_choices(c).unwrap();
        assert_eq!(choices.scales, ["ZA", "xx"]);
        assert_eq!(choices.sectors.len(), Sector::ALL.len());
    }

    #[test]
    fn every_order_reads_an_index_instead_of_sorting_every_issuer() {
        let dir = tempfile::tempdir().unwrap();
        let wb = workbook(&dir);
        let c = wb.connection();
        for sort in [
            IssuerSort::Name,
            IssuerSort::Code,
            IssuerSort::Sector,
            IssuerSort::GlobalRating,
        ] {
            let query = IssuerQuery {
                sort,
                ..IssuerQuery::default()
            };
            for plan in keyset::page_plans::<Issuers>(c, &query) {
                assert!(!plan.contains("TEMP B-TREE"), "{sort:?}: {plan}");
            }
        }
        let plan = keyset::query_plan(c, SCALES_SQL, vec![]);
        assert!(plan.contains("issuer_national_scale"), "{plan}");
        assert!(
            !plan.contains("SCAN i") && !plan.contains("SCAN issuer"),
            "{plan}"
        );
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
        assert_eq!(filter_choices(c).unwrap().scales, ["ZA", "xx"]);
    }

    #[test]
    fn a_page_size_outside_the_limit_is_refused_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let wb = workbook(&dir);
        let err = page(wb.connection(), &IssuerQuery::default(), None, 0).unwrap_err();
        assert!(err.to_string().contains("limit '0'"), "{err}");
    }
}
