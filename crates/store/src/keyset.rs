//! Keyset pagination for the app's long lists (SPEC §7: issuers and titularizaciones at
//! 100,000 rows): a page is the rows after the last one shown in (sort key, row id) order,
//! so SQLite reads it from an index whatever the list's length, never an offset into a
//! sort of every row. Each list supplies its table, columns, sort keys and filters; this
//! module writes the WHERE, ORDER BY and LIMIT, counts, and reads a page with its cursor.

use crate::StoreError;
use rusqlite::types::Value;
use rusqlite::{Connection, Row};
use serde::{Deserialize, Serialize};

/// Where a page ends: the next page starts after this sort key and row id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListCursor {
    pub key: String,
    pub id: i64,
}

/// The most rows one page may ask for.
pub const MAX_PAGE: usize = 1000;

/// A list's order: a SQL expression that is always TEXT (so one cursor type serves every
/// order), ties broken by the row id in the same direction, so every order is total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Order {
    pub key: String,
    pub descending: bool,
}

impl Order {
    pub fn ascending(key: impl Into<String>) -> Self {
        Order {
            key: key.into(),
            descending: false,
        }
    }

    pub fn descending(key: impl Into<String>) -> Self {
        Order {
            key: key.into(),
            descending: true,
        }
    }
}

/// The rows a list selects: `AND`ed conditions with their parameters.
#[derive(Debug, Clone, Default)]
pub(crate) struct Filter {
    clauses: Vec<String>,
    params: Vec<Value>,
}

impl Filter {
    /// Rows whose `column` equals `value`.
    pub fn equals(&mut self, column: &str, value: &str) {
        self.clauses.push(format!("{column} = ?"));
        self.params.push(Value::Text(value.into()));
    }

    /// Rows where one of `columns` contains `search` (trimmed; nothing when blank),
    /// regardless of case: SQLite's `LIKE` folds ASCII letters, and a search with other
    /// letters (`ó`, `Ñ`) is also tried all lower-case and all upper-case, so it finds
    /// them in either case. `%`, `_` and `\` are characters to find.
    pub fn contains(&mut self, columns: &[&str], search: Option<&str>) {
        let Some(search) = search.map(str::trim).filter(|s| !s.is_empty()) else {
            return;
        };
        let mut spellings = vec![search.to_string()];
        if !search.is_ascii() {
            for s in [search.to_lowercase(), search.to_uppercase()] {
                if !spellings.contains(&s) {
                    spellings.push(s);
                }
            }
        }
        let mut any = Vec::new();
        for spelling in &spellings {
            let escaped = spelling
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            for c in columns {
                any.push(format!("{c} LIKE ? ESCAPE '\\'"));
                self.params.push(Value::Text(format!("%{escaped}%")));
            }
        }
        self.clauses.push(format!("({})", any.join(" OR ")));
    }
}

/// What one list reads: `select` (its columns), `from` (its table with any joins, aliased)
/// and `id`, the row id column that breaks ties.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Source<'a> {
    pub select: &'a str,
    pub from: &'a str,
    pub id: &'a str,
}

/// One of the app's long lists: what it reads, in which order, which rows, and each row's
/// value. [`count`], [`page_sql`] and [`page`] do the rest.
pub(crate) trait List {
    type Query;
    type Row;
    const SOURCE: Source<'static>;
    /// What [`count`] reads: the source's table without the joins that only add columns.
    const COUNTED: &'static str;
    fn order(query: &Self::Query) -> Order;
    fn filter(query: &Self::Query) -> Filter;
    fn row(r: &Row<'_>) -> rusqlite::Result<Self::Row>;
}

fn where_clause(clauses: &[String]) -> String {
    if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    }
}

