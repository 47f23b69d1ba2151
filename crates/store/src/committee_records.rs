//! Reading committee records back for the documents made from them (SPEC §6): one
//! decision with its agenda item, session, votes and subject; one session with its
//! attendance, agenda, votes and decisions. Read-only; values come back as stored.

use crate::committee::{Member, Subject, Vote};
use crate::vocabulary::column;
use crate::StoreError;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// The rated subject as the documents name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubjectRecord {
    pub subject: Subject,
    /// Issuer, issue, titularización or "titularización — class" name.
    pub name: String,
    /// (role, name) of the parties: issuer, originator, fiduciary.
    pub parties: Vec<(String, String)>,
    /// Amount as stored (exact decimal text), when the subject has one.
    pub amount: Option<String>,
    pub fictional: bool,
}

/// A stored decision with everything its report prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionRecord {
    pub id: i64,
    pub version: i64,
    pub agenda_item: i64,
    pub rating: String,
    pub short_term: Option<String>,
    /// Stored spelling: `Stable`, `Positive`…
    pub outlook: Option<String>,
    /// Stored spelling: `Watch Pos`…
    pub watch: Option<String>,
    /// Stored spelling: `new`, `affirmation`…
    pub action: String,
    pub lead_analyst: Member,
    pub approvers: Vec<Member>,
    pub methodology_id: String,
    pub methodology_version: String,
    pub info_cutoff: NaiveDate,
    pub sources: String,
    pub key_assumptions: String,
    pub decided_on: NaiveDate,
    pub override_code: Option<String>,
    pub override_justification: Option<String>,
    pub override_factors: Vec<String>,
    pub override_notches: Option<i32>,
    pub indicative_rating: Option<String>,
    pub indicative_result: Option<serde_json::Value>,
    pub recommendation: String,
    pub position: u32,
    pub subject: SubjectRecord,
    pub session: SessionHead,
    /// Every vote on the decision's agenda item, with the voter.
    pub votes: Vec<(Member, Vote)>,
}

/// A session's number, date and secretary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionHead {
    pub id: i64,
    pub label: String,
    pub year: i32,
    pub number: u32,
    /// `ordinaria` or `extraordinaria`.
    pub kind: String,
    pub held_on: NaiveDate,
    pub secretary: Member,
}

/// A session with its attendance and the decisions taken in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionRecord {
    pub head: SessionHead,
    pub present: Vec<Member>,
    /// Agenda items in order, each with its votes and its latest decision.
    pub items: Vec<AgendaRecord>,
}

/// One agenda item as the acta prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaRecord {
    pub id: i64,
    pub position: u32,
    pub subject: SubjectRecord,
    pub methodology_id: String,
    pub methodology_version: String,
    pub indicative_rating: Option<String>,
    pub recommendation: String,
    pub analyst: Member,
    pub votes: Vec<(Member, Vote)>,
    /// The latest decision recorded on the item, if any.
    pub decision: Option<i64>,
}

fn member_by_id(conn: &Connection, id: i64) -> Result<Member, StoreError> {
    conn.prepare_cached(
        "SELECT code, name, title, role, certificate_sha256, fictional FROM member WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok(Member {
            code: r.get(0)?,
            name: r.get(1)?,
            title: r.get(2)?,
            role: column(r, 3)?,
            certificate_sha256: r.get(4)?,
            fictional: r.get(5)?,
        })
    })
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "member",
        key: id.to_string(),
    })
}

