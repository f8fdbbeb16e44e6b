//! `--help` in Swedish: the clap definitions in `cli.rs` are the English
//! original; for `--lang sv` (or a Swedish locale) every summary, flag text,
//! heading and example line is looked up here, and clap's own fixed words are
//! translated after rendering. A text missing here stays English, so nothing
//! can disappear; `tests/help.rs` checks that nothing is missing.

use clap::Command;

/// Swedish for an English summary or flag text, if there is one.
pub fn text(en: &str) -> Option<&'static str> {
    Some(match en {
        "Keeps the education budget of an ST trainee and checks every cost against the rules of the region that pays" => {
            "Håller reda på ST-läkarens utbildningsbudget och prövar varje kostnad mot reglerna i regionen som betalar"
        }
        "Create a new ledger (never overwrites one)" => {
            "Skapa en ny liggare (skriver aldrig över en befintlig)"
        }
        "Check a cost against the policy, show where its money goes, and record it" => {
            "Pröva en kostnad mot regelverket, visa vem som betalar, och för in den"
        }
        "Record an approval of an entry" => "För in ett godkännande av en post",
        "Show one entry: its fields, its history, who pays and why, its linked costs" => {
            "Visa en post: dess uppgifter, historik, vem som betalar och varför, och det som hör till den"
        }
        "Record that an entry was cancelled (in time, or with --late too late)" => {
            "För in att en post avbokades (i tid, eller med --late för sent)"
        }
        "Record that you attended a course, congress or other entry" => {
            "För in att du deltog i en kurs, kongress eller annan post"
        }
        "Show what would change, write nothing" => "Visa vad som skulle ändras, skriv ingenting",
        "Table for people; json for scripts (English field names, plain decimals)" => {
            "table för människor; json för skript (engelska fältnamn, enkla decimaltal)"
        }
        "Show the verdict and what else would change, write nothing" => {
            "Visa bedömningen och vad mer som skulle ändras, skriv ingenting"
        }
        "Record the entry even when it is refused" => "För in posten även när den nekas",
        "Record a new amount or date even when it is refused" => {
            "För in ett nytt belopp eller datum även när det nekas"
        }
        "The entry's id (`st-budget list` shows them)" => "Postens id (`st-budget list` visar dem)",
        "Cancelled too late (after the provider's last day for cancelling)" => {
            "Avbokad för sent (efter kursgivarens sista avbokningsdag)"
        }
        "Double specialisation (yes or no)" => "Dubbelspecialisering (ja eller nej)",
        "period (the budget's periods) or year (charged and payers per calendar year)" => {
            "period (budgetens perioder) eller year, år (belastat och betalare per kalenderår)"
        }
        "The amount in kronor: 4500, 4500,50, \"4 500 kr\" or 4500:-" => {
            "Beloppet i kronor: 4500, 4500,50, \"4 500 kr\" eller 4500:-"
        }
        "course (kurs), literature (litteratur, bok), digital (digitalt), travel (resa), lodging (logi, hotell), congress (kongress), study-circle (studiecirkel) or other (övrigt)" => {
            "kurs, litteratur (bok), digitalt, resa, logi (hotell, boende), kongress, studiecirkel eller övrigt; engelska ord går också"
        }
        "planned (planerad), booked (bokad), attended (genomförd), cancelled (avbokad), cancelled-late (sent-avbokad), no-show (uteblev) or excused (giltig frånvaro: absent with a valid reason)" => {
            "planerad, bokad, genomförd, avbokad, sent-avbokad, uteblev eller giltig frånvaro (frånvaro med giltigt skäl); engelska ord går också"
        }
        "An approval, ROLE or ROLE=DATE (repeatable; the date defaults to today): handledare, studierektor, övergripande-studierektor, verksamhetschef, vårdcentralchef, or a role the policy declares" => {
            "Ett godkännande, ROLL eller ROLL=DATUM (kan upprepas; datumet är annars i dag): handledare, studierektor, övergripande-studierektor, verksamhetschef, vårdcentralchef, eller en roll som regelverket inför"
        }
        "handledare, studierektor, övergripande-studierektor, verksamhetschef or vårdcentralchef" => {
            "handledare, studierektor, övergripande-studierektor, verksamhetschef eller vårdcentralchef"
        }
        "Record a correction or status change of an entry, keeping what was there" => {
            "För in en rättelse eller statusändring av en post; det som stod finns kvar"
        }
        "Record a change of service percentage" => "För in en ändrad tjänstgöringsgrad",
        "Record a change of trainee data (certificate, double specialisation, …)" => {
            "För in ändrade uppgifter om ST-läkaren (specialistbevis, dubbelspecialisering, …)"
        }
        "Show each period's budget, what is charged and what remains" => {
            "Visa varje periods budget, vad som är belastat och vad som är kvar"
        }
        "List every entry with its payers, verdict and findings" => {
            "Lista varje post med betalare, bedömning och anmärkningar"
        }
        "Validate the ledger against its policy; exit 1 on any error finding" => {
            "Kontrollera liggaren mot regelverket; slutstatus 1 vid fel"
        }
        "Write the ledger as one self-contained HTML page: periods, a burn-down chart, every entry" => {
            "Skriv liggaren som en fristående HTML-sida: perioder, ett diagram över budgeten, varje post"
        }
        "Write a sealed copy of the ledger for the director of studies" => {
            "Skriv en förseglad kopia av liggaren till studierektorn"
        }
        "Check many exported ledgers (files and folders) against trusted policies" => {
            "Granska många exporterade liggare (filer och mappar) mot betrodda regelverk"
        }
        "Show, explain and validate policies" => "Visa, förklara och kontrollera regelverk",
        "List the available policies" => "Lista de regelverk som finns",
        "Explain a policy in plain words, rule by rule, in the chosen language" => {
            "Förklara ett regelverk med vanliga ord, regel för regel, på valt språk"
        }
        "Validate a policy file; report every problem and every text that lacks a language" => {
            "Kontrollera en regelverksfil; visa varje problem och varje text som saknar ett språk"
        }
        "Print a shell completion script to standard output" => {
            "Skriv ut ett skript för kompletteringar i skalet"
        }
        "Print the man page (roff) to standard output" => "Skriv ut manualsidan (roff)",
        "A note" => "En anteckning",
        "A programme the trainee takes part in (repeatable), e.g. plus" => {
            "Ett program som ST-läkaren går i (kan upprepas), t.ex. plus"
        }
        "A receipt file or reference" => "En kvittofil eller referens",
        "A second specialty after the first" => "En andra specialitet efter den första",
        "Also write the director's page to FILE: one row per trainee, sortable, findings expandable, integrity marked; self-contained HTML" => {
            "Skriv också studierektorns sida till FIL: en rad per ST-läkare, sorterbar, anmärkningar att fälla ut, försegling markerad; fristående HTML"
        }
        "An international congress" => "En internationell kongress",
        "An internet-based course" => "En internetbaserad kurs",
        "Corrected amount" => "Rättat belopp",
        "Corrected date" => "Rättat datum",
        "Corrected description" => "Rättad beskrivning",
        "Corrected kind" => "Rättat slag",
        "Directory of policies beside the built-in ones" => "Mapp med regelverk utöver de inbyggda",
        "Distance from home or workplace in km" => "Avstånd från hem eller arbetsplats i km",
        "Exported ledgers, or folders of them" => "Exporterade liggare, eller mappar med dem",
        "Goal level a, b, c or a goal code such as c12 or STc7" => {
            "Delmålsnivå a, b, c eller en målkod som c12 eller STc7"
        }
        "How you travel: train (tåg), bus (buss), car (bil), flight (flyg), …" => {
            "Färdsätt: tåg, buss, bil, flyg, …"
        }
        "In the region's approved catalogue (green tick)" => {
            "I regionens godkända kurskatalog (grön bock)"
        }
        "Judge with this policy (an id, or a policy file; an existing file wins), whatever policy the ledger names" => {
            "Bedöm med det här regelverket (ett id eller en regelverksfil; en fil som finns går före), vilket regelverk liggaren än anger"
        }
        "Language of tables and messages: sv or en [default: from LC_ALL, LC_MESSAGES or LANG; else English]" => {
            "Språk i tabeller och meddelanden: sv eller en [standard: från LC_ALL, LC_MESSAGES eller LANG; annars engelska]"
        }
        "Last day of a multi-day activity" => "Sista dagen för en aktivitet över flera dagar",
        "Leave out entries dated after this day" => {
            "Ta inte med poster daterade efter den här dagen"
        }
        "Load policies from this directory (they override built-in ones of the same id)" => {
            "Läs regelverk från den här mappen (de ersätter inbyggda med samma id)"
        }
        "Number of nights" => "Antal nätter",
        "Replace FILE if it exists" => "Ersätt FIL om den finns",
        "Service percentage from the start (records a service period)" => {
            "Tjänstgöringsgrad från start (för in en tjänstgöringsperiod)"
        }
        "Table for people; json or csv for scripts (English field names, plain decimals)" => {
            "table för människor; json eller csv för skript (engelska fältnamn, enkla decimaltal)"
        }
        "The ST start date" => "Datum för ST-start",
        "Judge every ledger with this policy, whatever policy it names (an id, or a policy file: a file that exists wins); with --policy-map, the ledgers the map does not name" => {
            "Bedöm varje liggare med det här regelverket, vilket regelverk den än anger (ett id, eller en regelverksfil: en fil som finns går före); med --policy-map de liggare som kartan inte nämner"
        }
        "Your map of policies: one per folder, trainee id or ledger uid (docs/audit.md)" => {
            "Din karta över regelverk: ett per mapp, ST-läkar-id eller liggar-uid (docs/audit.md)"
        }
        "Also write an Excel workbook to FILE: trainees, findings, units and lapsing funds; amounts as numbers, dates as dates" => {
            "Skriv också en Excel-arbetsbok till FIL: ST-läkare, fynd, enheter och pengar som förfaller; belopp som tal, datum som datum"
        }
        "Only the ledgers with an error, a warning or an integrity problem" => {
            "Bara liggarna med ett fel, en varning eller ett integritetsproblem"
        }
        "Every finding (info too) with its details (uids), and every ledger's particulars" => {
            "Varje fynd (även info) med sina detaljer (uid:n), och varje liggares uppgifter"
        }
        "What each unit pays per calendar year, by payer and by rule (with csv: that table alone)" => {
            "Vad varje enhet betalar per kalenderår, per betalare och per regel (med csv: bara den tabellen)"
        }
        "Whose money lapses soon, trainee by trainee (with csv: that list alone)" => {
            "Vems pengar som snart förfaller, ST-läkare för ST-läkare (med csv: bara den listan)"
        }
        "How soon is soon: money that lapses within DAYS of today" => {
            "Hur snart är snart: pengar som förfaller inom DAGAR från i dag"
        }
        "The audit register: remembers what each trainee's earlier exports contained, so that a rewritten history is caught (docs/audit-register.md)" => {
            "Granskningsregistret: minns vad varje ST-läkares tidigare exporter innehöll, så att en omskriven historik upptäcks (docs/audit-register.md)"
        }
        "The date (first day) of the cost" => "Kostnadens datum (första dag)",
        "The day of the approval [default: today]" => "Dagen för godkännandet [standard: i dag]",
        "The day the tool takes as today (for reproducible output)" => {
            "Den dag verktyget räknar som i dag (för återskapbar utdata)"
        }
        "The entry's id" => "Postens id",
        "The file to write (never an existing one unless --force)" => {
            "Filen som skrivs (aldrig en befintlig utan --force)"
        }
        "The first day at the new percentage" => "Första dagen med den nya tjänstgöringsgraden",
        "The id of the entry a travel or lodging cost belongs to" => {
            "Id för posten som en resa eller logi hör till"
        }
        "The ledger file [default: st-budget.toml in the current directory]" => {
            "Liggarfilen [standard: st-budget.toml i aktuell mapp]"
        }
        "The policy file" => "Regelverksfilen",
        "The policy: an id (see `st-budget policy list`) or a policy file (an existing file wins)" => {
            "Regelverket: ett id (se `st-budget policy list`) eller en regelverksfil (en fil som finns går före)"
        }
        "The programme the course belongs to, e.g. plus" => {
            "Programmet som kursen hör till, t.ex. plus"
        }
        "The programmes (repeatable; replaces the list)" => {
            "Programmen (kan upprepas; ersätter listan)"
        }
        "The service percentage, 0 to 100" => "Tjänstgöringsgraden, 0 till 100",
        "The shell: bash, zsh, fish, powershell or elvish" => {
            "Skalet: bash, zsh, fish, powershell eller elvish"
        }
        "The specialist certificate date" => "Datum för specialistbeviset",
        "The specialist certificate date, if known" => {
            "Datum för specialistbeviset, om det är känt"
        }
        "The trainee's name" => "ST-läkarens namn",
        "The trainee's own id" => "ST-läkarens eget id",
        "The trainee's own id (employee number or similar)" => {
            "ST-läkarens eget id (anställningsnummer eller liknande)"
        }
        "The training unit" => "Den utbildande enheten",
        "The training unit (clinic or health centre)" => {
            "Den utbildande enheten (klinik eller vårdcentral)"
        }
        "The travel agency or who booked it" => "Resebyrån eller vem som bokade",
        "What it is" => "Vad det är",
        "Who gives the course" => "Kursgivaren",
        "Write the page to FILE (replacing it) instead of standard output" => {
            "Skriv sidan till FIL (ersätter den) i stället för till standard ut"
        }
        "course, literature, digital, travel, lodging, congress, study-circle or other" => {
            "course (kurs), literature (litteratur), digital, travel (resa), lodging (logi), congress (kongress), study-circle (studiecirkel) eller other (övrigt)"
        }
        "handledare, studierektor, övergripande-studierektor, verksamhetschef, vårdcentralchef, or a role the policy declares" => {
            "handledare, studierektor, övergripande-studierektor, verksamhetschef, vårdcentralchef, eller en roll som regelverket inför"
        }
        "The day you applied to the provider or registered" => {
            "Dagen du ansökte hos kursgivaren eller anmälde dig"
        }
        "The provider's last cancellation day" => "Kursgivarens sista avbokningsdag",
        "The course days, where they differ from --date..--end" => {
            "Kursdagarna, där de skiljer sig från --date..--end"
        }
        "The event (congress, forum) the entry is part of; an event may cost 0" => {
            "Evenemanget (kongress, forum) som posten hör till; ett evenemang kan kosta 0"
        }
        "Held outside Sweden" => "Hålls utomlands",
        "Held within the region" => "Hålls inom regionen",
        "Mandatory for your target description" => "Obligatorisk enligt din målbeskrivning",
        "The mandatory course subject it covers, by the id the policy lists (`policy show`)" => {
            "Det obligatoriska kursämne den täcker, med det id regelverket anger (`policy show`)"
        }
        "Only the rules and amounts in force on DATE (rules over time)" => {
            "Bara de regler och belopp som gäller DATUM (regler över tid)"
        }
        "The policy: an id, or a policy file (an existing file wins)" => {
            "Regelverket: ett id, eller en regelverksfil (en fil som finns går före)"
        }
        "A payer agreed beforehand: unit or central" => {
            "En betalare som kommits överens om i förväg: enheten (vårdcentralen, kliniken) eller centralt"
        }
        "planned, booked, attended, cancelled, cancelled-late or no-show" => {
            "planned (planerad), booked (bokad), attended (genomförd), cancelled (avbokad i tid), cancelled-late (avbokad för sent) eller no-show (uteblev)"
        }
        "Without a command, st-budget prints a short getting-started and exits 0." => {
            "Utan kommando visar st-budget en kort introduktion och avslutar med 0."
        }
        _ => return None,
    })
}

