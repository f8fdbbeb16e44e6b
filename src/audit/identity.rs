//! Who a ledger belongs to, in a form a trainee cannot shake off by writing it
//! a little differently (docs/audit-register.md, "Identity").
//!
//! A name is compared by its key: Unicode NFKC, invisible characters removed,
//! case folded, and letters that look alike mapped to one (the confusable
//! "skeleton" of Unicode TR 39, from the `unicode-security` crate), so that
//! `Anna` with a Cyrillic `а` or a zero-width space is `Anna`. An id is compared
//! by the same key with spaces and punctuation removed and leading zeros of each
//! number dropped, so that `KRO-01`, `kro 1` and `KRO1` are one id. Ids decide
//! where both sides have one; a name decides only where one side has none,
//! since namesakes are certain among thousands of doctors.
//!
//! Also here: the same trainee or ledger in two files of one audit.

mod read;

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::finding::{Finding, Integrity, Others};
use crate::ledger::{Ledger, Record};
use crate::policy::Severity;

/// Case folded, look-alikes mapped to one letter, invisible characters gone.
fn fold(s: &str) -> String {
    fold_ascii(s).unwrap_or_else(|| fold_in_full(s))
}

/// [`fold_in_full`] of each ASCII character alone, where that is ASCII too
/// (`m` is `rn`, `0` is `O`, `I` is `l`).
static ASCII_FOLDS: std::sync::LazyLock<Vec<Option<String>>> = std::sync::LazyLock::new(|| {
    (0..128u8)
        .map(|b| Some(fold_in_full(&char::from(b).to_string())).filter(|f| f.is_ascii()))
        .collect()
});

/// [`fold_in_full`] of an ASCII text, character by character: every step of
/// it (NFKC, case folding, upper case, the skeleton, NFC) maps an ASCII
/// character alone, whatever stands beside it, so the fold of the text is
/// the folds of its characters one after the other, as long as each is
/// ASCII (nothing then composes across them). Most names and ids are ASCII,
/// and the full fold was 1.5 % of an audit; `None` for any other text.
fn fold_ascii(s: &str) -> Option<String> {
    if !s.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(s.len() + 4);
    for b in s.bytes() {
        out.push_str(ASCII_FOLDS[usize::from(b)].as_deref()?);
    }
    Some(out)
}

/// [`fold`] of any text, step by step.
fn fold_in_full(s: &str) -> String {
    // Case first (full folding: `ß` is `ss`), then the skeleton of the capitals:
    // a skeleton tells letters apart by case (a capital `I` looks like `l`, a
    // small `к` does not look like `k`), so both sides are given in one case.
    // The skeleton also drops default-ignorable code points (zero-width spaces,
    // soft hyphens).
    let folded = caseless::default_case_fold_str(&s.nfkc().collect::<String>());
    let skeleton: String = unicode_security::skeleton(&folded.to_uppercase()).collect();
    caseless::default_case_fold_str(&skeleton).nfc().collect()
}

/// The comparison key of a name.
pub fn name_key(name: &str) -> String {
    fold(name).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The comparison key of a trainee id, or `None` when nothing is left of it.
pub fn id_key(id: &str) -> Option<String> {
    let text: String = id.nfkc().collect();
    let mut key = String::with_capacity(text.len());
    let (mut number, mut word) = (String::new(), String::new());
    for c in text.chars().chain(['\0']) {
        if c.is_ascii_digit() {
            key.push_str(&fold(&std::mem::take(&mut word)));
            number.push(c);
            continue;
        }
        // Leading zeros go per number, before punctuation joins numbers up;
        // digits stay digits (a skeleton would make `1` an `l`).
        if !number.is_empty() {
            let n = number.trim_start_matches('0');
            key.push_str(if n.is_empty() { "0" } else { n });
            number.clear();
        }
        word.push(c);
    }
    key.push_str(&fold(&word));
    let key: String = key.chars().filter(|c| c.is_alphanumeric()).collect();
    (!key.is_empty()).then_some(key)
}

/// A ledger's identity: its uid and the trainee's name and id after every
/// trainee change, as written and as keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub uid: Option<String>,
    pub name: String,
    pub id: Option<String>,
    pub name_key: String,
    pub id_key: Option<String>,
}