fn subject_record(conn: &Connection, item: i64) -> Result<SubjectRecord, StoreError> {
    let (issuer, issue, deal, class): (Option<i64>, Option<i64>, Option<i64>, Option<i64>) = conn
        .query_row(
        "SELECT issuer_id, issue_id, titularizacion_id, class_id FROM agenda_item WHERE id = ?1",
        [item],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    if let Some(id) = issuer {
        let (code, name, fictional): (String, String, bool) = conn.query_row(
            "SELECT code, name, fictional FROM issuer WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        return Ok(SubjectRecord {
            subject: Subject::Issuer { code },
            parties: vec![("issuer".into(), name.clone())],
            name,
            amount: None,
            fictional,
        });
    }
    if let Some(id) = issue {
        let (code, name, amount, issuer, fictional): (
            String,
            String,
            Option<String>,
            String,
            bool,
        ) = conn.query_row(
            "SELECT i.code, i.name, i.amount, e.name, e.fictional FROM issue i \
                 JOIN issuer e ON e.id = i.issuer_id WHERE i.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        return Ok(SubjectRecord {
            subject: Subject::Issue { code },
            parties: vec![("issuer".into(), issuer)],
            name,
            amount,
            fictional,
        });
    }
    let deal_row = |id: i64| {
        conn.query_row(
            "SELECT code, name, originator, fiduciary, amount, fictional FROM titularizacion WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, bool>(5)?,
                ))
            },
        )
    };
    if let Some(id) = deal {
        let (code, name, originator, fiduciary, amount, fictional) = deal_row(id)?;
        return Ok(SubjectRecord {
            subject: Subject::Titularizacion { code },
            name,
            parties: vec![
                ("originator".into(), originator),
                ("fiduciary".into(), fiduciary),
            ],
            amount: Some(amount),
            fictional,
        });
    }
    let class = class.ok_or(StoreError::NotFound {
        what: "agenda item subject",
        key: item.to_string(),
    })?;
    let (deal_id, class_name, amount): (i64, String, String) = conn.query_row(
        "SELECT titularizacion_id, name, amount FROM titularizacion_class WHERE id = ?1",
        [class],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let (code, name, originator, fiduciary, _, fictional) = deal_row(deal_id)?;
    Ok(SubjectRecord {
        subject: Subject::Class {
            titularizacion: code,
            class: class_name.clone(),
        },
        name: format!("{name} — {class_name}"),
        parties: vec![
            ("originator".into(), originator),
            ("fiduciary".into(), fiduciary),
        ],
        amount: Some(amount),
        fictional,
    })
}

fn votes(conn: &Connection, item: i64) -> Result<Vec<(Member, Vote)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.member_id, m.code, v.rating, v.comment FROM vote v JOIN member m ON m.id = v.member_id \
         WHERE v.agenda_item_id = ?1 ORDER BY v.id",
    )?;
    let rows: Vec<(i64, String, String, Option<String>)> = stmt
        .query_map([item], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|(id, code, rating, comment)| {
            Ok((
                member_by_id(conn, id)?,
                Vote {
                    member: code,
                    rating,
                    comment,
                },
            ))
        })
        .collect()
}

fn session_head(conn: &Connection, id: i64) -> Result<SessionHead, StoreError> {
    let (year, number, kind, held_on, secretary): (i32, u32, String, NaiveDate, i64) = conn
        .query_row(
            "SELECT year, number, kind, held_on, secretary_id FROM session WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, column(r, 3)?, r.get(4)?)),
        )
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "session",
            key: id.to_string(),
        })?;
    Ok(SessionHead {
        id,
        label: format!("{number}/{year}"),
        year,
        number,
        kind,
        held_on,
        secretary: member_by_id(conn, secretary)?,
    })
}