/// Swedish for the name of a flag's value (`<DATE>` is `<DATUM>`).
pub fn value_name(en: &str) -> Option<&'static str> {
    Some(match en {
        "DATE" => "DATUM",
        "AMOUNT" => "BELOPP",
        "NAME" => "NAMN",
        "ROLE" => "ROLL",
        "ROLE[=DATE]" => "ROLL[=DATUM]",
        "PAYER" => "BETALARE",
        "KIND" => "SLAG",
        "GOAL" => "DELMÅL",
        "MODE" => "FÄRDSÄTT",
        "PATH" => "SÖKVÄG",
        "FILE" => "FIL",
        "DIR" => "MAPP",
        "DAYS" => "DAGAR",
        "LANG" => "SPRÅK",
        "YES|NO" => "JA|NEJ",
        "WHAT" => "VAD",
        "UNIT" => "ENHET",
        "ID|FILE" => "ID|FIL",
        "SHELL" => "SKAL",
        "FORMAT" => "FORMAT",
        "TEXT" => "TEXT",
        "STATUS" => "STATUS",
        "EVENT" => "EVENEMANG",
        _ => return None,
    })
}

/// Swedish for a flag group's heading.
pub fn heading(en: &str) -> Option<&'static str> {
    Some(match en {
        "Approval" => "Godkännande",
        "Corrections" => "Rättelser",
        "Entry" => "Post",
        "Entry fields" => "Postens uppgifter",
        "Global options" => "Gemensamma flaggor",
        "Integrity" => "Försegling",
        "Output" => "Utdata",
        "Policies" => "Regelverk",
        "Recording" => "Införande",
        "Selection" => "Urval",
        "Service" => "Tjänstgöring",
        "Trainee" => "ST-läkaren",
        _ => return None,
    })
}

