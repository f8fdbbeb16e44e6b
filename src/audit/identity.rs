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
use crate::ledger::{Ledger, Record, short_enough};
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

    /// [`Identity::of`], with the keys of `known` (the first pass's) when it
    /// has the same uid, name and id, all kept as texts: their keys are not
    /// worked out again.
    pub fn of_as(l: &Ledger, known: Option<Keys<'_>>) -> Identity {
        let (mut name, mut id) = (l.trainee.name.as_str(), l.trainee.id.as_deref());
        for r in &l.records {
            if let Record::TraineeChange(i) = *r {
                let c = &l.trainee_changes[i as usize];
                name = c.name().unwrap_or(name);
                id = c.id().or(id);
            }
        }
        let uid = l.uid.as_deref().map(str::trim).filter(|u| !u.is_empty());
        // A long text's key is its digest, never `Key::Text`.
        if let Some(k) = known
            && k.name == Key::Text(name)
            && k.id == id.map(Key::Text)
            && k.uid == uid.map(Key::Text)
            && let Some(name_key) = k.name_key.text()
            && k.id_key.is_none_or(|x| x.text().is_some())
        {
            return Identity {
                uid: uid.map(str::to_string),
                name: name.to_string(),
                id: id.map(str::to_string),
                name_key: name_key.to_string(),
                id_key: k.id_key.and_then(Key::text).map(str::to_string),
            };
        }
        Identity::new(l.uid.as_deref(), name, id)
    }

    /// The identity of a ledger's text, read for nothing else (the first pass
    /// of an audit, `read.rs`). `None` when the text is not TOML or has no
    /// trainee name; the full reading then says why.
    pub fn read(text: &str) -> Option<Identity> {
        let head = read::head(crate::tomlx::strip_bom(text))?;
        // The trainee changes' last name and id, over the trainee's own.
        let name = head.changed_name.unwrap_or(head.name?);
        let id = head.changed_id.or(head.id);
        // Longer texts are refused by the full reading
        // ([`crate::ledger::MAX_NAME_CHARS`]):
        // not worked on here.
        let short = |t: &Option<String>| t.as_deref().is_none_or(short_enough);
        if !(short_enough(&name) && short(&id) && short(&head.uid)) {
            return None;
        }
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

/// A text longer than this is compared by its SHA-256 digest ([`Key`]).
const SHORT: usize = 64;

/// A text as the audit compares it across ledgers: itself when it is short
/// (every real name, id and uid), else its SHA-256 digest. What the audit
/// keeps of each ledger until the end is then at most a few hundred bytes,
/// whatever the ledger says: a trainee name of 16 MiB in each of a handful of
/// files must not take the director's memory. Two texts have one key exactly
/// when they are the same (short), or as surely as SHA-256 holds (long).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key<'a> {
    Text(&'a str),
    Digest([u8; 32]),
}

impl<'a> Key<'a> {
    pub fn of(text: &'a str) -> Key<'a> {
        if text.len() <= SHORT {
            Key::Text(text)
        } else {
            use sha2::Digest;
            Key::Digest(sha2::Sha256::digest(text.as_bytes()).into())
        }
    }

    /// The text itself, when it is kept.
    fn text(self) -> Option<&'a str> {
        match self {
            Key::Text(t) => Some(t),
            Key::Digest(_) => None,
        }
    }
}

/// What the first pass read of a ledger's identity ([`Identities`]): each
/// text of an [`Identity`] as its [`Key`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keys<'a> {
    pub uid: Option<Key<'a>>,
    pub name: Key<'a>,
    pub id: Option<Key<'a>>,
    pub name_key: Key<'a>,
    pub id_key: Option<Key<'a>>,
}

impl Keys<'_> {
    /// Whether `x` is this identity.
    pub fn is(&self, x: &Identity) -> bool {
        fn key(t: &Option<String>) -> Option<Key<'_>> {
            t.as_deref().map(Key::of)
        }
        self.name == Key::of(&x.name)
            && self.name_key == Key::of(&x.name_key)
            && self.uid == key(&x.uid)
            && self.id == key(&x.id)
            && self.id_key == key(&x.id_key)
    }
}