/// One stored decision with its agenda item, session, votes and subject.
pub fn decision_record(conn: &Connection, decision: i64) -> Result<DecisionRecord, StoreError> {
    type Row = (
        i64,
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        i64,
        i64,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<i32>,
    );
    let (info_cutoff, decided_on): (NaiveDate, NaiveDate) = conn
        .query_row(
            "SELECT info_cutoff, decided_on FROM decision WHERE id = ?1",
            [decision],
            |r| Ok((column(r, 0)?, column(r, 1)?)),
        )
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "decision",
            key: decision.to_string(),
        })?;
    let row: Row = conn.query_row(
        "SELECT version, agenda_item_id, rating, short_term, outlook, watch, action, lead_analyst_id, \
         methodology_version_id, sources, key_assumptions, '', '', override_code, override_justification, \
         override_factors, override_notches FROM decision WHERE id = ?1",
        [decision],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
                r.get(12)?,
                r.get(13)?,
                r.get(14)?,
                r.get(15)?,
                r.get(16)?,
            ))
        },
    )?;
    let (methodology_id, methodology_version): (String, String) = conn.query_row(
        "SELECT methodology, version FROM methodology_version WHERE id = ?1",
        [row.8],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let item = row.1;
    let (session_id, position, indicative_rating, indicative_result, recommendation): (
        i64,
        u32,
        Option<String>,
        Option<String>,
        String,
    ) = conn.query_row(
        "SELECT session_id, position, indicative_rating, indicative_result, recommendation \
         FROM agenda_item WHERE id = ?1",
        [item],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    let indicative_result = indicative_result
        .map(|s| serde_json::from_str(&s))
        .transpose()
        .map_err(|e| StoreError::invalid("indicative_result", e.to_string(), "valid JSON"))?;
    let override_factors: Vec<String> = match &row.15 {
        Some(s) => serde_json::from_str(s)
            .map_err(|e| StoreError::invalid("override_factors", e.to_string(), "a JSON list"))?,
        None => Vec::new(),
    };
    let mut stmt = conn.prepare_cached(
        "SELECT member_id FROM decision_approver WHERE decision_id = ?1 ORDER BY id",
    )?;
    let approver_ids: Vec<i64> = stmt
        .query_map([decision], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let approvers = approver_ids
        .into_iter()
        .map(|id| member_by_id(conn, id))
        .collect::<Result<_, _>>()?;
    Ok(DecisionRecord {
        id: decision,
        version: row.0,
        agenda_item: item,
        rating: row.2,
        short_term: row.3,
        outlook: row.4,
        watch: row.5,
        action: row.6,
        lead_analyst: member_by_id(conn, row.7)?,
        approvers,
        methodology_id,
        methodology_version,
        info_cutoff,
        sources: row.9,
        key_assumptions: row.10,
        decided_on,
        override_code: row.13,
        override_justification: row.14,
        override_factors,
        override_notches: row.16,
        indicative_rating,
        indicative_result,
        recommendation,
        position,
        subject: subject_record(conn, item)?,
        session: session_head(conn, session_id)?,
        votes: votes(conn, item)?,
    })
}

/// One session (by label `number/year`) with attendance, agenda, votes and decisions.
pub fn session_record(conn: &Connection, label: &str) -> Result<SessionRecord, StoreError> {
    let id = crate::committee::session_id(conn, label)?;
    let head = session_head(conn, id)?;
    let mut stmt =
        conn.prepare_cached("SELECT member_id FROM attendance WHERE session_id = ?1 ORDER BY id")?;
    let ids: Vec<i64> = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let present = ids
        .into_iter()
        .map(|m| member_by_id(conn, m))
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.position, m.methodology, m.version, i.indicative_rating, i.recommendation, i.analyst_id, \
         (SELECT d.id FROM decision d WHERE d.agenda_item_id = i.id ORDER BY d.version DESC LIMIT 1) \
         FROM agenda_item i JOIN methodology_version m ON m.id = i.methodology_version_id \
         WHERE i.session_id = ?1 ORDER BY i.position",
    )?;
    type ItemRow = (
        i64,
        u32,
        String,
        String,
        Option<String>,
        String,
        i64,
        Option<i64>,
    );
    let rows: Vec<ItemRow> = stmt
        .query_map(params![id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let items = rows
        .into_iter()
        .map(|(item, position, mid, mver, ind, rec, analyst, decision)| {
            Ok(AgendaRecord {
                id: item,
                position,
                subject: subject_record(conn, item)?,
                methodology_id: mid,
                methodology_version: mver,
                indicative_rating: ind,
                recommendation: rec,
                analyst: member_by_id(conn, analyst)?,
                votes: votes(conn, item)?,
                decision,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(SessionRecord {
        head,
        present,
        items,
    })
}

/// The first general manager on record (who certifies reports), if any.
pub fn general_manager(conn: &Connection) -> Result<Option<Member>, StoreError> {
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM member WHERE role = 'general_manager' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| member_by_id(conn, id)).transpose()
}