/// The examples after a command's help: the commands stay, the words around them
/// are translated.
fn after_help(en: &str) -> String {
    const PHRASES: &[(&str, &str)] = &[
        (
            "Examples (ID is your region's policy id, from `st-budget policy list`):",
            "Exempel (ID är din regions regelverk, från `st-budget policy list`):",
        ),
        (
            "Examples (ID from `st-budget policy list`):",
            "Exempel (ID från `st-budget policy list`):",
        ),
        ("Examples:", "Exempel:"),
        (
            "Cancelled or attended: `st-budget cancel ID [--late]`, `st-budget attended ID`.",
            "Avbokad eller genomförd: `st-budget cancel ID [--late]`, `st-budget attended ID`.",
        ),
        (
            "Run `st-budget` alone for a getting-started, `st-budget COMMAND --help` for each command.",
            "Kör `st-budget` utan kommando för en introduktion, `st-budget KOMMANDO --help` för varje kommando.",
        ),
        (
            "On a terminal, `st-budget add` asks for what is missing: the kind, date, amount,\ndescription and what the policy's rules need; it shows the verdict and asks before\nit writes.",
            "På en terminal frågar `st-budget add` efter det som saknas: slag, datum, belopp,\nbeskrivning och det som regelverkets regler behöver; den visar bedömningen och frågar\ninnan den skriver.",
        ),
        ("Exit codes:", "Slutstatus:"),
        (
            "0 ok, 1 error findings or an entry refused, 2 bad invocation or unreadable input,",
            "0 ok, 1 fel eller en post som inte fördes in, 2 felaktigt anrop eller oläslig indata,",
        ),
        (
            "70 an internal error (a bug in st-budget), 130 a guided add stopped with Ctrl-C.",
            "70 ett internt fel (en bugg i st-budget), 130 frågorna i add avbrutna med Ctrl-C.",
        ),
        (
            "0 no error findings, 1 error findings, 2 the ledger cannot be read.",
            "0 inga fel, 1 fel, 2 liggaren kan inte läsas.",
        ),
        (
            "0 clean, 1 any error finding (a broken or rewritten seal among them),",
            "0 inga fel, 1 något fel (bland dem en bruten eller omskriven försegling),",
        ),
        (
            "2 any ledger that cannot be read, or no ledger found.",
            "2 någon liggare kan inte läsas, eller ingen liggare hittades.",
        ),
        (
            "2 any ledger that cannot be read.",
            "2 någon liggare kan inte läsas.",
        ),
        (
            "0 valid (warnings go to stderr), 2 invalid.",
            "0 giltigt (varningar till stderr), 2 ogiltigt.",
        ),
        (
            "The page has no scripts from the network and prints well (Ctrl+P).",
            "Sidan hämtar inget från nätet och går bra att skriva ut (Ctrl+P).",
        ),
    ];
    let mut out = en.to_string();
    for (e, s) in PHRASES {
        out = out.replace(e, s);
    }
    out
}