/// The identities of an audit's inputs, as the first pass read them, in one
/// block of bytes: for each input its five texts ([`Keys`]), each a tag (none,
/// text, digest) and the text with its length, or the digest. About 100 bytes
/// a ledger, not the five strings of an [`Identity`] (more than twice that).
#[derive(Default)]
pub struct Identities {
    bytes: Vec<u8>,
    /// Where each input's identity starts in `bytes`; [`Identities::NONE`]
    /// for an input whose identity could not be read.
    starts: Vec<usize>,
}

const NO_TEXT: u8 = 0;
const TEXT: u8 = 1;
const DIGEST: u8 = 2;

impl Identities {
    const NONE: usize = usize::MAX;

    pub fn push(&mut self, x: Option<&Identity>) {
        let Some(x) = x else {
            self.starts.push(Self::NONE);
            return;
        };
        self.starts.push(self.bytes.len());
        for t in [
            x.uid.as_deref(),
            Some(x.name.as_str()),
            x.id.as_deref(),
            Some(x.name_key.as_str()),
            x.id_key.as_deref(),
        ] {
            match t.map(Key::of) {
                None => self.bytes.push(NO_TEXT),
                Some(Key::Text(t)) => {
                    self.bytes.push(TEXT);
                    self.bytes.push(u8::try_from(t.len()).unwrap_or(u8::MAX));
                    self.bytes.extend_from_slice(t.as_bytes());
                }
                Some(Key::Digest(d)) => {
                    self.bytes.push(DIGEST);
                    self.bytes.extend_from_slice(&d);
                }
            }
        }
    }

    /// Gives back the room the pushes left over.
    pub fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
        self.starts.shrink_to_fit();
    }

    /// How many inputs there are.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// What the first pass read of input `i`, when it could read it.
    pub fn get(&self, i: usize) -> Option<Keys<'_>> {
        let &start = self.starts.get(i)?;
        if start == Self::NONE {
            return None;
        }
        let mut at = start;
        let mut next = || -> Option<Key<'_>> {
            let tag = self.bytes[at];
            at += 1;
            match tag {
                TEXT => {
                    let len = usize::from(self.bytes[at]);
                    let text = &self.bytes[at + 1..at + 1 + len];
                    at += 1 + len;
                    // Written from a `str` by `push`; never fails.
                    std::str::from_utf8(text).ok().map(Key::Text)
                }
                DIGEST => {
                    let mut d = [0; 32];
                    d.copy_from_slice(&self.bytes[at..at + 32]);
                    at += 32;
                    Some(Key::Digest(d))
                }
                _ => None,
            }
        };
        let (uid, name, id, name_key, id_key) = (next(), next(), next(), next(), next());
        Some(Keys {
            uid,
            name: name?,
            id,
            name_key: name_key?,
            id_key,
        })
    }

    /// Every identity read, in input order.
    pub fn iter(&self) -> impl Iterator<Item = Keys<'_>> {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// Other inputs of the audit a finding names: the first [`NAMED`] of `total`,
/// by input index.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Named {
    first: [u32; NAMED],
    shown: u8,
    total: u32,
}

impl Named {
    fn push(&mut self, j: usize) {
        if usize::from(self.shown) < NAMED {
            self.first[usize::from(self.shown)] = j as u32;
            self.shown += 1;
        }
    }

    /// The inputs named, by index.
    pub fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.first[..usize::from(self.shown)]
            .iter()
            .map(|&j| j as usize)
    }

    /// The paths named (`path(j)` is input `j`'s), and how many there are.
    fn others(&self, path: &dyn Fn(usize) -> String) -> Others {
        Others {
            paths: self.indices().map(path).collect(),
            total: self.total as usize,
        }
    }
}

/// Which finding the duplicate check made: the other files with a ledger's
/// uid, of its trainee under other uids, or namesakes under other ids. In the
/// order the findings are given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Uid,
    Trainee,
    Namesake,
}

