//! The `[[subject]]` tables: the mandatory course subjects of the target
//! description a policy is for (VGR's twelve of general practice, 2015), each
//! with an id that ledgers write (`subject = "lakemedel"`) and names in Swedish
//! and English that people read.

use std::collections::HashSet;

use super::is_slug;
use crate::diag::InputError;
use crate::policy::model::{MandatorySubject, Text};
use crate::tomlx::{Reader, Value};

const SUBJECT_KEYS: &[&str] = &["id", "sv", "en"];

/// Reads every `[[subject]]`: ids unique slugs; a missing English name is a
/// warning, as for every text.
pub(super) fn read_subjects(
    r: &Reader<'_>,
    v: &Value<'_>,
    warnings: &mut Vec<InputError>,
) -> Result<Vec<MandatorySubject>, InputError> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for item in r.array("subject", v)? {
        let t = r.table("subject", item)?;
        let (mut id, mut sv, mut en) = (None, None, None);
        for (key, value) in t.iter() {
            match key.get_ref().as_ref() {
                "id" => id = Some((r.text("id", value)?, value)),
                "sv" => sv = Some(r.text("sv", value)?),
                "en" => en = Some(r.text("en", value)?),
                _ => return Err(r.unknown_key(key, "[[subject]]", SUBJECT_KEYS)),
            }
        }
        let missing = |key: &str| {
            r.err(
                item.span(),
                crate::msg!(
                    "[[subject]] saknar `{}`",
                    "[[subject]] is missing `{}`",
                    key
                ),
            )
            .with_hint(crate::msg!(
                "ett kursämne har id, sv och en: {}",
                "a course subject has id, sv and en: {}",
                "id = \"lakemedel\", sv = \"Läkemedel\", en = \"Pharmaceuticals\""
            ))
        };
        let (id, id_value) = id.ok_or_else(|| missing("id"))?;
        if !is_slug(&id) {
            return Err(r.err(
                id_value.span(),
                crate::msg!(
                    "kursämnets id {:?} får bara ha små bokstäver, siffror och bindestreck",
                    "subject id {:?} must be lowercase letters, digits and dashes",
                    id
                ),
            ));
        }
        if !seen.insert(id.clone()) {
            return Err(r.err(
                id_value.span(),
                crate::msg!(
                    "kursämnet {:?} finns två gånger",
                    "the subject {:?} is listed twice",
                    id
                ),
            ));
        }
        let sv = sv.ok_or_else(|| missing("sv"))?;
        if en.is_none() {
            warnings.push(
                r.err(
                    item.span(),
                    crate::msg!(
                        "kursämnet {:?} saknar engelskt namn (`en`): engelska utskrifter visar det svenska",
                        "the subject {:?} has no English name (`en`): English output will show the Swedish one",
                        id
                    ),
                )
                .with_hint("en = \"…\""),
            );
        }
        out.push(MandatorySubject {
            id,
            name: Text { sv, en },
        });
    }
    Ok(out)
}