/// The command line's help in Swedish.
pub fn localise(mut cmd: Command) -> Command {
    if let Some(sv) = cmd.get_about().and_then(|a| text(&a.to_string())) {
        cmd = cmd.about(sv);
    }
    if let Some(a) = cmd.get_after_help().map(|a| a.to_string()) {
        cmd = cmd.after_help(after_help(&a));
    }
    if let Some(sv) = cmd.get_next_help_heading().and_then(heading) {
        cmd = cmd.next_help_heading(sv);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |mut a| {
            if let Some(sv) = a.get_help().and_then(|h| text(&h.to_string())) {
                a = a.help(sv);
            }
            if let Some(sv) = a.get_help_heading().and_then(heading) {
                a = a.help_heading(sv);
            }
            let names: Option<Vec<clap::builder::Str>> = a.get_value_names().map(|ns| {
                ns.iter()
                    .map(|n| value_name(n.as_str()).map_or_else(|| n.clone(), Into::into))
                    .collect()
            });
            if let Some(names) = names {
                a = a.value_names(names);
            }
            a
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for s in subs {
        cmd = cmd.mut_subcommand(s, localise);
    }
    cmd
}

/// Clap's own words in rendered help.
pub fn clap_words(help: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("Usage:", "Användning:"),
        ("Options:", "Flaggor:"),
        ("Arguments:", "Argument:"),
        ("Commands:", "Kommandon:"),
        ("Print help", "Visa hjälp"),
        ("Print version", "Visa versionen"),
        (
            "Print this message or the help of the given subcommand(s)",
            "Visa den här hjälpen eller hjälpen för ett kommando",
        ),
        ("[default: ", "[standard: "),
        ("[possible values: ", "[möjliga värden: "),
        ("[env: ", "[miljövariabel: "),
        ("[OPTIONS]", "[FLAGGOR]"),
        ("[COMMAND]", "[KOMMANDO]"),
        ("<COMMAND>", "<KOMMANDO>"),
    ];
    let mut out = help.to_string();
    for (e, s) in WORDS {
        out = replace_wrapped(&out, e, s);
    }
    out
}

/// Replaces `en` with `sv` also where clap wrapped the line between its words.
fn replace_wrapped(text: &str, en: &str, sv: &str) -> String {
    let words: Vec<&str> = en.split(' ').collect();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'outer: while let Some(at) = rest.find(words[0]) {
        let mut end = at + words[0].len();
        for w in &words[1..] {
            let gap = rest[end..].len() - rest[end..].trim_start().len();
            if gap == 0 || !rest[end + gap..].starts_with(w) {
                out.push_str(&rest[..at + words[0].len()]);
                rest = &rest[at + words[0].len()..];
                continue 'outer;
            }
            end += gap + w.len();
        }
        out.push_str(&rest[..at]);
        out.push_str(sv);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_words_are_found_across_a_wrapped_line() {
        assert_eq!(
            clap_words("grön bock) [possible values:\n      true, false]"),
            "grön bock) [möjliga värden: true, false]"
        );
        assert_eq!(clap_words("Usage: x [OPTIONS]"), "Användning: x [FLAGGOR]");
        assert_eq!(replace_wrapped("a b c", "b d", "X"), "a b c");
    }
}