/// One finding of the duplicate check: on which input, of which kind, and
/// the other inputs it names (28 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Found {
    input: u32,
    kind: Kind,
    named: Named,
}

/// The same ledger (uid) or the same trainee in two or more files of one
/// audit, by input index: only the findings made, each with the few other
/// inputs it names ([`Twins::findings`]), worded when its ledger is judged.
/// An inbox whose every ledger is a namesake of another keeps 28 bytes a
/// ledger here.
#[derive(Debug, Default)]
pub struct Twins {
    /// By input index, then kind.
    of: Vec<Found>,
}

impl Twins {
    /// The findings on input `i`: the same ledger or trainee elsewhere is an
    /// error, a namesake under another id a warning. `me` is the identity
    /// its full reading found; `path(j)` is input `j`'s path as shown.
    pub fn findings(
        &self,
        i: usize,
        me: &Identity,
        path: &dyn Fn(usize) -> String,
    ) -> Vec<Finding> {
        let from = self.of.partition_point(|f| (f.input as usize) < i);
        let mine = self.of[from..].iter().take_while(|f| f.input as usize == i);
        mine.map(|f| {
            let others = f.named.others(path);
            match f.kind {
                Kind::Uid => Finding::integrity(
                    None,
                    Severity::Error,
                    Integrity::DuplicateUid {
                        uid: me.uid.clone().unwrap_or_default(),
                        others,
                    },
                ),
                Kind::Trainee => Finding::integrity(
                    None,
                    Severity::Error,
                    Integrity::DuplicateTrainee {
                        name: me.name.clone(),
                        id: me.id.clone(),
                        others,
                    },
                ),
                Kind::Namesake => Finding::integrity(
                    None,
                    Severity::Warning,
                    Integrity::PossibleDuplicate { others },
                ),
            }
        })
        .collect()
    }
}

/// The inputs (by index, those with an identity) in runs of one key, each in
/// input order: sorted by the key, then by index.
fn runs<K: Ord>(order: &mut [u32], key: impl Fn(usize) -> K) -> impl Iterator<Item = &[u32]> {
    order.sort_by_cached_key(|&i| (key(i as usize), i));
    order.chunk_by(move |&a, &b| key(a as usize) == key(b as usize))
}

/// For each of `members` (a run in input order) with its class in `class`:
/// the first [`NAMED`] other members of its class (`inside`), and the first
/// [`NAMED`] not of its class (`outside`), with how many there are of each.
/// Linear in the run: each class is looked for once, and the search for
/// members outside a class passes over members of that class only.
fn by_class(members: &[u32], class: &[u32], mut each: impl FnMut(u32, Named, Named)) {
    let classes = class.iter().max().map_or(0, |&c| c as usize + 1);
    let mut size = vec![0u32; classes];
    // The first members of each class (by place in the run), `NONE` past them.
    const NONE: u32 = u32::MAX;
    let mut firsts = vec![[NONE; NAMED + 1]; classes];
    for (k, &c) in class.iter().enumerate() {
        let c = c as usize;
        if let Some(slot) = firsts[c].get_mut(size[c] as usize) {
            *slot = k as u32;
        }
        size[c] += 1;
    }
    let mut outside: Vec<Option<Named>> = vec![None; classes];
    let n = members.len() as u32;
    for (k, &i) in members.iter().enumerate() {
        let c = class[k] as usize;
        let mut inside = Named {
            total: size[c] - 1,
            ..Named::default()
        };
        for &m in firsts[c].iter().filter(|&&m| m != NONE && m as usize != k) {
            inside.push(members[m as usize] as usize);
        }
        let out = *outside[c].get_or_insert_with(|| {
            let mut out = Named {
                total: n - size[c],
                ..Named::default()
            };
            for (m, &j) in members.iter().enumerate() {
                if usize::from(out.shown) == NAMED {
                    break;
                }
                if class[m] as usize != c {
                    out.push(j as usize);
                }
            }
            out
        });
        each(i, inside, out);
    }
}

