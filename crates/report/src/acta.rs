//! The acta: the minutes of a committee session, rendered from values — members
//! present, quorum, agenda, each vote, dissents and decisions — with one pre-created
//! signature field per voting member.

use crate::committee_report::{votes_table, VoteLine, Ymd};
use crate::layout::{
    Align, Column, DocumentBuilder, DocumentMeta, Lang, LayoutError, SignatureLine, Table,
};
use crate::text;
use serde::{Deserialize, Serialize};

/// A member present at the session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    pub title: String,
    /// The committee role, already in the acta's language.
    pub role: String,
    pub voting: bool,
}

/// One agenda item with its votes and decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActaItem {
    pub position: u32,
    pub subject: String,
    pub methodology: String,
    pub indicative: Option<String>,
    pub recommendation: String,
    pub analyst: String,
    pub votes: Vec<VoteLine>,
    /// The rating decided, with outlook, when a decision was recorded.
    pub decision: Option<String>,
    /// The override's code and justification, when the decision differs (C-3).
    pub override_: Option<String>,
}

/// Everything an acta prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Acta {
    pub rater: String,
    pub city: String,
    pub session_label: String,
    pub session_date: Ymd,
    pub kind: String,
    pub secretary: String,
    pub attendees: Vec<Attendee>,
    /// The quorum finding in words (C-2).
    pub quorum: String,
    pub items: Vec<ActaItem>,
    pub chain_head: String,
    /// The secretary, who certifies the acta (DocMDP P=2, field `certification`) and
    /// so pre-creates the voting members' fields.
    pub certifier: SignatureLine,
    /// One line per voting member; each field is pre-created unsigned.
    pub signers: Vec<SignatureLine>,
    pub fictional: bool,
}

impl Acta {
    /// The signature fields, one per voting member.
    pub fn fields(&self) -> Vec<String> {
        self.signers.iter().map(|s| s.field.clone()).collect()
    }
}

/// Renders the acta; `created` is recorded as the creation time.
pub fn render_acta(
    a: &Acta,
    lang: Lang,
    created: time::OffsetDateTime,
) -> Result<Vec<u8>, LayoutError> {
    let session = text::SESSION_FORMAT
        .get(lang)
        .replace("{n}", &a.session_label)
        .replace("{d}", &text::date(lang, a.session_date));
    let mut b = DocumentBuilder::new(DocumentMeta {
        title: format!("{} {}", text::ACTA_TITLE.get(lang), a.session_label),
        author: a.rater.clone(),
        subject: format!("{} {session}", text::SESSION.get(lang)),
        keywords: vec![text::ACTA_TITLE.s(lang)],
        lang,
        header_left: a.rater.clone(),
        footer_left: if a.fictional {
            text::FICTIONAL.s(lang)
        } else {
            text::GENERATED_FROM.s(lang)
        },
        created,
    })?;
    b.title_block(
        text::ACTA_TITLE.get(lang),
        &[
            format!("{} {session}", text::SESSION.get(lang)),
            format!("{}, {}", a.city, text::date(lang, a.session_date)),
        ],
    );
    b.key_values(&[
        (text::RATER.s(lang), a.rater.clone()),
        (text::KIND.s(lang), a.kind.clone()),
        (text::SECRETARY.s(lang), a.secretary.clone()),
    ]);
    b.heading(text::ATTENDANCE.get(lang));
    b.table(&Table {
        columns: vec![
            Column::new(text::MEMBER.s(lang), 2.2, Align::Left),
            Column::new(text::ROLE.s(lang), 2.4, Align::Left),
            Column::new(text::VOTING.s(lang), 0.8, Align::Center),
        ],
        rows: a
            .attendees
            .iter()
            .map(|m| {
                vec![
                    format!("{}\n{}", m.name, m.title),
                    m.role.clone(),
                    if m.voting {
                        text::YES.s(lang)
                    } else {
                        text::NO.s(lang)
                    },
                ]
            })
            .collect(),
        bold_rows: Vec::new(),
    })?;
    b.heading(text::QUORUM.get(lang));
    b.paragraph(&a.quorum);
    b.heading(text::AGENDA.get(lang));
    let agenda: Vec<String> = a
        .items
        .iter()
        .map(|i| format!("{}. {} — {}", i.position, i.subject, i.methodology))
        .collect();
    b.bullets(&agenda);
    b.heading(text::ITEM_VOTES.get(lang));
    for i in &a.items {
        b.subheading(&format!("{}. {}", i.position, i.subject));
        b.key_values(&[
            (text::ANALYST.s(lang), i.analyst.clone()),
            (
                text::INDICATIVE.s(lang),
                i.indicative.clone().unwrap_or_else(|| "—".into()),
            ),
            (text::RECOMMENDATION.s(lang), i.recommendation.clone()),
        ]);
        votes_table(&mut b, lang, &i.votes)?;
        let dissents: Vec<String> = i
            .votes
            .iter()
            .filter(|v| v.dissent)
            .map(|v| format!("{}: {}", v.member, v.rating))
            .collect();
        if dissents.is_empty() {
            b.note(text::NO_DISSENTS.get(lang));
        } else {
            b.paragraph(&format!(
                "{}: {}",
                text::DISSENTS.get(lang),
                dissents.join("; ")
            ));
        }
    }
    b.heading(text::DECISIONS.get(lang));
    let decisions: Vec<String> = a
        .items
        .iter()
        .map(|i| {
            let mut s = format!(
                "{}. {} — {}: {}",
                i.position,
                i.subject,
                text::DECIDED.get(lang),
                i.decision.clone().unwrap_or_else(|| "—".into())
            );
            if let Some(o) = &i.override_ {
                s.push_str(&format!(" ({}: {o})", text::JUSTIFICATION.get(lang)));
            }
            s
        })
        .collect();
    b.bullets(&decisions);
    b.keep_together(190.0 + 70.0 * a.signers.len() as f32);
    b.note(&format!("{}: {}", text::CHAIN_HEAD.get(lang), a.chain_head));
    b.paragraph(text::ACTA_CLOSING.get(lang));
    let mut signers = vec![SignatureLine {
        role: text::CERTIFIES.s(lang),
        ..a.certifier.clone()
    }];
    signers.extend(a.signers.iter().map(|s| SignatureLine {
        role: text::APPROVES.s(lang),
        ..s.clone()
    }));
    b.signature_block(text::SIGNATURES.get(lang), &signers);
    b.finish()
}
