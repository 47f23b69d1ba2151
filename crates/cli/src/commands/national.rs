//! `ratebook national …`: the national scale engine (SPEC §3) from the command line.
//! Thin: parse, call the core, print.

use crate::output::Output;
use anyhow::{bail, Context};
use chrono::NaiveDate;
use ratebook_core::builtin;
use ratebook_core::national::rate::{Case, EntityInput, EntityView};
use ratebook_core::national::spec::{self, MappingSpec};
use ratebook_core::national::{impact, mapping, rate};
use ratebook_core::scale::GlobalRating;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// N-3: global credit quality → indicative national options.
    Map {
        /// A shipped spec id or a spec TOML file.
        #[arg(long)]
        spec: String,
        /// Global credit quality, e.g. BB+.
        #[arg(long)]
        global: String,
        /// Use the version of the spec's scale in force on this date (YYYY-MM-DD).
        #[arg(long)]
        date: Option<String>,
    },
    /// N-11: national rating → the global levels that list it.
    Reverse {
        #[arg(long)]
        spec: String,
        #[arg(long)]
        national: String,
        #[arg(long)]
        date: Option<String>,
    },
    /// N-7: national long-term → national short-term.
    ShortTerm {
        #[arg(long)]
        spec: String,
        #[arg(long)]
        national: String,
        /// Alternative mapping: liquidity exceptional or a key strength.
        #[arg(long)]
        alternative: bool,
        #[arg(long)]
        date: Option<String>,
    },
    /// The full pipeline (N-1…N-12) on a JSON case (fixtures/cases/national/README.md).
    ///
    /// Or, with --spec and --entities instead of --case, re-rate a list of entities (a plain
    /// batch re-rate, the baseline of `impact`).
    Rate {
        #[arg(long, required_unless_present = "entities", conflicts_with_all = ["entities", "spec"])]
        case: Option<PathBuf>,
        /// Batch: entities, a JSON list (the `entity` object of a case) or a `.csv` file with
        /// one entity per row (columns as for `national impact --entities`).
        #[arg(long, requires = "spec")]
        entities: Option<PathBuf>,
        /// Batch: shipped spec id or spec TOML file.
        #[arg(long, requires = "entities")]
        spec: Option<String>,
        /// Batch: the version of the spec's scale in force on this date.
        #[arg(long, requires = "entities")]
        date: Option<String>,
        /// Batch: keep each entity's full trace in the output.
        #[arg(long, requires = "entities")]
        trace: bool,
    },
    /// N-13: re-rate entities under a candidate spec and report what changes.
    Impact {
        #[arg(long)]
        spec_from: String,
        #[arg(long)]
        spec_to: String,
        /// Entities: a JSON list (the `entity` object of a case) or a `.csv` file with one
        /// entity per row. CSV columns (header row, any order, `,` or `;`): the JSON fields
        /// with nested ones flattened: id, entity_type, country, global_lc, global_fc,
        /// sovereign_country, sovereign_global_lc, sovereign_global_fc, sovereign_national,
        /// peer_position, peer_rank, peer_of, chosen_option, expected_transition,
        /// holistic_notches, holistic_rationale, above_sovereign_stress_passed,
        /// liquidity_alternative. Required: global_lc, sovereign_country,
        /// sovereign_global_lc; an empty cell is an absent optional field.
        #[arg(long)]
        entities: PathBuf,
    },
}

fn parse_date(field: &str, text: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .with_context(|| format!("{field}: '{text}' is not a date; expected YYYY-MM-DD"))
}

/// The shipped specs plus, when `spec` is a readable file, that file's spec; returns the
/// list and the id to select.
fn specs_with(spec: &str) -> anyhow::Result<(Vec<MappingSpec>, String)> {
    specs_among(builtin::national_specs(), spec)
}

/// [`specs_with`] starting from the shipped specs already read (`specs`).
fn specs_among(
    mut specs: Vec<MappingSpec>,
    spec: &str,
) -> anyhow::Result<(Vec<MappingSpec>, String)> {
    if specs.iter().any(|s| s.id == spec) {
        return Ok((specs, spec.to_string()));
    }
    let loaded = spec_file(spec)?;
    let id = loaded.id.clone();
    specs.retain(|s| s.id != id);
    specs.push(loaded);
    Ok((specs, id))
}

/// The spec in the file `spec` names, validated (N-2): for an argument that is not a
/// shipped spec's id.
fn spec_file(spec: &str) -> anyhow::Result<MappingSpec> {
    let path = Path::new(spec);
    if !path.is_file() {
        bail!(
            "--spec: '{spec}' is neither a shipped spec id ({}) nor a readable file",
            builtin::national_spec_ids().collect::<Vec<_>>().join(", ")
        );
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("--spec: cannot read '{spec}'"))?;
    let loaded = MappingSpec::from_toml(&text).with_context(|| format!("--spec '{spec}'"))?;
    let validation = spec::validate(&loaded);
    if !validation.valid {
        let first = &validation.errors[0];
        bail!(
            "--spec '{spec}': the spec is invalid ({} error(s)); first: {} {}",
            validation.errors.len(),
            first.rule,
            first.message
        );
    }
    Ok(loaded)
}

fn resolve(spec_arg: &str, date: Option<&str>) -> anyhow::Result<MappingSpec> {
    resolve_among(builtin::national_specs, spec_arg, date)
}

/// [`resolve`] with the shipped specs read by `shipped`, which is called only when
/// `spec_arg` is a shipped spec's id: a spec read from a file is the only one of its id (it
/// replaces any shipped one), so the shipped specs are not read for it.
fn resolve_among(
    shipped: impl FnOnce() -> Vec<MappingSpec>,
    spec_arg: &str,
    date: Option<&str>,
) -> anyhow::Result<MappingSpec> {
    let (specs, id) = if builtin::national_spec_ids().any(|id| id == spec_arg) {
        (shipped(), spec_arg.to_string())
    } else {
        let loaded = spec_file(spec_arg)?;
        let id = loaded.id.clone();
        (vec![loaded], id)
    };
    let date = date.map(|d| parse_date("--date", d)).transpose()?;
    Ok(spec::select(&specs, &id, date)?.clone())
}

