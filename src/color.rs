//! Colour for people, never for pipes: on only when the stream is a terminal and
//! `NO_COLOR` is unset (anstream decides, also honouring `CLICOLOR_FORCE` and
//! `TERM=dumb`). Text is styled with ANSI codes and written through an
//! [`anstream::AutoStream`], which strips them whenever colour is off, so a
//! renderer never has to ask.

use anstyle::{AnsiColor, Style};

pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
pub const OK: Style = AnsiColor::Green.on_default();
pub const HINT: Style = AnsiColor::Cyan.on_default();
pub const DIM: Style = Style::new().dimmed();

/// `text` in `style`. Callers pass text that is already sanitised.
pub fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// Whether colour goes to standard output.
pub fn stdout_on() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn painted_text_is_wrapped_in_codes_that_strip_to_the_text() {
        let p = paint(ERROR, "fel");
        assert!(p.starts_with('\u{1b}'));
        assert_eq!(anstream::adapter::strip_str(&p).to_string(), "fel");
    }
}
