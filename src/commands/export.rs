//! `st-budget export -o FILE`: a sealed copy of the ledger for the director of
//! studies. The working ledger is only read, except that a ledger without a
//! `uid` (written by hand, or one whose uid was deleted) is given one first,
//! under its lock, so that no export ever leaves without an identity the
//! director's register can follow.

use std::path::Path;

use anyhow::Result;

use super::{Bug, Ctx, Outcome};
use crate::cli::ExportArgs;
use crate::diag::InputError;
use crate::ledger::{self, Ledger, seal};

pub fn run(ctx: &Ctx, a: ExportArgs) -> Result<Outcome> {
    let Some(output) = a.output.clone() else {
        return Err(no_output(ctx)?.into());
    };
    let a = Export {
        output,
        force: a.force,
    };
    let same = match (
        std::fs::canonicalize(&ctx.ledger_path),
        std::fs::canonicalize(&a.output),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    if same {
        return Err(InputError::new(
            a.output.display().to_string(),
            crate::msg!(
                "det här är den liggare du arbetar i; en export är en separat kopia",
                "this is the working ledger; an export is a separate copy",
            ),
        )
        .with_hint(crate::msg!(
            "ange en annan fil med -o FIL",
            "name another file with -o FILE",
        ))
        .into());
    }
    let (text, l) = ledger::load(&ctx.ledger_path)?;
    let (text, l) = match l.uid {
        Some(_) => (text, l),
        None => give_uid(&ctx.ledger_path, &text, &l)?,
    };
    let chain = seal::chain(&l);
    // Exporting an exported ledger replaces its seal; say so when the old one no
    // longer held, because the new seal covers the ledger as it is now.
    if let seal::SealCheck::Broken { message, .. } = seal::verify(&l, &chain) {
        crate::diag::report_warning(
            &crate::msg!(
                "{}: den tidigare förseglingen stämmer inte längre ({}); exporten förseglar liggaren som den är nu",
                "{}: the previous seal no longer matches ({}); the export seals the ledger as it is now",
                ctx.ledger_path.display(),
                message
            ),
            None,
        );
    }
    let body = match &l.seal {
        Some(s) => without_seal(&text, s.offset),
        None => text.clone(),
    };
    let sealed = ledger::write::append(&body, &seal::render(&chain, ctx.today));
    // What is written must read back sealed: never hand over a broken export.
    let shown = a.output.display().to_string();
    let back = ledger::parse(&shown, &sealed)
        .map_err(|e| Bug(format!("the export does not load ({e})")))?;
    if seal::verify(&back, &seal::chain(&back)) != seal::SealCheck::Sealed {
        return Err(Bug("the export does not verify; nothing was written".to_string()).into());
    }
    if a.force {
        let _lock = crate::store::lock(&a.output)?;
        crate::store::replace(&a.output, sealed.as_bytes())?;
    } else if a.output.exists() {
        return Err(InputError::new(
            shown,
            crate::msg!("filen finns redan", "the file already exists"),
        )
        .with_hint(crate::msg!(
            "lägg till --force för att ersätta den",
            "add --force to replace it",
        ))
        .into());
    } else {
        crate::store::create(&a.output, sealed.as_bytes())?;
    }
    eprintln!(
        "{} {} ({} {})",
        crate::msg!(ctx.lang => "exporterade", "exported"),
        crate::diag::sanitize(&a.output.display().to_string()),
        chain.len(),
        crate::msg!(ctx.lang => "poster förseglade", "records sealed"),
    );
    Ok(Outcome::Clean)
}

/// Gives the working ledger at `path` a new uid, atomically under its lock, and
/// says so. Returns its new text, read back.
fn give_uid(path: &Path, text: &str, l: &Ledger) -> Result<(String, Ledger)> {
    let _lock = super::lock_ledger(path)?;
    if ledger::read_text(path)? != text {
        anyhow::bail!(crate::msg!(
            "{} ändrades medan kommandot körde; inget skrevs, kör det igen",
            "{} changed while this command ran; nothing was written, run it again",
            path.display()
        ));
    }
    let uid = super::init::new_uid(&l.trainee);
    let new_text = ledger::write::with_uid(text, &uid);
    let shown = path.display().to_string();
    let back = ledger::parse(&shown, &new_text).map_err(|e| {
        Bug(format!(
            "the ledger with its new uid does not load ({e}); nothing was written"
        ))
    })?;
    if back.uid.as_deref() != Some(uid.as_str()) || back.records.len() != l.records.len() {
        return Err(Bug("the new uid did not read back; nothing was written".to_string()).into());
    }
    crate::store::replace(path, new_text.as_bytes())?;
    crate::diag::report_warning(
        &crate::msg!(
            "{} hade ingen uid och fick {} (skriven i liggaren): studierektorns register följer liggaren med den",
            "{} had no uid and was given {} (written into it): the director's register follows the ledger by it",
            crate::diag::sanitize(&shown),
            uid
        ),
        None,
    );
    Ok((new_text, back))
}

/// What `export` writes, and whether it may replace a file.
struct Export {
    output: std::path::PathBuf,
    force: bool,
}

/// `export` without `-o`: a file name to use (the trainee's name and today),
/// and what to do with the file.
fn no_output(ctx: &Ctx) -> Result<InputError> {
    let (_, l) = ledger::load(&ctx.ledger_path)?;
    let name = l.effective().trainee.name;
    let mut slug = String::new();
    for c in crate::ledger::words::normalise(&name).chars() {
        match c {
            c if c.is_alphanumeric() => slug.push(c),
            _ if !slug.ends_with('-') => slug.push('-'),
            _ => {}
        }
    }
    let file = format!("{}-{}.toml", slug.trim_matches('-'), ctx.today);
    Ok(InputError::new(
        "export",
        crate::msg!(
            "ange filen att skriva med -o FIL",
            "name the file to write with -o FILE"
        ),
    )
    .with_hint(crate::msg!(
        "till exempel `st-budget export -o {}`, och skicka sedan den filen till din studierektor",
        "for example `st-budget export -o {}`, then send that file to your director of studies",
        file
    )))
}

/// The text without its `[seal]` table: from the start of the header's line to
/// the next table header (or the end of the file). The comment line the export
/// writes just above the header goes with it.
fn without_seal(text: &str, offset: usize) -> String {
    let text = crate::tomlx::strip_bom(text);
    let offset = offset.min(text.len());
    let mut start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let above = text[..start].trim_end_matches(['\n', '\r']);
    let comment_start = above.rfind('\n').map_or(0, |i| i + 1);
    if above[comment_start..].starts_with("# Written by `st-budget export`") {
        start = comment_start;
    }
    // The seal's own lines are keys, strings of its chain and `]`: the next line
    // that opens with `[` is the next table.
    let body = text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1);
    let mut end = text.len();
    let mut at = body;
    for line in text[body..].split_inclusive('\n') {
        if line.trim_start().starts_with('[') {
            end = at;
            break;
        }
        at += line.len();
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(text[..start].trim_end_matches(['\n', '\r']));
    out.push('\n');
    if end < text.len() {
        out.push('\n');
    }
    out.push_str(&text[end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seal_table_is_cut_out_and_the_rest_kept() {
        let text = "format = 1\n[trainee]\nname = \"A\"\npolicy = \"p\"\nstart = 2024-01-08\n\n# Written by `st-budget export`; x\n[seal]\nalgorithm = \"a\"\nrecords = 1\nhash = \"h\"\nchain = [\n  \"trainee h\",\n]\n\n[[entry]]\nid = 1\ndate = 2024-02-01\nkind = \"course\"\ndescription = \"K\"\namount = 1\n";
        let l = ledger::parse("t", text).expect("parses");
        let offset = l.seal.as_ref().expect("sealed").offset;
        let out = without_seal(text, offset);
        assert_eq!(
            out,
            "format = 1\n[trainee]\nname = \"A\"\npolicy = \"p\"\nstart = 2024-01-08\n\n[[entry]]\nid = 1\ndate = 2024-02-01\nkind = \"course\"\ndescription = \"K\"\namount = 1\n"
        );
    }
}
