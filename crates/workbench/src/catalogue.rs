//! The workbook's methodology catalogue (SPEC C-7): every stored methodology document,
//! parsed by the engine into the types it rates with, with its state.
//!
//! The store files documents by their metadata and never parses the rules; this is where
//! a stored body becomes a `MappingSpec`, a titularización `Ponderacion` or the committee's
//! rules. A body that the engine cannot read is an error naming the document, never
//! skipped: a committee must not rate with a catalogue that silently lost a version.

use crate::WorkbenchError;
use ratebook_core::committee::CommitteeRules;
use ratebook_core::national::notching::{NationalParameters, NotchingParameters, ShortTermTable};
use ratebook_core::national::spec::MappingSpec;
use ratebook_core::scale::ShortTermLink;
use ratebook_core::titularizacion::ponderacion::Ponderacion;
use ratebook_store::methodology::{self, MethodologyDocument};
use ratebook_store::vocabulary::MethodologyState;
use rusqlite::Connection;

/// One parsed methodology version with the metadata it was filed under.
#[derive(Debug, Clone)]
pub struct Entry<T> {
    pub id: String,
    pub version: String,
    pub state: MethodologyState,
    pub effective_date: chrono::NaiveDate,
    pub basis: String,
    pub value: T,
}

/// Every methodology version stored in a workbook, parsed.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// Global long- to short-term linkage tables (N-7).
    pub short_term_links: Vec<Entry<ShortTermLink>>,
    pub national_specs: Vec<Entry<MappingSpec>>,
    pub national_notching: Vec<Entry<NotchingParameters>>,
    pub national_short_term: Vec<Entry<ShortTermTable>>,
    pub titularizacion: Vec<Entry<Ponderacion>>,
    pub committee_rules: Vec<Entry<CommitteeRules>>,
    /// Documents of a kind this version of Ratebook does not rate with, listed so that
    /// nothing stored is invisible.
    pub other: Vec<MethodologyDocument>,
}

fn parsed<T, E: std::fmt::Display>(
    doc: &MethodologyDocument,
    result: Result<T, E>,
) -> Result<Entry<T>, WorkbenchError> {
    match result {
        Ok(value) => Ok(Entry {
            id: doc.id.clone(),
            version: doc.version.clone(),
            state: doc.state,
            effective_date: doc.effective_date,
            basis: doc.basis.clone(),
            value,
        }),
        Err(e) => Err(WorkbenchError::Methodology {
            kind: doc.kind.clone(),
            id: doc.id.clone(),
            version: doc.version.clone(),
            message: e.to_string(),
        }),
    }
}

/// Reads and parses every methodology document of the workbook.
pub fn load(conn: &Connection) -> Result<Catalogue, WorkbenchError> {
    let mut c = Catalogue::default();
    for doc in methodology::list(conn)? {
        match doc.kind.as_str() {
            "short-term-link" => c
                .short_term_links
                .push(parsed(&doc, ShortTermLink::from_toml(&doc.id, &doc.body))?),
            "national-spec" => c
                .national_specs
                .push(parsed(&doc, MappingSpec::from_toml(&doc.body))?),
            "national-notching" => c
                .national_notching
                .push(parsed(&doc, NotchingParameters::from_toml(&doc.body))?),
            "national-short-term" => c
                .national_short_term
                .push(parsed(&doc, ShortTermTable::from_toml(&doc.body))?),
            "titularizacion-weights" => c
                .titularizacion
                .push(parsed(&doc, Ponderacion::from_toml(&doc.body))?),
            "committee-rules" => c
                .committee_rules
                .push(parsed(&doc, CommitteeRules::from_toml(&doc.id, &doc.body))?),
            _ => c.other.push(doc),
        }
    }
    Ok(c)
}

impl Catalogue {
    /// The approved national specs, for rating (C-7: decisions use approved versions only).
    pub fn approved_national_specs(&self) -> Vec<MappingSpec> {
        approved(&self.national_specs)
    }

    /// The national notching and short-term parameters in force: the approved version with
    /// the latest effective date of each kind, when the workbook holds one of each.
    pub fn national_parameters(&self) -> Option<NationalParameters> {
        let notching = latest_approved(&self.national_notching)?;
        let tables: Vec<&Entry<ShortTermTable>> = self
            .national_short_term
            .iter()
            .filter(|e| e.state == MethodologyState::Approved)
            .collect();
        // The standard table is the verified Table 2; the alternative is the one whose id
        // says so (ids are the files' own: `sp-national-st-table2`, `…-st-alternative`).
        let pick = |alternative: bool| {
            tables
                .iter()
                .filter(|e| e.id.contains("alternative") == alternative)
                .max_by_key(|e| e.effective_date)
                .map(|e| e.value.clone())
        };
        Some(NationalParameters {
            notching: notching.clone(),
            short_term_standard: pick(false)?,
            short_term_alternative: pick(true)?,
        })
    }