/// Dense class numbers for `members` by `key`: one number per key, and a
/// number of its own for each member whose key is `None`.
fn classes<K: Eq + std::hash::Hash>(members: &[u32], key: impl Fn(usize) -> Option<K>) -> Vec<u32> {
    let mut seen: HashMap<K, u32> = HashMap::new();
    let mut next = 0;
    members
        .iter()
        .map(|&i| {
            let mut fresh = || {
                next += 1;
                next - 1
            };
            match key(i as usize) {
                Some(k) => *seen.entry(k).or_insert_with(&mut fresh),
                None => fresh(),
            }
        })
        .collect()
}

/// The same ledger (uid) or the same trainee in two or more files of one audit:
/// an error on each of them, with or without a register; the same name with
/// other ids, a warning. `ids` holds the identity of each input, when it could
/// be read. Ids decide where both sides have one; a ledger without an id is
/// the same trainee as every namesake.
pub fn duplicates(ids: &Identities) -> Twins {
    let get = |i: usize| ids.get(i).expect("an input with an identity");
    let mut order: Vec<u32> = (0..ids.len())
        .filter(|&i| ids.get(i).is_some())
        .map(|i| i as u32)
        .collect();
    let mut sets = Sets::new(ids.len());
    for run in runs(&mut order, |i| get(i).uid) {
        if get(run[0] as usize).uid.is_some() {
            sets.union_all(run);
        }
    }
    for run in runs(&mut order, |i| get(i).id_key) {
        if get(run[0] as usize).id_key.is_some() {
            sets.union_all(run);
        }
    }
    // A ledger without an id is the same trainee as every namesake.
    for run in runs(&mut order, |i| get(i).name_key) {
        if let Some(&lone) = run.iter().find(|&&i| get(i as usize).id_key.is_none()) {
            for &j in run {
                sets.union(lone as usize, j as usize);
            }
        }
    }
    let mut of = Vec::new();
    let mut found = |i: u32, kind, named: Named| {
        if named.total > 0 {
            of.push(Found {
                input: i,
                kind,
                named,
            });
        }
    };
    let roots: Vec<u32> = (0..ids.len()).map(|i| sets.find(i) as u32).collect();
    for run in runs(&mut order, |i| roots[i]).filter(|r| r.len() > 1) {
        by_class(run, &classes(run, |i| get(i).uid), |i, same_uid, other| {
            found(i, Kind::Uid, same_uid);
            found(i, Kind::Trainee, other);
        });
    }
    // Namesakes with other ids, in sets of their own: perhaps one person,
    // perhaps two.
    for run in runs(&mut order, |i| get(i).name_key).filter(|r| r.len() > 1) {
        by_class(run, &classes(run, |i| Some(roots[i])), |i, _, other| {
            found(i, Kind::Namesake, other);
        });
    }
    of.sort_unstable_by_key(|f| (f.input, f.kind));
    of.shrink_to_fit();
    Twins { of }
}

