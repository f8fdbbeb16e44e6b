//! Tables for people (comfy-table), in Swedish or English. Every cell is made
//! with [`cell`], which sanitises it: comfy-table passes escape bytes through, so
//! without it a description could repaint the terminal. Colour is always
//! written and stripped by the output stream when it is off (see `color`).
//!
//! A table fits the width it is given (`View::width`, the terminal's): numbers,
//! dates and words are never broken, only descriptions and titles wrap, between
//! words. Money columns print bare numbers; the heading says the currency once.
//! Lines of prose (findings, notes) wrap between words too, see [`wrap`].

use chrono::NaiveDate;
use comfy_table::{
    Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, LineStyle, Table, TableStyle,
    Width,
};

use super::{View, kind_word, money, severity_word, status_word, verdict_word};
use crate::color::paint;
use crate::diag::sanitize;
use crate::engine::{EntryResult, Finding, PeriodResult, PeriodState};
use crate::i18n::Lang;
use crate::money::Amount;
use crate::policy::Policy;

/// No lines between columns, one under the header: the width goes to the
/// figures, as in hledger's reports.
const STYLE: TableStyle = TableStyle::new().header_separator(LineStyle::none().fill('─'));

/// The narrowest a wrapping column (a description) is made, so that its words
/// stay whole.
const WRAP_MIN: u16 = 16;

pub fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(STYLE)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().map(cell));
    // Styles are always emitted; the output stream strips them when colour is
    // off (NO_COLOR, not a terminal), which comfy-table itself does not honour.
    t.enforce_styling();
    t
}

/// The table as text within `width`: every column as wide as its content but
/// `wraps` (a description), which takes what is left, and two spaces between
/// columns. Lines end without trailing spaces.
pub fn fit(t: Table, width: Option<u16>, wraps: Option<usize>) -> String {
    let lines = fit_lines(t, width, wraps);
    // The line under the header is as long as the longest line, no longer.
    let widest = lines
        .iter()
        .filter(|l| !l.starts_with('─'))
        .map(|l| visible_len(l))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for line in lines {
        if line.starts_with('─') {
            out.push_str(&"─".repeat(widest));
        } else {
            out.push_str(&line);
        }
        out.push('\n');
    }
    out
}

/// The lines of [`fit`], each without spaces at its end, the line under the
/// header as comfy-table draws it.
fn fit_lines(t: Table, width: Option<u16>, wraps: Option<usize>) -> Vec<String> {
    fit_lines_at(t, width, wraps, None)
}

