//! CSV bytes to a [`Table`] of trimmed strings, every row numbered by its line.
//! Header row required; comma, semicolon or tab detected from the header; quoted
//! fields (holding delimiters, doubled quotes `""` or line breaks); UTF-8 with or
//! without a byte-order mark; LF, CRLF or CR line ends, each one line.
//!
//! The reader is written out here rather than taken from the csv crate so that it
//! knows the line every row starts on whatever the line ends, and the line where a
//! quote that never closes was opened.

use crate::error::{Cell, Error, Result, MAX_NAME_CHARS};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub headers: Vec<String>,
    /// The cells of the rows with as many fields as the header, row by row, one after
    /// another in one text (about the file's size: a million rows of 17 columns take
    /// tens of megabytes, not a string each)...
    text: String,
    /// ...and where each cell ends in it (a cell starts where the one before ends);
    /// four bytes a cell, so the text is at most 4 GB.
    ends: Vec<u32>,
    /// The 1-based line on which each row starts.
    pub lines: Vec<u64>,
    pub delimiter: char,
    /// Rows with another number of fields than the header, set aside by
    /// [`Table::parse_bytes_lenient`] (the strict readers refuse them).
    #[serde(default)]
    pub ragged: Vec<Ragged>,
}

/// A row whose number of fields differs from the header's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ragged {
    pub line: u64,
    pub found: usize,
}

/// One row of a [`Table`]: `row[j]` is the text of its cell in column `j`.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    table: &'a Table,
    index: usize,
}

impl<'a> Row<'a> {
    /// The row's cells, in column order.
    pub fn iter(self) -> impl Iterator<Item = &'a str> {
        (0..self.table.headers.len()).map(move |j| self.table.text(self.index, j))
    }
}

impl std::ops::Index<usize> for Row<'_> {
    type Output = str;
    fn index(&self, column: usize) -> &str {
        self.table.text(self.index, column)
    }
}

impl Table {
    /// How many rows (with as many fields as the header) the table has.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Row `i`.
    pub fn row(&self, i: usize) -> Row<'_> {
        Row { table: self, index: i }
    }

    /// The text of row `i`'s cell in column `j`.
    pub fn text(&self, i: usize, j: usize) -> &str {
        let cell = i * self.headers.len() + j;
        let start = if cell == 0 { 0 } else { self.ends[cell - 1] as usize };
        &self.text[start..self.ends[cell] as usize]
    }

    /// Parses CSV bytes in which every row has the header's number of fields (to train on).
    pub fn parse_bytes(bytes: &[u8]) -> Result<Table> {
        read(bytes, true)
    }

    /// Parses CSV bytes, setting rows with another number of fields aside in
    /// [`Table::ragged`] (to classify: the other rows are still classified).
    pub fn parse_bytes_lenient(bytes: &[u8]) -> Result<Table> {
        read(bytes, false)
    }

    pub fn parse(text: &str) -> Result<Table> {
        Table::parse_bytes(text.as_bytes())
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

    /// The error of a ragged row: its line, and the fields it has against the header's.
    pub fn ragged_error(&self, row: &Ragged) -> Error {
        Error::RaggedRow { line: row.line, expected: self.headers.len(), found: row.found }
    }
}

fn read(bytes: &[u8], strict: bool) -> Result<Table> {
    let (mut reader, headers) = Reader::open(bytes)?;
    // The cells' text is at most the file's, and there are at most as many cells as
    // delimiters and line ends: reserved once, never grown to twice the need.
    let separators = reader.bytes.iter().filter(|&&b| b == reader.delimiter || b == b'\n' || b == b'\r').count();
    let mut table = Table {
        headers,
        text: String::with_capacity(reader.bytes.len()),
        ends: Vec::with_capacity(separators + 1),
        lines: Vec::new(),
        delimiter: reader.delimiter(),
        ragged: Vec::new(),
    };
    let mut fields = Vec::new();
    while let Some(line) = reader.record(&mut fields)? {
        if fields.len() != table.headers.len() {
            let row = Ragged { line, found: fields.len() };
            if strict {
                return Err(table.ragged_error(&row));
            }
            table.ragged.push(row);
            continue;
        }
        for field in &fields {
            table.text.push_str(field);
            let end =
                u32::try_from(table.text.len()).map_err(|_| Error::TooLarge { what: "the file's text (over 4 GB)" })?;
            table.ends.push(end);
        }
        table.lines.push(line);
    }
    if table.is_empty() && table.ragged.is_empty() {
        return Err(Error::HeaderOnly);
    }
    Ok(table)
}