/// The entities of `--entities`: a JSON list (the `entity` object of a case) or, for a
/// `.csv` file, one entity per row with the columns of [`csv_columns`].
fn read_entities(path: &Path) -> anyhow::Result<Vec<EntityInput>> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("--entities: cannot read '{}'", path.display()))?;
    if is_csv(path) {
        return entities_from_csv(&bytes)
            .with_context(|| format!("--entities '{}'", path.display()));
    }
    serde_json::from_slice(&bytes).with_context(|| format!("--entities '{}'", path.display()))
}

/// Parts a plain CSV text of `len` bytes is read in, in parallel: a few per thread (so that
/// a busy core does not hold up the rest), none smaller than 256 KiB.
fn csv_parts(len: usize) -> usize {
    (rayon::current_num_threads() * 4)
        .min(len / (256 << 10))
        .max(1)
}

/// N-13 over the entities of `path`, printed: a CSV file is rated in parts on every core,
/// each entity as it is read (the list of entities is never held, and a plain file's texts
/// are borrowed from the buffer it was read into), a JSON list as a whole. The same report
/// either way.
fn impact_of_file(
    from: &MappingSpec,
    to: &MappingSpec,
    params: &ratebook_core::national::notching::NationalParameters,
    path: &Path,
    print: impl FnOnce(&impact::ImpactSummary<'_>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut run = impact::ImpactRun::new(from, to, params);
    if !is_csv(path) {
        let list = read_entities(path)?;
        run.add(&list);
        return print(&run.finish_summary());
    }
    let context = || format!("--entities '{}'", path.display());
    let bytes =
        read_file(path).with_context(|| format!("--entities: cannot read '{}'", path.display()))?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let (text, list);
    let parts = match plain_parts(body, csv_parts(body.len())).with_context(context)? {
        Some(parts) => Some(parts),
        None => {
            // Windows line ends made plain first (or a fault worded, naming the line).
            text = csv_text(&bytes).with_context(context)?;
            plain_parts(text.as_bytes(), csv_parts(text.len())).with_context(context)?
        }
    };
    match parts {
        Some(parts) => run = rate_parts(from, to, params, parts).with_context(context)?,
        None => {
            // Quoted fields: the csv reader unquotes them into owned rows.
            list = entities_from_csv(&bytes).with_context(context)?;
            run.add(&list);
        }
    }
    print(&run.finish_summary())
}

/// N-13 over consecutive parts of a file, read and rated in parallel, each entity as it is
/// read: their runs appended in file order give the one report, and the first bad row in
/// file order is the one refused.
fn rate_parts<'a, 'e>(
    from: &'a MappingSpec,
    to: &'a MappingSpec,
    params: &'a ratebook_core::national::notching::NationalParameters,
    parts: Vec<PlainEntities<'e>>,
) -> anyhow::Result<impact::ImpactRun<'a, 'e>> {
    use rayon::prelude::*;
    let runs: Vec<anyhow::Result<impact::ImpactRun<'a, 'e>>> = parts
        .into_par_iter()
        .map(|mut rows| {
            let mut run = impact::ImpactRun::new(from, to, params);
            while let Some(entity) = rows.next_entity()? {
                run.add_view(&entity);
            }
            Ok(run)
        })
        .collect();
    let mut all = impact::ImpactRun::new(from, to, params);
    for part in runs {
        all.append(part?);
    }
    Ok(all)
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// The CSV columns of an entity: the JSON fields, with the nested ones flattened
/// (`sovereign.country` → `sovereign_country`, `holistic.notches` → `holistic_notches`,
/// `peer_rank.{rank,of}` → `peer_rank`, `peer_of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CsvColumn {
    Id,
    EntityType,
    Country,
    GlobalLc,
    GlobalFc,
    SovereignCountry,
    SovereignGlobalLc,
    SovereignGlobalFc,
    SovereignNational,
    PeerPosition,
    PeerRank,
    PeerOf,
    ChosenOption,
    ExpectedTransition,
    HolisticNotches,
    HolisticRationale,
    AboveSovereignStressPassed,
    LiquidityAlternative,
}

/// Every accepted column and its name in the header, in the documented order.
fn csv_columns() -> [(CsvColumn, &'static str); 18] {
    use CsvColumn::*;
    [
        (Id, "id"),
        (EntityType, "entity_type"),
        (Country, "country"),
        (GlobalLc, "global_lc"),
        (GlobalFc, "global_fc"),
        (SovereignCountry, "sovereign_country"),
        (SovereignGlobalLc, "sovereign_global_lc"),
        (SovereignGlobalFc, "sovereign_global_fc"),
        (SovereignNational, "sovereign_national"),
        (PeerPosition, "peer_position"),
        (PeerRank, "peer_rank"),
        (PeerOf, "peer_of"),
        (ChosenOption, "chosen_option"),
        (ExpectedTransition, "expected_transition"),
        (HolisticNotches, "holistic_notches"),
        (HolisticRationale, "holistic_rationale"),
        (AboveSovereignStressPassed, "above_sovereign_stress_passed"),
        (LiquidityAlternative, "liquidity_alternative"),
    ]
}

/// Columns every file must have (and every row must fill).
const CSV_REQUIRED: [&str; 3] = ["global_lc", "sovereign_country", "sovereign_global_lc"];

/// Reads entities from CSV as spreadsheets save it: UTF-8 with or without a byte-order
/// mark, `,` or (Spanish locales) `;` between fields, `\n` or `\r\n` line ends. The header
/// names the columns (any order; unknown or repeated names are refused); an empty cell is
/// an absent optional field. Every bad cell is refused naming its line, column and value
/// and what is accepted; nothing is guessed.
fn entities_from_csv(bytes: &[u8]) -> anyhow::Result<Vec<EntityInput>> {
    let text = csv_text(bytes)?;
    // One row a line, but for quoted line breaks: sized once, never moved while growing.
    let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    let mut entities = Vec::with_capacity(lines);
    if let Some(parts) = plain_parts(text.as_bytes(), 1)? {
        for mut rows in parts {
            while let Some(e) = rows.next_entity()? {
                entities.push(e.to_input());
            }
        }
        return Ok(entities);
    }
    let mut rows = CsvEntities::new(text.as_bytes())?;
    while rows.next_batch(&mut entities, usize::MAX)? {}
    Ok(entities)
}

/// The delimiter of a CSV text: `;` when the first line has more of them than `,`.
fn csv_delimiter(text: &[u8]) -> u8 {
    let first_line = text.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |c: u8| first_line.iter().filter(|b| **b == c).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

/// The columns a header names (any order; unknown or repeated names are refused, the
/// required ones must be there).
fn csv_header<'h>(header: impl Iterator<Item = &'h str> + Clone) -> anyhow::Result<Vec<CsvColumn>> {
    let known = csv_columns();
    let accepted = || known.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ");
    let mut columns = Vec::new();
    for (i, name) in header.clone().enumerate() {
        let name = name.trim();
        let Some((col, _)) = known.iter().find(|(_, n)| *n == name) else {
            bail!(
                "line 1, column {}: unknown column '{name}'; accepted: {}",
                i + 1,
                accepted()
            );
        };
        if columns.contains(col) {
            bail!("line 1, column {}: column '{name}' is repeated", i + 1);
        }
        columns.push(*col);
    }
    for required in CSV_REQUIRED {
        if !header.clone().any(|h| h.trim() == required) {
            bail!(
                "line 1: the header has no column '{required}'; required: {}",
                CSV_REQUIRED.join(", ")
            );
        }
    }
    Ok(columns)
}

/// A CSV text without quotes or carriage returns (what a spreadsheet exports when no cell
/// holds a delimiter, a quote or a line break; or one whose `\r\n` [`csv_text`] made plain):
/// every record is one line and every field the text between two delimiters, so the rows
/// are read in place and their texts borrowed. It reads exactly what the csv reader reads
/// from such a text: blank lines skipped, a record's line counted as the csv reader counts
/// it (the line after the previous record, blank lines before it included), the same
/// checks and messages per cell. Any other text goes through the csv reader.
#[derive(Clone)]
struct PlainCsv<'a> {
    /// The part of the file this reader reads (a header, or rows from a record's start).
    text: &'a str,
    /// Where the next record starts, and its line as the csv reader numbers it.
    at: usize,
    line: usize,
    /// The delimiters and line ends from `at` on.
    marks: Marks<'a>,
}

/// The positions of a delimiter or a line end in a text, in order: found a word of 8
/// bytes at a time (exact zero-byte tests on the word, no per-byte branch), so that a row
/// of a few dozen bytes costs a few instructions per field, not one test per byte.
#[derive(Clone)]
struct Marks<'a> {
    bytes: &'a [u8],
    delimiter: u8,
    /// The word the mask covers, and its marks not yet returned (bit 8i+7 for byte
    /// base + i).
    base: usize,
    mask: u64,
}

