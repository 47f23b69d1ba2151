//! Tables of text cells read from and written to CSV (csv) and XLSX (calamine to read,
//! rust_xlsxwriter to write), with the line number of every row so that import can say
//! where a bad value is.

use std::path::{Path, PathBuf};

/// A spreadsheet format, chosen from the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    /// The format of `path` by its extension (`.csv`, `.xlsx`).
    pub fn of(path: &Path) -> Result<FileFormat, TabularError> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "csv" => Ok(FileFormat::Csv),
            "xlsx" => Ok(FileFormat::Xlsx),
            _ => Err(TabularError::UnknownFormat {
                path: path.to_path_buf(),
            }),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TabularError {
    #[error("'{path}' has no known spreadsheet extension; accepted: .csv, .xlsx")]
    UnknownFormat { path: PathBuf },
    #[error("could not read '{path}': {message}")]
    Read { path: PathBuf, message: String },
    #[error("'{path}' has no header row")]
    Empty { path: PathBuf },
    #[error("'{path}' already exists; export never writes over a file")]
    Exists { path: PathBuf },
    #[error("could not write '{path}': {message}")]
    Write { path: PathBuf, message: String },
}

/// A header and its data rows, each with its 1-based line (CSV) or row (XLSX) number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Reads the first sheet (XLSX) or the file (CSV) as text cells.
pub fn read(path: &Path) -> Result<Table, TabularError> {
    let read_err = |message: String| TabularError::Read {
        path: path.to_path_buf(),
        message,
    };
    let mut all: Vec<(usize, Vec<String>)> = match FileFormat::of(path)? {
        FileFormat::Csv => {
            let bytes = std::fs::read(path).map_err(|e| read_err(e.to_string()))?;
            // Spreadsheets save CSV with a UTF-8 byte-order mark, and in Spanish locales
            // with ';' between fields (',' being the decimal comma): accept both.
            let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            // Windows line ends: the csv reader numbers lines by '\n' only when they are
            // plain, so normalise them for the line numbers import reports.
            let text = std::str::from_utf8(text).map_err(|e| {
                let line = text[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
                read_err(format!(
                    "line {line} is not UTF-8 text; accepted: CSV saved as UTF-8 (\"CSV UTF-8\" in spreadsheets)"
                ))
            })?;
            let text = text.replace("\r\n", "\n");
            let text = text.as_bytes();
            let first_line = text.split(|b| *b == b'\n').next().unwrap_or_default();
            let semicolons = first_line.iter().filter(|b| **b == b';').count();
            let commas = first_line.iter().filter(|b| **b == b',').count();
            let delimiter = if semicolons > commas { b';' } else { b',' };
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(text);
            let mut rows = Vec::new();
            for record in reader.records() {
                let record = record.map_err(|e| read_err(e.to_string()))?;
                let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
                rows.push((line, record.iter().map(|c| c.to_string()).collect()));
            }
            rows
        }
        FileFormat::Xlsx => {
            use calamine::{open_workbook, Reader, Xlsx};
            let mut book: Xlsx<_> =
                open_workbook(path).map_err(|e: calamine::XlsxError| read_err(e.to_string()))?;
            let range = book
                .worksheet_range_at(0)
                .ok_or_else(|| read_err("the workbook has no sheet".into()))?
                .map_err(|e| read_err(e.to_string()))?;
            let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
            let first_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
            range
                .rows()
                .enumerate()
                .map(|(i, cells)| {
                    let mut row = vec![String::new(); first_col];
                    row.extend(cells.iter().map(cell_text));
                    (first_row + i + 1, row)
                })
                .collect()
        }
    };
    // Rows with no content at all (e.g. trailing blank lines) are not data.
    all.retain(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    if all.is_empty() {
        return Err(TabularError::Empty {
            path: path.to_path_buf(),
        });
    }
    let (_, header) = all.remove(0);
    Ok(Table {
        header: header.into_iter().map(|h| h.trim().to_string()).collect(),
        rows: all,
    })
}

fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                format!("{f}")
            }
        }
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            // Excel's day 0 is 1899-12-30 (counting its fictitious 29 Feb 1900).
            let days = dt.as_f64().floor() as i64;
            chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|d| d.checked_add_signed(chrono::Duration::days(days)))
                .map(|d| d.to_string())
                .unwrap_or_else(|| dt.as_f64().to_string())
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#ERROR {e:?}"),
    }
}

