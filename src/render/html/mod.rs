//! HTML for people who read in a browser or on paper: the trainee's report
//! (`st-budget report`, in `trainee.rs`) and the director's audit page (in
//! `audit.rs`).
//!
//! Each page is one self-contained file: inline CSS (`style.css`) and SVG
//! (`chart.rs`), one inline script for sorting (`sort.js`), print styles, and a
//! Content-Security-Policy that forbids every request and lets no script run but
//! that one, named by its sha256. A page must never load anything from the
//! network.
//!
//! The pages are built with maud, which escapes whatever is spliced into them;
//! text that comes from a file (names, descriptions, paths, policy texts) goes
//! through [`text`] as well, which also makes control characters visible and
//! escapes quotes. Nothing here builds markup by joining strings.

mod audit;
mod chart;
mod trainee;

pub use audit::{AuditPage, AuditRow, Integrity, NotAudited, audit_report, audit_row};
pub use trainee::trainee_report;

use std::sync::LazyLock;

use maud::{DOCTYPE, Markup, PreEscaped, html};
use sha2::{Digest, Sha256};

use super::{money, severity_word};
use crate::diag::sanitize;
use crate::i18n::Lang;
use crate::money::Amount;
use crate::policy::Severity;

/// The page's style, screen and print.
const STYLE: &str = include_str!("style.css");

/// Sorting by a click on a column heading, and details opened for printing.
const SORT_SCRIPT: &str = include_str!("sort.js");

/// No request of any kind; the inline style; the one script, by its hash.
static CSP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; script-src '{}'; img-src data:",
        csp_hash(SORT_SCRIPT)
    )
});

/// A script's source as a Content-Security-Policy names it: `sha256-` and the
/// base64 of its SHA-256, computed over exactly the text between the tags.
pub fn csp_hash(script: &str) -> String {
    format!("sha256-{}", base64(&Sha256::digest(script.as_bytes())))
}

/// Standard base64 with padding (RFC 4648 §4), as CSP hashes are written.
fn base64(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(DIGITS[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Escapes text for HTML element content and quoted attribute values; unlike
/// maud's own escaping, single quotes too.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text from a file, safe for HTML: control characters made visible, then escaped.
pub fn text(s: &str) -> Markup {
    PreEscaped(escape(&sanitize(s)))
}

/// The page around a body: the head with the policy and the style, the body
/// and the one script. The line breaks only make the source easier to read.
fn page(lang: Lang, title: &str, body: Markup) -> String {
    let code = match lang {
        Lang::Sv => "sv",
        Lang::En => "en",
    };
    html! {
        (DOCTYPE) "\n"
        html lang=(code) {
            "\n"
            head {
                "\n" meta charset="utf-8";
                "\n" meta name="viewport" content="width=device-width, initial-scale=1";
                "\n" meta http-equiv="Content-Security-Policy" content=(CSP.as_str());
                "\n" meta name="generator" content=(concat!("st-budget ", env!("CARGO_PKG_VERSION")));
                "\n" title { (text(title)) }
                "\n" style { (PreEscaped(STYLE)) }
                "\n"
            }
            "\n"
            body {
                "\n" (body)
                "\n" script { (PreEscaped(SORT_SCRIPT)) }
                "\n"
            }
            "\n"
        }
        "\n"
    }
    .into_string()
}

/// A column of a table: its heading, and whether it holds numbers (set right).
#[derive(Clone, Copy)]
struct Col {
    head: &'static str,
    num: bool,
}

/// A column of words.
fn col(head: &'static str) -> Col {
    Col { head, num: false }
}

/// A column of numbers.
fn num(head: &'static str) -> Col {
    Col { head, num: true }
}

/// A table: the headings, then the rows. A `sortable` table sorts by a click on
/// a heading (sort.js), by a cell's `data-sort` where it has one.
fn table(sortable: bool, id: Option<&str>, cols: &[Col], rows: Markup) -> Markup {
    html! {
        table class=[sortable.then_some("sortable")] id=[id] {
            thead {
                tr {
                    @for c in cols {
                        th class=[c.num.then_some("num")] { (c.head) }
                    }
                }
            }
            "\n"
            tbody { (rows) }
        }
    }
}

/// A money cell that sorts by öre.
fn money_td(a: Amount, lang: Lang) -> Markup {
    html! { td.num data-sort=(a.ore()) { (money(a, lang)) } }
}

/// A word in a coloured frame; `class` is ok, warning, error or info.
fn badge(class: &str, label: &str) -> Markup {
    html! { span.badge.(class) { (label) } }
}

/// One finding in a list: its severity, the rule's reference, the message.
fn finding_li(sev: Severity, reference: &str, message: &str, l: Lang) -> Markup {
    html! {
        li.(sev.as_str()) {
            (badge(sev.as_str(), severity_word(sev, l))) " " b { (text(reference)) } " " (text(message))
        }
        "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(
            text("<script>alert('x')</script> & \"q\"\u{1b}[2J").into_string(),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\\u{1b}[2J"
        );
    }

    #[test]
    fn base64_and_the_hash_of_nothing_are_the_standard_ones() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
        assert_eq!(
            csp_hash(""),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn the_page_allows_its_one_script_by_hash_and_nothing_else() {
        let html = page(Lang::En, "T <i>", html! { p { "body" } });
        assert_eq!(html.matches("<script").count(), 1);
        let script = &html[html.find("<script>").expect("script") + "<script>".len()..];
        let script = &script[..script.find("</script>").expect("end")];
        assert_eq!(script, SORT_SCRIPT);
        let csp = format!(
            "content=\"default-src 'none'; style-src 'unsafe-inline'; script-src '{}'; img-src data:\"",
            csp_hash(script)
        );
        assert!(html.contains(&csp), "{html}");
        assert!(!html.contains("unsafe-inline'; script-src 'unsafe-inline"));
        assert!(html.contains("<title>T &lt;i&gt;</title>"));
        // The included files cannot end their element early.
        assert!(!SORT_SCRIPT.contains("</"));
        assert!(!STYLE.contains("</"));
    }

    #[test]
    fn a_table_writes_its_headings_once_numbers_set_right() {
        let t = table(
            true,
            Some("t"),
            &[col("A"), num("B")],
            html! { tr { td { "a" } } },
        );
        assert_eq!(
            t.into_string(),
            "<table class=\"sortable\" id=\"t\"><thead><tr><th>A</th><th class=\"num\">B</th></tr></thead>\n<tbody><tr><td>a</td></tr></tbody></table>"
        );
        let plain = table(false, None, &[col("A")], html! {}).into_string();
        assert!(plain.starts_with("<table><thead>"), "{plain}");
    }
}
