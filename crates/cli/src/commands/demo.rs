//! `ratebook demo --out DIR`: the whole committee-to-signature path on fictional data.
//! Builds the demo workbook, records one session (177/2026) with a national-scale issuer
//! and a titularización class whose indicative results the engines compute from the
//! fixture cases, creates a demo CA with one certificate per member, writes a certified
//! committee report for each (the general manager certifies, the chair fills the
//! pre-created field) and an acta signed by every voting member, then verifies them all.
//! Everything is fictional and labelled so; the passphrase is a demo secret written to DIR.

use crate::commands::report::{stamp, write_acta, write_report};
use crate::output::Output;
use anyhow::{bail, Context};
use chrono::NaiveDate;
use ratebook_core::builtin;
use ratebook_core::national::rate::{self, Case};
use ratebook_core::titularizacion::{calificacion, Titularizacion};
use ratebook_report::keys;
use ratebook_report::layout::Lang;
use ratebook_report::signature::{self, Role, SignRequest};
use ratebook_report::verify;
use ratebook_store::committee::{
    self, AgendaItem, Decision, Member, Override, Session, Subject, Vote,
};
use ratebook_store::demo::{self, DemoSources};
use ratebook_store::titularizacion::MethodologyRef;
use ratebook_store::vocabulary::{ActionType, SessionKind};
use ratebook_store::Workbook;
use ratebook_workbench::report::{self, field_name, votes_in_committee, Issuer};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The directory to write into (created; must not hold a previous demo).
    #[arg(long)]
    out: PathBuf,
    /// The fixtures directory (default: the repository's fixtures/).
    #[arg(long)]
    fixtures: Option<PathBuf>,
}

/// The demo's one session.
pub const SESSION: &str = "177/2026";
const PASSPHRASE: &str = "demo-only-passphrase-not-a-secret";

#[derive(Serialize)]
struct DocumentOutcome {
    file: String,
    ok: bool,
    signatures: usize,
}

#[derive(Serialize)]
struct DemoOutcome {
    workbook: String,
    session: String,
    decisions: Vec<i64>,
    documents: Vec<DocumentOutcome>,
    ca: String,
    passphrase_file: String,
    ok: bool,
}

fn default_fixtures() -> PathBuf {
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    if built.is_dir() {
        built
    } else {
        PathBuf::from("fixtures")
    }
}

fn date(s: &str) -> NaiveDate {
    // Literal constants of this module; a typo is a programming error.
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("demo date literal")
}

fn m(id: &str, version: &str) -> MethodologyRef {
    MethodologyRef {
        id: id.into(),
        version: version.into(),
    }
}

