//! Committee records (SPEC §5): members, sessions with attendance, agenda items (rating
//! proposals), votes, decisions with their version links, and report files with their
//! SHA-256. The committee's rules (quorum, sealed votes, overrides) live in the core; the
//! store keeps what was decided and refuses to change a decision once its report is
//! signed (C-4), in code here and by triggers in the database.

use crate::methodology;
use crate::titularizacion::MethodologyRef;
use crate::vocabulary::{
    column, opt_column, opt_text, text, ActionType, Language, MethodologyState, Role, SessionKind,
};
use crate::{entities, titularizacion, StoreError, Writer};
use chrono::NaiveDate;
use ratebook_core::scale::{CreditWatch, Outlook};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A committee member (C-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub code: String,
    pub name: String,
    /// Job title, printed with the name on records (C-6).
    pub title: String,
    pub role: Role,
    /// SHA-256 of the member's signing certificate, when one is registered.
    pub certificate_sha256: Option<String>,
    pub fictional: bool,
}

/// A session (C-2), numbered per year: `176/2022`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub year: i32,
    pub number: u32,
    pub kind: SessionKind,
    pub held_on: NaiveDate,
    /// The secretary's member code.
    pub secretary: String,
    /// Member codes of those present.
    pub present: Vec<String>,
}

impl Session {
    /// The session's label, `number/year`.
    pub fn label(&self) -> String {
        format!("{}/{}", self.number, self.year)
    }
}

/// What an agenda item or decision rates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Subject {
    Issuer {
        code: String,
    },
    Issue {
        code: String,
    },
    Titularizacion {
        code: String,
    },
    Class {
        titularizacion: String,
        class: String,
    },
}

/// A rating proposal on a session's agenda (C-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub position: u32,
    pub subject: Subject,
    /// The methodology version the proposal uses.
    pub methodology: MethodologyRef,
    /// The engine's indicative rating, when computed.
    pub indicative_rating: Option<String>,
    /// The engine's full result (national trace or weighted factors), as JSON.
    pub indicative_result: Option<serde_json::Value>,
    /// The analyst's recommendation.
    pub recommendation: String,
    /// The analyst's member code.
    pub analyst: String,
}

/// One member's vote on an agenda item (C-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub member: String,
    pub rating: String,
    pub comment: Option<String>,
}

/// The recorded justification of a decision that differs from the indicative rating (C-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    /// The coded reason, from the methodology's versioned list.
    pub code: String,
    pub justification: String,
    /// The factors the override rests on.
    pub factors: Vec<String>,
    /// Decided minus indicative, in notches (positive = higher).
    pub notches: i32,
}

/// A committee decision with the records regulators expect (C-6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub rating: String,
    pub short_term: Option<String>,
    pub outlook: Option<Outlook>,
    pub watch: Option<CreditWatch>,
    pub action: ActionType,
    pub solicited: bool,
    pub issuer_participation: bool,
    pub lead_analyst: String,
    /// Member codes of the approvers.
    pub approvers: Vec<String>,
    pub methodology: MethodologyRef,
    pub info_cutoff: NaiveDate,
    pub sources: String,
    pub key_assumptions: String,
    pub decided_on: NaiveDate,
    pub published_on: Option<NaiveDate>,
    pub override_: Option<Override>,
}

/// A report or acta file, known by name and SHA-256 (the store never reads PDFs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFile {
    pub language: Language,
    pub file_name: String,
    pub sha256: String,
    pub size_bytes: u64,
}

fn member_id(conn: &Connection, code: &str) -> Result<i64, StoreError> {
    conn.prepare_cached("SELECT id FROM member WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "member",
            key: code.to_string(),
        })
}

fn methodology_id(conn: &Connection, m: &MethodologyRef) -> Result<i64, StoreError> {
    methodology::version_id(conn, &m.id, &m.version)?.ok_or(StoreError::NotFound {
        what: "methodology version",
        key: format!("{} {}", m.id, m.version),
    })
}