impl<'a> Marks<'a> {
    /// The marks of `bytes` from `at` on.
    fn new(bytes: &'a [u8], delimiter: u8, at: usize) -> Self {
        let mut marks = Marks {
            bytes,
            delimiter,
            base: at,
            mask: 0,
        };
        marks.mask = marks.word(at);
        marks
    }

    /// The marks of the (up to) 8 bytes from `base`.
    fn word(&self, base: usize) -> u64 {
        const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        // The high bit of every byte of `x` that is zero, exactly (no carries across bytes).
        let zero = |x: u64| !((((x & LOW) + LOW) | x) | LOW);
        let x = match self.bytes.get(base..base + 8) {
            Some(word) => u64::from_le_bytes(word.try_into().unwrap_or_default()),
            None => {
                // Past the end: zero bytes, never a mark ('\n' and the delimiter are not
                // zero).
                let mut word = [0u8; 8];
                let rest = self.bytes.get(base..).unwrap_or_default();
                let n = rest.len().min(8);
                word[..n].copy_from_slice(&rest[..n]);
                u64::from_le_bytes(word)
            }
        };
        let every = |b: u8| u64::from(b) * 0x0101_0101_0101_0101;
        zero(x ^ every(self.delimiter)) | zero(x ^ every(b'\n'))
    }

    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.base += 8;
            if self.base >= self.bytes.len() {
                self.base = self.bytes.len();
                return None;
            }
            self.mask = self.word(self.base);
        }
        let i = self.mask.trailing_zeros() as usize / 8;
        self.mask &= self.mask - 1;
        Some(self.base + i)
    }
}

impl<'a> PlainCsv<'a> {
    /// A reader of `text`, whose first line is line `line` of the file.
    fn new(text: &'a str, line: usize, delimiter: u8) -> Self {
        PlainCsv {
            text,
            at: 0,
            line,
            marks: Marks::new(text.as_bytes(), delimiter, 0),
        }
    }