/// How many rows `query` selects (the list's scroll height).
pub(crate) fn count<L: List>(conn: &Connection, query: &L::Query) -> Result<u64, StoreError> {
    let filter = L::filter(query);
    let sql = format!(
        "SELECT count(*) FROM {}{}",
        L::COUNTED,
        where_clause(&filter.clauses)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let n: i64 = stmt.query_row(rusqlite::params_from_iter(&filter.params), |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The SQL and parameters of one page: the source's columns followed by the sort key and
/// the row id, after `after` in the query's order, at most `limit` rows.
pub(crate) fn page_sql<L: List>(
    query: &L::Query,
    after: Option<&ListCursor>,
    limit: usize,
) -> (String, Vec<Value>) {
    let Source { select, from, id } = L::SOURCE;
    let order = L::order(query);
    let key = &order.key;
    let (direction, past) = if order.descending {
        ("DESC", "<")
    } else {
        ("ASC", ">")
    };
    let Filter {
        mut clauses,
        mut params,
    } = L::filter(query);
    if let Some(c) = after {
        clauses.push(format!("({key}, {id}) {past} (?, ?)"));
        params.push(Value::Text(c.key.clone()));
        params.push(Value::Integer(c.id));
    }
    params.push(Value::Integer(i64::try_from(limit).unwrap_or(1)));
    let sql = format!(
        "SELECT {select}, {key}, {id} FROM {from}{} ORDER BY {key} {direction}, {id} {direction} LIMIT ?",
        where_clause(&clauses)
    );
    (sql, params)
}

/// Refuses a page size outside 1 to [`MAX_PAGE`], naming it.
fn check_limit(limit: usize) -> Result<(), StoreError> {
    if (1..=MAX_PAGE).contains(&limit) {
        Ok(())
    } else {
        Err(StoreError::invalid(
            "limit",
            limit.to_string(),
            format!("1 to {MAX_PAGE} rows"),
        ))
    }
}

/// The page of `query` after `after` (from the start when `None`), at most `limit` rows
/// (1 to [`MAX_PAGE`]), with the cursor of the next page (`None` on the last page).
pub(crate) fn page<L: List>(
    conn: &Connection,
    query: &L::Query,
    after: Option<&ListCursor>,
    limit: usize,
) -> Result<(Vec<L::Row>, Option<ListCursor>), StoreError> {
    check_limit(limit)?;
    let (sql, params) = page_sql::<L>(query, after, limit);
    let mut stmt = conn.prepare_cached(&sql)?;
    let key_at = stmt.column_count() - 2;
    let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
    let mut items = Vec::new();
    let mut last = None;
    while let Some(r) = rows.next()? {
        items.push(L::row(r)?);
        last = Some(ListCursor {
            key: r.get(key_at)?,
            id: r.get(key_at + 1)?,
        });
    }
    let next = if items.len() == limit { last } else { None };
    Ok((items, next))
}

/// SQLite's plan for `sql`, one line per step (for the tests that check a list's orders
/// read an index instead of sorting every row).
#[cfg(test)]
pub(crate) fn query_plan(conn: &Connection, sql: &str, params: Vec<Value>) -> String {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let rows = stmt
        .query_map(rusqlite::params_from_iter(params), |r| {
            r.get::<_, String>(3)
        })
        .unwrap();
    rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
}

/// SQLite's plans for the first page of `query` and for a page after a cursor.
#[cfg(test)]
pub(crate) fn page_plans<L: List>(conn: &Connection, query: &L::Query) -> [String; 2] {
    let cursor = ListCursor {
        key: "m".into(),
        id: 2,
    };
    [None, Some(&cursor)].map(|after| {
        let (sql, params) = page_sql::<L>(query, after, 200);
        query_plan(conn, &sql, params)
    })
}

/// Every row of a list, page after page of `limit` rows, as `key` of each row (for tests).
#[cfg(test)]
pub(crate) fn all_pages<T, K>(
    mut page: impl FnMut(Option<&ListCursor>) -> (Vec<T>, Option<ListCursor>),
    key: impl Fn(T) -> K,
) -> Vec<K> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let (items, next) = page(after.as_ref());
        out.extend(items.into_iter().map(&key));
        match next {
            Some(n) => after = Some(n),
            None => return out,
        }
    }
}