/// Adds a member or updates the one with the same code.
pub fn put_member(w: &mut Writer<'_>, m: &Member) -> Result<i64, StoreError> {
    if m.code.trim().is_empty() || m.name.trim().is_empty() {
        return Err(StoreError::invalid(
            "member code/name",
            format!("{}/{}", m.code, m.name),
            "a non-empty code and name",
        ));
    }
    w.upsert(
        "member",
        &[("code", text(&m.code))],
        &[
            ("code", text(&m.code)),
            ("name", text(&m.name)),
            ("title", text(&m.title)),
            ("role", text(m.role)),
            (
                "certificate_sha256",
                opt_text(m.certificate_sha256.as_ref()),
            ),
            ("fictional", Value::from(m.fictional)),
        ],
    )
}

/// The member register (C-1), by code.
pub fn members(conn: &Connection) -> Result<Vec<Member>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, name, title, role, certificate_sha256, fictional FROM member ORDER BY code",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Member {
            code: r.get(0)?,
            name: r.get(1)?,
            title: r.get(2)?,
            role: column(r, 3)?,
            certificate_sha256: r.get(4)?,
            fictional: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn session_id(conn: &Connection, label: &str) -> Result<i64, StoreError> {
    let parsed = label
        .split_once('/')
        .and_then(|(n, y)| Some((n.trim().parse::<u32>().ok()?, y.trim().parse::<i32>().ok()?)));
    let (number, year) = parsed.ok_or_else(|| {
        StoreError::invalid(
            "session",
            label,
            "a session label number/year, e.g. 176/2022",
        )
    })?;
    conn.prepare_cached("SELECT id FROM session WHERE year = ?1 AND number = ?2")?
        .query_row(params![year, number], |r| r.get(0))
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "session",
            key: label.to_string(),
        })
}

/// Records a session with the members present.
pub fn open_session(w: &mut Writer<'_>, s: &Session) -> Result<i64, StoreError> {
    let secretary = member_id(w.conn(), &s.secretary)?;
    let id = w.insert(
        "session",
        &[
            ("year", Value::from(s.year)),
            ("number", Value::from(s.number)),
            ("kind", text(s.kind)),
            ("held_on", text(s.held_on)),
            ("secretary_id", Value::from(secretary)),
        ],
    )?;
    for code in &s.present {
        let member = member_id(w.conn(), code)?;
        w.insert(
            "attendance",
            &[
                ("session_id", Value::from(id)),
                ("member_id", Value::from(member)),
            ],
        )?;
    }
    Ok(id)
}

