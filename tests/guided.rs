//! The guided `add`: `st-budget add` on a terminal without its required flags
//! asks for what is missing. Driven through a pseudo-terminal (rexpect), as a
//! person types: every answer is sent only once its question is on the screen,
//! never after a sleep. Off a terminal it is the usage error it always was.

#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{St, write};
use rexpect::process::WaitStatus;
use rexpect::session::{Options, PtySession, spawn_with_options};

/// How long one question may take to appear: generous, for a debug build on a
/// loaded machine.
const TIMEOUT_MS: u64 = 60_000;

/// Amounts are shown with no-break spaces (`4\u{a0}500,50\u{a0}kr`), so they
/// are looked for so.
///
/// Enter, Esc, Ctrl-C and Backspace as a terminal sends them in raw mode.
const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const CTRL_C: &str = "\x03";
const BACKSPACE: &str = "\x7f";

/// `st` (its arguments and environment, today pinned) in a terminal 160
/// columns wide, without colour; what it prints is read without escape codes.
fn in_terminal(st: St) -> Terminal {
    let inner = st.command();
    let mut cmd = Command::new("sh");
    // The terminal's size as a real one has it (a new pseudo-terminal has none).
    cmd.arg("-c")
        .arg(r#"stty cols 160 rows 50 && exec "$0" "$@""#)
        .arg(inner.get_program())
        .args(inner.get_args());
    for (key, value) in inner.get_envs() {
        match value {
            Some(v) => cmd.env(key, v),
            None => cmd.env_remove(key),
        };
    }
    if let Some(dir) = inner.get_current_dir() {
        cmd.current_dir(dir);
    }
    cmd.env("TERM", "xterm").env("NO_COLOR", "1");
    let options = Options::new()
        .timeout_ms(Some(TIMEOUT_MS))
        .strip_ansi_escape_codes(true);
    Terminal {
        p: spawn_with_options(cmd, options).expect("spawn st-budget in a pseudo-terminal"),
        seen: String::new(),
    }
}

/// A session on a pseudo-terminal, keeping everything it showed.
struct Terminal {
    p: PtySession,
    seen: String,
}

impl Terminal {
    /// Waits until `text` is on the screen.
    fn expect(&mut self, text: &str) -> &mut Terminal {
        // rexpect reads a byte as a char: look for the bytes of `text` so.
        let bytes: String = text.bytes().map(char::from).collect();
        match self.p.exp_string(&bytes) {
            Ok(before) => {
                self.seen.push_str(&utf8(&before));
                self.seen.push_str(text);
            }
            Err(e) => panic!(
                "waited for {text:?}: {}\n--- shown so far ---\n{}",
                utf8(&e.to_string()),
                self.seen
            ),
        }
        self
    }

    /// Types `keys`.
    fn keys(&mut self, keys: &str) -> &mut Terminal {
        self.p.send(keys).expect("type");
        self.p.flush().expect("flush");
        self
    }

    /// Waits for `question`, then types `answer` and Enter.
    fn answer(&mut self, question: &str, answer: &str) -> &mut Terminal {
        self.expect(question).keys(answer).keys(ENTER)
    }

    /// Waits for the end; its exit code, and all it showed.
    fn exit(mut self) -> (i32, String) {
        match self.p.exp_eof() {
            Ok(rest) => self.seen.push_str(&utf8(&rest)),
            Err(e) => panic!("waited for the end: {e}\n--- shown ---\n{}", self.seen),
        }
        match self.p.process().wait() {
            Ok(WaitStatus::Exited(_, code)) => (code, self.seen),
            other => panic!("ended as {other:?}\n--- shown ---\n{}", self.seen),
        }
    }
}

/// What rexpect read, one char a byte, as the UTF-8 it was.
fn utf8(read: &str) -> String {
    let bytes: Vec<u8> = read.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn kronoberg(dir: &Path) -> PathBuf {
    write(
        dir,
        "anna.toml",
        "format = 1\n\n[trainee]\nname = \"Anna Lindqvist\"\npolicy = \"kronoberg\"\nstart = 2024-01-08\n",
    )
}

fn vgr_with_a_course(dir: &Path) -> PathBuf {
    write(
        dir,
        "erik.toml",
        "format = 1\n\n[trainee]\nname = \"Erik Berg\"\npolicy = \"vgr-allmanmedicin\"\nstart = 2024-01-08\n\n\
         [[entry]]\nid = 1\ndate = 2027-03-11\nend = 2027-03-13\nkind = \"course\"\n\
         description = \"Astma och KOL\"\namount = \"6000.00\"\ncatalogue = true\n\
         approvals = { studierektor = 2026-11-01, vardcentralchef = 2026-11-01 }\n",
    )
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).expect("read the ledger")
}

#[test]
fn a_kronoberg_course_and_its_travel_in_swedish() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = kronoberg(dir.path());
    let mut t = in_terminal(St::new().ledger(&ledger).lang("sv").arg("add"));
    t.expect("Vad för slags kostnad?").keys("kurs").keys(ENTER);
    // An impossible date, then a wrong amount: each is asked again, with the
    // flag's own message.
    t.answer("Datum (första dagen)?", "2027-02-30")
        .expect("\"2027-02-30\" är inget datum: februari 2027 har 28 dagar");
    t.keys(&BACKSPACE.repeat(2)).keys("11").keys(ENTER);
    t.answer("Belopp?", "4 500,505")
        .expect("ett belopp har högst två decimaler (öre), fick \"4 500,505\"")
        .keys(&BACKSPACE.repeat(9))
        .keys("4 500,50")
        .keys(ENTER);
    t.answer("Beskrivning?", "Akut EKG");
    // The rules ask the goal; for a C goal the provider does not matter.
    t.answer("Delmål?", "c");
    t.answer("Går den på internet? (j/N)", "");
    t.answer("Har handledare godkänt den? (j/N)", "ja");
    t.answer(
        "Vilken dag godkände handledare den? (2026-11-22)",
        "2026-11-20",
    );
    t.expect("#1 2027-02-11 kurs · Akut EKG · 4\u{a0}500,50\u{a0}kr")
        .expect("budget        4\u{a0}500,50\u{a0}kr")
        .expect("bedömning: ok")
        .expect("kvar 105\u{a0}499,50\u{a0}kr");
    t.answer("För in posten? (J/n)", "");
    let (code, shown) = t.exit();
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("registrerade post 1"), "{shown}");
    assert!(!shown.contains("Kursgivare?"), "{shown}");
    assert!(
        read(&ledger).ends_with(
            "[[entry]]\nid = 1\ndate = 2027-02-11\nkind = \"course\"\ndescription = \"Akut EKG\"\n\
             amount = \"4500.50\"\ngoal = \"c\"\napprovals = { handledare = 2026-11-20 }\n"
        ),
        "{}",
        read(&ledger)
    );

    // The train belongs to the course: chosen from a list, its date offered.
    let mut t = in_terminal(St::new().ledger(&ledger).lang("sv").args(["add", "resa"]));
    t.expect("Vilken post hör resa till?")
        .expect("#1    2027-02-11  kurs: Akut EKG")
        .keys(ENTER);
    t.answer("Datum (första dagen)? (2027-02-11)", "");
    t.answer("Belopp?", "1 240 kr");
    t.answer("Beskrivning?", "Tåg Växjö–Lund");
    t.expect("#2 2027-02-11 resa · Tåg Växjö–Lund · 1\u{a0}240,00\u{a0}kr")
        .expect("bedömning: ok");
    t.answer("För in posten? (J/n)", "j");
    let (code, shown) = t.exit();
    assert_eq!(code, 0, "{shown}");
    assert!(!shown.contains("Vad för slags kostnad?"), "{shown}");
    assert!(
        read(&ledger).ends_with(
            "[[entry]]\nid = 2\ndate = 2027-02-11\nkind = \"travel\"\n\
             description = \"Tåg Växjö–Lund\"\namount = \"1240.00\"\nfor = 1\n"
        ),
        "{}",
        read(&ledger)
    );
}