/// [`fit_lines`], the column `wraps` held by `constraint` when given.
fn fit_lines_at(
    mut t: Table,
    width: Option<u16>,
    wraps: Option<usize>,
    constraint: Option<ColumnConstraint>,
) -> Vec<String> {
    let widest = t.column_max_content_widths();
    let last = widest.len().saturating_sub(1);
    for (i, col) in t.column_iter_mut().enumerate() {
        col.set_padding((0, if i == last { 0 } else { 2 }));
        if Some(i) == wraps {
            let min = widest.get(i).copied().unwrap_or(WRAP_MIN).min(WRAP_MIN);
            col.set_constraint(
                constraint.unwrap_or(ColumnConstraint::LowerBoundary(Width::Fixed(min))),
            );
        } else {
            col.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    match width {
        Some(w) => {
            t.set_width(w);
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    t.lines().map(|l| trim_end_visible(&l)).collect()
}

/// A table of plain cells that fits `width` by leaving out whole columns, in
/// the order `drop` names them, rather than breaking lines (a column dropped
/// before the last one that had to go comes back if it fits); `right` are
/// columns of figures. Where it still does not fit, column `wraps` (a name)
/// wraps.
/// Returns the table and which columns it kept.
pub fn narrowed(
    header: &[&str],
    rows: &[Vec<String>],
    right: &[usize],
    drop: &[usize],
    wraps: usize,
    width: Option<u16>,
) -> (String, Vec<usize>) {
    let widest: Vec<usize> = (0..header.len())
        .map(|c| {
            rows.iter()
                .map(|r| visible_len(&sanitize(&r[c])))
                .chain([visible_len(header[c])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let kept = kept_columns(&widest, drop, width);
    let cells = rows.iter().map(|r| r.iter().map(String::as_str).collect());
    let t = kept_table(header, &kept, right, cells);
    let wrap_at = kept.iter().position(|&c| c == wraps);
    (fit(t, width, wrap_at), kept)
}

/// A table of the `kept` columns of `header`, a row for each of `rows` (the
/// texts of every column, in order), the columns in `right` aligned right.
fn kept_table<'a>(
    header: &[&str],
    kept: &[usize],
    right: &[usize],
    rows: impl IntoIterator<Item = Vec<&'a str>>,
) -> Table {
    let mut t = new_table(&kept.iter().map(|&c| header[c]).collect::<Vec<_>>());
    for r in rows {
        t.add_row(
            kept.iter()
                .map(|&c| cell(r.get(c).copied().unwrap_or_default()))
                .collect::<Vec<_>>(),
        );
    }
    figures(
        &mut t,
        kept.iter()
            .enumerate()
            .filter(|(_, c)| right.contains(c))
            .map(|(i, _)| i),
    );
    t
}

/// A row of plain cells held as one text: each cell sanitised and followed by
/// a NUL, which [`sanitize`] never leaves in a text. The director's table
/// keeps one for each ledger until the end (sorted by path, its first cell),
/// in one allocation, not twelve.
#[derive(Clone, Debug)]
pub struct Packed(Box<str>);

impl AsRef<Packed> for Packed {
    fn as_ref(&self) -> &Packed {
        self
    }
}

impl Packed {
    pub fn new(cells: &[String]) -> Packed {
        let mut s = String::with_capacity(cells.iter().map(|c| c.len() + 1).sum());
        for c in cells {
            s.push_str(&sanitize(c));
            s.push('\0');
        }
        Packed(s.into_boxed_str())
    }

    /// A row as [`Packed::text`] gave it.
    pub fn from_text(text: &str) -> Packed {
        Packed(text.into())
    }

    /// The row as one text, to hold elsewhere ([`Packed::from_text`]).
    pub fn text(&self) -> &str {
        &self.0
    }

    pub fn cells(&self) -> impl Iterator<Item = &str> {
        self.0.split_terminator('\0')
    }

    pub fn first(&self) -> &str {
        self.cells().next().unwrap_or_default()
    }
}

/// The rows of a table laid out a row at a time ([`narrowed_to`]), which
/// it goes over more than once, always in the same order: in memory, or where
/// the caller holds them (the director's table, in a spool).
pub trait Rows {
    /// Hands every row to `f`, in order.
    fn each(&mut self, f: &mut dyn FnMut(&Packed) -> std::io::Result<()>) -> std::io::Result<()>;
}

impl<R: AsRef<Packed>> Rows for &[R] {
    fn each(&mut self, f: &mut dyn FnMut(&Packed) -> std::io::Result<()>) -> std::io::Result<()> {
        self.iter().try_for_each(|r| f(r.as_ref()))
    }
}

/// Hands the rows to `f` [`CHUNK`] at a time.
fn chunked(
    rows: &mut impl Rows,
    f: &mut dyn FnMut(&[Packed]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut chunk = Vec::with_capacity(CHUNK);
    rows.each(&mut |r| {
        chunk.push(r.clone());
        if chunk.len() == CHUNK {
            f(&chunk)?;
            chunk.clear();
        }
        Ok(())
    })?;
    if chunk.is_empty() { Ok(()) } else { f(&chunk) }
}

/// [`narrowed`] of packed rows, written to `out`. Where every column kept
/// fits at its content's width (always without a width), the lines are
/// written one at a time, as comfy-table lays them out (each cell as wide as
/// its column's widest, measured as comfy-table does, two spaces between,
/// figures right-aligned, no spaces at the end; the line under the header as
/// long as the longest): the director's table of 10 000 ledgers took 45 MB
/// more than the audit's other outputs when comfy-table held all of it.
/// Where a column must wrap, comfy-table lays the table out.
pub fn narrowed_to(
    out: &mut impl std::io::Write,
    header: &[&str],
    mut rows: impl Rows,
    right: &[usize],
    drop: &[usize],
    wraps: usize,
    width: Option<u16>,
) -> std::io::Result<()> {
    use unicode_width::UnicodeWidthStr as _;
    let mut chars = header.iter().map(|h| visible_len(h)).collect::<Vec<_>>();
    let mut cols = header.iter().map(|h| h.width()).collect::<Vec<_>>();
    rows.each(&mut |r| {
        for (c, text) in r.cells().enumerate().take(header.len()) {
            chars[c] = chars[c].max(visible_len(text));
            cols[c] = cols[c].max(text.width());
        }
        Ok(())
    })?;
    let kept = kept_columns(&chars, drop, width);
    let wide = kept.iter().map(|&c| cols[c]).sum::<usize>() + 2 * kept.len().saturating_sub(1);
    if width.is_some_and(|w| wide > usize::from(w)) {
        return wrapped_to(out, header, rows, (right, &kept, wraps), width);
    }
    let lay = |line: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        line.clear();
        let cells: Vec<&str> = cells.collect();
        for (i, &c) in kept.iter().enumerate() {
            let text = cells.get(c).copied().unwrap_or_default();
            let pad = " ".repeat(cols[c].saturating_sub(text.width()));
            if right.contains(&c) {
                line.push_str(&pad);
                line.push_str(text);
            } else {
                line.push_str(text);
                line.push_str(&pad);
            }
            if i + 1 < kept.len() {
                line.push_str("  ");
            }
        }
        let trimmed = trim_end_visible(line);
        line.clear();
        line.push_str(&trimmed);
        line.push('\n');
    };
    let mut line = String::new();
    lay(&mut line, &mut header.iter().copied());
    let mut longest = visible_len(&line) - 1;
    let mut each = String::new();
    rows.each(&mut |r| {
        lay(&mut each, &mut r.cells());
        longest = longest.max(visible_len(&each) - 1);
        Ok(())
    })?;
    out.write_all(line.as_bytes())?;
    writeln!(out, "{}", "─".repeat(longest))?;
    rows.each(&mut |r| {
        lay(&mut line, &mut r.cells());
        out.write_all(line.as_bytes())
    })
}

/// Rows laid out by comfy-table this many at a time ([`wrapped_to`]).
const CHUNK: usize = 256;

/// [`narrowed_to`] where column `wraps` must wrap, laid out by comfy-table
/// [`CHUNK`] rows at a time, as it lays out the whole table at once (which
/// held every row's cells as comfy-table's own: 147 MB for 50 000 ledgers
/// at 40 columns). Every other column is as wide as its widest text, here as
/// there: each chunk starts with a row of those texts, which is not shown.
/// The wrapping column gets what is left, or less where its lines, split
/// between words, leave 3 or more unused (comfy-table's rule): the longest
/// such line of every chunk is found first, by comfy-table splitting the
/// column alone. The rows' lines wait in a [`crate::store::Spool`] until
/// the longest is known, for the line under the header.
fn wrapped_to(
    out: &mut impl std::io::Write,
    header: &[&str],
    mut rows: impl Rows,
    (right, kept, wraps): (&[usize], &[usize], usize),
    width: Option<u16>,
) -> std::io::Result<()> {
    use unicode_width::UnicodeWidthStr as _;
    let mut widest: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let mut count = 0;
    rows.each(&mut |r| {
        count += 1;
        for (c, text) in r.cells().enumerate().take(header.len()) {
            if text.width() > widest[c].width() {
                widest[c] = text.to_string();
            }
        }
        Ok(())
    })?;
    let widest: Vec<&str> = widest.iter().map(String::as_str).collect();
    let wrap_at = kept.iter().position(|&c| c == wraps);
    let pad = |i: usize| if i + 1 == kept.len() { 0 } else { 2 };
    // The wrapping column's width: what comfy-table gives it in a table of
    // each chunk's rows with every other column at its widest (a column of
    // the whole table is as wide as its widest line, split between words
    // within what is left, or all that is left: the widest of the chunks'),
    // read from where the header of the column after it stands.
    let at: usize = (kept.iter().enumerate())
        .take_while(|&(_, &c)| c != wraps)
        .map(|(i, &c)| widest[c].width() + pad(i))
        .sum();
    let next = wrap_at.and_then(|i| kept.get(i + 1)).copied();
    let mut wrap_width = 0;
    let mut measure = |chunk: &[Packed]| {
        let others = (0..header.len()).map(|c| if c == wraps { "" } else { widest[c] });
        let names = chunk.iter().map(|r| {
            let name = r.cells().nth(wraps).unwrap_or_default();
            (0..header.len())
                .map(|c| if c == wraps { name } else { "" })
                .collect()
        });
        let t = kept_table(
            header,
            kept,
            right,
            std::iter::once(others.collect()).chain(names),
        );
        let lines = fit_lines(t, width, wrap_at);
        let head = lines.first().map_or("", String::as_str);
        let Some(next) = next else { return Ok(()) };
        // The display column where the next header's text starts.
        let after = at + header[wraps].width();
        let mut col = 0;
        let mut found = None;
        for (i, ch) in head.char_indices() {
            if col >= after && head[i..].starts_with(header[next]) {
                found = Some(col);
                break;
            }
            col += unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        }
        let Some(start) = found else { return Ok(()) };
        let next_width = widest[next].width();
        let end_of_next = if right.contains(&next) {
            start + header[next].width()
        } else {
            start + next_width
        };
        // The wrapping column and its two spaces end where the next begins.
        let w = end_of_next.saturating_sub(next_width + at);
        wrap_width = wrap_width.max(w);
        Ok(())
    };
    if next.is_some() {
        measure(&[])?;
        chunked(&mut rows, &mut measure)?;
    } else if let Some(left) = width.and_then(|w| usize::from(w).checked_sub(at)) {
        // The wrapping column is the last: its width in each chunk is that of
        // a table of it alone within what is left, whose lines comfy-table
        // pads to the column's width.
        let min = WRAP_MIN.min(u16::try_from(widest[wraps].width()).unwrap_or(u16::MAX));
        let mut alone = |chunk: &[Packed]| {
            let mut t = new_table(&[header[wraps]]);
            for r in chunk {
                t.add_row(vec![cell(r.cells().nth(wraps).unwrap_or_default())]);
            }
            for col in t.column_iter_mut() {
                col.set_padding((0, 0));
                col.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(min)));
            }
            t.set_width(u16::try_from(left).unwrap_or(u16::MAX));
            let w = t.lines().map(|l| visible_len(&l)).max().unwrap_or(0);
            wrap_width = wrap_width.max(w);
            Ok(())
        };
        alone(&[])?;
        chunked(&mut rows, &mut alone)?;
    }
    if wrap_width == 0 && count <= CHUNK {
        // No room left for the column, or its header not found: comfy-table
        // lays out the whole table.
        let mut cells: Vec<Vec<String>> = Vec::new();
        rows.each(&mut |r| {
            cells.push(r.cells().map(str::to_string).collect());
            Ok(())
        })?;
        let drop: Vec<usize> = (0..header.len()).filter(|c| !kept.contains(c)).collect();
        return out.write_all(
            narrowed(header, &cells, right, &drop, wraps, width)
                .0
                .as_bytes(),
        );
    }
    // With more rows than a chunk and no width found (the columns that do
    // not wrap are wider than the terminal: names of 200 characters), each
    // chunk is laid out as comfy-table lays it, after the row of widest
    // texts, as the whole table would be, which held 690 MB for 8 000 units'
    // eleven years.
    let exactly = (u16::try_from(wrap_width).ok())
        .filter(|&w| w > 0)
        .map(|w| ColumnConstraint::Absolute(Width::Fixed(w)));
    let table = |chunk: &[Packed]| {
        let cells = chunk.iter().map(|r| r.cells().collect());
        let t = kept_table(
            header,
            kept,
            right,
            std::iter::once(widest.clone()).chain(cells),
        );
        fit_lines_at(t, width, wrap_at, exactly)
    };
    // The header and the row of widest texts alone: the lines every chunk
    // starts with.
    let head = table(&[]);
    let mut longest = (head.iter())
        .take_while(|l| !l.starts_with('─'))
        .map(|l| visible_len(l))
        .max()
        .unwrap_or(0);
    let mut spool = crate::store::Spool::new(1024 * 1024);
    chunked(&mut rows, &mut |chunk| {
        let mut text = String::new();
        for line in &table(chunk)[head.len()..] {
            longest = longest.max(visible_len(line));
            text.push_str(line);
            text.push('\n');
        }
        spool.append(text.as_bytes()).map(drop)
    })?;
    for line in head.iter().take_while(|l| !l.starts_with('─')) {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "{}", "─".repeat(longest))?;
    spool.copy_to(0..spool.len(), out)
}

/// Which columns are kept within `width` ([`narrowed`]), from the widest
/// text of each.
fn kept_columns(widest: &[usize], drop: &[usize], width: Option<u16>) -> Vec<usize> {
    let mut kept: Vec<usize> = (0..widest.len()).collect();
    let wide = |kept: &[usize]| -> usize {
        kept.iter().map(|&c| widest[c]).sum::<usize>() + 2 * kept.len().saturating_sub(1)
    };
    let fits = |kept: &[usize]| width.is_none_or(|w| wide(kept) <= usize::from(w));
    let mut dropped = Vec::new();
    for d in drop {
        if fits(&kept) {
            break;
        }
        kept.retain(|c| c != d);
        dropped.push(*d);
    }
    // A column dropped early may fit again beside a wide one dropped later:
    // the last dropped is tried first.
    for d in dropped.into_iter().rev().skip(1) {
        let mut with = kept.clone();
        with.push(d);
        with.sort_unstable();
        if fits(&with) {
            kept = with;
        }
    }
    kept
}

/// Columns of figures: right-aligned, their headers too.
fn figures(t: &mut Table, columns: impl IntoIterator<Item = usize>) {
    for i in columns {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// A table cell whose text cannot reach the terminal raw.
pub fn cell(text: impl std::fmt::Display) -> Cell {
    Cell::new(sanitize(&text.to_string()))
}

fn right(s: String) -> Cell {
    cell(s).set_alignment(CellAlignment::Right)
}

/// An amount in a column whose header names the currency: `12 500,00`.
pub fn number(a: Amount, lang: Lang) -> String {
    match lang {
        Lang::Sv => a.swedish_number(),
        Lang::En => a.english_number(),
    }
}

/// A money cell; zero left blank where `blank_zero`.
fn amount_cell(a: Amount, lang: Lang, blank_zero: bool) -> Cell {
    if blank_zero && a.is_zero() {
        return cell("");
    }
    right(number(a, lang))
}

/// A verdict in its colour.
fn verdict_cell(v: crate::engine::Verdict, text: String) -> Cell {
    let c = cell(text);
    match v {
        crate::engine::Verdict::Ok => c.fg(Color::Green),
        crate::engine::Verdict::Warning => c.fg(Color::Yellow),
        crate::engine::Verdict::Error => c.fg(Color::Red),
    }
}

/// A line without the spaces at its end, also where colour codes follow them.
fn trim_end_visible(line: &str) -> String {
    let mut codes = String::new();
    let mut rest = line.trim_end();
    // Peel escape sequences (`ESC [ … m`) and spaces off the end.
    loop {
        if let Some(at) = rest.rfind('\u{1b}')
            && rest[at..].ends_with('m')
            && !rest[at..].contains(' ')
        {
            codes.insert_str(0, &rest[at..]);
            rest = rest[..at].trim_end();
        } else {
            break;
        }
    }
    format!("{rest}{codes}")
}

/// The width of text on a terminal: colour codes take none.
pub fn visible_len(s: &str) -> usize {
    let mut n = 0;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            n += 1;
        }
    }
    n
}

/// `text` broken between words (at plain spaces; a non-breaking space holds an
/// amount together, and so does a plain one between the digit groups of a
/// number as a policy's text writes it, `5 000 kr`) so that no line is wider
/// than `width`; lines after the first start with `indent` spaces. A word
/// longer than a line stands alone.
pub fn wrap(text: &str, width: Option<u16>, indent: usize) -> String {
    let Some(width) = width.map(usize::from) else {
        return text.to_string();
    };
    let body = text.trim_start_matches(' ');
    let lead = text.len() - body.len();
    let mut out = " ".repeat(lead);
    let mut used = lead;
    for word in words(body) {
        let len = visible_len(word);
        if used > lead && used + 1 + len > width && used > indent {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            used = indent;
        } else if used > lead {
            out.push(' ');
            used += 1;
        }
        out.push_str(word);
        used += len;
    }
    out
}

/// The words of `text` between plain spaces, a number's digit groups (`110
/// 000`) kept as one word.
fn words(text: &str) -> Vec<&str> {
    let group = |w: &str| {
        let b = w.as_bytes();
        b.len() >= 3
            && b[..3].iter().all(u8::is_ascii_digit)
            && !b.get(3).is_some_and(u8::is_ascii_digit)
    };
    // Each word as its range in `text`.
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (end, _) in text.match_indices(' ').chain([(text.len(), "")]) {
        let word = &text[start..end];
        match ranges.last_mut() {
            // The word before ends in a digit, and this one is a group of three.
            Some(prev)
                if text[prev.0..prev.1].ends_with(|c: char| c.is_ascii_digit()) && group(word) =>
            {
                prev.1 = end;
            }
            _ => ranges.push((start, end)),
        }
        start = end + 1;
    }
    ranges
        .into_iter()
        .map(|(from, to)| &text[from..to])
        .collect()
}

/// `text` as a line of its own, `pad` spaces in, broken between words to
/// `width`, its continuation lines four spaces further in.
pub fn line(pad: usize, text: &str, width: Option<u16>) -> String {
    let mut out = wrap(&format!("{}{text}", " ".repeat(pad)), width, pad + 4);
    out.push('\n');
    out
}

/// Parts of a line joined by ` · `, broken between parts where the line would be
/// wider than `width`.
fn joined(parts: &[String], width: Option<u16>) -> String {
    let mut out = String::new();
    let mut used = 0;
    for (i, p) in parts.iter().enumerate() {
        let len = visible_len(p);
        if i > 0 {
            if width.is_some_and(|w| used + 3 + len > usize::from(w)) {
                out.push('\n');
                used = 0;
            } else {
                out.push_str(" · ");
                used += 3;
            }
        }
        out.push_str(p);
        used += len;
    }
    out.push('\n');
    out
}

/// The first line of every report: who, which policy, as of when, and the
/// currency of the tables below.
pub fn heading(v: &View<'_>) -> String {
    let t = &v.ledger.trainee;
    let l = v.lang;
    let mut st = format!(
        "{} {} {}",
        v.policy.programme.label(),
        crate::msg!(l => "från", "from"),
        t.start
    );
    if let Some(c) = t.certificate {
        st.push_str(&format!(", {} {c}", sanitize(v.policy.end_name.get(l))));
    }
    let parts = [
        sanitize(&t.name).into_owned(),
        format!("{} {}", sanitize(&v.policy.id), sanitize(&v.policy.version)),
        st,
        format!("{} {}", crate::msg!(l => "per", "as of"), v.eval.as_of),
        crate::msg!(l => "belopp i kr", "amounts in SEK").to_string(),
    ];
    joined(&parts, v.width)
}

/// A period's state as people say it.
pub fn state_word(s: PeriodState, l: Lang) -> &'static str {
    match s {
        PeriodState::Closed => crate::msg!(l => "stängd", "closed"),
        PeriodState::Current => crate::msg!(l => "pågår", "current"),
        PeriodState::Future => crate::msg!(l => "kommande", "future"),
    }
}

/// The periods: budget, charged, and what is left or, for a closed period,
/// what lapsed.
pub fn periods(v: &View<'_>) -> String {
    let l = v.lang;
    let as_of = v.eval.as_of;
    let any_closed = v
        .eval
        .periods
        .iter()
        .any(|p| p.state(as_of) == PeriodState::Closed);
    let mut header = vec![
        crate::msg!(l => "Period", "Period"),
        crate::msg!(l => "Från", "From"),
        crate::msg!(l => "Till", "To"),
        crate::msg!(l => "Budget", "Budget"),
        crate::msg!(l => "Belastat", "Charged"),
        crate::msg!(l => "Kvar", "Remaining"),
    ];
    if any_closed {
        header.push(crate::msg!(l => "Förföll", "Lapsed"));
    }
    let mut t = new_table(&header);
    for p in &v.eval.periods {
        let lapsed = p.lapsed(as_of);
        let mut row = vec![
            cell(&p.label),
            cell(p.from),
            cell(p.to.map_or_else(|| "–".to_string(), |d| d.to_string())),
            capped_cell(p.budget, p.uncapped, l),
            amount_cell(p.charged, l, false),
            match lapsed {
                Some(_) => cell(""),
                None => capped_cell(p.remaining, p.uncapped, l),
            },
        ];
        if any_closed {
            row.push(match lapsed {
                Some(a) => amount_cell(a, l, false),
                None => cell(""),
            });
        }
        t.add_row(row);
    }
    figures(&mut t, 3..header.len());
    fit(t, v.width, None)
}

/// The current period in a sentence: what is left and the day it lapses; and,
/// on a line of its own, money that lapses within 90 days.
pub fn lapsing(v: &View<'_>) -> String {
    let l = v.lang;
    let as_of = v.eval.as_of;
    let mut out = String::new();
    for p in v
        .eval
        .periods
        .iter()
        .filter(|p| p.state(as_of) == PeriodState::Current && !p.uncapped)
    {
        out.push_str(&line(0, &current_line(p, l), v.width));
        if let Some(days) = lapses_within(p, as_of, 90) {
            let note = crate::msg!(l =>
                "Obs: {} förfaller om {} dagar, {}: det som inte används då är förlorat.",
                "Note: {} lapses in {} days, on {}: what is not used by then is lost.",
                money(p.remaining, l),
                days,
                p.to.map(|d| d.to_string()).unwrap_or_default()
            );
            out.push_str(&paint(crate::color::WARNING, &line(0, &note, v.width)));
        }
    }
    out
}

/// "2026: 4 000,00 kr left, lapses on 2026-12-31."
fn current_line(p: &PeriodResult, l: Lang) -> String {
    match p.to {
        Some(to) => crate::msg!(l =>
            "{}: {} kvar, förfaller {}.",
            "{}: {} left, lapses on {}.",
            sanitize(&p.label),
            money(p.remaining, l),
            to
        ),
        None => crate::msg!(l =>
            "{}: {} kvar, utan slutdatum.",
            "{}: {} left, with no end date.",
            sanitize(&p.label),
            money(p.remaining, l)
        ),
    }
}

/// The days until money of `p` lapses, if some does within `days` of `as_of`.
pub fn lapses_within(p: &PeriodResult, as_of: NaiveDate, days: i64) -> Option<i64> {
    p.lapses_within(as_of, days)
}

/// The service periods the budgets follow (a policy may pro-rate by them).
pub fn services(v: &View<'_>) -> String {
    let s = &v.ledger.services;
    if s.is_empty() {
        return String::new();
    }
    let l = v.lang;
    let mut t = new_table(&[
        crate::msg!(l => "Tjänstgöring", "Service"),
        crate::msg!(l => "Från", "From"),
        crate::msg!(l => "Till", "To"),
    ]);
    for (p, to) in super::service_spans(v.ledger) {
        let to = to.map_or_else(|| "–".to_string(), |d| d.to_string());
        t.add_row(vec![
            right(format!("{} %", p.percent)),
            cell(p.from),
            cell(to),
        ]);
    }
    figures(&mut t, [0]);
    fit(t, v.width, None)
}

/// Whether the policy has pools beyond one capped budget in kronor: then
/// reports show every pool, with its unit.
pub fn has_pools(v: &View<'_>) -> bool {
    v.eval.pools.len() > 1 || v.eval.periods.iter().any(|p| p.uncapped)
}

/// Every budget (pool) with its unit, period by period, and what each keeps
/// for named uses; empty for a policy with one capped budget in kronor,
/// whose periods say it all. Kronor as bare numbers (the heading names the
/// currency), days with their unit; a closed period's rest under "Lapsed", as
/// in the periods' table.
pub fn pools(v: &View<'_>) -> String {
    if !has_pools(v) {
        return String::new();
    }
    let l = v.lang;
    let as_of = v.eval.as_of;
    let any_closed = v
        .eval
        .pools
        .iter()
        .flat_map(|r| &r.periods)
        .any(|p| p.lapsed(as_of).is_some());
    let mut header = vec![
        crate::msg!(l => "Pott", "Pool"),
        crate::msg!(l => "Regel", "Rule"),
        crate::msg!(l => "Period", "Period"),
        crate::msg!(l => "Storlek", "Size"),
        crate::msg!(l => "Använt", "Used"),
        crate::msg!(l => "Kvar", "Remaining"),
    ];
    if any_closed {
        header.push(crate::msg!(l => "Förföll", "Lapsed"));
    }
    let mut t = new_table(&header);
    let no_cap = || right(crate::msg!(l => "utan tak", "no cap").to_string());
    for r in &v.eval.pools {
        let rule = &v.policy.rules[r.rule];
        let unit = super::json::pool_unit(v.policy, r.rule);
        let q = |a| right(pool_figure(a, unit, l));
        let reserves = match &rule.body {
            crate::policy::Body::Budget { pool, .. } => pool.reserves.as_slice(),
            _ => &[],
        };
        for p in &r.periods {
            let lapsed = p.lapsed(as_of);
            let mut row = vec![
                cell(rule.title.get(l)),
                cell(&rule.reference),
                cell(&p.label),
                p.amount.map_or_else(no_cap, q),
                q(p.used),
                match (lapsed, p.remaining) {
                    (Some(_), _) => cell(""),
                    (None, Some(a)) => q(a),
                    (None, None) => no_cap(),
                },
            ];
            if any_closed {
                row.push(lapsed.map_or_else(|| cell(""), q));
            }
            t.add_row(row);
            for k in &p.reserves {
                let title = reserves.get(k.index).map_or("", |x| x.title.get(l));
                let mut row = vec![
                    cell(format!(
                        "\u{a0}\u{a0}{} {title}",
                        crate::msg!(l => "varav för", "of which for")
                    )),
                    cell(""),
                    cell(&p.label),
                    q(k.amount),
                    q(k.used),
                    q(k.remaining),
                ];
                if any_closed {
                    row.push(cell(""));
                }
                t.add_row(row);
            }
        }
    }
    figures(&mut t, 3..header.len());
    fit(t, v.width, Some(0))
}

/// A figure of a pool in a table: kronor as a bare number (the heading names
/// the currency), days with their unit (`5 arbetsdagar`).
fn pool_figure(a: Amount, unit: crate::policy::Unit, l: Lang) -> String {
    match unit {
        crate::policy::Unit::Kronor => number(a, l),
        crate::policy::Unit::Days(_) => super::policy::quantity(a, unit, l),
    }
}

/// What an entry drew on the budgets other than the main one (whose part is
/// the payer `budget`), one pool a line, in the pool's unit.
pub fn pool_lines(v: &View<'_>, r: &EntryResult) -> String {
    let l = v.lang;
    let mut out = String::new();
    for &(rule, used) in r.pools() {
        let unit = super::json::pool_unit(v.policy, rule);
        let left = v
            .eval
            .pools
            .iter()
            .find(|p| p.rule == rule)
            .and_then(|p| p.periods.iter().find(|pp| pp.contains(r.date)))
            .and_then(|pp| Some((pp.remaining?, pp.amount?, pp)))
            .map(|(left, size, pp)| {
                // "3 of 10 working days left": the unit once, after the size.
                let left = match unit {
                    crate::policy::Unit::Kronor => money(left, l),
                    _ => (left.ore() / 100).to_string(),
                };
                let size = super::policy::quantity(size, unit, l);
                let mut text = crate::msg!(l => ", kvar {} av {}", ", {} of {} left", left, size);
                // What of it is kept for a named use, not for this entry.
                let reserves = match &v.policy.rules[rule].body {
                    crate::policy::Body::Budget { pool, .. } => pool.reserves.as_slice(),
                    _ => &[],
                };
                for k in pp.reserves.iter().filter(|k| !k.remaining.is_zero()) {
                    let title = reserves.get(k.index).map_or("", |x| x.title.get(l));
                    text.push_str(
                        &crate::msg!(l => ", varav {} för {}", ", {} of them for {}",
                        pool_figure(k.remaining, unit, l), sanitize(title)),
                    );
                }
                text
            })
            .unwrap_or_default();
        let text = format!(
            "{}: {}{left}",
            sanitize(v.policy.rules[rule].title.get(l)),
            super::policy::quantity(used, unit, l)
        );
        out.push_str(&line(2, &text, v.width));
    }
    out
}

/// A budget or what is left of it, or that the budget has no cap.
fn capped_cell(a: Amount, uncapped: bool, l: Lang) -> Cell {
    if uncapped {
        right(crate::msg!(l => "utan tak", "no cap").to_string())
    } else {
        amount_cell(a, l, false)
    }
}

pub fn caps(v: &View<'_>) -> String {
    if v.eval.caps.is_empty() {
        return String::new();
    }
    let l = v.lang;
    let mut t = new_table(&[
        crate::msg!(l => "Tak", "Cap"),
        crate::msg!(l => "Regel", "Rule"),
        crate::msg!(l => "Period", "Period"),
        crate::msg!(l => "Tak", "Limit"),
        crate::msg!(l => "Använt", "Used"),
        crate::msg!(l => "Kvar", "Remaining"),
    ]);
    for c in &v.eval.caps {
        let rule = &v.policy.rules[c.rule];
        t.add_row(vec![
            cell(rule.title.get(l)),
            cell(&rule.reference),
            cell(&c.period),
            amount_cell(c.limit, l, false),
            amount_cell(c.used, l, false),
            amount_cell(c.remaining, l, false),
        ]);
    }
    figures(&mut t, 3..6);
    fit(t, v.width, Some(0))
}

/// The words of the four payers, in the order tables show them.
pub fn payer_words(l: Lang) -> [&'static str; 4] {
    [
        crate::msg!(l => "budget", "budget"),
        crate::msg!(l => "centralt", "central"),
        crate::msg!(l => "enheten", "unit"),
        crate::msg!(l => "egen kostnad", "self"),
    ]
}

fn payer_parts(p: &crate::engine::Payers) -> [Amount; 4] {
    [p.budget, p.central, p.unit, p.self_paid]
}

pub fn totals(v: &View<'_>) -> String {
    let l = v.lang;
    let tt = &v.eval.totals;
    let mut t = new_table(&[
        crate::msg!(l => "Totalt", "Total"),
        crate::msg!(l => "Budget", "Budget"),
        crate::msg!(l => "Centralt", "Central"),
        crate::msg!(l => "Enheten", "Unit"),
        crate::msg!(l => "Egen kostnad", "Self"),
    ]);
    let mut row = vec![amount_cell(tt.amount, l, false)];
    row.extend(payer_parts(&tt.payers).map(|a| amount_cell(a, l, false)));
    t.add_row(row);
    figures(&mut t, 0..5);
    fit(t, v.width, None)
}

/// `balance --by year`: what was charged, and to whom, per calendar year of
/// the entries' dates (for a whole-ST budget too).
pub fn years(v: &View<'_>) -> String {
    let l = v.lang;
    let mut t = new_table(&[
        crate::msg!(l => "År", "Year"),
        crate::msg!(l => "Totalt", "Total"),
        crate::msg!(l => "Budget", "Budget"),
        crate::msg!(l => "Centralt", "Central"),
        crate::msg!(l => "Enheten", "Unit"),
        crate::msg!(l => "Egen kostnad", "Self"),
    ]);
    for (year, tt) in super::by_year(v.eval) {
        let mut row = vec![cell(year), amount_cell(tt.amount, l, false)];
        row.extend(payer_parts(&tt.payers).map(|a| amount_cell(a, l, false)));
        t.add_row(row);
    }
    figures(&mut t, 1..6);
    fit(t, v.width, None)
}

/// A rule as a finding names it: its DOMAIN ref and its title (`K3 (Kursen
/// förankras med handledaren)`), never its id in the policy file.
pub fn rule_name(rule: &crate::policy::Rule, lang: Lang) -> String {
    format!(
        "{} ({})",
        sanitize(&rule.reference),
        sanitize(rule.title.get(lang))
    )
}

/// One line a finding: `#8 fel K8 (En internationell kongress under ST): …`.
pub fn finding_line(f: &Finding, policy: &Policy, lang: Lang) -> String {
    let rule = &policy.rules[f.rule()];
    let sev = paint(
        severity_style(f.severity()),
        severity_word(f.severity(), lang),
    );
    let who = match f.entry() {
        Some(id) => format!("#{id} "),
        None => String::new(),
    };
    format!(
        "{who}{sev} {}: {}",
        rule_name(rule, lang),
        sanitize(&crate::render::finding::message(f, policy, lang))
    )
}

/// `check`: each finding after the place of its entry (`anna.toml:12: #3 fel …`),
/// then the counts.
pub fn check<'a>(
    v: &View<'_>,
    path: &str,
    findings: impl Iterator<Item = &'a Finding>,
    line_of: &dyn Fn(u32) -> Option<usize>,
) -> String {
    let mut out = String::new();
    for f in findings {
        let at = f
            .entry()
            .and_then(line_of)
            .map_or_else(|| path.to_string(), |l| format!("{path}:{l}"));
        let line = format!("{}: {}", sanitize(&at), finding_line(f, v.policy, v.lang));
        out.push_str(&wrap(&line, v.width, 4));
        out.push('\n');
    }
    out.push_str(&counts(v));
    out
}

pub fn counts(v: &View<'_>) -> String {
    let errors = v.eval.count(crate::policy::Severity::Error);
    let warnings = v.eval.count(crate::policy::Severity::Warning);
    let error_word = match errors {
        1 => crate::msg!(v.lang => "fel", "error"),
        _ => crate::msg!(v.lang => "fel", "errors"),
    };
    let warning_word = match warnings {
        1 => crate::msg!(v.lang => "varning", "warning"),
        _ => crate::msg!(v.lang => "varningar", "warnings"),
    };
    format!("{errors} {error_word}, {warnings} {warning_word}\n")
}

/// Findings, one each, broken between words to the width.
fn finding_lines<'a>(v: &View<'_>, findings: impl Iterator<Item = &'a Finding>) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&wrap(&finding_line(f, v.policy, v.lang), v.width, 4));
        out.push('\n');
    }
    out
}

pub fn balance(v: &View<'_>) -> String {
    let mut out = heading(v);
    out.push_str(&periods(v));
    out.push_str(&lapsing(v));
    out.push_str(&pools(v));
    out.push_str(&services(v));
    out.push_str(&caps(v));
    out.push_str(&subjects(v));
    out.push_str(&totals(v));
    out.push_str(&finding_lines(v, v.eval.findings.iter()));
    out.push_str(&counts(v));
    out
}

/// The mandatory course subjects the policy lists: done, planned, missing,
/// and what the budget left must still cover.
pub fn subjects(v: &View<'_>) -> String {
    if v.eval.subjects.is_empty() {
        return String::new();
    }
    let l = v.lang;
    let mut t = new_table(&[
        crate::msg!(l => "Obligatoriskt kursämne", "Mandatory course subject"),
        crate::msg!(l => "Läge", "Status"),
        crate::msg!(l => "Poster", "Entries"),
    ]);
    for s in &v.eval.subjects {
        let ids: Vec<String> = s.entries.iter().map(|i| format!("#{i}")).collect();
        t.add_row(vec![
            cell(v.policy.subjects[s.index].name.get(l)),
            cell(super::progress_word(s.progress, l)),
            cell(ids.join(" ")),
        ]);
    }
    // The subject's name wraps, so the table fits the terminal.
    let mut out = fit(t, v.width, Some(0));
    out.push_str(&line(0, &super::subjects_line(v), v.width));
    out
}

/// `balance --by year`.
pub fn balance_by_year(v: &View<'_>) -> String {
    let mut out = heading(v);
    out.push_str(&years(v));
    out.push_str(&totals(v));
    out
}

/// An entry's description as a list shows it: its kind first, its status
/// after (when it is not planned), and what it belongs to.
pub fn described(v: &View<'_>, r: &EntryResult) -> String {
    let l = v.lang;
    let e = &v.ledger.entries[r.index()];
    let mut desc = format!("{}: {}", kind_word(r.kind, l), sanitize(&e.description));
    if let Some(p) = e.for_entry() {
        desc.push_str(&format!(" ({} #{p})", crate::msg!(l => "till", "for")));
    }
    if r.status != crate::ledger::Status::Planned {
        desc.push_str(&format!(" [{}]", status_word(r.status, l)));
    }
    desc
}

/// A verdict and the refs of its findings: `varning K3`.
fn judged(v: &View<'_>, r: &EntryResult) -> String {
    let mut words = vec![verdict_word(r.verdict, v.lang).to_string()];
    let mut refs = v.refs(r);
    refs.dedup();
    words.extend(refs.iter().map(|r| sanitize(r).into_owned()));
    words.join(" ")
}

/// The entries, compact: the currency once, in the heading; a payer's column
/// only where someone pays through it, and zero left blank. Where the columns
/// of the four payers do not fit the width, one column lists who pays.
pub fn entries_table(v: &View<'_>, rows: &[&EntryResult]) -> String {
    let wide = entries_wide(v, rows);
    let fixed: usize = wide
        .column_max_content_widths()
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 2)
        .map(|(_, w)| usize::from(*w) + 2)
        .sum();
    if v.width
        .is_none_or(|w| fixed + usize::from(WRAP_MIN) <= usize::from(w))
    {
        return fit(wide, v.width, Some(2));
    }
    fit(entries_narrow(v, rows), v.width, Some(2))
}