/// Disjoint sets over input indices (union by size, path halving), four
/// bytes each.
struct Sets {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl Sets {
    fn new(n: usize) -> Sets {
        Sets {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, i: usize) -> usize {
        let mut i = i as u32;
        while self.parent[i as usize] != i {
            self.parent[i as usize] = self.parent[self.parent[i as usize] as usize];
            i = self.parent[i as usize];
        }
        i as usize
    }

    fn union_all(&mut self, members: &[u32]) {
        for &j in &members[1..] {
            self.union(members[0] as usize, j as usize);
        }
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
        self.parent[small] = big as u32;
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

    fn ids(list: &[(&str, &str, Option<&str>)]) -> Vec<Identity> {
        list.iter()
            .map(|(uid, name, id)| Identity::new(Some(uid), name, *id))
            .collect()
    }

    /// The duplicate check's findings on each identity, the others named as
    /// `j.toml`.
    fn check(ids: &[Identity]) -> Vec<Vec<Finding>> {
        let mut packed = Identities::default();
        for x in ids {
            packed.push(Some(x));
        }
        let twins = duplicates(&packed);
        let path = |j: usize| format!("{j}.toml");
        (0..ids.len())
            .map(|i| twins.findings(i, &ids[i], &path))
            .collect()
    }

    fn rules(found: &[Vec<Finding>], i: usize) -> Vec<&str> {
        found[i].iter().map(|f| f.rule(None)).collect()
    }

    #[test]
    fn the_same_trainee_or_ledger_twice_is_an_error_on_both() {
        let found = check(&ids(&[
            ("u1", "Anna", Some("KRO-1")),
            ("u2", "Anna L", Some("kro-01")),
            ("u3", "Bo", None),
            ("u4", "BO", Some("x")),
            ("u5", "Cia", Some("1")),
            ("u5", "Cia", Some("1")),
        ]));
        assert_eq!(rules(&found, 0), ["duplicate-trainee"]);
        assert_eq!(rules(&found, 1), ["duplicate-trainee"]);
        assert_eq!(rules(&found, 2), ["duplicate-trainee"]);
        assert_eq!(rules(&found, 3), ["duplicate-trainee"]);
        assert_eq!(rules(&found, 4), ["duplicate-uid"]);
        assert!(matches!(
            &found[4][0].what,
            crate::audit::What::Integrity(i) if matches!(
                &i.what,
                Integrity::DuplicateUid { others, .. }
                    if others.paths == ["5.toml"] && others.total == 1
            )
        ));
    }

    #[test]
    fn namesakes_with_other_ids_are_a_warning() {
        let found = check(&ids(&[
            ("u1", "Erik Berg", Some("1")),
            ("u2", "Erik Berg", Some("2")),
        ]));
        assert_eq!(rules(&found, 0), ["possible-duplicate"]);
        assert_eq!(rules(&found, 1), ["possible-duplicate"]);
        assert_eq!(found[0][0].severity(), Severity::Warning);
    }

    /// A name, id or uid longer than [`SHORT`] is kept as its digest: the
    /// same long name is still the same trainee, another is not, and what is
    /// kept of each ledger stays small.
    #[test]
    fn a_long_name_is_compared_by_its_digest_and_kept_small() {
        let long = "Anna ".repeat(200_000);
        let other = format!("{long}x");
        let list = ids(&[
            ("u1", &long, None),
            ("u2", &long, None),
            ("u3", &other, None),
            (&"u".repeat(65), "Bo", Some(&"9".repeat(70))),
            (&"u".repeat(65), "Bo", Some(&"9".repeat(70))),
        ]);
        let found = check(&list);
        assert_eq!(rules(&found, 0), ["duplicate-trainee"]);
        assert_eq!(rules(&found, 1), ["duplicate-trainee"]);
        assert!(rules(&found, 2).is_empty());
        assert_eq!(rules(&found, 3), ["duplicate-uid"]);
        let mut packed = Identities::default();
        for x in &list {
            packed.push(Some(x));
        }
        assert!(packed.bytes.len() < 5 * 200, "{}", packed.bytes.len());
        for (i, x) in list.iter().enumerate() {
            assert!(packed.get(i).is_some_and(|k| k.is(x)), "{i}");
        }
        assert!(!packed.get(0).is_some_and(|k| k.is(&list[2])));
    }

    /// The duplicate check as it was first written (every group's members
    /// searched for every member), the reference for the one in linear time.
    fn reference(ids: &[Identity]) -> Vec<Vec<(String, Vec<usize>, usize)>> {
        let n = ids.len();
        let mut sets = Sets::new(n);
        let mut by_uid: HashMap<&str, usize> = HashMap::new();
        let mut by_id: HashMap<&str, usize> = HashMap::new();
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, x) in ids.iter().enumerate() {
            if let Some(u) = &x.uid {
                sets.union(*by_uid.entry(u).or_insert(i), i);
            }
            if let Some(k) = &x.id_key {
                sets.union(*by_id.entry(k).or_insert(i), i);
            }
            by_name.entry(&x.name_key).or_default().push(i);
        }
        for members in by_name.values() {
            if let Some(&lone) = members.iter().find(|&&i| ids[i].id_key.is_none()) {
                for &j in members {
                    sets.union(lone, j);
                }
            }
        }
        let root: Vec<usize> = (0..n).map(|i| sets.find(i)).collect();
        let uid = |i: usize| ids[i].uid.as_deref();
        let first = |keep: &dyn Fn(usize) -> bool| -> (Vec<usize>, usize) {
            let all: Vec<usize> = (0..n).filter(|&j| keep(j)).collect();
            (all.iter().copied().take(NAMED).collect(), all.len())
        };
        (0..n)
            .map(|i| {
                let mut out = Vec::new();
                let group = |j: usize| j != i && root[j] == root[i];
                let twin = |j: usize| uid(i).is_some() && uid(j) == uid(i);
                let (p, t) = first(&|j| group(j) && twin(j));
                if t > 0 {
                    out.push(("duplicate-uid".to_string(), p, t));
                }
                let (p, t) = first(&|j| group(j) && !twin(j));
                if t > 0 {
                    out.push(("duplicate-trainee".to_string(), p, t));
                }
                let (p, t) = first(&|j| ids[j].name_key == ids[i].name_key && root[j] != root[i]);
                if t > 0 {
                    out.push(("possible-duplicate".to_string(), p, t));
                }
                out
            })
            .collect()
    }

    /// Random inboxes of a few uids, names and ids: the findings, the paths
    /// they name and their counts are the reference's, for every ledger.
    #[test]
    fn the_duplicate_check_finds_what_the_reference_finds() {
        let mut next = crate::engine::testing::numbers(7);
        let names = ["Anna", "ANNA", "Bo", "Cia"];
        let id_list = ["1", "01", "2", "x"];
        for round in 0..400 {
            let n = 1 + next(14) as usize;
            let list: Vec<Identity> = (0..n)
                .map(|_| {
                    let uid = format!("u{}", next(5));
                    let id = (next(3) > 0).then(|| id_list[next(4) as usize]);
                    let uid = (next(4) > 0).then_some(uid.as_str());
                    Identity::new(uid, names[next(4) as usize], id)
                })
                .collect();
            let got: Vec<Vec<(String, Vec<usize>, usize)>> = check(&list)
                .iter()
                .map(|fs| {
                    fs.iter()
                        .map(|f| {
                            let crate::audit::What::Integrity(x) = &f.what else {
                                panic!("an integrity finding")
                            };
                            let (Integrity::DuplicateUid { others, .. }
                            | Integrity::DuplicateTrainee { others, .. }
                            | Integrity::PossibleDuplicate { others }) = &x.what
                            else {
                                panic!("a duplicate")
                            };
                            let paths = others
                                .paths
                                .iter()
                                .map(|p| p.trim_end_matches(".toml").parse().expect("j.toml"))
                                .collect();
                            (f.rule(None).to_string(), paths, others.total)
                        })
                        .collect()
                })
                .collect();
            assert_eq!(got, reference(&list), "round {round}: {list:?}");
        }
    }

    /// One uid in 20 000 files and one file of the same trainee under another:
    /// each names the first others of its kind, in time linear in the files.
    #[test]
    fn a_large_group_is_named_in_linear_time() {
        let mut list = vec![Identity::new(Some("u"), "Anna", Some("1")); 20_000];
        list.push(Identity::new(Some("v"), "Anna", Some("1")));
        let started = std::time::Instant::now();
        let found = check(&list);
        assert!(started.elapsed().as_secs() < 5);
        assert_eq!(rules(&found, 0), ["duplicate-uid", "duplicate-trainee"]);
        let crate::audit::What::Integrity(x) = &found[5][1].what else {
            panic!("an integrity finding")
        };
        assert!(matches!(
            &x.what,
            Integrity::DuplicateTrainee { others, .. }
                if others.paths == ["20000.toml"] && others.total == 1
        ));
        assert_eq!(rules(&found, 20_000), ["duplicate-trainee"]);
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
}