impl Identity {
    pub fn new(uid: Option<&str>, name: &str, id: Option<&str>) -> Identity {
        Identity {
            uid: uid.map(|u| u.trim().to_string()).filter(|u| !u.is_empty()),
            name: name.to_string(),
            id: id.map(str::to_string),
            name_key: name_key(name),
            id_key: id.and_then(id_key),
        }
    }

    /// The identity of a parsed ledger: the trainee's name and id as its trainee
    /// changes leave them.
    pub fn of(l: &Ledger) -> Identity {
        Identity::of_as(l, None)
    }

    /// [`Identity::of`], or a clone of `known` (the first pass's) when it has
    /// the same uid, name and id: their keys are not worked out again.
    pub fn of_as(l: &Ledger, known: Option<&Identity>) -> Identity {
        let (mut name, mut id) = (l.trainee.name.as_str(), l.trainee.id.as_deref());
        for r in &l.records {
            if let Record::TraineeChange(i) = *r {
                let c = &l.trainee_changes[i as usize];
                name = c.name().unwrap_or(name);
                id = c.id().or(id);
            }
        }
        let uid = l.uid.as_deref().map(str::trim).filter(|u| !u.is_empty());
        match known {
            Some(k) if k.uid.as_deref() == uid && k.name == name && k.id.as_deref() == id => {
                k.clone()
            }
            _ => Identity::new(l.uid.as_deref(), name, id),
        }
    }

    /// The identity of a ledger's text, read for nothing else (the first pass
    /// of an audit, `read.rs`). `None` when the text is not TOML or has no
    /// trainee name; the full reading then says why.
    pub fn read(text: &str) -> Option<Identity> {
        let head = read::head(crate::tomlx::strip_bom(text))?;
        // The trainee changes' last name and id, over the trainee's own.
        let name = head.changed_name.unwrap_or(head.name?);
        let id = head.changed_id.or(head.id);
        Some(Identity::new(head.uid.as_deref(), &name, id.as_deref()))
    }

    /// The same trainee: the same id where both have one, else the same name.
    pub fn same_trainee(&self, name_key: &str, id_key: Option<&str>) -> bool {
        match (self.id_key.as_deref(), id_key) {
            (Some(a), Some(b)) => a == b,
            _ => self.name_key == name_key,
        }
    }
}

/// How many other paths a finding names before it says "and N more".
const NAMED: usize = 3;

