//! What `[[role]]` and `[[subject]]` tables share: an id that ledgers and
//! rules write (a slug) and names in Swedish and English that people read.

use super::is_slug;
use crate::diag::InputError;
use crate::policy::model::Text;
use crate::tomlx::{Reader, Value};

const KEYS: &[&str] = &["id", "sv", "en"];

/// How one kind of named table is spoken of in its messages.
pub(super) struct Words {
    /// The table as written: `[[role]]`.
    pub table: &'static str,
    /// Its array's key: `role`.
    pub key: &'static str,
    /// The hint when a key is missing, with an example.
    pub example: fn() -> String,
    /// An id that is not a slug.
    pub not_a_slug: fn(&str) -> String,
    /// An English name left out (a warning).
    pub no_english: fn(&str) -> String,
}

/// Reads one table `{ id, sv, en }`: its id (a slug) with the value it was
/// read from, and its names; a missing English name is a warning, as for
/// every text.
pub(super) fn read_named<'v, 'i>(
    r: &Reader<'_>,
    v: &'v Value<'i>,
    words: &Words,
    warnings: &mut Vec<InputError>,
) -> Result<(String, &'v Value<'i>, Text), InputError> {
    let t = r.table(words.key, v)?;
    let (mut id, mut sv, mut en) = (None, None, None);
    for (key, value) in t.iter() {
        match key.get_ref().as_ref() {
            "id" => id = Some((r.text("id", value)?, value)),
            "sv" => sv = Some(r.text("sv", value)?),
            "en" => en = Some(r.text("en", value)?),
            _ => return Err(r.unknown_key(key, words.table, KEYS)),
        }
    }
    let missing = |key: &str| {
        r.err(
            v.span(),
            crate::msg!("{} saknar `{}`", "{} is missing `{}`", words.table, key),
        )
        .with_hint((words.example)())
    };
    let (id, id_value) = id.ok_or_else(|| missing("id"))?;
    if !is_slug(&id) {
        return Err(r.err(id_value.span(), (words.not_a_slug)(&id)));
    }
    let sv = sv.ok_or_else(|| missing("sv"))?;
    if en.is_none() {
        warnings.push(
            r.err(v.span(), (words.no_english)(&id))
                .with_hint("en = \"…\""),
        );
    }
    Ok((id, id_value, Text { sv, en }))
}