fn entries_wide(v: &View<'_>, rows: &[&EntryResult]) -> Table {
    let l = v.lang;
    let names = [
        crate::msg!(l => "Budget", "Budget"),
        crate::msg!(l => "Centralt", "Central"),
        crate::msg!(l => "Enheten", "Unit"),
        crate::msg!(l => "Egen", "Self"),
    ];
    // Budget always; the others where anyone pays through them.
    let shown: Vec<usize> = (0..4)
        .filter(|&i| i == 0 || rows.iter().any(|r| !payer_parts(&r.payers())[i].is_zero()))
        .collect();
    let mut header = vec![
        "#",
        crate::msg!(l => "Datum", "Date"),
        crate::msg!(l => "Beskrivning", "Description"),
        crate::msg!(l => "Belopp", "Amount"),
    ];
    header.extend(shown.iter().map(|&i| names[i]));
    header.push(crate::msg!(l => "Bedömning", "Verdict"));
    let mut t = new_table(&header);
    for r in rows {
        let mut row = vec![
            right(r.id.to_string()),
            cell(r.date),
            cell(described(v, r)),
            amount_cell(r.amount(), l, false),
        ];
        let parts = payer_parts(&r.payers());
        row.extend(shown.iter().map(|&i| amount_cell(parts[i], l, true)));
        row.push(verdict_cell(r.verdict, judged(v, r)));
        t.add_row(row);
    }
    figures(&mut t, [0]);
    figures(&mut t, 3..4 + shown.len());
    t
}