#[test]
fn a_vgr_hotel_within_commuting_distance_is_refused_then_corrected() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = vgr_with_a_course(dir.path());
    // Kind, amount and description as flags: never asked again.
    let mut t = in_terminal(St::new().ledger(&ledger).args([
        "add",
        "hotel",
        "--amount",
        "1800",
        "--description",
        "Hotel Gothenburg",
    ]));
    t.expect("Which entry does the lodging belong to?")
        .expect("#1    2027-03-11  course: Astma och KOL")
        .keys(ENTER);
    t.answer("Date (first day)? (2027-03-11)", "");
    t.answer("Booked via?", "Lingmerths Resebyrå AB");
    t.answer("Distance in km?", "40");
    t.expect("#2 2027-03-11 lodging · Hotel Gothenburg · SEK\u{a0}1,800.00")
        .expect("verdict: error")
        .expect("V8 (No overnight stay within commuting distance)")
        .expect("warning: the entry has error findings (see above) and is refused as it stands");
    // The default is no: change an answer, the old one to edit.
    t.answer("Record the entry anyway? (y/N)", "");
    t.expect("What now?").keys("distance").keys(ENTER);
    t.expect("Distance in km?")
        .keys(&BACKSPACE.repeat(2))
        .keys("120")
        .keys(ENTER);
    t.expect("budget        SEK\u{a0}1,800.00")
        .expect("verdict: ok");
    t.answer("Record the entry? (Y/n)", "");
    let (code, shown) = t.exit();
    assert_eq!(code, 0, "{shown}");
    for flagged in ["What kind of cost?", "Amount?", "Description?"] {
        assert!(!shown.contains(flagged), "{flagged} asked again:\n{shown}");
    }
    assert!(
        read(&ledger).ends_with(
            "[[entry]]\nid = 2\ndate = 2027-03-11\nkind = \"lodging\"\n\
             description = \"Hotel Gothenburg\"\namount = \"1800.00\"\nfor = 1\n\
             booked_via = \"Lingmerths Resebyrå AB\"\ndistance_km = 120\n"
        ),
        "{}",
        read(&ledger)
    );
}