/// Column names are at most [`MAX_NAME_CHARS`] long and each appears once
/// (a set, so that 100,000 columns take a moment, not a minute).
fn check_headers(headers: &[String]) -> Result<()> {
    let mut seen = HashSet::with_capacity(headers.len());
    for (j, name) in headers.iter().enumerate() {
        if name.len() > MAX_NAME_CHARS && name.chars().count() > MAX_NAME_CHARS {
            return Err(Error::LongName { column: j + 1, name: name.clone() });
        }
        if !seen.insert(name.as_str()) {
            return Err(Error::DuplicateColumn { name: name.clone(), column: j + 1 });
        }
    }
    Ok(())
}

/// The bytes after any UTF-8 byte-order marks. UTF-16 text, told by its mark or by
/// zero bytes between its first ASCII characters, is refused by name.
fn without_byte_order_mark(mut bytes: &[u8]) -> Result<&[u8]> {
    let utf16_mark = bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]);
    let text = |b: &u8| b.is_ascii_graphic() || matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let utf16_ascii = matches!(bytes, [0, a, 0, b, ..] | [a, 0, b, 0, ..] if text(a) && text(b));
    if utf16_mark || utf16_ascii {
        return Err(Error::Utf16);
    }
    while let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        bytes = rest;
    }
    Ok(bytes)
}

/// The delimiter that splits the header line most often: comma, semicolon or tab.
fn detect_delimiter(bytes: &[u8]) -> u8 {
    let start = bytes.iter().position(|&b| b != b'\r' && b != b'\n').unwrap_or(0);
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in &bytes[start..] {
        match b {
            b'"' => quoted = !quoted,
            b'\r' | b'\n' if !quoted => break,
            _ if !quoted => {
                for (delimiter, count) in counts.iter_mut() {
                    if b == *delimiter {
                        *count += 1;
                    }
                }
            }
            _ => {}
        }
    }
    // The first of equal counts wins, so a header with no delimiter at all is read as comma-separated.
    counts.iter().fold((b',', 0), |best, &c| if c.1 > best.1 { c } else { best }).0
}

/// Reads CSV records one at a time, keeping count of the line it is on: what
/// [`Table`] is built with, and what reads a data set's numbers straight from the
/// bytes ([`crate::data::Dataset::from_csv`]) without keeping any text.
pub struct Reader<'a> {
    bytes: &'a [u8],
    /// The bytes as text when all of them are UTF-8 with no zero byte (checked once, at
    /// a gigabyte a second): fields are then cut from it without checking each again.
    text: Option<&'a str>,
    pos: usize,
    /// The 1-based line of `pos`.
    line: u64,
    delimiter: u8,
}