/// Writes a header and rows as text cells (text keeps decimals exact), to a new file.
pub fn write(path: &Path, header: &[&str], rows: &[Vec<String>]) -> Result<(), TabularError> {
    if path.exists() {
        return Err(TabularError::Exists {
            path: path.to_path_buf(),
        });
    }
    let write_err = |message: String| TabularError::Write {
        path: path.to_path_buf(),
        message,
    };
    match FileFormat::of(path)? {
        FileFormat::Csv => {
            let mut w = csv::Writer::from_path(path).map_err(|e| write_err(e.to_string()))?;
            w.write_record(header)
                .map_err(|e| write_err(e.to_string()))?;
            for row in rows {
                w.write_record(row).map_err(|e| write_err(e.to_string()))?;
            }
            w.flush().map_err(|e| write_err(e.to_string()))?;
        }
        FileFormat::Xlsx => {
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            let bold = rust_xlsxwriter::Format::new().set_bold();
            for (c, h) in header.iter().enumerate() {
                sheet
                    .write_string_with_format(0, c as u16, *h, &bold)
                    .map_err(|e| write_err(e.to_string()))?;
            }
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    if !cell.is_empty() {
                        sheet
                            .write_string(r as u32 + 1, c as u16, cell)
                            .map_err(|e| write_err(e.to_string()))?;
                    }
                }
            }
            book.save(path).map_err(|e| write_err(e.to_string()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_from_a_spanish_spreadsheet_with_bom_and_semicolons_reads_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("es.csv");
        std::fs::write(&path, "\u{feff}code;name\r\nA-1;Compañía, S.A.\r\n").unwrap();
        let table = read(&path).unwrap();
        assert_eq!(table.header, vec!["code", "name"]);
        assert_eq!(
            table.rows,
            vec![(2, vec!["A-1".to_string(), "Compañía, S.A.".to_string()])]
        );
    }

    #[test]
    fn a_latin1_csv_is_refused_naming_the_line_never_garbled() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.csv");
        std::fs::write(&path, b"code,name\nA-1,Compa\xf1\xeda\n").unwrap();
        let err = read(&path).unwrap_err().to_string();
        assert!(err.contains("line 2 is not UTF-8"), "{err}");
    }

    #[test]
    fn the_format_comes_from_the_extension() {
        assert_eq!(FileFormat::of(Path::new("a.CSV")).unwrap(), FileFormat::Csv);
        assert_eq!(
            FileFormat::of(Path::new("a.xlsx")).unwrap(),
            FileFormat::Xlsx
        );
        let err = FileFormat::of(Path::new("a.xls")).unwrap_err();
        assert!(err.to_string().contains(".csv, .xlsx"), "{err}");
    }

    #[test]
    fn csv_and_xlsx_round_trip_text_cells_with_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let rows = vec![
            vec!["a".to_string(), "1.50".to_string(), String::new()],
            vec![
                "ñandú, \"quoted\"".to_string(),
                "2".to_string(),
                "x".to_string(),
            ],
        ];
        for name in ["t.csv", "t.xlsx"] {
            let path = dir.path().join(name);
            write(&path, &["k", "v", "w"], &rows).unwrap();
            let table = read(&path).unwrap();
            assert_eq!(table.header, vec!["k", "v", "w"]);
            assert_eq!(table.rows[0].0, 2, "{name}: data starts on line 2");
            assert_eq!(table.rows[1].1[0], "ñandú, \"quoted\"");
            assert_eq!(
                table.rows[0].1[1], "1.50",
                "{name}: decimals stay exact text"
            );
            assert!(matches!(
                write(&path, &["k"], &[]),
                Err(TabularError::Exists { .. })
            ));
        }
    }
}
