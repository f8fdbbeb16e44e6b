//! Just enough Markdown to hold docs/input-errors.md to the catalogue: the rows
//! of its tables, their cells and code spans, and what a quote may stand for.

/// A row of a table of the doc: its line, its answer (the second cell) and the
/// tests it names (the code spans of the last cell, "tested by"), or whether it
/// says plainly that it is not tested.
pub struct Row {
    pub line: usize,
    pub answer: String,
    pub names: Vec<String>,
    pub untested: bool,
}

/// The rows of every table of `text`, without header and separator rows.
pub fn rows(text: &str) -> Vec<Row> {
    let lines: Vec<&str> = text.lines().collect();
    let is_separator = |l: &str| l.starts_with("|--") || l.starts_with("| --");
    lines
        .iter()
        .enumerate()
        .filter(|(i, l)| {
            l.starts_with('|')
                && !is_separator(l)
                && !lines.get(i + 1).is_some_and(|next| is_separator(next))
        })
        .map(|(i, l)| {
            let cells = cells(l);
            let last = cells.last().map_or("", String::as_str);
            Row {
                line: i + 1,
                answer: cells.get(1).cloned().unwrap_or_default(),
                names: code_spans(last),
                untested: last.trim().starts_with("not tested"),
            }
        })
        .collect()
}

/// The cells of a table row; `\|` is a `|` inside a cell.
fn cells(row: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = row.trim().trim_start_matches('|').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cells.last_mut().expect("a cell").push('|');
                chars.next();
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().expect("a cell").push(c),
        }
    }
    if cells.last().is_some_and(|c| c.trim().is_empty()) {
        cells.pop();
    }
    cells
}

/// The code spans of a Markdown text: `` `x` `` or ``` `` a `b` `` ```.
pub fn code_spans(text: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('`') {
        let ticks = rest[start..].len() - rest[start..].trim_start_matches('`').len();
        let fence = "`".repeat(ticks);
        let body = &rest[start + ticks..];
        // The closing run has exactly as many backticks.
        let mut from = 0;
        let close = loop {
            match body[from..].find(&fence) {
                Some(at) => {
                    let at = from + at;
                    if body[at + ticks..].starts_with('`') {
                        from = at + body[at..].len() - body[at..].trim_start_matches('`').len();
                    } else {
                        break Some(at);
                    }
                }
                None => break None,
            }
        };
        let Some(close) = close else { break };
        let span = &body[..close];
        let span = match span.strip_prefix(' ').and_then(|s| s.strip_suffix(' ')) {
            Some(inner) if !inner.trim().is_empty() => inner,
            _ => span,
        };
        spans.push(span.to_string());
        rest = &body[close + ticks..];
    }
    spans
}

/// Whether `text` holds what the doc quotes: `FILE`, `LINE`, `COL` and `…` stand
/// for anything, the rest must appear in this order.
pub fn quotes(text: &str, quote: &str) -> bool {
    let mut pattern = quote.to_string();
    for wildcard in ["FILE", "LINE", "COL"] {
        pattern = pattern.replace(wildcard, "…");
    }
    let mut at = 0;
    pattern
        .split('…')
        .filter(|p| !p.is_empty())
        .all(|piece| match text[at..].find(piece) {
            Some(found) => {
                at += found + piece.len();
                true
            }
            None => false,
        })
}

/// The numbers N of "exit N" in a text.
pub fn exits(text: &str) -> Vec<i32> {
    text.match_indices("exit ")
        .filter_map(|(i, m)| {
            let digits: String = text[i + m.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_doc_check_reads_markdown_as_meant() {
        assert_eq!(
            code_spans("a `x` and `` `entry` must be `` + `y\\|z`"),
            ["x", "`entry` must be", "y\\|z"]
        );
        assert_eq!(cells("| `a \\| b` | c |"), [" `a | b` ", " c "]);
        assert!(quotes(
            "error: led.toml:13:10: x is y (z)",
            "FILE:LINE:COL: x is … (z)"
        ));
        assert!(!quotes("error: b then a", "a … b"));
        assert_eq!(exits("exit 2, or exit 1; exits 0"), [2, 1]);
    }
}
