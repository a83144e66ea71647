//! An uploaded file: what it looks like (its preview), and its rows, read and prepared
//! elsewhere (the page's worker), taken as the session's.

use super::Session;
use crate::data::csv::Reader;
use crate::data::prep::Prepared;
use crate::data::{parse_number, BLOCK_ROWS};
use crate::error::{Cell, Error, Result};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashSet;

/// What an uploaded file looks like, and which columns look like target and ids.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preview {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub row_count: usize,
    pub delimiter: String,
    /// A column named like a target (`Buy`, `class`, `y`, ...), else the last.
    pub suggested_target: String,
    /// Columns that look like row ids (`Obs No.`, `id`).
    pub suggested_drop: Vec<String>,
    /// Per column, how many distinct values it has, counted up to [`DISTINCT_CAP`]
    /// (a target with many is more likely a number than a class).
    pub distinct: Vec<usize>,
    /// Per column, whether every cell is a number (a feature must be).
    pub numeric: Vec<bool>,
}

/// Distinct values are counted up to this many: 1001 reads "more than 1000".
pub const DISTINCT_CAP: usize = 1001;

/// The rows a preview shows.
pub const PREVIEW_ROWS: usize = 6;

impl Preview {
    /// What CSV `bytes` look like, read in one pass that keeps only the first rows'
    /// text and each column's distinct values (up to [`DISTINCT_CAP`]).
    pub fn of(bytes: &[u8]) -> Result<Preview> {
        Preview::with_progress(bytes, &mut |_| {})
    }

    /// [`Preview::of`], telling `progress` how far through the bytes it is (0 to 1)
    /// every few thousand rows.
    pub fn with_progress(bytes: &[u8], progress: &mut dyn FnMut(f64)) -> Result<Preview> {
        let (mut reader, headers) = Reader::open(bytes)?;
        let mut survey = Survey::new(headers.len());
        let mut fields = Vec::with_capacity(headers.len());
        while survey.block(&mut reader, &mut fields)? {
            progress(reader.progress());
        }
        let Survey { rows, row_count, distinct, numeric } = survey;
        if row_count == 0 {
            return Err(Error::HeaderOnly);
        }
        let is_id = |h: &String| {
            let l = h.to_lowercase();
            l == "id" || l.starts_with("obs") || l == "index" || l == "row"
        };
        // The most target-like name wins, whatever its place in the header (x, y, label: label).
        let target_like = ["buy", "class", "label", "target", "outcome", "species", "y"];
        let suggested_target = target_like
            .iter()
            .find_map(|name| headers.iter().find(|h| h.to_lowercase() == *name))
            .or(headers.last())
            .cloned()
            .unwrap_or_default();
        Ok(Preview {
            rows,
            row_count,
            delimiter: match reader.delimiter() {
                '\t' => "tab".into(),
                d => d.to_string(),
            },
            suggested_target,
            suggested_drop: headers.iter().filter(|h| is_id(h)).cloned().collect(),
            distinct: distinct.iter().map(HashSet::len).collect(),
            numeric,
            headers,
        })
    }
}

/// What [`Preview::with_progress`] has seen so far.
struct Survey {
    rows: Vec<Vec<String>>,
    row_count: usize,
    distinct: Vec<HashSet<String>>,
    numeric: Vec<bool>,
}

impl Survey {
    fn new(width: usize) -> Survey {
        Survey { rows: Vec::new(), row_count: 0, distinct: vec![HashSet::new(); width], numeric: vec![true; width] }
    }

    /// Looks at up to [`BLOCK_ROWS`] more rows; false once the file is read.
    #[inline(never)]
    fn block<'a>(&mut self, reader: &mut Reader<'a>, fields: &mut Vec<Cow<'a, str>>) -> Result<bool> {
        let width = self.numeric.len();
        for _ in 0..BLOCK_ROWS {
            let Some(line) = reader.strict_record(fields, width)? else {
                return Ok(false);
            };
            if self.rows.len() < PREVIEW_ROWS {
                self.rows.push(fields.iter().map(|f| f.to_string()).collect());
            }
            self.row_count += 1;
            for (j, field) in fields.iter().enumerate() {
                let distinct = &mut self.distinct[j];
                if distinct.len() < DISTINCT_CAP && !distinct.contains(field.as_ref()) {
                    distinct.insert(field.to_string());
                }
                self.numeric[j] = self.numeric[j]
                    && parse_number(field, || Cell { line, column: j + 1, name: String::new() }).is_ok();
            }
        }
        Ok(true)
    }
}

impl Session {
    /// Trains on rows read and prepared elsewhere (the page's worker reads a file and
    /// prepares its rows with the session's settings), from `name`; refused, changing
    /// nothing, when they were prepared with another workflow than the settings'.
    pub fn use_rows(&mut self, rows: Prepared, name: String) -> Result<()> {
        if *rows.workflow() != self.settings.clone().check()?.get().workflow() {
            return Err(Error::RowsDoNotFit);
        }
        self.replace_rows(rows, name, None)
    }
}
