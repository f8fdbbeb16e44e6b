//! Synthetic but realistic ledgers for benchmarks, reproducible from a seed.
//!
//! One trainee's ledger is a pure function of `(seed, index, policy, entries)`:
//! the same arguments always give the same bytes, on every machine. The mix
//! follows DOMAIN.md: courses with their linked travel and lodging, literature,
//! congresses, study circles and other use (Kronoberg); green-tick courses, PLUS
//! blocks and agency bookings (VGR); approvals present or missing; parental leave
//! and part time; cancellations in time and late, no-shows (chargebacks); and
//! amendments recorded after the fact. Some entries are meant to be found wanting.
//!
//! Also renders the same entries as an hledger journal, for a side-by-side.
//! Shared by `examples/st-budget-gen` and the benches (`#[path]`), so it uses only std.

use std::fmt::Write as _;

/// A tiny PRNG (SplitMix64): enough for a reproducible mix, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5EED_0F57_B0D6_E700)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }

    /// One of `items` by weight.
    pub fn weighted<'a, T>(&mut self, items: &'a [(T, u64)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.next() % total;
        for (item, w) in items {
            if x < *w {
                return item;
            }
            x -= w;
        }
        &items[items.len() - 1].0
    }
}

/// A civil date as days since 1970-01-01 (proleptic Gregorian), std only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(pub i64);

impl Day {
    pub fn ymd(y: i64, m: i64, d: i64) -> Day {
        // Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Day(era * 146_097 + doe - 719_468)
    }

    pub fn civil(self) -> (i64, i64, i64) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        (yoe + era * 400 + i64::from(m <= 2), m, d)
    }

    pub fn plus(self, days: i64) -> Day {
        Day(self.0 + days)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.civil();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// The two shipped policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    Kronoberg,
    Vgr,
}

impl Policy {
    pub fn id(self) -> &'static str {
        match self {
            Policy::Kronoberg => "kronoberg",
            Policy::Vgr => "vgr-allmanmedicin",
        }
    }
}

const FIRST: &[&str] = &[
    "Anna", "Erik", "Sara", "Johan", "Maria", "Karl", "Elin", "Lars", "Emma", "Anders", "Linnea",
    "Oskar", "Ida", "Mohammed", "Fatima", "Nils", "Hanna", "Gustav", "Maja", "Ali",
];
const LAST: &[&str] = &[
    "Lindqvist",
    "Andersson",
    "Nilsson",
    "Johansson",
    "Karlsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Berg",
    "Hassan",
    "Lindberg",
    "Åberg",
    "Öberg",
    "Ström",
    "Sjöberg",
];
const COURSES: &[&str] = &[
    "Klinisk farmakologi för specialister",
    "Akut omhändertagande av vuxna",
    "EKG för kliniker",
    "Astma och KOL",
    "Diabetes i primärvården",
    "Psykiatri för icke-psykiatriker",
    "Ledarskap och kommunikation",
    "Vetenskapligt förhållningssätt",
    "Infektioner i öppenvård",
    "Geriatrik och multisjuklighet",
    "Barnmedicin för allmänläkare",
    "Hjärtsvikt – diagnostik och behandling",
];
const PROVIDERS: &[&str] = &[
    "Karolinska Institutet",
    "Region Kronoberg",
    "Region Kalmar",
    "Region Blekinge",
    "Lunds universitet",
    "Primärvårdens utbildningsenhet",
    "SFAM",
    "Göteborgs universitet",
];
const BOOKS: &[&str] = &[
    "Läroboken i internmedicin",
    "Allmänmedicin – en lärobok",
    "Praktisk EKG-tolkning",
    "Farmakologi och terapi",
    "UpToDate, årslicens",
];
const AGENCY: &str = "Lingmerths Resebyrå AB";
/// The training units of `--units N`: the first N of the policy's list, taken in
/// turn (`unit = …` in `[trainee]`). One unit each is what the benchmarks use.
const KRONOBERG_UNITS: &[&str] = &[
    "Medicinkliniken Växjö",
    "Kirurgkliniken Växjö",
    "Psykiatrin Växjö",
    "Barnkliniken Växjö",
    "Medicinkliniken Ljungby",
];
const VGR_UNITS: &[&str] = &[
    "Vårdcentralen Centrum",
    "VC Majorna",
    "VC Kungsbacka",
    "VC Frölunda",
    "VC Hisingen",
];