impl<'a> Reader<'a> {
    /// A reader on CSV bytes after their header, and the header: the byte-order mark
    /// stepped over (UTF-16 refused), the delimiter detected, the column names checked.
    pub fn open(bytes: &'a [u8]) -> Result<(Reader<'a>, Vec<String>)> {
        let bytes = without_byte_order_mark(bytes)?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::EmptyFile);
        }
        let text = std::str::from_utf8(bytes).ok().filter(|_| !bytes.contains(&0));
        let mut reader = Reader { bytes, text, pos: 0, line: 1, delimiter: detect_delimiter(bytes) };
        let mut fields = Vec::new();
        if reader.next_record(&mut fields)?.is_none() {
            return Err(Error::EmptyFile);
        }
        let headers: Vec<String> = fields.into_iter().map(Cow::into_owned).collect();
        check_headers(&headers)?;
        Ok((reader, headers))
    }

    pub fn delimiter(&self) -> char {
        char::from(self.delimiter)
    }

    /// How far into the bytes the reader is, from 0 to 1.
    pub fn progress(&self) -> f64 {
        self.pos as f64 / self.bytes.len().max(1) as f64
    }

    /// At most how many records are left: one per line end (`\r\n` is one), and one more.
    pub fn records_left(&self) -> usize {
        line_ends(&self.bytes[self.pos..]) as usize + 1
    }

    /// The next record with any data into `fields` (unquoted and trimmed, borrowed from
    /// the bytes where no quote was undone), and the line it starts on; `None` at the
    /// end. Empty lines, and lines of only delimiters or spaces, are skipped quietly.
    pub fn record(&mut self, fields: &mut Vec<Cow<'a, str>>) -> Result<Option<u64>> {
        while let Some(line) = self.next_record(fields)? {
            if !fields.iter().all(|f| f.is_empty()) {
                return Ok(Some(line));
            }
        }
        Ok(None)
    }

    /// [`Reader::record`] for a reader that refuses a row with another number of fields
    /// than the header's `width`, naming its line.
    pub fn strict_record(&mut self, fields: &mut Vec<Cow<'a, str>>, width: usize) -> Result<Option<u64>> {
        match self.record(fields)? {
            Some(line) if fields.len() != width => Err(Error::RaggedRow { line, expected: width, found: fields.len() }),
            next => Ok(next),
        }
    }

    /// The next record, skipping empty lines.
    fn next_record(&mut self, fields: &mut Vec<Cow<'a, str>>) -> Result<Option<u64>> {
        fields.clear();
        while matches!(self.bytes.get(self.pos), Some(b'\r' | b'\n')) {
            self.line_end();
        }
        if self.pos >= self.bytes.len() {
            return Ok(None);
        }
        let line = self.line;
        loop {
            fields.push(self.field(fields.len() + 1)?);
            match self.bytes.get(self.pos) {
                Some(&b) if b == self.delimiter => self.pos += 1,
                Some(_) => {
                    self.line_end();
                    break;
                }
                None => break,
            }
        }
        Ok(Some(line))
    }

    /// Steps over one line end at `pos`: `\r\n`, `\n` or a lone `\r`.
    fn line_end(&mut self) {
        if self.bytes[self.pos] == b'\r' && self.bytes.get(self.pos + 1) == Some(&b'\n') {
            self.pos += 1;
        }
        self.pos += 1;
        self.line += 1;
    }

    /// Where the unquoted text from `pos` ends: at a delimiter, a line end or the end of the file.
    fn field_end(&self) -> usize {
        let rest = &self.bytes[self.pos..];
        let end = rest.iter().position(|&b| b == self.delimiter || b == b'\n' || b == b'\r');
        self.pos + end.unwrap_or(rest.len())
    }

    /// One field, unquoted and trimmed. A quote opens a quoted field only at the
    /// field's start (after spaces); elsewhere it is an ordinary character.
    fn field(&mut self, column: usize) -> Result<Cow<'a, str>> {
        let line = self.line;
        let spaces = self.bytes[self.pos..].iter().take_while(|&&b| b == b' ').count();
        let raw: Cow<'a, [u8]> = if self.bytes.get(self.pos + spaces) == Some(&b'"') {
            self.pos += spaces + 1;
            let mut value = Vec::new();
            loop {
                let rest = &self.bytes[self.pos..];
                let Some(quote) = rest.iter().position(|&b| b == b'"') else {
                    return Err(Error::UnterminatedQuote { line, column });
                };
                self.line += line_ends(&rest[..quote]);
                value.extend_from_slice(&rest[..quote]);
                self.pos += quote + 1;
                if self.bytes.get(self.pos) != Some(&b'"') {
                    break;
                }
                value.push(b'"');
                self.pos += 1;
            }
            // Text after the closing quote is kept, as spreadsheets do: `"a"b` is `ab`.
            let end = self.field_end();
            value.extend_from_slice(&self.bytes[self.pos..end]);
            self.pos = end;
            Cow::Owned(value)
        } else {
            let (bytes, start) = (self.bytes, self.pos);
            self.pos = self.field_end();
            if let Some(text) = self.text {
                // Cut at ASCII bytes (delimiters, line ends): on character boundaries.
                return Ok(Cow::Borrowed(trim(&text[start..self.pos])));
            }
            Cow::Borrowed(&bytes[start..self.pos])
        };
        match raw {
            Cow::Borrowed(raw) => Ok(Cow::Borrowed(trim(utf8(raw, line, column)?))),
            Cow::Owned(raw) => Ok(Cow::Owned(utf8(&raw, line, column)?.trim().to_string())),
        }
    }
}

/// `text` without white space at either end; most fields start and end with a
/// visible ASCII character, and are returned as they are without a look at the rest.
fn trim(text: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    let bytes = text.as_bytes();
    if plain(bytes.first()) && plain(bytes.last()) {
        text
    } else {
        text.trim()
    }
}

/// A field's bytes as text, or an error naming the line of the first byte that is
/// not UTF-8 (or a zero byte: no text file has one).
fn utf8(raw: &[u8], line: u64, column: usize) -> Result<&str> {
    match std::str::from_utf8(raw) {
        Ok(text) if !text.contains('\0') => Ok(text),
        Ok(text) => Err(Error::NotUtf8 { line: line + line_ends(&raw[..text.find('\0').unwrap_or(0)]), column }),
        Err(e) => Err(Error::NotUtf8 { line: line + line_ends(&raw[..e.valid_up_to()]), column }),
    }
}

/// The line ends in `bytes`: each `\n`, and each `\r` not followed by `\n`.
fn line_ends(bytes: &[u8]) -> u64 {
    let newlines = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
    if !bytes.contains(&b'\r') {
        return newlines;
    }
    let lone_cr = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    newlines + (0..bytes.len()).filter(|&i| lone_cr(i)).count() as u64
}