fn entries_narrow(v: &View<'_>, rows: &[&EntryResult]) -> Table {
    let l = v.lang;
    let mut t = new_table(&[
        "#",
        crate::msg!(l => "Datum", "Date"),
        crate::msg!(l => "Beskrivning", "Description"),
        crate::msg!(l => "Belopp", "Amount"),
        crate::msg!(l => "Betalas av", "Paid by"),
        crate::msg!(l => "Bedömning", "Verdict"),
    ]);
    let words = [
        crate::msg!(l => "budget", "budget"),
        crate::msg!(l => "central", "central"),
        crate::msg!(l => "enheten", "unit"),
        crate::msg!(l => "egen", "self"),
    ];
    for r in rows {
        let paid: Vec<String> = payer_parts(&r.payers())
            .iter()
            .zip(words)
            .filter(|(a, _)| !a.is_zero())
            .map(|(a, w)| format!("{w}\u{a0}{}", number(*a, l)))
            .collect();
        // One payer a line: the lines are made here, so not sanitised away.
        let paid = Cell::new(paid.join("\n"));
        t.add_row(vec![
            right(r.id.to_string()),
            cell(r.date),
            cell(described(v, r)),
            amount_cell(r.amount(), l, false),
            paid,
            verdict_cell(r.verdict, judged(v, r)),
        ]);
    }
    figures(&mut t, [0, 3]);
    t
}