fn subject_columns(
    conn: &Connection,
    subject: &Subject,
) -> Result<[(&'static str, Value); 5], StoreError> {
    let nf = |what: &'static str, key: String| StoreError::NotFound { what, key };
    let (kind, issuer, issue, deal, class) = match subject {
        Subject::Issuer { code } => (
            "issuer",
            Some(entities::issuer_id(conn, code)?.ok_or_else(|| nf("issuer", code.clone()))?),
            None,
            None,
            None,
        ),
        Subject::Issue { code } => (
            "issue",
            None,
            Some(entities::issue_id(conn, code)?.ok_or_else(|| nf("issue", code.clone()))?),
            None,
            None,
        ),
        Subject::Titularizacion { code } => (
            "titularizacion",
            None,
            None,
            Some(
                titularizacion::titularizacion_id(conn, code)?
                    .ok_or_else(|| nf("titularizacion", code.clone()))?,
            ),
            None,
        ),
        Subject::Class {
            titularizacion: t,
            class,
        } => {
            let deal = titularizacion::titularizacion_id(conn, t)?
                .ok_or_else(|| nf("titularizacion", t.clone()))?;
            let c = titularizacion::class_id(conn, deal, class)?
                .ok_or_else(|| nf("class", format!("{t} {class}")))?;
            ("class", None, None, None, Some(c))
        }
    };
    Ok([
        ("subject_kind", text(kind)),
        ("issuer_id", Value::from(issuer)),
        ("issue_id", Value::from(issue)),
        ("titularizacion_id", Value::from(deal)),
        ("class_id", Value::from(class)),
    ])
}

/// Puts a rating proposal on a session's agenda; returns the item's id.
pub fn add_agenda_item(
    w: &mut Writer<'_>,
    session: &str,
    item: &AgendaItem,
) -> Result<i64, StoreError> {
    let session_id = session_id(w.conn(), session)?;
    let subject = subject_columns(w.conn(), &item.subject)?;
    let methodology = methodology_id(w.conn(), &item.methodology)?;
    let analyst = member_id(w.conn(), &item.analyst)?;
    let mut values = vec![
        ("session_id", Value::from(session_id)),
        ("position", Value::from(item.position)),
    ];
    values.extend(subject);
    values.extend([
        ("methodology_version_id", Value::from(methodology)),
        (
            "indicative_rating",
            opt_text(item.indicative_rating.as_ref()),
        ),
        (
            "indicative_result",
            opt_text(item.indicative_result.as_ref().map(crate::audit::canonical)),
        ),
        ("recommendation", text(&item.recommendation)),
        ("analyst_id", Value::from(analyst)),
    ]);
    w.insert("agenda_item", &values)
}

/// Records a member's vote on an agenda item; the member must be present. A vote is
/// never changed once cast.
pub fn cast_vote(w: &mut Writer<'_>, item: i64, vote: &Vote) -> Result<i64, StoreError> {
    let member = member_id(w.conn(), &vote.member)?;
    let present: bool = w.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM attendance a JOIN agenda_item i ON i.session_id = a.session_id \
         WHERE i.id = ?1 AND a.member_id = ?2)",
        params![item, member],
        |r| r.get(0),
    )?;
    if !present {
        return Err(StoreError::invalid(
            "vote member",
            &vote.member,
            "a member present at the item's session",
        ));
    }
    w.insert(
        "vote",
        &[
            ("agenda_item_id", Value::from(item)),
            ("member_id", Value::from(member)),
            ("rating", text(&vote.rating)),
            ("comment", opt_text(vote.comment.as_ref())),
        ],
    )
}

/// True when a signed committee report exists for the decision (C-4).
pub fn is_signed(conn: &Connection, decision: i64) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM report_file WHERE decision_id = ?1 AND signed_by IS NOT NULL)",
        )?
        .query_row([decision], |r| r.get(0))?)
}

/// The (issuer, issue, titularización, class) ids of an agenda item; exactly one is set.
type SubjectIds = (Option<i64>, Option<i64>, Option<i64>, Option<i64>);

fn subject_of_item(conn: &Connection, item: i64) -> Result<SubjectIds, StoreError> {
    conn.prepare_cached(
        "SELECT issuer_id, issue_id, titularizacion_id, class_id FROM agenda_item WHERE id = ?1",
    )?
    .query_row([item], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "agenda item",
        key: item.to_string(),
    })
}