    /// The fields of the next record into `fields`, and its line; None at the end.
    fn record(&mut self, fields: &mut Vec<&'a str>) -> Option<usize> {
        let line = self.line;
        let len = self.text.len();
        fields.clear();
        // Where the record and its current field start.
        let mut start = self.at;
        loop {
            let Some(i) = self.marks.next() else {
                // The text ends: in a record (its last field), or before any.
                let in_record = self.at < len;
                self.at = len;
                if !in_record {
                    return None;
                }
                fields.push(&self.text[start..]);
                return Some(line);
            };
            // Delimiters and '\n' are ASCII, so every cut is on a character boundary.
            if self.text.as_bytes()[i] == b'\n' {
                self.line += 1;
                if i == self.at {
                    // A blank line is not a record (it still counts as a line).
                    self.at = i + 1;
                    start = i + 1;
                    continue;
                }
                fields.push(&self.text[start..i]);
                self.at = i + 1;
                return Some(line);
            }
            fields.push(&self.text[start..i]);
            start = i + 1;
        }
    }

    /// Reads and checks the header; the entity rows follow.
    fn entities(mut self) -> anyhow::Result<PlainEntities<'a>> {
        let mut fields = Vec::new();
        let columns = match self.record(&mut fields) {
            Some(_) => csv_header(fields.iter().copied())?,
            None => csv_header(std::iter::empty())?,
        };
        Ok(PlainEntities {
            csv: self,
            fields,
            columns,
        })
    }
}

/// Entity rows of a [`PlainCsv`], read one at a time.
#[derive(Clone)]
struct PlainEntities<'a> {
    csv: PlainCsv<'a>,
    columns: Vec<CsvColumn>,
    fields: Vec<&'a str>,
}

impl<'a> PlainEntities<'a> {
    /// The next entity; None once the text is read to its end.
    fn next_entity(&mut self) -> anyhow::Result<Option<EntityView<'a>>> {
        loop {
            let Some(line) = self.csv.record(&mut self.fields) else {
                return Ok(None);
            };
            // Rows with nothing in them (a spreadsheet's trailing blank lines) are not data.
            if self.fields.iter().all(|c| trim(c).is_empty()) {
                continue;
            }
            if self.fields.len() != self.columns.len() {
                bail!(
                    "line {line}: {} field(s) where the header has {}",
                    self.fields.len(),
                    self.columns.len()
                );
            }
            return entity_from_row(&self.columns, self.fields.iter().copied(), line).map(Some);
        }
    }
}

/// Where up to `n` consecutive parts of `bytes[start..]` begin, and where the last ends:
/// `start`, then each cut right after the line end of a non-empty line (a record's, so
/// that the line the csv reader gives the next record is known from the text before it),
/// then the end.
fn record_cuts(bytes: &[u8], start: usize, n: usize) -> Vec<usize> {
    let end = bytes.len();
    let step = (end - start) / n.max(1);
    let mut cuts = Vec::with_capacity(n + 1);
    cuts.push(start);
    for k in 1..n {
        // A line end after a non-empty line, past the previous cut.
        let mut from = (start + k * step).max(*cuts.last().unwrap_or(&start) + 1);
        let cut = loop {
            match bytes
                .get(from..)
                .and_then(|rest| memchr::memchr(b'\n', rest))
            {
                Some(i) if from + i > start && bytes[from + i - 1] != b'\n' => {
                    break Some(from + i + 1)
                }
                Some(i) => from += i + 1,
                None => break None,
            }
        };
        match cut {
            Some(cut) if cut < end => cuts.push(cut),
            _ => break,
        }
    }
    cuts.push(end);
    cuts
}

/// Text that the in-place reader can read: UTF-8 without a quote or a carriage return.
fn plain_str(bytes: &[u8]) -> Option<&str> {
    match memchr::memchr2(b'"', b'\r', bytes) {
        Some(_) => None,
        None => std::str::from_utf8(bytes).ok(),
    }
}

/// The rows of a CSV file's bytes (its byte-order mark dropped) in up to `n` parts, when
/// they are plain text for [`PlainCsv`]: the header read, then each part (from a record's
/// start) checked (UTF-8, no quote, no carriage return) and its lines counted in parallel,
/// so that no pass over the whole text runs on one thread. `None` for any other text: the
/// csv reader reads it (after [`csv_text`], which words a text that is not UTF-8); an
/// error only for the header's faults.
fn plain_parts(bytes: &[u8], n: usize) -> anyhow::Result<Option<Vec<PlainEntities<'_>>>> {
    use rayon::prelude::*;
    // A second byte-order mark is dropped by the csv reader: not plain.
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Ok(None);
    }
    // The header is the first record: its line, after any blank lines.
    let first = bytes
        .iter()
        .position(|b| *b != b'\n')
        .unwrap_or(bytes.len());
    let header_end = memchr::memchr(b'\n', &bytes[first..]).map_or(bytes.len(), |i| first + i + 1);
    let Some(header) = plain_str(&bytes[..header_end]) else {
        return Ok(None);
    };
    let delimiter = csv_delimiter(bytes);
    let head = PlainCsv::new(header, 1, delimiter).entities()?;
    let cuts = record_cuts(bytes, header_end, n);
    let checked: Vec<Option<(&str, usize)>> = cuts
        .par_windows(2)
        .map(|w| {
            let text = plain_str(&bytes[w[0]..w[1]])?;
            Some((text, memchr::memchr_iter(b'\n', text.as_bytes()).count()))
        })
        .collect();
    let mut line = head.csv.line;
    let mut parts = Vec::with_capacity(checked.len());
    for part in checked {
        let Some((text, lines)) = part else {
            return Ok(None);
        };
        parts.push(PlainEntities {
            csv: PlainCsv::new(text, line, delimiter),
            columns: head.columns.clone(),
            fields: Vec::with_capacity(head.columns.len()),
        });
        line += lines;
    }
    Ok(Some(parts))
}

