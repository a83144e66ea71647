//! An uploaded file, read and kept aside until its columns are chosen.

use super::Session;
use crate::data::{parse_number, Columns, Dataset, Table};
use crate::error::{Error, Result};
use serde::Serialize;

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

impl Session {
    /// Reads an uploaded file and keeps it aside until its columns are chosen;
    /// the loaded data stays in place, whatever happens.
    pub fn preview_csv(&mut self, bytes: &[u8], name: &str) -> Result<Preview> {
        // A file that cannot be read replaces any file waiting for its columns.
        self.pending = None;
        let table = Table::parse_bytes(bytes)?;
        let is_id = |h: &String| {
            let l = h.to_lowercase();
            l == "id" || l.starts_with("obs") || l == "index" || l == "row"
        };
        // The most target-like name wins, whatever its place in the header (x, y, label: label).
        let target_like = ["buy", "class", "label", "target", "outcome", "species", "y"];
        let suggested_target = target_like
            .iter()
            .find_map(|name| table.headers.iter().find(|h| h.to_lowercase() == *name))
            .or(table.headers.last())
            .cloned()
            .unwrap_or_default();
        let preview = Preview {
            headers: table.headers.clone(),
            rows: (0..table.len().min(6)).map(|i| table.row(i).iter().map(String::from).collect()).collect(),
            row_count: table.len(),
            delimiter: match table.delimiter {
                '\t' => "tab".into(),
                d => d.to_string(),
            },
            suggested_target,
            suggested_drop: table.headers.iter().filter(|h| is_id(h)).cloned().collect(),
            distinct: (0..table.headers.len()).map(|j| distinct(&table, j)).collect(),
            numeric: (0..table.headers.len()).map(|j| numeric(&table, j)).collect(),
        };
        self.pending = Some((table, name.to_string()));
        Ok(preview)
    }

    /// Builds the data set from the previewed file with these columns.
    pub fn use_csv(&mut self, columns: &Columns) -> Result<()> {
        let (table, name) = self.pending.as_ref().ok_or(Error::NoCsvWaiting)?;
        let data = Dataset::from_table(table, columns)?;
        let name = name.clone();
        self.replace_data(data, name, None)
    }
}

/// How many distinct values column `j` of the table has, as class labels are told
/// apart (by their text), counted up to [`DISTINCT_CAP`].
fn distinct(table: &Table, j: usize) -> usize {
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..table.len() {
        if seen.insert(table.text(i, j)) && seen.len() == DISTINCT_CAP {
            break;
        }
    }
    seen.len()
}

/// Whether every cell of column `j` is a number, as a feature's cells must be.
fn numeric(table: &Table, j: usize) -> bool {
    table.lines.iter().enumerate().all(|(i, &line)| parse_number(table.text(i, j), || table.cell(line, j)).is_ok())
}