/// Records a decision on an agenda item, durably (synchronous=FULL). With `previous`,
/// the decision is a new version of that one (same subject; C-4), which stays as it was.
pub fn record_decision(
    w: &mut Writer<'_>,
    item: i64,
    d: &Decision,
    previous: Option<i64>,
) -> Result<i64, StoreError> {
    if !w.is_durable() {
        return Err(StoreError::NotDurable {
            what: "a committee decision",
        });
    }
    let subject = subject_of_item(w.conn(), item)?;
    let version = match previous {
        None => 1,
        Some(prev) => {
            let (prev_item, prev_version): (i64, i64) = w
                .conn()
                .query_row(
                    "SELECT agenda_item_id, version FROM decision WHERE id = ?1",
                    [prev],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(StoreError::NotFound {
                    what: "decision",
                    key: prev.to_string(),
                })?;
            if subject_of_item(w.conn(), prev_item)? != subject {
                return Err(StoreError::invalid(
                    "previous decision",
                    prev.to_string(),
                    "a decision on the same issuer, issue, titularización or class",
                ));
            }
            prev_version + 1
        }
    };
    let lead = member_id(w.conn(), &d.lead_analyst)?;
    let methodology = methodology_id(w.conn(), &d.methodology)?;
    let state = methodology::get(w.conn(), methodology)?.state;
    if state != MethodologyState::Approved {
        return Err(StoreError::invalid(
            "decision methodology",
            format!("{} {} ({state})", d.methodology.id, d.methodology.version),
            "an approved methodology version (C-7)",
        ));
    }
    if let Some(o) = &d.override_ {
        if o.code.trim().is_empty() || o.justification.trim().is_empty() {
            return Err(StoreError::invalid(
                "override",
                format!("code '{}', justification '{}'", o.code, o.justification),
                "a coded reason and a written justification (C-3)",
            ));
        }
    }
    let o = d.override_.as_ref();
    let id = w.insert(
        "decision",
        &[
            ("agenda_item_id", Value::from(item)),
            ("version", Value::from(version)),
            ("previous_id", Value::from(previous)),
            ("rating", text(&d.rating)),
            ("short_term", opt_text(d.short_term.as_ref())),
            ("outlook", opt_text(d.outlook)),
            ("watch", opt_text(d.watch)),
            ("action", text(d.action)),
            ("solicited", Value::from(d.solicited)),
            ("issuer_participation", Value::from(d.issuer_participation)),
            ("lead_analyst_id", Value::from(lead)),
            ("methodology_version_id", Value::from(methodology)),
            ("info_cutoff", text(d.info_cutoff)),
            ("sources", text(&d.sources)),
            ("key_assumptions", text(&d.key_assumptions)),
            ("decided_on", text(d.decided_on)),
            ("published_on", opt_text(d.published_on)),
            ("override_code", opt_text(o.map(|o| &o.code))),
            (
                "override_justification",
                opt_text(o.map(|o| &o.justification)),
            ),
            (
                "override_factors",
                opt_text(o.map(|o| serde_json::Value::from(o.factors.clone()).to_string())),
            ),
            ("override_notches", Value::from(o.map(|o| o.notches))),
        ],
    )?;
    for approver in &d.approvers {
        let member = member_id(w.conn(), approver)?;
        w.insert(
            "decision_approver",
            &[
                ("decision_id", Value::from(id)),
                ("member_id", Value::from(member)),
            ],
        )?;
    }
    Ok(id)
}

/// Sets a decision's publication date; refused once the decision is signed (C-4).
pub fn set_published_on(
    w: &mut Writer<'_>,
    decision: i64,
    date: NaiveDate,
) -> Result<(), StoreError> {
    if is_signed(w.conn(), decision)? {
        return Err(StoreError::SignedDecision { decision });
    }
    w.update("decision", decision, &[("published_on", text(date))])?;
    Ok(())
}

fn check_hash(sha256: &str) -> Result<(), StoreError> {
    if sha256.len() != 64 || !sha256.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')) {
        return Err(StoreError::invalid(
            "sha256",
            sha256,
            "64 lower-case hexadecimal digits",
        ));
    }
    Ok(())
}

/// Files a committee report for a decision (unsigned); returns the file's row id.
pub fn file_report(w: &mut Writer<'_>, decision: i64, f: &ReportFile) -> Result<i64, StoreError> {
    check_hash(&f.sha256)?;
    w.insert(
        "report_file",
        &[
            ("kind", text("committee_report")),
            ("decision_id", Value::from(decision)),
            ("language", text(f.language)),
            ("file_name", text(&f.file_name)),
            ("sha256", text(&f.sha256)),
            (
                "size_bytes",
                Value::from(i64::try_from(f.size_bytes).unwrap_or(i64::MAX)),
            ),
        ],
    )
}