/// The bytes of the file at `path`. A large file is read in parallel parts where the
/// platform reads at an offset, so that the copy out of the page cache, and the first
/// touch of the pages it lands in, are shared by the cores.
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    #[cfg(unix)]
    {
        use rayon::prelude::*;
        use std::os::unix::fs::FileExt;
        const PARALLEL_FROM: u64 = 1 << 20;
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        if let (true, Ok(size)) = (len >= PARALLEL_FROM, usize::try_from(len)) {
            let mut bytes = vec![0u8; size];
            let piece = size.div_ceil(rayon::current_num_threads().max(1));
            let read = bytes
                .par_chunks_mut(piece)
                .enumerate()
                .try_for_each(|(i, chunk)| file.read_exact_at(chunk, (i * piece) as u64));
            // A file that shrank or grew while it was read is read again, whole.
            if read.is_ok() && file.read_at(&mut [0u8], len)? == 0 {
                return Ok(bytes);
            }
        }
    }
    std::fs::read(path)
}

/// The CSV text as the reader wants it: UTF-8 checked (a failure names the line), the
/// byte-order mark dropped, Windows line ends made plain (the csv reader counts lines by
/// '\n' correctly only then; a copy only when there is a '\r').
fn csv_text(bytes: &[u8]) -> anyhow::Result<std::borrow::Cow<'_, str>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            bail!("line {line} is not UTF-8 text; accepted: CSV saved as UTF-8 (\"CSV UTF-8\" in spreadsheets)");
        }
    };
    Ok(if memchr::memchr(b'\r', bytes).is_some() {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    })
}

/// Entity rows of a CSV text (see [`csv_text`]), read a batch at a time so that a long
/// file can be rated as it is read.
struct CsvEntities<'a> {
    reader: csv::Reader<&'a [u8]>,
    columns: Vec<CsvColumn>,
    record: csv::StringRecord,
}

impl<'a> CsvEntities<'a> {
    /// Reads and checks the header.
    fn new(text: &'a [u8]) -> anyhow::Result<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            // Row lengths are checked here, so that the message names the line.
            .flexible(true)
            .delimiter(csv_delimiter(text))
            .from_reader(text);
        let header = reader.headers().context("line 1 (header)")?.clone();
        let columns = csv_header(header.iter())?;
        Ok(CsvEntities {
            reader,
            columns,
            record: csv::StringRecord::new(),
        })
    }

    /// Appends up to `max` entities to `into`; false once the file is read to its end.
    fn next_batch(&mut self, into: &mut Vec<EntityInput>, max: usize) -> anyhow::Result<bool> {
        let mut added = 0;
        while added < max {
            let line = self.reader.position().line() as usize;
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return Ok(false),
                Ok(true) => {}
                Err(e) => bail!("line {line}: {e}"),
            }
            let record = &self.record;
            let line = record.position().map_or(line, |p| p.line() as usize);
            // Rows with nothing in them (a spreadsheet's trailing blank lines) are not data.
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if record.len() != self.columns.len() {
                bail!(
                    "line {line}: {} field(s) where the header has {}",
                    record.len(),
                    self.columns.len()
                );
            }
            into.push(entity_from_row(&self.columns, record.iter(), line)?.to_input());
            added += 1;
        }
        Ok(true)
    }
}

/// `str::trim`, without decoding when the text starts and ends with a visible ASCII
/// character (no whitespace to trim then): most cells.
fn trim(v: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|b| (0x21..0x7f).contains(b));
    if visible(v.as_bytes().first()) && visible(v.as_bytes().last()) {
        v
    } else {
        v.trim()
    }
}