/// Options for one ledger.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub seed: u64,
    pub index: usize,
    pub policy: Policy,
    pub entries: usize,
    /// The generator's "today": entries before it are mostly attended, after it planned.
    pub today: Day,
    /// How many training units the trainees of each policy are spread over
    /// (at most 5); 0 writes no `unit`.
    pub units: usize,
    /// Nothing meant to be found wanting: every approval, no rejected kinds, no
    /// late cancellations, no leave (the director's demo inbox, `--clean`).
    pub clean: bool,
}

/// One generated entry, enough to render both the ledger and the journal.
struct Entry {
    id: usize,
    date: Day,
    kind: &'static str,
    description: String,
    amount_ore: u64,
}

/// One trainee's ledger as TOML text, plus the same entries as an hledger journal.
pub struct Generated {
    pub toml: String,
    pub journal: String,
}

/// Generates ledger number `index` of a run.
pub fn ledger(spec: &Spec) -> Generated {
    let mut rng = Rng::new(
        spec.seed
            .wrapping_mul(1_000_003)
            .wrapping_add(spec.index as u64),
    );
    let vgr = spec.policy == Policy::Vgr;
    let mut s = String::with_capacity(spec.entries * 260 + 1024);
    let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
    let tid = format!("T{:06}", spec.index + 1);
    let year = rng.range(2019, 2025) as i64;
    let day = rng.range(0, 364) as i64;
    // `--clean` VGR trainees start in early January: a first year's budget pro-rated
    // to a few weeks would reject any course.
    let day = if spec.clean && vgr { day % 10 } else { day };
    let start = Day::ymd(year, 1, 1).plus(day);
    let length = rng.range(5 * 365 - 60, 5 * 365 + 200) as i64;
    let certificate = start.plus(length);
    let plus = vgr && rng.chance(60);
    // `--clean`: every chance of a problem taken away, without drawing for it.
    let clean = spec.clean;
    let _ = writeln!(
        s,
        "# st-budget ledger (synthetic, seed {} #{})",
        spec.seed, spec.index
    );
    let _ = writeln!(s, "format = 1");
    let _ = writeln!(s, "uid = \"{:016x}-{:08x}\"", spec.seed, spec.index);
    let _ = writeln!(s, "\n[trainee]");
    let _ = writeln!(s, "name = \"{name}\"");
    let _ = writeln!(s, "id = \"{tid}\"");
    let _ = writeln!(s, "policy = \"{}\"", spec.policy.id());
    let _ = writeln!(s, "start = {start}");
    if rng.chance(70) {
        let _ = writeln!(s, "certificate = {certificate}");
    }
    if !vgr && rng.chance(5) {
        let _ = writeln!(s, "double_specialisation = true");
    }
    if plus {
        let _ = writeln!(s, "programmes = [\"plus\"]");
    }
    let units = if vgr { VGR_UNITS } else { KRONOBERG_UNITS };
    if spec.units > 0 {
        // Both policies alternate (`--policy both`): each takes its units in turn.
        let unit = units[(spec.index / 2) % spec.units.min(units.len())];
        let _ = writeln!(s, "unit = \"{unit}\"");
    }
    // Service: most full time; some parental leave and part time after it.
    if !rng.chance(5) {
        let _ = writeln!(s, "\n[[service]]\nfrom = {start}\npercent = 100");
        if !clean && rng.chance(35) {
            let leave = start.plus(rng.range(200, 900) as i64);
            let back = leave.plus(rng.range(120, 400) as i64);
            let _ = writeln!(s, "\n[[service]]\nfrom = {leave}\npercent = 0");
            let pct = *rng.pick(&[50u8, 75, 80, 100]);
            let _ = writeln!(s, "\n[[service]]\nfrom = {back}\npercent = {pct}");
        }
    }

    // Entries spread over the ST in date order; a course may bring its travel and lodging.
    let span = length.max(1);
    let mut out: Vec<Entry> = Vec::with_capacity(spec.entries);
    let mut amendments = String::new();
    let mut next = 1usize;
    // A real trainee records some 40 costs over the ST; with more entries, amounts
    // shrink so that budgets run out about as often as in life (never below 5 %).
    let scale = (4000 / spec.entries.max(1) as u64).clamp(5, 100);
    let scaled = |ore: u64| (ore * scale / 100).max(5000);
    while next <= spec.entries {
        let slot = (next - 1) as i64 * span / spec.entries as i64;
        let mut date = start.plus(slot + rng.range(0, 3) as i64 - 1);
        if clean {
            // Inside the ST, a month before its end at the latest.
            date = date.max(start).min(certificate.plus(-30));
        }
        let kind = if clean && vgr {
            "course"
        } else if vgr {
            *rng.weighted(&[
                ("course", 70),
                ("literature", 3),
                ("congress", 2),
                ("other", 2),
            ])
        } else {
            *rng.weighted(&[
                ("course", 45),
                ("literature", 18),
                ("digital", 5),
                ("congress", 7),
                ("study-circle", 8),
                ("other", 6),
            ])
        };
        let id = next;
        next += 1;
        let mut e = String::new();
        let status = status(&mut rng, date, spec.today, clean);
        let (description, amount) = match kind {
            "course" => course(&mut rng, &mut e, vgr, plus && !clean, date, clean),
            "literature" | "digital" => {
                if !vgr && (clean || rng.chance(88)) {
                    let _ = writeln!(e, "approvals = {{ handledare = {} }}", date.plus(-7));
                }
                let d = (*rng.pick(BOOKS)).to_string();
                (d, rng.range(150, 1800) * 100)
            }
            "congress" => {
                let intl = !clean && rng.chance(30);
                if intl {
                    let _ = writeln!(e, "international = true");
                }
                let d = if intl {
                    "ESC Congress"
                } else {
                    "Läkarstämman"
                };
                (d.to_string(), rng.range(2500, 14000) * 100)
            }
            "study-circle" => {
                if clean || rng.chance(85) {
                    let _ = writeln!(e, "approvals = {{ studierektor = {} }}", date.plus(-20));
                }
                (
                    "Studiecirkel i akutmedicin".to_string(),
                    rng.range(500, 3000) * 100,
                )
            }
            _ => {
                if !vgr && (clean || rng.chance(80)) {
                    let _ = writeln!(
                        e,
                        "approvals = {{ overgripande-studierektor = {} }}",
                        date.plus(-14)
                    );
                }
                (
                    "Auskultation, annan användning".to_string(),
                    rng.range(500, 5000) * 100,
                )
            }
        };
        let amount = scaled(amount);
        push_entry(
            &mut s,
            &mut out,
            id,
            date,
            kind,
            &description,
            amount,
            status,
            &e,
        );
        // Linked costs: travel and lodging for most courses and congresses.
        let linkable = matches!(kind, "course" | "congress");
        if linkable && next <= spec.entries && rng.chance(if vgr { 80 } else { 55 }) {
            let km = rng.range(20, 650);
            let mut mode = *rng.weighted(&[("train", 60), ("car", 18), ("flight", 17), ("bus", 5)]);
            if clean && km < 100 && mode == "flight" {
                mode = "train";
            }
            let mut t = String::new();
            let _ = writeln!(t, "for = {id}\ntravel_mode = \"{mode}\"");
            if clean || !rng.chance(3) {
                let _ = writeln!(t, "distance_km = {km}");
            }
            if vgr && (clean || rng.chance(90)) {
                let _ = writeln!(t, "booked_via = \"{AGENCY}\"");
            }
            let amount = scaled((rng.range(150, 2500) + km) * 100);
            let tid = next;
            next += 1;
            let d = format!("Resa till {}", description);
            push_entry(
                &mut s, &mut out, tid, date, "travel", &d, amount, status, &t,
            );
            if next <= spec.entries && (km >= 100 || (!clean && rng.chance(25))) && rng.chance(70) {
                let nights = rng.range(1, 4);
                let mut l = String::new();
                let _ = writeln!(l, "for = {id}\nnights = {nights}\ndistance_km = {km}");
                if vgr && (clean || rng.chance(90)) {
                    let _ = writeln!(l, "booked_via = \"{AGENCY}\"");
                }
                let amount = scaled(nights * rng.range(900, 1900) * 100);
                let lid = next;
                next += 1;
                let d = format!("Hotell, {nights} nätter");
                push_entry(
                    &mut s, &mut out, lid, date, "lodging", &d, amount, status, &l,
                );
            }
        }
        // Amendments recorded later: an approval that came afterwards, a cancellation.
        if !clean && rng.chance(6) {
            let rec = date.plus(rng.range(1, 30) as i64);
            let _ = write!(
                amendments,
                "\n[[amendment]]\nentry = {id}\nrecorded = {rec}\n"
            );
            match rng.range(0, 2) {
                0 => {
                    let role = if vgr { "studierektor" } else { "handledare" };
                    let _ = writeln!(amendments, "approvals = {{ {role} = {rec} }}");
                }
                1 => {
                    let _ = writeln!(amendments, "status = \"cancelled\"");
                }
                _ => {
                    let _ = writeln!(amendments, "note = \"Kvitto inlämnat\"");
                }
            }
        }
    }
    s.push_str(&amendments);
    let journal = journal(spec, &tid, &name, &out);
    Generated { toml: s, journal }
}

