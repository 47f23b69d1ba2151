//! Writes `ui/src/lib/bindings.ts`: the TypeScript declarations of every Rust type that
//! crosses the Tauri IPC boundary, so the types are written once, in Rust.
//!
//! `ratebook-bindings` rewrites the file; `ratebook-bindings --check` exits 1 when the file
//! on disk differs from what the Rust types say (run by `make test`).

use ratebook_core::committee as core_committee;
use ratebook_core::committee::session_file;
use ratebook_core::committee::{agenda, lifecycle};
use ratebook_core::national::{
    self, impact as national_impact, issue as national_issue, rate as national_rate,
};
use ratebook_core::titularizacion as core_tit;
use ratebook_core::{scale, trace};
use ratebook_store::titularizacion as store_tit;
use ratebook_store::{
    entities, error_report, import, issuer_list, keyset, titularizacion_list, vocabulary,
};
use ratebook_workbench::committee_draft;
use ratebook_workbench::issuer;
use ratebook_workbench::signing;
use ratebook_workbench::start;
use ratebook_workbench::titularizacion as wb_tit;
use ratebook_workbench::{candidate, methodology};
use std::path::PathBuf;
use std::process::ExitCode;
use ts_rs::{Config, TS};

/// Every type the UI receives from or sends to a Tauri command. Add new IPC types here.
fn declarations(cfg: &Config) -> Vec<String> {
    macro_rules! decls {
        ($($ty:ty),+ $(,)?) => { vec![ $( <$ty as TS>::decl(cfg) ),+ ] };
    }
    decls![
        scale::GlobalRating,
        scale::ShortTermRating,
        scale::Outlook,
        scale::CreditWatch,
        scale::ScaleRow,
        scale::ScaleOverview,
        trace::TraceArg,
        trace::TraceMessage,
        trace::TraceStep,
        trace::Trace,
        vocabulary::Sector,
        vocabulary::PeerPosition,
        vocabulary::Seniority,
        vocabulary::RecoveryRating,
        entities::Sovereign,
        entities::Issuer,
        entities::Issue,
        entities::IssuerCase,
        issuer_list::IssuerSort,
        issuer_list::IssuerQuery,
        keyset::ListCursor,
        issuer_list::IssuerListPage,
        issuer_list::IssuerFilters,
        import::Kind,
        import::RowProblem,
        import::ImportReport,
        error_report::ErrorReport,
        start::StartState,
        national_rate::Holistic,
        session_file::EngineInputs,
        national::Finding,
        national_rate::IssuerOutcome,
        national_issue::IssueRating,
        national_rate::NationalRating,
        issuer::Unrated,
        issuer::IssueNotRated,
        issuer::IssuerDetail,
        issuer::Peer,
        issuer::PeerComparison,
        vocabulary::AssetType,
        vocabulary::IndexKind,
        vocabulary::Factor,
        vocabulary::FlowLine,
        vocabulary::HistorySeries,
        vocabulary::MecanismoCobertura,
        store_tit::Titularizacion,
        store_tit::Class,
        store_tit::CashFlow,
        store_tit::HistoryPoint,
        store_tit::Mechanism,
        store_tit::ChecklistItem,
        store_tit::MethodologyRef,
        store_tit::FactorAssessment,
        store_tit::TitularizacionCase,
        titularizacion_list::TitularizacionSort,
        titularizacion_list::TitularizacionQuery,
        titularizacion_list::TitularizacionSummary,
        titularizacion_list::TitularizacionListPage,
        core_tit::Categoria,
        core_tit::activo::TipoActivo,
        core_tit::factor::FactorId,
        core_tit::calificacion::FactorResult,
        core_tit::calificacion::Ponderado,
        core_tit::calificacion::Calificacion,
        core_tit::calificacion::ClassScenario,
        core_tit::calificacion::ResultadoEscenario,
        core_tit::calificacion::ClassRating,
        core_tit::calificacion::Cap,
        core_tit::calificacion::Flag,
        core_tit::calificacion::CondicionEvaluada,
        core_tit::calificacion::MonteCarloUsado,
        core_tit::caso::ValidezInformacion,
        core_tit::caso::Estres,
        core_tit::flujo::VariableClave,
        core_tit::flujo::Shocks,
        core_tit::flujo::Escenario,
        core_tit::indice::BaseIndice,
        core_tit::indice::Cobertura,
        core_tit::waterfall::PrioridadPagos,
        core_tit::montecarlo::ParametrosMonteCarlo,
        core_tit::montecarlo::Calibracion,
        core_tit::montecarlo::ResultadoClase,
        core_tit::equilibrio::PuntoEquilibrio,
        core_tit::equilibrio::EstadoEquilibrio,
        core_tit::equilibrio::CondicionEquilibrio,
        core_tit::equilibrio::EstadoCondicion,
        core_tit::equilibrio::TipoCondicion,
        ratebook_core::freshness::Freshness,
        wb_tit::SubcriterioView,
        wb_tit::FactorView,
        wb_tit::AnalisisView,
        wb_tit::Detalle,
        wb_tit::Analisis,
        wb_tit::Progreso,
        wb_tit::ResultadoMonteCarlo,
        vocabulary::MethodologyState,
        candidate::RowDraft,
        candidate::SpecDraft,
        candidate::WeightDraft,
        candidate::BandDraft,
        candidate::WeightsDraft,
        candidate::CandidateCheck,
        candidate::Editable,
        candidate::Filed,
        methodology::MethodologyListing,
        methodology::ImpactProgress,
        methodology::ImpactRow,
        methodology::ImpactView,
        methodology::Rescore,
        methodology::ApprovalReport,
        national_impact::RatingChange,
        national_impact::ImpactFailure,
        national_impact::NotchBucket,
        national_impact::ImpactReport,
        national::compression::NotchCount,
        national::compression::CompressionReport,
        lifecycle::MethodologyRef,
        lifecycle::MethodologyVersion,
        lifecycle::AffectedRating,
        lifecycle::Observation,
        lifecycle::MethodologyApproval,
        ratebook_core::committee::rules::MethodologyFamily,
        agenda::Subject,
        agenda::SubjectKind,
        core_committee::agenda::IndicativeResult,
        core_committee::member::Role,
        core_committee::session::SessionKind,
        core_committee::session::SessionNumber,
        core_committee::vote::Vote,
        core_committee::r#override::OverrideRequest,
        core_committee::decision::DecisionKey,
        core_committee::record::ActionType,
        core_committee::history::HistoryEntry,
        core_committee::history::RatingHistory,
        core_committee::surveillance::DueReason,
        core_committee::surveillance::ReviewDue,
        core_committee::surveillance::DueList,
        committee_draft::Problem,
        committee_draft::MemberView,
        committee_draft::QuorumView,
        committee_draft::ReasonView,
        committee_draft::OutcomeView,
        committee_draft::ItemView,
        ratebook_store::committee_draft::Abandonment,
        committee_draft::DraftView,
        committee_draft::DraftSummary,
        committee_draft::SetupInput,
        committee_draft::ItemInput,
        signing::DecisionChoice,
        signing::DocumentChoices,
        signing::DocumentRequest,
        signing::Generated,
        signing::SignatureRole,
        signing::NextSigner,
        signing::SignatureField,
        signing::DocumentStatus,
        signing::Signed,
        signing::KeySource,
        signing::DemoKeys,
        ratebook_report::finding::FindingCode,
        ratebook_report::finding::SignatureFinding,
        signing::Trust,
        signing::SignatureCheck,
        signing::Verification,
    ]
}

fn render() -> String {
    // Counts and amounts that cross IPC fit in a JS number; money travels as decimal strings.
    let cfg = Config::new().with_large_int("number");
    let mut out = String::from(
        "// Generated by `cargo run -p ratebook-bindings` from the Rust types. Do not edit.\n\
         /* eslint-disable */\n\n",
    );
    for decl in declarations(&cfg) {
        out.push_str("export ");
        out.push_str(decl.trim());
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn target() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings.ts")
}

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let wanted = render();
    let path = target();
    if check {
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == wanted {
            println!("bindings: {} is up to date", path.display());
            ExitCode::SUCCESS
        } else {
            eprintln!(
                "bindings: {} is stale; run `cargo run -p ratebook-bindings` and commit the result",
                path.display()
            );
            ExitCode::from(1)
        }
    } else {
        if let Some(dir) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(dir) {
                eprintln!("bindings: cannot create {}: {e}", dir.display());
                return ExitCode::from(1);
            }
        }
        match std::fs::write(&path, wanted) {
            Ok(()) => {
                println!("bindings: wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("bindings: cannot write {}: {e}", path.display());
                ExitCode::from(1)
            }
        }
    }
}