/// One CSV row to an entity; `line` for the messages.
fn entity_from_row<'r>(
    columns: &[CsvColumn],
    record: impl Iterator<Item = &'r str>,
    line: usize,
) -> anyhow::Result<EntityView<'r>> {
    use ratebook_core::national::rate::{HolisticView, PeerRank, SovereignView};
    use serde::de::{value::StrDeserializer, IntoDeserializer};
    use serde::Deserialize;

    // Column names are looked up only for a message.
    let name = |c: CsvColumn| {
        csv_columns()
            .iter()
            .find(|(k, _)| *k == c)
            .map_or("?", |(_, n)| n)
    };
    let at = |c: CsvColumn, value: &str| format!("line {line}, column {}: '{value}'", name(c));
    let symbol = |c: CsvColumn, v: &str| -> anyhow::Result<GlobalRating> {
        v.parse::<GlobalRating>()
            .map_err(|e| anyhow::anyhow!("{}: {e}", at(c, v)))
    };
    // The JSON spelling of an enum value (kebab-case), by serde's own names.
    fn variant<'a, T: Deserialize<'a>>(v: &'a str) -> Result<T, serde::de::value::Error> {
        let d: StrDeserializer<'a, serde::de::value::Error> = v.into_deserializer();
        T::deserialize(d)
    }
    let flag = |c: CsvColumn, v: &str| -> anyhow::Result<bool> {
        if v.eq_ignore_ascii_case("true") {
            Ok(true)
        } else if v.eq_ignore_ascii_case("false") {
            Ok(false)
        } else {
            bail!(
                "{} is not a flag; accepted: true, false, or an empty cell (false)",
                at(c, v)
            )
        }
    };
    let whole = |c: CsvColumn, v: &str| -> anyhow::Result<u32> {
        v.parse::<u32>()
            .map_err(|_| anyhow::anyhow!("{} is not a whole number; accepted: 1, 2, 3…", at(c, v)))
    };

    let mut e = EntityView {
        id: "",
        entity_type: Default::default(),
        country: None,
        global_lc: GlobalRating::Aaa,
        global_fc: None,
        sovereign: SovereignView {
            country: "",
            global_lc: GlobalRating::Aaa,
            global_fc: None,
            national: None,
        },
        peer_position: None,
        peer_rank: None,
        chosen_option: None,
        expected_transition: None,
        holistic: None,
        above_sovereign_stress_passed: false,
        liquidity_alternative: false,
    };
    let (mut global_lc, mut sov_country, mut sov_lc) = (false, false, false);
    let (mut rank, mut of) = (None, None);
    let (mut notches, mut rationale) = (None, "");
    for (&c, raw) in columns.iter().zip(record) {
        let v = trim(raw);
        if v.is_empty() {
            continue;
        }
        match c {
            CsvColumn::Id => e.id = v,
            CsvColumn::EntityType => {
                e.entity_type = variant(v).map_err(|err| anyhow::anyhow!("{}: {err}", at(c, v)))?
            }
            CsvColumn::Country => e.country = Some(v),
            CsvColumn::GlobalLc => {
                e.global_lc = symbol(c, v)?;
                global_lc = true;
            }
            CsvColumn::GlobalFc => e.global_fc = Some(symbol(c, v)?),
            CsvColumn::SovereignCountry => {
                e.sovereign.country = v;
                sov_country = true;
            }
            CsvColumn::SovereignGlobalLc => {
                e.sovereign.global_lc = symbol(c, v)?;
                sov_lc = true;
            }
            CsvColumn::SovereignGlobalFc => e.sovereign.global_fc = Some(symbol(c, v)?),
            CsvColumn::SovereignNational => e.sovereign.national = Some(v),
            CsvColumn::PeerPosition => {
                use ratebook_core::national::rate::PeerPosition;
                // serde's names (kebab-case), matched here for the common cells; any other
                // text gets serde's own verdict and message.
                e.peer_position = Some(match v {
                    "upper" => PeerPosition::Upper,
                    "middle" => PeerPosition::Middle,
                    "lower" => PeerPosition::Lower,
                    _ => variant(v).map_err(|err| anyhow::anyhow!("{}: {err}", at(c, v)))?,
                })
            }
            CsvColumn::PeerRank => rank = Some(whole(c, v)?),
            CsvColumn::PeerOf => of = Some(whole(c, v)?),
            CsvColumn::ChosenOption => e.chosen_option = Some(v),
            CsvColumn::ExpectedTransition => {
                e.expected_transition = Some(
                    v.parse()
                        .map_err(|err| anyhow::anyhow!("{}: {err}", at(c, v)))?,
                )
            }
            CsvColumn::HolisticNotches => {
                notches = Some(v.parse::<i32>().map_err(|_| {
                    anyhow::anyhow!(
                        "{} is not a whole number of notches; accepted: -3 … 3",
                        at(c, v)
                    )
                })?)
            }
            CsvColumn::HolisticRationale => rationale = v,
            CsvColumn::AboveSovereignStressPassed => e.above_sovereign_stress_passed = flag(c, v)?,
            CsvColumn::LiquidityAlternative => e.liquidity_alternative = flag(c, v)?,
        }
    }
    for (present, column) in [
        (global_lc, "global_lc"),
        (sov_country, "sovereign_country"),
        (sov_lc, "sovereign_global_lc"),
    ] {
        if !present {
            bail!("line {line}, column {column}: empty; a value is required");
        }
    }
    e.peer_rank = match (rank, of) {
        (None, None) => None,
        (Some(rank), Some(of)) => Some(PeerRank { rank, of }),
        (Some(_), None) => bail!("line {line}, column peer_of: empty; required with peer_rank"),
        (None, Some(_)) => bail!("line {line}, column peer_rank: empty; required with peer_of"),
    };
    e.holistic = match (notches, rationale) {
        (None, "") => None,
        (None, _) => {
            bail!("line {line}, column holistic_notches: empty; required with holistic_rationale")
        }
        (Some(notches), rationale) => Some(HolisticView { notches, rationale }),
    };
    Ok(e)
}

fn trace_text(trace: &ratebook_core::trace::Trace) -> String {
    let mut s = String::from("trace:\n");
    for (i, t) in trace.steps().iter().enumerate() {
        s.push_str(&format!(
            "  {:>2}. {:<5} {:<10} {} → {}  ({}; {})\n",
            i + 1,
            t.rule,
            t.subject,
            if t.before.is_empty() { "·" } else { &t.before },
            t.after,
            t.reason,
            t.section
        ));
    }
    s
}

