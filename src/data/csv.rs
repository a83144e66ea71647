//! CSV text to a [`Table`] of trimmed strings, every row numbered by its line.
//! Header row required; comma, semicolon or tab detected from the header;
//! quoted fields, a UTF-8 byte-order mark and CRLF line ends are accepted.

use crate::error::{Cell, Error, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The 1-based line on which each row starts.
    pub lines: Vec<u64>,
    pub delimiter: char,
}

impl Table {
    /// Parses CSV bytes: checks UTF-8 first so that a binary file gets a clear message.
    pub fn parse_bytes(bytes: &[u8]) -> Result<Table> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Table::parse(text),
            Err(e) => {
                let before = &bytes[..e.valid_up_to()];
                let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
                let delimiter = detect_delimiter(&String::from_utf8_lossy(before));
                let column = 1 + before[line_start..].iter().filter(|&&b| b == delimiter as u8).count();
                let line = 1 + before.iter().filter(|&&b| b == b'\n').count() as u64;
                Err(Error::NotUtf8 { line, column })
            }
        }
    }

    pub fn parse(text: &str) -> Result<Table> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(Error::EmptyFile);
        }
        let delimiter = detect_delimiter(text);
        let mut reader = ::csv::ReaderBuilder::new()
            .delimiter(delimiter as u8)
            .has_headers(true)
            .flexible(true)
            .trim(::csv::Trim::All)
            .from_reader(text.as_bytes());

        let headers: Vec<String> = reader.headers().map_err(|e| malformed(&e, 1))?.iter().map(String::from).collect();
        for (j, name) in headers.iter().enumerate() {
            if headers[..j].contains(name) {
                return Err(Error::DuplicateColumn { name: name.clone(), column: j + 1 });
            }
        }

        let mut rows = Vec::new();
        let mut lines = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| malformed(&e, 0))?;
            let line = record.position().map_or(0, |p| p.line());
            if record.len() != headers.len() {
                // A trailing line of only delimiters or spaces is no data: skip it quietly.
                if record.iter().all(str::is_empty) {
                    continue;
                }
                return Err(Error::RaggedRow { line, expected: headers.len(), found: record.len() });
            }
            rows.push(record.iter().map(String::from).collect());
            lines.push(line);
        }
        if rows.is_empty() {
            return Err(Error::HeaderOnly);
        }
        Ok(Table { headers, rows, lines, delimiter })
    }

    /// The index of the column called `name`, or an error listing the columns there are.
    pub fn column_index(&self, name: &str) -> Result<usize> {
        self.headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::UnknownColumn { name: name.to_string(), available: self.headers.clone() })
    }

    pub fn cell(&self, line: u64, column: usize) -> Cell {
        Cell { line, column: column + 1, name: self.headers[column].clone() }
    }
}

/// The delimiter that splits the header line most often: comma, semicolon or tab.
pub fn detect_delimiter(text: &str) -> char {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [(',', 0), (';', 0), ('\t', 0)];
    let mut quoted = false;
    for ch in header.chars() {
        if ch == '"' {
            quoted = !quoted;
        } else if !quoted {
            for (delimiter, count) in counts.iter_mut() {
                if ch == *delimiter {
                    *count += 1;
                }
            }
        }
    }
    // The first of equal counts wins, so a header with no delimiter at all is read as comma-separated.
    counts.iter().fold((',', 0), |best, &c| if c.1 > best.1 { c } else { best }).0
}

fn malformed(e: &::csv::Error, fallback_line: u64) -> Error {
    let line = e.position().map_or(fallback_line, |p| p.line());
    Error::MalformedCsv { line, message: e.to_string() }
}