    /// `(id, version)` of every approved methodology version, of every kind.
    pub fn approved_versions(&self) -> Vec<(String, String)> {
        fn ids<T>(entries: &[Entry<T>]) -> impl Iterator<Item = (String, String)> + '_ {
            entries
                .iter()
                .filter(|e| e.state == MethodologyState::Approved)
                .map(|e| (e.id.clone(), e.version.clone()))
        }
        ids(&self.short_term_links)
            .chain(ids(&self.national_specs))
            .chain(ids(&self.national_notching))
            .chain(ids(&self.national_short_term))
            .chain(ids(&self.titularizacion))
            .chain(ids(&self.committee_rules))
            .chain(
                self.other
                    .iter()
                    .filter(|d| d.state == MethodologyState::Approved)
                    .map(|d| (d.id.clone(), d.version.clone())),
            )
            .collect()
    }
}

fn approved<T: Clone>(entries: &[Entry<T>]) -> Vec<T> {
    entries
        .iter()
        .filter(|e| e.state == MethodologyState::Approved)
        .map(|e| e.value.clone())
        .collect()
}

fn latest_approved<T>(entries: &[Entry<T>]) -> Option<&T> {
    entries
        .iter()
        .filter(|e| e.state == MethodologyState::Approved)
        .max_by_key(|e| e.effective_date)
        .map(|e| &e.value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;
    use ratebook_store::demo::{self, DemoSources};
    use ratebook_store::methodology::{file_document, Format};
    use ratebook_store::{Stamp, Workbook};
    use std::path::PathBuf;

    fn stamp() -> Stamp {
        // A fixed instant: tests read no clock.
        Stamp::new("test", DateTime::from_timestamp(1_764_000_000, 0).unwrap())
    }

    fn demo_workbook(dir: &std::path::Path) -> Workbook {
        let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let path = dir.join("demo.ratebook");
        let sources = DemoSources {
            demo_dir: fixtures.join("demo"),
            methodology_dirs: vec![fixtures.join("methodologies")],
        };
        demo::build(&path, &sources, &stamp()).unwrap();
        Workbook::open(&path).unwrap()
    }

    #[test]
    fn c7_every_shipped_methodology_stored_in_the_demo_parses_and_is_approved() {
        let dir = tempfile::tempdir().unwrap();
        let wb = demo_workbook(dir.path());
        let c = load(wb.connection()).unwrap();
        assert!(c.other.is_empty(), "unknown kinds: {:?}", c.other);
        let ids: Vec<&str> = c.national_specs.iter().map(|e| e.id.as_str()).collect();
        for id in ["sp-xx-table1", "gcr-za-2017-04-26", "austin-br"] {
            assert!(ids.contains(&id), "{id} missing from {ids:?}");
        }
        assert_eq!(c.approved_national_specs().len(), c.national_specs.len());
        let params = c
            .national_parameters()
            .expect("notching and both short-term tables");
        assert_eq!(params.notching.recovery.rows.len(), 7);
        assert_eq!(params.short_term_standard.basis, "verified");
        assert_eq!(params.short_term_alternative.basis, "inferred");
        assert_eq!(c.short_term_links.len(), 1);
        assert_eq!(c.titularizacion.len(), 1);
        assert_eq!(c.committee_rules.len(), 1);
        let rules = &c.committee_rules[0];
        assert!(c
            .approved_versions()
            .contains(&(rules.id.clone(), rules.version.clone())));
    }

    #[test]
    fn c7_a_stored_body_the_engine_cannot_read_is_named_not_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let mut wb = Workbook::create(&dir.path().join("w.ratebook")).unwrap();
        // Filed by its metadata (the store does not read rules), but no mapping rows.
        let body = "kind = \"national-spec\"\nid = \"broken\"\nversion = \"1\"\n\
                    effective_date = \"2023-06-08\"\nsource = \"test\"\nbasis = \"inferred\"\n";
        let doc = file_document(body, Format::Toml).unwrap();
        wb.transact(&stamp(), |w| methodology::put(w, &doc))
            .unwrap();
        let err = load(wb.connection()).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("national-spec 'broken' version 1"),
            "the error names the document: {text}"
        );
    }
}