pub fn run(args: Args, out: &Output) -> anyhow::Result<()> {
    match args.command {
        Command::Map { spec, global, date } => {
            let spec = resolve(&spec, date.as_deref())?;
            let g: GlobalRating = global.parse().context("--global")?;
            let m = mapping::forward(&spec, g)?;
            out.emit(&m, |m| {
                format!(
                    "{} v{}: global {} → {}\n",
                    m.spec,
                    m.spec_version,
                    m.global,
                    m.options.join(", ")
                )
            })
        }
        Command::Reverse {
            spec,
            national,
            date,
        } => {
            let spec = resolve(&spec, date.as_deref())?;
            let n = spec.affixes.parse(&national).context("--national")?;
            let r = mapping::reverse(&spec, n.grade);
            out.emit(&r, |r| {
                format!(
                    "{} v{}: national {} ← global {}{}\n",
                    r.spec,
                    r.spec_version,
                    r.national,
                    if r.global.is_empty() {
                        "(none)".to_string()
                    } else {
                        r.global.join(", ")
                    },
                    if r.ambiguous { "  (ambiguous)" } else { "" }
                )
            })
        }
        Command::ShortTerm {
            spec,
            national,
            alternative,
            date,
        } => {
            let spec = resolve(&spec, date.as_deref())?;
            let n = spec.affixes.parse(&national).context("--national")?;
            let m =
                mapping::short_term(&spec, &builtin::national_parameters(), n.grade, alternative);
            out.emit(&m, |m| {
                format!(
                    "{} → {} ({}{})\n",
                    m.national,
                    m.short_term,
                    if m.alternative { "alternative, " } else { "" },
                    m.table
                )
            })
        }
        Command::Rate {
            case: None,
            entities: Some(entities),
            spec: Some(spec),
            date,
            trace,
        } => {
            let spec = resolve(&spec, date.as_deref())?;
            let list = read_entities(&entities)?;
            let batch = rate::rate_batch(&spec, &builtin::national_parameters(), &list, trace);
            out.emit(&batch, |b| {
                let mut s = format!(
                    "{} v{} ({}): {} rated, {} not rated\n",
                    b.spec,
                    b.spec_version,
                    b.notching_version,
                    b.ratings.len(),
                    b.failures.len()
                );
                for r in &b.ratings {
                    s.push_str(&format!(
                        "{}: {} → {} (selected {}) short-term {}{}\n",
                        r.id,
                        r.global,
                        r.final_rating,
                        r.selected,
                        r.short_term,
                        if r.warnings.is_empty() {
                            String::new()
                        } else {
                            format!("  [{}]", r.warnings.join(", "))
                        }
                    ));
                }
                for f in &b.failures {
                    s.push_str(&format!("not rated: {}: {}\n", f.id, f.message));
                }
                s
            })
        }
        Command::Rate { case: None, .. } => {
            bail!("--case FILE, or --spec and --entities, is required")
        }
        Command::Rate {
            case: Some(case), ..
        } => {
            let text = std::fs::read_to_string(&case)
                .with_context(|| format!("--case: cannot read '{}'", case.display()))?;
            let c: Case = serde_json::from_str(&text)
                .with_context(|| format!("--case '{}'", case.display()))?;
            // A spec path in the case is relative to the case file.
            let spec_arg = match case.parent() {
                Some(dir) if !Path::new(&c.spec).is_absolute() && dir.join(&c.spec).is_file() => {
                    dir.join(&c.spec).display().to_string()
                }
                _ => c.spec.clone(),
            };
            let (specs, id) = specs_with(&spec_arg)?;
            let c = Case { spec: id, ..c };
            let r = rate::rate_case(&specs, &builtin::national_parameters(), &c)?;
            out.emit(&r, |r| {
                let mut s = format!(
                    "{} ({} v{}, {})\n{}: {} [options {}; selected {}] short-term {}\n",
                    if r.id.is_empty() { "case" } else { &r.id },
                    r.spec,
                    r.spec_version,
                    r.notching_version,
                    r.issuer.label,
                    r.issuer.final_rating,
                    r.issuer.options.join(", "),
                    r.issuer.selected,
                    r.issuer.short_term
                );
                for i in &r.issues {
                    s.push_str(&format!(
                        "issue {}: {} ({:+} from {})\n",
                        i.id, i.rating, i.notches, i.starting_point
                    ));
                }
                for w in &r.warnings {
                    s.push_str(&format!("warning {} {}\n", w.rule, w.message));
                }
                s.push_str(&trace_text(&r.trace));
                s
            })
        }
        Command::Impact {
            spec_from,
            spec_to,
            entities,
        } => {
            // The shipped specs are read once for both, if either is one of them.
            let shipped = std::cell::OnceCell::new();
            let shipped = || shipped.get_or_init(builtin::national_specs).clone();
            let from = resolve_among(shipped, &spec_from, None).context("--spec-from")?;
            let to = resolve_among(shipped, &spec_to, None).context("--spec-to")?;
            let params = builtin::national_parameters();
            impact_of_file(&from, &to, &params, &entities, |summary| {
                out.emit_compact_with(
                    summary,
                    |flush| summary.write_json(&mut Vec::with_capacity(1 << 19), 1 << 18, flush),
                    |s| impact_text(&s.to_report()),
                )
            })
        }
    }
}