fn status(rng: &mut Rng, date: Day, today: Day, clean: bool) -> &'static str {
    fn word(rng: &mut Rng, items: &[(&'static str, u64)]) -> &'static str {
        let w: &&'static str = rng.weighted(items);
        w
    }
    if clean {
        return if date < today { "attended" } else { "booked" };
    }
    if date < today {
        word(
            rng,
            &[
                ("attended", 88),
                ("cancelled", 5),
                ("cancelled-late", 3),
                ("no-show", 1),
                ("booked", 3),
            ],
        )
    } else {
        word(rng, &[("planned", 60), ("booked", 40)])
    }
}

/// A course's own fields; returns its description and amount in öre.
fn course(
    rng: &mut Rng,
    e: &mut String,
    vgr: bool,
    plus: bool,
    date: Day,
    clean: bool,
) -> (String, u64) {
    let days = rng.range(0, 4) as i64;
    if days > 0 {
        let _ = writeln!(e, "end = {}", date.plus(days));
    }
    let title = *rng.pick(COURSES);
    if vgr {
        let _ = writeln!(e, "provider = \"Primärvårdens utbildningsenhet\"");
        if clean || rng.chance(93) {
            let _ = writeln!(e, "catalogue = true");
        }
        let is_plus = plus && rng.chance(35);
        if is_plus {
            let _ = writeln!(e, "programme = \"plus\"");
        }
        let mut roles = Vec::new();
        if clean || rng.chance(90) {
            roles.push(format!("vardcentralchef = {}", date.plus(-30)));
        }
        if clean || rng.chance(88) {
            roles.push(format!("studierektor = {}", date.plus(-28)));
        }
        if !roles.is_empty() {
            let _ = writeln!(e, "approvals = {{ {} }}", roles.join(", "));
        }
        let d = if is_plus {
            format!("PLUS: {title}")
        } else {
            title.to_string()
        };
        (d, rng.range(1500, 12000) * 100)
    } else {
        let provider = *rng.pick(PROVIDERS);
        let _ = writeln!(e, "provider = \"{provider}\"");
        let mut goal = *rng.weighted(&[
            ("c", 40),
            ("c7", 10),
            ("STc3", 10),
            ("a", 6),
            ("b", 8),
            ("STb2", 4),
            ("", 22),
        ]);
        if clean {
            // A/B goals outside K4's regions are other use (K10): C goals only.
            goal = "c";
        }
        if !goal.is_empty() {
            let _ = writeln!(e, "goal = \"{goal}\"");
        }
        if rng.chance(15) {
            let _ = writeln!(e, "online = true");
        }
        let mut roles = Vec::new();
        if clean || rng.chance(85) {
            roles.push(format!("handledare = {}", date.plus(-40)));
        }
        if goal
            .to_ascii_lowercase()
            .trim_start_matches("st")
            .starts_with(['a', 'b'])
            && rng.chance(60)
        {
            roles.push(format!("overgripande-studierektor = {}", date.plus(-35)));
        }
        if !roles.is_empty() {
            let _ = writeln!(e, "approvals = {{ {} }}", roles.join(", "));
        }
        (title.to_string(), rng.range(1500, 15000) * 100)
    }
}

#[allow(clippy::too_many_arguments)]
fn push_entry(
    s: &mut String,
    out: &mut Vec<Entry>,
    id: usize,
    date: Day,
    kind: &'static str,
    description: &str,
    amount_ore: u64,
    status: &str,
    extra: &str,
) {
    let _ = write!(
        s,
        "\n[[entry]]\nid = {id}\ndate = {date}\nkind = \"{kind}\"\ndescription = \"{description}\"\namount = \"{}.{:02}\"\n",
        amount_ore / 100,
        amount_ore % 100
    );
    s.push_str(extra);
    if status != "planned" {
        let _ = writeln!(s, "status = \"{status}\"");
    }
    out.push(Entry {
        id,
        date,
        kind,
        description: description.to_string(),
        amount_ore,
    });
}

/// The same entries as an hledger journal: one transaction per entry, from the
/// trainee's budget to an expense account per kind.
fn journal(spec: &Spec, tid: &str, name: &str, entries: &[Entry]) -> String {
    let mut j = String::with_capacity(entries.len() * 140 + 128);
    let _ = writeln!(j, "; {name} ({tid}), policy {}", spec.policy.id());
    let who = tid.to_ascii_lowercase();
    for e in entries {
        let _ = write!(
            j,
            "\n{} ({}) {}\n    expenses:st:{}:{}  {}.{:02} SEK\n    assets:st-budget:{}\n",
            e.date,
            e.id,
            e.description,
            who,
            e.kind,
            e.amount_ore / 100,
            e.amount_ore % 100,
            who
        );
    }
    j
}