#[test]
fn an_interrupted_add_leaves_the_ledger_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = vgr_with_a_course(dir.path());
    let before = std::fs::read(&ledger).expect("read");

    // Ctrl-C at the last question, the entry shown: exit 130.
    let mut t = in_terminal(St::new().ledger(&ledger).lang("sv").args(["add", "kurs"]));
    t.answer("Datum (första dagen)?", "2027-05-03");
    t.answer("Belopp?", "3000");
    t.answer("Beskrivning?", "Geriatrik");
    t.answer("Sista dagen?", "2027-05-05");
    t.answer("Har någon lovat att betala i förväg?", "");
    t.answer(
        "Finns den i regionens godkända kurskatalog (grön bock)?",
        "ja",
    );
    t.answer("Kursgivarens sista avbokningsdag?", "2027-04-01");
    t.answer("Har vårdcentralchef godkänt den?", "nej");
    t.answer("Har studierektor godkänt den?", "ja");
    t.expect("ska vara daterat senast 2027-04-01 för att räknas")
        .keys(ENTER);
    t.expect("#2 2027-05-03 kurs · Geriatrik · 3\u{a0}000,00\u{a0}kr")
        .expect("För in posten?")
        .keys(CTRL_C);
    let (code, shown) = t.exit();
    assert_eq!(code, 130, "{shown}");
    assert!(
        shown.contains("avbrutet med Ctrl-C: inget skrevs"),
        "{shown}"
    );
    assert_eq!(std::fs::read(&ledger).expect("read"), before);

    // Esc at a question: exit 1. On the way, a course already past: the day
    // of an approval is asked for, never assumed to be today.
    let mut t = in_terminal(St::new().ledger(&ledger).arg("add"));
    t.expect("What kind of cost?").keys(ENTER);
    t.answer("Date (first day)?", "2026-03-02");
    t.answer("Amount?", "2500");
    t.answer("Description?", "Dermatologi");
    t.answer("Last day?", "");
    t.answer("Has someone agreed beforehand to pay?", "");
    t.answer(
        "Is it in the region's approved catalogue (green tick)? (y/N)",
        "y",
    );
    t.answer("The provider's last cancellation day?", "");
    t.answer("Has vårdcentralchef approved it? (y/N)", "yes");
    t.expect("On what day did vårdcentralchef approve it?")
        .expect("the entry's first day is past: give the day, year-month-day")
        .keys(ENTER)
        .expect("expected a date such as 2024-03-11 (year-month-day), got \"\"")
        .keys(ESC);
    let (code, shown) = t.exit();
    assert_eq!(code, 1, "{shown}");
    assert!(shown.contains("cancelled: nothing was written"), "{shown}");
    assert!(!shown.contains("approve it? (2026-11-22)"), "{shown}");
    assert_eq!(std::fs::read(&ledger).expect("read"), before);

    // No, then stop: exit 1.
    let mut t = in_terminal(St::new().ledger(&ledger).args([
        "add",
        "literature",
        "--date",
        "2027-01-10",
        "--amount",
        "500",
    ]));
    t.answer("Description?", "A book");
    t.expect("verdict: error")
        .answer("Record the entry anyway? (y/N)", "n");
    t.expect("What now?").keys("stop").keys(ENTER);
    let (code, shown) = t.exit();
    assert_eq!(code, 1, "{shown}");
    assert!(shown.contains("cancelled: nothing was written"), "{shown}");
    assert_eq!(std::fs::read(&ledger).expect("read"), before);
}