/// The text of an impact report.
fn impact_text(r: &impact::ImpactReport) -> String {
    let mut s = format!(
        "{} → {}: {} of {} ratings change ({:.2}%): {} up, {} down; {} not rated\n",
        r.spec_from,
        r.spec_to,
        r.changed,
        r.compared,
        r.share_affected * 100.0,
        r.upgrades,
        r.downgrades,
        r.failures.len()
    );
    for b in &r.notches {
        s.push_str(&format!("  {:+} notch(es): {}\n", b.notches, b.count));
    }
    for c in r.changes.iter().take(50) {
        s.push_str(&format!(
            "  {}: {} → {} ({:+})\n",
            c.id, c.from, c.to, c.notches
        ));
    }
    if r.changes.len() > 50 {
        s.push_str(&format!("  … {} more (use --json)\n", r.changes.len() - 50));
    }
    for f in &r.failures {
        s.push_str(&format!(
            "  not rated: {} under {}: {}\n",
            f.id, f.spec, f.message
        ));
    }
    s.push_str(&format!(
        "compression: top share {:.1}% → {:.1}%{}\n",
        r.compression_from.top_share * 100.0,
        r.compression_to.top_share * 100.0,
        if r.compression_to.crowded {
            " (crowded at the top)"
        } else {
            ""
        }
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entities (or the message) the csv reader gives for `text`.
    fn by_reader(text: &str) -> Result<Vec<EntityInput>, String> {
        let read = || -> anyhow::Result<Vec<EntityInput>> {
            let mut entities = Vec::new();
            let mut rows = CsvEntities::new(text.as_bytes())?;
            while rows.next_batch(&mut entities, usize::MAX)? {}
            Ok(entities)
        };
        read().map_err(|e| format!("{e:#}"))
    }

    /// The same through the in-place reader of plain texts, in `parts` parts (checked in
    /// parallel from the file's bytes, as `impact` reads them).
    fn in_place(text: &str, parts: usize) -> Result<Vec<EntityInput>, String> {
        let read = || -> anyhow::Result<Vec<EntityInput>> {
            let bytes = text.as_bytes();
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            let Some(parts) = plain_parts(body, parts)? else {
                return by_reader(text).map_err(anyhow::Error::msg);
            };
            let mut all = Vec::new();
            // In parts, as a long file is read: the same rows, lines and first error.
            for mut rows in parts {
                while let Some(e) = rows.next_entity()? {
                    all.push(e.to_input());
                }
            }
            Ok(all)
        };
        read().map_err(|e| format!("{e:#}"))
    }

    #[test]
    fn peer_positions_are_read_by_serde_s_names_only() {
        use ratebook_core::national::rate::PeerPosition;
        let text = "id,global_lc,sovereign_country,sovereign_global_lc,peer_position\n\
                    a,BB,ZA,BBB-,upper\nb,BB,ZA,BBB-,middle\nc,BB,ZA,BBB-,lower\n";
        let read = in_place(text, 1).unwrap();
        let positions: Vec<_> = read.iter().map(|e| e.peer_position).collect();
        assert_eq!(
            positions,
            [
                PeerPosition::Upper,
                PeerPosition::Middle,
                PeerPosition::Lower
            ]
            .map(Some)
        );
        for bad in ["Upper", "top", "LOWER", "mid dle"] {
            let text = format!("id,global_lc,sovereign_country,sovereign_global_lc,peer_position\na,BB,ZA,BBB-,{bad}\n");
            let err = in_place(&text, 1).unwrap_err();
            assert!(
                err.contains("line 2, column peer_position") && err.contains("unknown variant"),
                "{err}"
            );
        }
        // Trimmed like every cell.
        let text = "id,global_lc,sovereign_country,sovereign_global_lc,peer_position\na,BB,ZA,BBB-, lower \n";
        assert_eq!(
            in_place(text, 1).unwrap()[0].peer_position,
            Some(PeerPosition::Lower)
        );
    }

    #[test]
    fn plain_csv_is_read_in_place_exactly_as_the_csv_reader_reads_it() {
        let headers = [
            "id,global_lc,sovereign_country,sovereign_global_lc,peer_position",
            "peer_position;id;sovereign_global_lc;global_lc;sovereign_country",
            "id , global_lc,sovereign_country ,sovereign_global_lc,holistic_notches,holistic_rationale,peer_rank,peer_of,country,sovereign_national,chosen_option,expected_transition,entity_type,global_fc,sovereign_global_fc,above_sovereign_stress_passed,liquidity_alternative",
            "id,global_lc,sovereign_country",
            "id,global_lc,sovereign_country,sovereign_global_lc,colour",
            "id,global_lc,global_lc,sovereign_country,sovereign_global_lc",
            "",
            "   ",
            "\u{feff}id,global_lc,sovereign_country,sovereign_global_lc",
        ];
        let cells = [
            "", " ", "a-1", "Peña é", "BB", " BB+ ", "BBB-", "BB++", "ZA", "XX", "upper", "lower",
            "top", "middle", "1", "9", "0", "-1", "4", "x", "true", "FALSE", "maybe", "fund",
            "issuer", "bank", "Positive", "stable", "zaAA", "zaBB+", "why not", "CCC", "SD",
        ];
        // A small deterministic generator: the same cases every run.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut checked = 0;
        for round in 0..3000 {
            let header = headers[round % headers.len()];
            let d = if header.contains(';') { ';' } else { ',' };
            let width = header.split(d).count();
            let mut text = String::new();
            for _ in 0..next(3) {
                text.push('\n');
            }
            text.push_str(header);
            text.push('\n');
            for _ in 0..next(12) {
                match next(8) {
                    0 => {}
                    1 => text.push_str("  "),
                    2 => text.push_str(&d.to_string().repeat(width - 1)),
                    3 => {
                        let n = width + next(3) - 1;
                        let row: Vec<&str> =
                            (0..n.max(1)).map(|_| cells[next(cells.len())]).collect();
                        text.push_str(&row.join(&d.to_string()));
                    }
                    _ => {
                        // Mostly valid rows, so that later lines are reached.
                        let row: Vec<&str> = header
                            .split(d)
                            .map(|h| match h.trim() {
                                "global_lc" | "sovereign_global_lc" if next(4) > 0 => "BB",
                                "sovereign_country" | "country" if next(4) > 0 => "ZA",
                                "peer_position" if next(2) > 0 => "upper",
                                _ if next(3) == 0 => "",
                                _ => cells[next(cells.len())],
                            })
                            .collect();
                        text.push_str(&row.join(&d.to_string()));
                    }
                }
                for _ in 0..(1 + next(2)) {
                    text.push('\n');
                }
            }
            if next(2) == 0 {
                text.pop();
            }
            let expected = by_reader(&text);
            for parts in [1, 2, 3, 7] {
                assert_eq!(
                    in_place(&text, parts),
                    expected,
                    "{parts} part(s): {text:?}"
                );
            }
            checked += usize::from(by_reader(&text).is_ok());
        }
        assert!(checked > 100, "{checked} texts were read without error");
        let header = "id,global_lc,sovereign_country,sovereign_global_lc";
        let rows: [&[u8]; 3] = [
            b"\"a\",BB,ZA,BBB\n",
            b"a,BB,ZA,BBB\r\n",
            b"a,BB,ZA,B\xffB\n",
        ];
        for rows in rows {
            let text = [header.as_bytes(), b"\n", rows].concat();
            // Quotes, carriage returns, not UTF-8: left to the readers that handle or word them.
            assert!(plain_parts(&text, 2).unwrap().is_none(), "{rows:?}");
        }
        assert!(plain_parts(b"id,\"g\"\na,BB\n", 1).unwrap().is_none());
    }
}