pub fn list(v: &View<'_>) -> String {
    let mut out = heading(v);
    let rows: Vec<&EntryResult> = v.eval.entries.iter().collect();
    out.push_str(&entries_table(v, &rows));
    out.push_str(&pools(v));
    out.push_str(&finding_lines(v, v.eval.all_findings()));
    out.push_str(&counts(v));
    out
}

/// The style of a severity or verdict word.
pub fn severity_style(s: crate::policy::Severity) -> anstyle::Style {
    use crate::color::{DIM, ERROR, WARNING};
    match s {
        crate::policy::Severity::Error => ERROR,
        crate::policy::Severity::Warning => WARNING,
        crate::policy::Severity::Info => DIM,
    }
}

/// The style of a verdict word.
pub fn verdict_style(v: crate::engine::Verdict) -> anstyle::Style {
    match v {
        crate::engine::Verdict::Ok => crate::color::OK,
        crate::engine::Verdict::Warning => crate::color::WARNING,
        crate::engine::Verdict::Error => crate::color::ERROR,
    }
}

/// `#3 2024-03-11 kurs · Akut EKG · 4 500,00 kr`: an entry in one line.
pub fn entry_title(v: &View<'_>, r: &EntryResult) -> String {
    let l = v.lang;
    let e = &v.ledger.entries[r.index()];
    format!(
        "#{} {} {} · {} · {}",
        r.id,
        r.date,
        kind_word(r.kind, l),
        sanitize(&e.description),
        money(r.amount(), l)
    )
}