/// The same ledger (uid) or the same trainee in two or more files of one audit:
/// an error on each of them, with or without a register; the same name with
/// other ids, a warning. `ids[i]` is the identity of input `i`, when it could be
/// read. Returns the findings by input.
pub fn duplicates(ids: &[Option<Identity>], paths: &[String]) -> HashMap<usize, Vec<Finding>> {
    let mut sets = Sets::new(ids.len());
    let mut by_uid: HashMap<&str, usize> = HashMap::new();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, x) in ids.iter().enumerate() {
        let Some(x) = x else { continue };
        if let Some(u) = &x.uid {
            sets.union(*by_uid.entry(u).or_insert(i), i);
        }
        if let Some(k) = &x.id_key {
            sets.union(*by_id.entry(k).or_insert(i), i);
        }
        by_name.entry(&x.name_key).or_default().push(i);
    }
    // A ledger without an id is the same trainee as every namesake.
    for members in by_name.values() {
        let lone = members
            .iter()
            .find(|&&i| ids[i].as_ref().is_some_and(|x| x.id_key.is_none()));
        if let Some(&lone) = lone {
            for &j in members {
                sets.union(lone, j);
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, x) in ids.iter().enumerate() {
        if x.is_some() {
            groups.entry(sets.find(i)).or_default().push(i);
        }
    }
    let mut out: HashMap<usize, Vec<Finding>> = HashMap::new();
    let uid_of = |i: usize| ids[i].as_ref().and_then(|x| x.uid.as_deref());
    let mut uid_count: HashMap<&str, usize> = HashMap::new();
    for u in (0..ids.len()).filter_map(uid_of) {
        *uid_count.entry(u).or_default() += 1;
    }
    for members in groups.values().filter(|m| m.len() > 1) {
        for &i in members {
            let copies = uid_of(i).map_or(0, |u| uid_count[u] - 1);
            let twin = |j: usize| j != i && uid_of(i).is_some() && uid_of(j) == uid_of(i);
            if copies > 0 {
                out.entry(i).or_default().push(Finding::integrity(
                    None,
                    Severity::Error,
                    Integrity::DuplicateUid {
                        uid: uid_of(i).unwrap_or_default().to_string(),
                        others: first_paths(members, paths, twin, copies),
                    },
                ));
            }
            let count = members.len() - 1 - copies;
            if count > 0 {
                let me = ids[i].as_ref();
                out.entry(i).or_default().push(Finding::integrity(
                    None,
                    Severity::Error,
                    Integrity::DuplicateTrainee {
                        name: me.map(|x| x.name.clone()).unwrap_or_default(),
                        id: me.and_then(|x| x.id.clone()),
                        others: first_paths(members, paths, |j| j != i && !twin(j), count),
                    },
                ));
            }
        }
    }
    namesakes(&by_name, &mut sets, paths, &mut out);
    out
}

/// Namesakes with other ids, in sets of their own: perhaps one person, perhaps
/// two. A warning on each.
fn namesakes(
    by_name: &HashMap<&str, Vec<usize>>,
    sets: &mut Sets,
    paths: &[String],
    out: &mut HashMap<usize, Vec<Finding>>,
) {
    for members in by_name.values().filter(|m| m.len() > 1) {
        let roots: Vec<usize> = members.iter().map(|&j| sets.find(j)).collect();
        let mut per_set: HashMap<usize, usize> = HashMap::new();
        for &r in &roots {
            *per_set.entry(r).or_default() += 1;
        }
        if per_set.len() < 2 {
            continue;
        }
        for (k, &i) in members.iter().enumerate() {
            let mine = roots[k];
            let count = members.len() - per_set[&mine];
            let others: Vec<usize> = (0..members.len())
                .filter(|&m| roots[m] != mine)
                .take(NAMED)
                .map(|m| members[m])
                .collect();
            out.entry(i).or_default().push(Finding::integrity(
                None,
                Severity::Warning,
                Integrity::PossibleDuplicate {
                    others: first_paths(&others, paths, |_| true, count),
                },
            ));
        }
    }
}

/// The paths of the first few of `members` that `keep` keeps, of `total`.
fn first_paths(
    members: &[usize],
    paths: &[String],
    keep: impl Fn(usize) -> bool,
    total: usize,
) -> Others {
    Others {
        paths: members
            .iter()
            .copied()
            .filter(|&j| keep(j))
            .take(NAMED)
            .map(|j| paths[j].clone())
            .collect(),
        total,
    }
}

/// Disjoint sets over input indices (union by size, path halving).
struct Sets {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl Sets {
    fn new(n: usize) -> Sets {
        Sets {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        let (big, small) = if self.size[a] >= self.size[b] {
            (a, b)
        } else {
            (b, a)
        };
        self.parent[small] = big;
        self.size[big] += self.size[small];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fold of an ASCII text character by character is the fold in
    /// full: every ASCII character alone, every pair of them, and texts of
    /// names, ids and letters that look alike; and a text beyond ASCII is
    /// folded in full.
    #[test]
    fn an_ascii_text_folds_as_its_characters_do() {
        let ascii: Vec<String> = (0..128u8).map(|b| char::from(b).to_string()).collect();
        let mut texts = ascii.clone();
        for a in &ascii {
            for b in &ascii {
                texts.push(format!("{a}{b}"));
            }
        }
        texts.extend(
            [
                "Anna Lindqvist",
                "KRO-01",
                "rn m",
                "Il1| O0o",
                "  Sara  KARLSSON ",
                "T000097",
            ]
            .map(String::from),
        );
        let mut fast = 0;
        for t in &texts {
            if let Some(f) = fold_ascii(t) {
                assert_eq!(f, fold_in_full(t), "{t:?}");
                fast += 1;
            }
        }
        // Nearly every ASCII text takes the fast way (not those with a
        // character whose fold is not ASCII).
        assert!(fast > texts.len() * 9 / 10, "{fast} of {}", texts.len());
        assert_eq!(fold_ascii("Åsa"), None);
        assert_eq!(fold("Åsa"), fold_in_full("Åsa"));
    }

    #[test]
    fn a_name_keeps_its_key_whatever_look_alikes_and_invisibles_it_holds() {
        let anna = name_key("Anna Lindqvist");
        assert_eq!(anna, name_key("ANNA  LINDQVIST"));
        // Cyrillic а, a zero-width space, a soft hyphen, full-width letters.
        assert_eq!(anna, name_key("Аnna Lind\u{200b}qvist"));
        assert_eq!(anna, name_key("Anna Lind\u{ad}qvist"));
        assert_eq!(anna, name_key("Ａｎｎａ Lindqvist"));
        assert_ne!(anna, name_key("Anna Lindkvist"));
        assert_eq!(name_key("Strauß"), name_key("STRAUSS"));
        assert_ne!(name_key("Åsa"), name_key("Asa"));
    }

    #[test]
    fn an_id_keeps_its_key_whatever_case_spaces_punctuation_and_leading_zeros() {
        let kro = id_key("KRO-1");
        assert_eq!(kro.as_deref(), Some("kro1"));
        for same in ["kro-1", "KRO-01", "KRO 001", "kro1", "KRO‐1", "КRO-1"] {
            assert_eq!(id_key(same), kro, "{same}");
        }
        assert_ne!(id_key("KRO-10"), kro);
        assert_eq!(id_key("A-01-02"), id_key("a 1 2"));
        assert_eq!(id_key("19800101-1234"), id_key("198001011234"));
        assert_eq!(id_key("KRO-0"), id_key("kro 000"));
        assert_ne!(id_key("KRO-0"), id_key("KRO"));
        assert_eq!(id_key(" - "), None);
    }

    fn ids(list: &[(&str, &str, Option<&str>)]) -> Vec<Option<Identity>> {
        list.iter()
            .map(|(uid, name, id)| Some(Identity::new(Some(uid), name, *id)))
            .collect()
    }

    fn rules(found: &HashMap<usize, Vec<Finding>>, i: usize) -> Vec<&str> {
        found
            .get(&i)
            .map_or(Vec::new(), |v| v.iter().map(|f| f.rule(None)).collect())
    }

    #[test]
    fn the_same_trainee_or_ledger_twice_is_an_error_on_both() {
        let paths: Vec<String> = (0..6).map(|i| format!("{i}.toml")).collect();
        let found = duplicates(
            &ids(&[
                ("u1", "Anna", Some("KRO-1")),
                ("u2", "Anna L", Some("kro-01")),
                ("u3", "Bo", None),
                ("u4", "BO", Some("x")),
                ("u5", "Cia", Some("1")),
                ("u5", "Cia", Some("1")),
            ]),
            &paths,
        );
        assert_eq!(rules(&found, 0), ["duplicate-trainee"]);
        assert_eq!(rules(&found, 1), ["duplicate-trainee"]);
        assert_eq!(rules(&found, 2), ["duplicate-trainee"]);
        assert_eq!(rules(&found, 3), ["duplicate-trainee"]);
        assert_eq!(rules(&found, 4), ["duplicate-uid"]);
        assert!(matches!(
            &found[&4][0].what,
            crate::audit::What::Integrity(i) if matches!(
                &i.what,
                Integrity::DuplicateUid { others, .. }
                    if others.paths == ["5.toml"] && others.total == 1
            )
        ));
    }

    #[test]
    fn the_first_pass_reads_the_identity_the_ledger_has() {
        let text = "format = 1\nuid = \" u9 \"\n[trainee]\nname = \"Anna\"\npolicy = \"p\"\nstart = 2024-01-08\n\n[[trainee_change]]\nid = \"KRO-7\"\n\n[[entry]]\nid = 1\ndate = 2024-02-01\nkind = \"course\"\ndescription = \"K\"\namount = 1\n\n[[trainee_change]]\nname = \"Anna B\"\n";
        let full = Identity::of(&crate::ledger::parse("t.toml", text).expect("parses"));
        assert_eq!(Identity::read(text), Some(full.clone()));
        assert_eq!(full.name, "Anna B");
        assert_eq!(full.id.as_deref(), Some("KRO-7"));
        assert_eq!(full.uid.as_deref(), Some("u9"));
        assert_eq!(Identity::read("format = 1\n"), None);
    }

    #[test]
    fn namesakes_with_other_ids_are_a_warning() {
        let paths: Vec<String> = (0..2).map(|i| format!("{i}.toml")).collect();
        let found = duplicates(
            &ids(&[
                ("u1", "Erik Berg", Some("1")),
                ("u2", "Erik Berg", Some("2")),
            ]),
            &paths,
        );
        assert_eq!(rules(&found, 0), ["possible-duplicate"]);
        assert_eq!(rules(&found, 1), ["possible-duplicate"]);
        assert_eq!(found[&0][0].severity(), Severity::Warning);
    }
}