#[test]
fn off_a_terminal_add_without_its_flags_is_a_usage_error_as_always() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = kronoberg(dir.path());
    let before = read(&ledger);
    St::new()
        .ledger(&ledger)
        .args(["add", "kurs"])
        .run()
        .code(2)
        .stderr_has("the following required arguments were not provided:")
        .stderr_has("  --date <DATE>\n  --amount <AMOUNT>\n  --description <TEXT>\n");
    St::new()
        .ledger(&ledger)
        .lang("sv")
        .arg("add")
        .run()
        .code(2)
        .stderr_has("de här obligatoriska argumenten saknas:")
        .stderr_has("<SLAG>");
    assert_eq!(read(&ledger), before);
}

/// A ledger that holds as many entries as a ledger may (100 000): the guided
/// add says so before it asks anything, and writes nothing.
#[test]
fn a_full_ledger_is_refused_before_any_question() {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = String::from(
        "format = 1\n\n[trainee]\nname = \"Anna Lindqvist\"\npolicy = \"kronoberg\"\nstart = 2024-01-08\n",
    );
    for id in 1..=100_000 {
        write!(
            text,
            "[[entry]]\nid={id}\ndate=2024-02-01\nkind=\"literature\"\ndescription=\"x\"\namount=\"1\"\n"
        )
        .expect("written");
    }
    let ledger = write(dir.path(), "full.toml", &text);
    let mut t = in_terminal(St::new().ledger(&ledger).lang("sv").arg("add"));
    t.expect(
        "liggaren har redan 100\u{a0}000 poster, så många som en liggare rymmer: inget skrevs",
    );
    let (code, shown) = t.exit();
    assert_eq!(code, 2, "{shown}");
    assert!(!shown.contains("Vad för slags kostnad?"), "{shown}");
    assert!(read(&ledger) == text, "the ledger changed");
}