/// Who pays an entry, one payer a line (zero left out).
pub fn payer_lines(p: &crate::engine::Payers, l: Lang) -> String {
    let mut out = String::new();
    for (name, amount) in payer_words(l).iter().zip(payer_parts(p)) {
        if !amount.is_zero() {
            out.push_str(&format!("  {name:<13} {}\n", money(amount, l)));
        }
    }
    out
}

/// A period in a sentence: its budget, charged, and what is left or lapsed.
pub fn period_line(v: &View<'_>, p: &PeriodResult) -> String {
    let l = v.lang;
    let last = match p.lapsed(v.eval.as_of) {
        Some(a) => format!(
            ", {} {}",
            crate::msg!(l => "förföll", "lapsed"),
            money(a, l)
        ),
        None if p.uncapped => String::new(),
        None => format!(
            ", {} {}",
            crate::msg!(l => "kvar", "remaining"),
            money(p.remaining, l)
        ),
    };
    let budget = if p.uncapped {
        crate::msg!(l => "utan tak", "no cap").to_string()
    } else {
        money(p.budget, l)
    };
    let text = format!(
        "{} {}: {} {budget}, {} {}{last}",
        crate::msg!(l => "Period", "Period"),
        sanitize(&p.label),
        crate::msg!(l => "budget", "budget"),
        crate::msg!(l => "belastat", "charged"),
        money(p.charged, l),
    );
    line(0, &text, v.width)
}