/// Files a session's acta (unsigned); returns the file's row id.
pub fn file_acta(w: &mut Writer<'_>, session: &str, f: &ReportFile) -> Result<i64, StoreError> {
    check_hash(&f.sha256)?;
    let session = session_id(w.conn(), session)?;
    w.insert(
        "report_file",
        &[
            ("kind", text("acta")),
            ("session_id", Value::from(session)),
            ("language", text(f.language)),
            ("file_name", text(&f.file_name)),
            ("sha256", text(&f.sha256)),
            (
                "size_bytes",
                Value::from(i64::try_from(f.size_bytes).unwrap_or(i64::MAX)),
            ),
        ],
    )
}

/// Records the signature of a filed report, durably: who, when (the action's stamp) and
/// the audit chain's head hash at signing (C-5). From then on the report and its decision
/// never change (C-4). Returns the head hash recorded.
pub fn sign_report(
    w: &mut Writer<'_>,
    report: i64,
    signer: &str,
    signed_file_sha256: &str,
    signed_size_bytes: u64,
) -> Result<String, StoreError> {
    if !w.is_durable() {
        return Err(StoreError::NotDurable {
            what: "a signature",
        });
    }
    check_hash(signed_file_sha256)?;
    let signer_id = member_id(w.conn(), signer)?;
    let already: Option<i64> = w
        .conn()
        .query_row(
            "SELECT signed_by FROM report_file WHERE id = ?1",
            [report],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "report file",
            key: report.to_string(),
        })?;
    if already.is_some() {
        return Err(StoreError::invalid(
            "report file",
            report.to_string(),
            "an unsigned report (a signed one is never changed; file the new version)",
        ));
    }
    let head = w.head().to_string();
    let at = w
        .stamp()
        .at
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    w.update(
        "report_file",
        report,
        &[
            ("sha256", text(signed_file_sha256)),
            (
                "size_bytes",
                Value::from(i64::try_from(signed_size_bytes).unwrap_or(i64::MAX)),
            ),
            ("signed_by", Value::from(signer_id)),
            ("signed_at", text(at)),
            ("chain_head", text(&head)),
        ],
    )?;
    Ok(head)
}

/// One entry of a subject's rating history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub decision: i64,
    pub version: i64,
    pub previous: Option<i64>,
    pub session: String,
    pub decided_on: NaiveDate,
    pub rating: String,
    pub action: ActionType,
    pub signed: bool,
}

/// Every decision on a subject, in order (decision date, then record order).
pub fn history(conn: &Connection, subject: &Subject) -> Result<Vec<HistoryEntry>, StoreError> {
    let cols = subject_columns(conn, subject)?;
    let mut stmt = conn.prepare(
        "SELECT d.id, d.version, d.previous_id, s.number || '/' || s.year, d.decided_on, d.rating, d.action, \
         EXISTS (SELECT 1 FROM report_file r WHERE r.decision_id = d.id AND r.signed_by IS NOT NULL) \
         FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id JOIN session s ON s.id = i.session_id \
         WHERE i.issuer_id IS ?1 AND i.issue_id IS ?2 AND i.titularizacion_id IS ?3 AND i.class_id IS ?4 \
         ORDER BY d.decided_on, d.id",
    )?;
    let rows = stmt.query_map(params![cols[1].1, cols[2].1, cols[3].1, cols[4].1], |r| {
        Ok(HistoryEntry {
            decision: r.get(0)?,
            version: r.get(1)?,
            previous: r.get(2)?,
            session: r.get(3)?,
            decided_on: column(r, 4)?,
            rating: r.get(5)?,
            action: column(r, 6)?,
            signed: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The ids of every decision, in record order.
pub fn decision_ids(conn: &Connection) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare("SELECT id FROM decision ORDER BY id")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The publication date of a decision, if set.
pub fn published_on(conn: &Connection, decision: i64) -> Result<Option<NaiveDate>, StoreError> {
    conn.query_row(
        "SELECT published_on FROM decision WHERE id = ?1",
        [decision],
        |r| opt_column(r, 0),
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "decision",
        key: decision.to_string(),
    })
}