/// Records session 177/2026 with two rated items and their decisions; returns the
/// decision ids (national, titularización).
fn record_session(wb: &mut Workbook, fixtures: &Path) -> anyhow::Result<(i64, i64)> {
    let national_case = fixtures.join("cases/national/03-holistic.json");
    let text = std::fs::read_to_string(&national_case)
        .with_context(|| format!("cannot read {}", national_case.display()))?;
    let case: Case = serde_json::from_str(&text)
        .with_context(|| format!("fixture case {}", national_case.display()))?;
    let national = rate::rate_case(
        &builtin::national_specs(),
        &builtin::national_parameters(),
        &case,
    )?;
    let tit_case = fixtures.join("cases/titularizacion/cartera_credito.json");
    let text = std::fs::read_to_string(&tit_case)
        .with_context(|| format!("cannot read {}", tit_case.display()))?;
    let t = Titularizacion::from_json(&text)
        .with_context(|| format!("fixture case {}", tit_case.display()))?;
    let tit = calificacion::rate(&t, &builtin::titularizacion_ponderacion())?;
    let class = tit
        .classes
        .first()
        .context("the titularización fixture case has no class")?;
    let class_rating = class.category.as_str().to_string();

    let national_rating = national.issuer.final_rating.clone();
    // The committee decides one notch below the model for the national issuer (an
    // override with a coded reason), and adopts the titularización's indicative rating.
    // The engine's options are adjacent notches of the national scale (N-3); the other
    // option below the selected one is one notch lower.
    let lower = national
        .issuer
        .options
        .iter()
        .skip_while(|o| **o != national.issuer.final_rating)
        .nth(1)
        .cloned()
        .context("the national fixture case's final rating has no option one notch below it")?;
    let decided_national = lower;
    let present: Vec<String> = ["M-CARLA", "M-JORGE", "M-SOFIA", "M-PEDRO", "M-ANA"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let held = date("2026-08-31");
    let national_json = serde_json::to_value(&national)?;
    let tit_json = serde_json::to_value(&tit)?;
    let ids = wb.transact_durable(&stamp(), |w| {
        committee::open_session(
            w,
            &Session {
                year: 2026,
                number: 177,
                kind: SessionKind::Ordinaria,
                held_on: held,
                secretary: "M-PEDRO".into(),
                present: present.clone(),
            },
        )?;
        let item_n = committee::add_agenda_item(
            w,
            SESSION,
            &AgendaItem {
                position: 1,
                subject: Subject::Issuer {
                    code: "DEMO-XX-01".into(),
                },
                methodology: m("sp-xx-table1", "2023-06-08.1"),
                indicative_rating: Some(national_rating.clone()),
                indicative_result: Some(national_json.clone()),
                recommendation: format!(
                    "{decided_national}: the engine's {national_rating} computed from the fictional fixture case 03-holistic, one notch lower for the concentration of funding (fictional)"
                ),
                analyst: "M-ANA".into(),
            },
        )?;
        let item_t = committee::add_agenda_item(
            w,
            SESSION,
            &AgendaItem {
                position: 2,
                subject: Subject::Class {
                    titularizacion: "DEMO-TIT-CARTERA".into(),
                    class: "A1".into(),
                },
                methodology: m("class-titularizacion-default", "2026.1-project-default"),
                indicative_rating: Some(class_rating.clone()),
                indicative_result: Some(tit_json.clone()),
                recommendation: format!(
                    "{class_rating}: the engine's rating of class {} computed from the fictional fixture case cartera_credito",
                    class.name
                ),
                analyst: "M-ANA".into(),
            },
        )?;
        for (member, rating, comment) in [
            ("M-CARLA", decided_national.as_str(), None),
            ("M-JORGE", decided_national.as_str(), None),
            (
                "M-SOFIA",
                national_rating.as_str(),
                Some("Keeps the model's rating: the funding concentration is already in the peer position (fictional)."),
            ),
        ] {
            committee::cast_vote(
                w,
                item_n,
                &Vote {
                    member: member.into(),
                    rating: rating.into(),
                    comment: comment.map(str::to_string),
                },
            )?;
        }
        for member in ["M-CARLA", "M-JORGE", "M-SOFIA"] {
            committee::cast_vote(
                w,
                item_t,
                &Vote {
                    member: member.into(),
                    rating: class_rating.clone(),
                    comment: None,
                },
            )?;
        }
        let base = |rating: &str, methodology: MethodologyRef, override_: Option<Override>| Decision {
            rating: rating.into(),
            short_term: None,
            outlook: Some(ratebook_core::scale::Outlook::Stable),
            watch: None,
            action: ActionType::New,
            solicited: true,
            issuer_participation: true,
            lead_analyst: "M-ANA".into(),
            approvers: vec!["M-CARLA".into(), "M-JORGE".into()],
            methodology,
            info_cutoff: date("2026-06-30"),
            sources: "Fictional audited statements and fixture cases shipped with Ratebook".into(),
            key_assumptions: "Demo assumptions: the fixture case inputs are taken as given".into(),
            decided_on: held,
            published_on: None,
            override_,
        };
        let dn = committee::record_decision(
            w,
            item_n,
            &base(
                &decided_national,
                m("sp-xx-table1", "2023-06-08.1"),
                Some(Override {
                    code: "QUAL-INFO".into(),
                    justification: "Funding is concentrated in two fictional lenders; the committee lowers the model's rating by one notch until the refinancing closes (demo justification).".into(),
                    factors: vec!["funding concentration".into(), "refinancing risk".into()],
                    notches: -1,
                }),
            ),
            None,
        )?;
        let dt = committee::record_decision(
            w,
            item_t,
            &base(
                &class_rating,
                m("class-titularizacion-default", "2026.1-project-default"),
                None,
            ),
            None,
        )?;
        Ok((dn, dt))
    })?;
    Ok(ids)
}

fn sign_with(pdf: &[u8], p12: &Path, role: Role, reason: &str) -> anyhow::Result<Vec<u8>> {
    let data = std::fs::read(p12).with_context(|| format!("cannot read {}", p12.display()))?;
    let identity = keys::load_pkcs12(&data, PASSPHRASE, &p12.display().to_string())?;
    Ok(signature::sign(
        pdf,
        &identity,
        &SignRequest {
            role,
            reason: Some(reason.into()),
            location: Some("Quito – Ecuador".into()),
            time: time::OffsetDateTime::now_utc(),
        },
    )?)
}

pub fn run(args: Args, out: &Output) -> anyhow::Result<()> {
    let dir = args.out;
    let fixtures = args.fixtures.unwrap_or_else(default_fixtures);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let workbook = dir.join("demo.ratebook");
    if workbook.exists() {
        bail!(
            "--out: '{}' already holds a demo workbook; choose an empty directory",
            dir.display()
        );
    }
    demo::build(
        &workbook,
        &DemoSources {
            demo_dir: fixtures.join("demo"),
            methodology_dirs: vec![fixtures.join("methodologies")],
        },
        &stamp(),
    )
    .with_context(|| format!("building the demo workbook '{}'", workbook.display()))?;
    let mut wb = Workbook::open(&workbook)?;
    let (dn, dt) = record_session(&mut wb, &fixtures)?;

    // Demo keys: one CA, one certificate per member who signs.
    let pass_file = dir.join("DEMO-PASSPHRASE.txt");
    std::fs::write(
        &pass_file,
        format!("{PASSPHRASE}\n# DEMO SECRET ONLY: protects the fictional demo CA and member keys in this directory.\n# Never use it, or these certificates, for a real signature.\n"),
    )?;
    let ca = dir.join("ca");
    keys::write_demo_ca(&ca, PASSPHRASE)?;
    let record = ratebook_store::committee_records::session_record(wb.connection(), SESSION)?;
    let manager = ratebook_store::committee_records::general_manager(wb.connection())?
        .context("the demo workbook has no general manager")?;
    let mut signers: Vec<Member> = record
        .present
        .iter()
        .filter(|m| votes_in_committee(m))
        .cloned()
        .collect();
    signers.push(manager.clone());
    signers.push(record.head.secretary.clone());
    for member in &signers {
        let issued = keys::issue_member(&ca, PASSPHRASE, &member.name, &member.title, PASSPHRASE)?;
        keys::write_private(
            &dir.join(format!("{}.p12", field_name(member))),
            &issued.pkcs12,
        )?;
    }
    let p12 = |m: &Member| dir.join(format!("{}.p12", field_name(m)));
    let issuer = Issuer {
        rater: "Calificadora Demostración S.A. (ficticia)".into(),
        city: "Quito – Ecuador".into(),
    };
    let mut documents = Vec::new();
    for (decision, stem) in [(dn, "report-national"), (dt, "report-titularizacion")] {
        for lang in [Lang::Es, Lang::En] {
            let tag = if lang == Lang::Es { "es" } else { "en" };
            let unsigned = dir.join(format!("{stem}-{tag}.unsigned.pdf"));
            let written = write_report(&mut wb, decision, lang, &issuer, &unsigned)?;
            let pdf = std::fs::read(&unsigned)?;
            let certified = sign_with(
                &pdf,
                &p12(&manager),
                Role::Certify {
                    field: "certification".into(),
                    later_fields: written.fields.clone(),
                },
                "Certificación del informe (demostración)",
            )?;
            report::record_signature(
                &mut wb,
                &stamp(),
                written.report_file_id,
                &manager.code,
                &certified,
            )?;
            let mut signed = certified;
            for field in &written.fields {
                let member = signers
                    .iter()
                    .find(|m| &field_name(m) == field)
                    .with_context(|| format!("no demo certificate for field {field}"))?;
                signed = sign_with(
                    &signed,
                    &p12(member),
                    Role::Approve {
                        field: Some(field.clone()),
                    },
                    "Aprobación del comité (demostración)",
                )?;
            }
            let file = dir.join(format!("{stem}-{tag}.pdf"));
            std::fs::write(&file, &signed)?;
            documents.push((file, signed));
        }
    }
    for lang in [Lang::Es, Lang::En] {
        let tag = if lang == Lang::Es { "es" } else { "en" };
        let unsigned = dir.join(format!("acta-{tag}.unsigned.pdf"));
        let written = write_acta(&mut wb, SESSION, lang, &issuer, &unsigned)?;
        let pdf = std::fs::read(&unsigned)?;
        let mut signed = sign_with(
            &pdf,
            &p12(&record.head.secretary),
            Role::Certify {
                field: "certification".into(),
                later_fields: written.fields.clone(),
            },
            "Certificación del acta por el secretario (demostración)",
        )?;
        report::record_signature(
            &mut wb,
            &stamp(),
            written.report_file_id,
            &record.head.secretary.code,
            &signed,
        )?;
        for field in &written.fields {
            let member = signers
                .iter()
                .find(|m| &field_name(m) == field)
                .with_context(|| format!("no demo certificate for field {field}"))?;
            signed = sign_with(
                &signed,
                &p12(member),
                Role::Approve {
                    field: Some(field.clone()),
                },
                "Aprobación del acta (demostración)",
            )?;
        }
        let file = dir.join(format!("acta-{tag}.pdf"));
        std::fs::write(&file, &signed)?;
        documents.push((file, signed));
    }
    let mut outcomes = Vec::new();
    for (file, pdf) in &documents {
        let v = verify::verify(pdf)?;
        outcomes.push(DocumentOutcome {
            file: file.display().to_string(),
            ok: v.ok,
            signatures: v.signatures.len(),
        });
    }
    let ok = outcomes.iter().all(|o| o.ok);
    let outcome = DemoOutcome {
        workbook: workbook.display().to_string(),
        session: SESSION.into(),
        decisions: vec![dn, dt],
        documents: outcomes,
        ca: ca.display().to_string(),
        passphrase_file: pass_file.display().to_string(),
        ok,
    };
    out.emit(&outcome, |o| {
        let mut s = format!(
            "Demo (fictional data) in {}: workbook {}, session {}, decisions {:?}\n",
            dir.display(),
            o.workbook,
            o.session,
            o.decisions
        );
        for d in &o.documents {
            s.push_str(&format!(
                "{}: {} signature(s), {}\n",
                d.file,
                d.signatures,
                if d.ok { "verified" } else { "NOT VERIFIED" }
            ));
        }
        s.push_str(&format!(
            "demo passphrase (demo secret): {}\n",
            o.passphrase_file
        ));
        s
    })?;
    if !ok {
        bail!("a demo document does not verify");
    }
    Ok(())
}