/// One entry as `add` and `amend` show it: where its money goes, its verdict
/// (after `was`, where it changed) and findings, and what is left in its period.
pub fn verdict(v: &View<'_>, r: &EntryResult, was: Option<crate::engine::Verdict>) -> String {
    let l = v.lang;
    let mut out = line(0, &entry_title(v, r), v.width);
    out.push_str(&payer_lines(&r.payers(), l));
    out.push_str(&pool_lines(v, r));
    if r.status == crate::ledger::Status::Cancelled {
        out.push_str(&format!(
            "  {}\n",
            crate::msg!(l =>
                "avbokad i tid: kostar inget",
                "cancelled in time: costs nothing"
            )
        ));
    }
    let was = was
        .filter(|w| *w != r.verdict)
        .map(|w| format!("{} → ", verdict_word(w, l)))
        .unwrap_or_default();
    out.push_str(&format!(
        "  {}: {was}{}\n",
        crate::msg!(l => "bedömning", "verdict"),
        paint(verdict_style(r.verdict), verdict_word(r.verdict, l))
    ));
    for f in &r.findings {
        out.push_str(&line(2, &finding_line(f, v.policy, l), v.width));
    }
    if let Some(p) = v.eval.period_of(r.date) {
        out.push_str(&period_line(v, p));
    }
    out
}

