//! The prompts of the guided `add`, over `inquire`: a value checked as it is
//! typed by the parser its flag uses (a wrong answer shows the parser's message
//! and is asked again), yes or no in the language of messages, a choice from a
//! list. Esc and Ctrl-C come back as a [`Halt`], never as an answer. This is
//! the only place in the crate that names the prompt crate (tests/layers.rs).

use inquire::validator::Validation;
use inquire::{Confirm, InquireError, Select, Text};

/// Why no answer came.
#[derive(Debug)]
pub enum Halt {
    /// Esc: the person stepped out of the dialogue.
    Cancelled,
    /// Ctrl-C.
    Interrupted,
    /// What stops it was said already: nothing is written (exit 1).
    Refused,
    /// The terminal failed.
    Failed(anyhow::Error),
}

impl From<InquireError> for Halt {
    fn from(e: InquireError) -> Halt {
        match e {
            InquireError::OperationCanceled => Halt::Cancelled,
            InquireError::OperationInterrupted => Halt::Interrupted,
            other => Halt::Failed(anyhow::anyhow!(crate::msg!(
                "frågorna på terminalen misslyckades: {}",
                "the questions on the terminal failed: {}",
                other
            ))),
        }
    }
}

/// Sets what every prompt shows in the language of messages (a question left
/// with Esc), and no colour where `NO_COLOR` asks for none.
pub fn speak() {
    let config = inquire::ui::RenderConfig::default().with_canceled_prompt_indicator(
        inquire::ui::Styled::new(crate::msg!("<avbrutet>", "<cancelled>")),
    );
    inquire::set_global_render_config(config);
}

/// What a question shows beside its message.
#[derive(Clone, Copy, Debug, Default)]
pub struct Shown<'a> {
    /// A line under the question.
    pub help: Option<&'a str>,
    /// The text the answer starts from, to be edited (a previous answer).
    pub initial: Option<&'a str>,
    /// What an empty answer means.
    pub default: Option<&'a str>,
}

/// A value typed and checked by `parse` as it is typed: a wrong answer is told
/// `parse`'s message and asked again. Returns the value and the text it was
/// read from.
pub fn value<T>(
    message: &str,
    shown: Shown<'_>,
    parse: impl Fn(&str) -> Result<T, String> + Clone + 'static,
) -> Result<(T, String), Halt> {
    let check = parse.clone();
    let validator = move |s: &str| -> Result<Validation, inquire::CustomUserError> {
        Ok(match check(s) {
            Ok(_) => Validation::Valid,
            Err(m) => Validation::Invalid(crate::diag::sanitize(&m).into_owned().into()),
        })
    };
    let mut text = Text::new(message).with_validator(validator);
    if let Some(h) = shown.help {
        text = text.with_help_message(h);
    }
    if let Some(i) = shown.initial {
        text = text.with_initial_value(i);
    }
    if let Some(d) = shown.default {
        text = text.with_default(d);
    }
    let typed = text.prompt()?;
    match parse(&typed) {
        Ok(v) => Ok((v, typed)),
        // The validator passed it: a parser that changes its mind is a bug.
        Err(m) => Err(Halt::Failed(anyhow::anyhow!(m))),
    }
}

/// As [`value`], where an empty answer means none.
pub fn optional<T>(
    message: &str,
    shown: Shown<'_>,
    parse: impl Fn(&str) -> Result<T, String> + Clone + 'static,
) -> Result<(Option<T>, String), Halt> {
    value(message, shown, move |s: &str| {
        if s.trim().is_empty() {
            Ok(None)
        } else {
            parse(s).map(Some)
        }
    })
}

/// Yes or no, typed in the language of messages or the other (`ja`, `j`,
/// `yes`, `nej`, `n`, `no`: the flags' parser), with a default for Enter.
pub fn yes_no(message: &str, default: bool, help: Option<&str>) -> Result<bool, Halt> {
    let mut c = Confirm::new(message)
        .with_default(default)
        .with_parser(&|s| crate::cli::parse_bool(s).map_err(|_| ()))
        .with_formatter(&|b| yes_no_word(b).to_string())
        .with_default_value_formatter(&|b| {
            if b {
                crate::msg!("J/n", "Y/n")
            } else {
                crate::msg!("j/N", "y/N")
            }
            .to_string()
        })
        .with_error_message(crate::msg!("svara ja eller nej", "answer yes or no"));
    if let Some(h) = help {
        c = c.with_help_message(h);
    }
    Ok(c.prompt()?)
}

/// "yes" or "no" in the language of messages.
pub fn yes_no_word(b: bool) -> &'static str {
    if b {
        crate::msg!("ja", "yes")
    } else {
        crate::msg!("nej", "no")
    }
}

/// One of `options`, shown by `label`, starting at `cursor`; typing filters
/// the list by `matches` (the words an option answers to).
pub fn choose<T: Clone>(
    message: &str,
    options: &[T],
    label: impl Fn(&T) -> String,
    matches: impl Fn(&T, &str) -> bool,
    cursor: usize,
) -> Result<T, Halt> {
    let labelled: Vec<Choice> = options
        .iter()
        .enumerate()
        .map(|(index, o)| Choice {
            index,
            label: crate::diag::sanitize(&label(o)).into_owned(),
        })
        .collect();
    let scorer = |typed: &str, c: &Choice, _: &str, _: usize| -> Option<i64> {
        matches(&options[c.index], typed).then_some(0)
    };
    let picked = Select::new(message, labelled)
        .with_help_message(crate::msg!(
            "↑↓ flyttar, Enter väljer, skriv för att filtrera, Esc avbryter",
            "↑↓ to move, Enter to choose, type to filter, Esc to cancel"
        ))
        .with_starting_cursor(cursor)
        .with_scorer(&scorer)
        .with_page_size(10)
        .prompt()?;
    Ok(options[picked.index].clone())
}

/// An option of a list, by its place.
#[derive(Clone)]
struct Choice {
    index: usize,
    label: String,
}

impl std::fmt::Display for Choice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}