#[cfg(test)]
mod wrap_tests {
    use super::wrap;

    /// A number's digit groups stay on one line, as a reader of `5 000 kr`
    /// expects; other words break as before.
    #[test]
    fn a_number_is_never_broken_between_its_digit_groups() {
        let text = "Litteratur och digitala utbildningsprogram högst 5 000 kr";
        assert_eq!(
            wrap(text, Some(50), 4),
            "Litteratur och digitala utbildningsprogram högst\n    5 000 kr"
        );
        assert_eq!(
            wrap(text, Some(52), 4),
            "Litteratur och digitala utbildningsprogram högst\n    5 000 kr"
        );
        assert_eq!(
            wrap("budget 125 500 kr", Some(10), 2),
            "budget\n  125 500\n  kr"
        );
        // Not a digit group: two numbers, a longer group, words.
        assert_eq!(wrap("post 12 och 3", Some(7), 0), "post 12\noch 3");
        assert_eq!(wrap("år 2024 2025", Some(8), 0), "år 2024\n2025");
        assert_eq!(wrap("a  b", None, 0), "a  b");
    }
}

#[cfg(test)]
mod packed_tests {
    use super::{Packed, narrowed, narrowed_to};

    /// Written a line at a time, the director's table is the one comfy-table
    /// lays out, letter for letter: wide letters, a letter and its accent, an
    /// escaped control, figures right-aligned, columns dropped to fit, and
    /// (where nothing more can be dropped) the names wrapped.
    #[test]
    fn packed_rows_are_laid_out_as_comfy_table_lays_them() {
        let header = ["Fil", "ST-läkare", "Enhet", "Kvar", "Fel"];
        let rows: Vec<Vec<String>> = [
            [
                "b.toml",
                "山田 太郎 😀",
                "Medicinkliniken Växjö",
                "1 000,00",
                "12",
            ],
            ["a.toml", "Åsa Öberg-Nguyễn e\u{301}", "–", "lapsed", "0"],
            ["c.toml", "x\u{7}y\u{202e} z", "", "105 500,00", "3"],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        let packed: Vec<Packed> = rows.iter().map(|r| Packed::new(r)).collect();
        for width in [
            None,
            Some(200),
            Some(70),
            Some(50),
            Some(40),
            Some(30),
            Some(12),
        ] {
            let mut out = Vec::new();
            narrowed_to(&mut out, &header, &packed[..], &[3, 4], &[2], 1, width).expect("written");
            let (expected, _) = narrowed(&header, &rows, &[3, 4], &[2], 1, width);
            assert_eq!(
                String::from_utf8(out).expect("UTF-8"),
                expected,
                "{width:?}"
            );
        }
        let mut out = Vec::new();
        narrowed_to(&mut out, &header, &packed[..], &[3, 4], &[2], 1, None).expect("written");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "Fil     ST-läkare           Enhet                        Kvar  Fel\n\
             ───────────────────────────────────────────────────────────────────\n\
             b.toml  山田 太郎 😀        Medicinkliniken Växjö    1 000,00   12\n\
             a.toml  Åsa Öberg-Nguyễn e\u{301}  –                          lapsed    0\n\
             c.toml  x\\u{7}y\\u{202e} z                          105 500,00    3\n"
        );
        assert_eq!(packed[2].first(), "c.toml");
    }

    /// Where the name must wrap, the rows are laid out a chunk at a time, as
    /// comfy-table lays out the whole table: 700 rows (three chunks) of
    /// names short and long, with wide letters and words longer than the
    /// column, at every width from 10 to 90.
    #[test]
    fn wrapped_rows_are_laid_out_a_chunk_at_a_time_as_the_whole_table() {
        let header = ["Fil", "ST-läkare", "Enhet", "Kvar", "Fel"];
        let words = [
            "Anna",
            "Åsa",
            "Öberg-Nguyễn",
            "山田",
            "太郎",
            "Maria-Theresia",
            "Lindqvist",
            "Bo",
            "Karlssonsdottirsdottir",
            "e\u{301}va",
            "Li",
        ];
        let rows: Vec<Vec<String>> = (0..700usize)
            .map(|i| {
                let n = 1 + i % 4;
                let name: Vec<&str> = (0..n)
                    .map(|k| words[(i * 7 + k * 3) % words.len()])
                    .collect();
                vec![
                    format!("{:02}/t{i:04}.toml", i % 13),
                    name.join(" "),
                    ["Medicin", "Vårdcentralen Centrum", ""][i % 3].to_string(),
                    format!("{},00", i * 37 % 100_000),
                    (i % 17).to_string(),
                ]
            })
            .collect();
        same_as_whole(&header, &rows, (&[3, 4], &[2], 1), 10..=90);
    }

    /// Where the wrapping column is the last (the units' money by rule), the
    /// same: 700 rows of texts short and long, after a column of names up
    /// to 60 wide, at every width from 10 to 120.
    #[test]
    fn a_last_column_wrapped_is_laid_out_a_chunk_at_a_time_as_the_whole_table() {
        let header = ["Enhet", "År", "Kvar", "Per regel"];
        let words = [
            "K5",
            "1 000,00",
            "V11",
            "2 500,50,",
            "Å",
            "山田",
            "V9",
            "K12",
        ];
        let rows: Vec<Vec<String>> = (0..700usize)
            .map(|i| {
                let n = i % 9;
                let by: Vec<&str> = (0..n).map(|k| words[(i * 5 + k) % words.len()]).collect();
                vec![
                    "Vårdcentralen ".repeat(1 + i % 4),
                    (2020 + i % 11).to_string(),
                    format!("{},00", i * 37 % 100_000),
                    by.join(" "),
                ]
            })
            .collect();
        same_as_whole(&header, &rows, (&[1, 2], &[2], 3), 10..=120);
    }

    /// Holds [`narrowed_to`] of `rows` to comfy-table's whole table
    /// ([`narrowed`]) at every width of `widths`, naming the first line that
    /// differs.
    fn same_as_whole(
        header: &[&str],
        rows: &[Vec<String>],
        (right, drop, wraps): (&[usize], &[usize], usize),
        widths: std::ops::RangeInclusive<u16>,
    ) {
        let packed: Vec<Packed> = rows.iter().map(|r| Packed::new(r)).collect();
        for width in widths {
            let mut out = Vec::new();
            narrowed_to(
                &mut out,
                header,
                &packed[..],
                right,
                drop,
                wraps,
                Some(width),
            )
            .expect("written");
            let (expected, _) = narrowed(header, rows, right, drop, wraps, Some(width));
            let got = String::from_utf8(out).expect("UTF-8");
            let first = (got.lines().zip(expected.lines()).enumerate())
                .find(|(_, (a, b))| a != b)
                .map(|(i, (a, b))| format!("line {i}: {a:?} against {b:?}"));
            assert_eq!(first, None, "at {width} columns");
            assert_eq!(got, expected, "at {width} columns");
        }
    }
}
