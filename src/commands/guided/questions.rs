//! The questions of the guided `add`, each in both languages, each read by its
//! flag's parser, and where each answer goes on the command line it builds.

use chrono::NaiveDate;

use super::Session;
use super::ask::{self, Halt, Shown};
use crate::cli::{self, FieldArgs};
use crate::ledger::words::{self, KINDS, Stored};
use crate::ledger::{Funder, Kind, Role};
use crate::policy::Field;
use crate::policy::needs::Needs;

/// One thing the guided `add` asks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Question {
    Kind,
    /// The entry a travel or lodging cost belongs to.
    For,
    Date,
    Amount,
    Description,
    /// A field the policy's rules test.
    Field(Field),
    /// Whether a role approved, and when.
    Approval(Role),
}

/// The fields a rule may ask about, in the order they are asked: a field that
/// decides whether another matters comes first (the goal decides the
/// provider where a rule tests the provider of some goals only; an agreed payer
/// may decide the catalogue tick). A field not here is one the guided `add` does not know how to
/// ask: give it as a flag.
const FIELDS: &[Field] = &[
    Field::End,
    Field::Days,
    Field::Goal,
    Field::Provider,
    Field::FundedBy,
    Field::Catalogue,
    Field::Programme,
    Field::Online,
    Field::International,
    Field::Abroad,
    Field::InRegion,
    Field::Mandatory,
    Field::Subject,
    Field::Event,
    Field::TravelMode,
    Field::BookedVia,
    Field::DistanceKm,
    Field::Nights,
    Field::Applied,
    Field::CancelBy,
];

/// Every question an entry with these needs may be asked, in order.
pub fn order(n: Option<&Needs<'_>>) -> Vec<Question> {
    let mut qs = vec![Question::Kind];
    let Some(n) = n else {
        return qs;
    };
    if n.link.is_some() {
        qs.push(Question::For);
    }
    qs.extend([Question::Date, Question::Amount, Question::Description]);
    qs.extend(
        FIELDS
            .iter()
            .filter(|f| n.field(**f).is_some())
            .map(|f| Question::Field(*f)),
    );
    qs.extend(
        n.approvals
            .iter()
            .map(|a| Question::Approval(a.role.clone())),
    );
    qs
}

/// Where an answer about a field goes among the flags.
enum Slot<'a> {
    Date(&'a mut Option<NaiveDate>),
    Text(&'a mut Option<String>),
    Yes(&'a mut Option<bool>),
    /// A whole number, read by the flag's own parser.
    Number(&'a mut Option<u32>, fn(&str) -> Result<u32, String>),
    /// A whole number held in 16 bits (nights), read by the flag's own parser.
    Small(&'a mut Option<u16>, fn(&str) -> Result<u16, String>),
    Funder(&'a mut Option<Funder>),
}

fn slot(a: &mut FieldArgs, f: Field) -> Option<Slot<'_>> {
    Some(match f {
        Field::End => Slot::Date(&mut a.end),
        Field::Applied => Slot::Date(&mut a.applied),
        Field::CancelBy => Slot::Date(&mut a.cancel_by),
        Field::Provider => Slot::Text(&mut a.provider),
        Field::Goal => Slot::Text(&mut a.goal),
        Field::Programme => Slot::Text(&mut a.programme),
        Field::TravelMode => Slot::Text(&mut a.travel_mode),
        Field::BookedVia => Slot::Text(&mut a.booked_via),
        Field::Catalogue => Slot::Yes(&mut a.catalogue),
        Field::Online => Slot::Yes(&mut a.online),
        Field::International => Slot::Yes(&mut a.international),
        Field::DistanceKm => Slot::Number(&mut a.distance_km, cli::parse_km),
        Field::Nights => Slot::Small(&mut a.nights, cli::parse_nights),
        Field::Days => Slot::Number(&mut a.days, cli::parse_days),
        Field::Event => Slot::Text(&mut a.event),
        Field::Abroad => Slot::Yes(&mut a.abroad),
        Field::InRegion => Slot::Yes(&mut a.in_region),
        Field::Mandatory => Slot::Yes(&mut a.mandatory),
        Field::Subject => Slot::Text(&mut a.subject),
        Field::FundedBy => Slot::Funder(&mut a.funded_by),
        _ => return None,
    })
}

/// Whether the flags `a` give the field.
pub fn is_set(a: &FieldArgs, f: Field) -> bool {
    let mut a = a.clone();
    match slot(&mut a, f) {
        Some(Slot::Date(v)) => v.is_some(),
        Some(Slot::Text(v)) => v.is_some(),
        Some(Slot::Yes(v)) => v.is_some(),
        Some(Slot::Number(v, _)) => v.is_some(),
        Some(Slot::Small(v, _)) => v.is_some(),
        Some(Slot::Funder(v)) => v.is_some(),
        None => false,
    }
}

/// Takes the field off the flags `a`.
pub fn clear(a: &mut FieldArgs, f: Field) {
    match slot(a, f) {
        Some(Slot::Date(v)) => *v = None,
        Some(Slot::Text(v)) => *v = None,
        Some(Slot::Yes(v)) => *v = None,
        Some(Slot::Number(v, _)) => *v = None,
        Some(Slot::Small(v, _)) => *v = None,
        Some(Slot::Funder(v)) => *v = None,
        None => {}
    }
}

/// What a field is called where its answer is offered for change.
fn field_name(f: Field) -> &'static str {
    use crate::msg;
    match f {
        Field::End => msg!("sista dagen", "the last day"),
        Field::Goal => msg!("delmålet", "the goal"),
        Field::Provider => msg!("kursgivaren", "the provider"),
        Field::FundedBy => msg!("vem som lovat att betala", "who agreed to pay"),
        Field::Catalogue => msg!("kurskatalogen", "the catalogue"),
        Field::Programme => msg!("programmet", "the programme"),
        Field::Online => msg!("på internet", "online"),
        Field::International => msg!("internationell", "international"),
        Field::TravelMode => msg!("färdsättet", "the way of travel"),
        Field::BookedVia => msg!("bokad via", "booked via"),
        Field::DistanceKm => msg!("avståndet", "the distance"),
        Field::Nights => msg!("antal nätter", "the nights"),
        Field::Days => msg!("kursdagarna", "the course days"),
        Field::Event => msg!("evenemanget", "the event"),
        Field::Abroad => msg!("utomlands", "abroad"),
        Field::InRegion => msg!("inom regionen", "within the region"),
        Field::Mandatory => msg!("obligatorisk", "mandatory"),
        Field::Subject => msg!("kursämnet", "the course subject"),
        Field::Applied => msg!("ansökningsdagen", "the day you applied"),
        Field::CancelBy => msg!("sista avbokningsdag", "the last cancellation day"),
        _ => f.name(),
    }
}

/// A field's question and the line under it.
fn words_for(f: Field) -> (&'static str, Option<&'static str>) {
    use crate::msg;
    match f {
        Field::End => (
            msg!("Sista dagen?", "Last day?"),
            Some(msg!("Enter: samma dag", "Enter: the same day")),
        ),
        Field::Goal => (
            msg!("Delmål?", "Goal?"),
            Some(msg!(
                "a, b, c eller en målkod som c12 eller STc7; Enter: inget angivet",
                "a, b, c or a goal code such as c12 or STc7; Enter: none given"
            )),
        ),
        Field::Provider => (
            msg!("Kursgivare?", "Provider?"),
            Some(msg!(
                "vem som ger kursen; Enter: ingen angiven",
                "who gives it; Enter: none given"
            )),
        ),
        Field::FundedBy => (
            msg!(
                "Har någon lovat att betala i förväg?",
                "Has someone agreed beforehand to pay?"
            ),
            None,
        ),
        Field::Catalogue => (
            msg!(
                "Finns den i regionens godkända kurskatalog (grön bock)?",
                "Is it in the region's approved catalogue (green tick)?"
            ),
            None,
        ),
        Field::Programme => (
            msg!("Program?", "Programme?"),
            Some(msg!(
                "programmet kursen hör till, t.ex. plus; Enter: inget",
                "the programme it belongs to, e.g. plus; Enter: none"
            )),
        ),
        Field::Online => (msg!("Går den på internet?", "Is it online?"), None),
        Field::Abroad => (msg!("Hålls den utomlands?", "Is it held abroad?"), None),
        Field::InRegion => (
            msg!("Hålls den inom regionen?", "Is it held within the region?"),
            None,
        ),
        Field::Mandatory => (
            msg!(
                "Är den obligatorisk enligt din målbeskrivning?",
                "Is it mandatory for your target description?"
            ),
            None,
        ),
        Field::Subject => (
            msg!(
                "Vilket obligatoriskt kursämne täcker den?",
                "Which mandatory course subject does it cover?"
            ),
            Some(msg!(
                "id:t som `st-budget policy show` anger för ämnet; Enter: inget",
                "the id `st-budget policy show` gives for the subject; Enter: none"
            )),
        ),
        Field::International => (
            msg!(
                "Är kongressen internationell?",
                "Is it an international congress?"
            ),
            None,
        ),
        Field::TravelMode => (
            msg!("Färdsätt?", "Way of travel?"),
            Some(msg!(
                "tåg, buss, bil, flyg, båt eller annat; Enter: inget angivet",
                "train, bus, car, flight, boat or another; Enter: none given"
            )),
        ),
        Field::BookedVia => (
            msg!("Bokad via?", "Booked via?"),
            Some(msg!(
                "resebyrån eller den som bokade; Enter: ingen angiven",
                "the travel agency or who booked it; Enter: none given"
            )),
        ),
        Field::DistanceKm => (
            msg!("Avstånd i km?", "Distance in km?"),
            Some(msg!(
                "från hemmet eller arbetsplatsen; Enter: vet inte",
                "from home or the workplace; Enter: not known"
            )),
        ),
        Field::Nights => (
            msg!("Antal nätter?", "How many nights?"),
            Some(msg!("Enter: inget angivet", "Enter: none given")),
        ),
        Field::Days => (
            msg!("Antal kursdagar?", "How many course days?"),
            Some(msg!(
                "där de skiljer sig från första till sista dagen; Enter: som datumen",
                "where they differ from the first to the last day; Enter: as the dates"
            )),
        ),
        Field::Event => (
            msg!(
                "Vilket evenemang (kongress, forum) hör den till?",
                "Which event (congress, forum) is it part of?"
            ),
            Some(msg!(
                "samma namn på alla poster för evenemanget, t.ex. at-stamman-2026; Enter: inget",
                "the same name on every entry of the event, e.g. at-stamman-2026; Enter: none"
            )),
        ),
        Field::Applied => (
            msg!(
                "Dagen du ansökte eller anmälde dig?",
                "The day you applied or registered?"
            ),
            Some(msg!("Enter: inte än", "Enter: not yet")),
        ),
        Field::CancelBy => (
            msg!(
                "Kursgivarens sista avbokningsdag?",
                "The provider's last cancellation day?"
            ),
            Some(msg!("Enter: vet inte", "Enter: not known")),
        ),
        _ => ("", None),
    }
}

impl Session<'_> {
    /// What a question is called where an answer is offered for change.
    pub(super) fn name(&self, q: &Question) -> String {
        let name = match q {
            Question::Kind => crate::msg!("slaget", "the kind"),
            Question::For => crate::msg!("posten den hör till", "the entry it belongs to"),
            Question::Date => crate::msg!("datumet", "the date"),
            Question::Amount => crate::msg!("beloppet", "the amount"),
            Question::Description => crate::msg!("beskrivningen", "the description"),
            Question::Field(f) => field_name(*f),
            Question::Approval(role) => {
                return crate::msg!(
                    "godkännandet av {}",
                    "the approval by {}",
                    self.role_name(role)
                );
            }
        };
        name.to_string()
    }

    /// Asks `q`, starting from `initial`, and puts the answer on the command
    /// line; returns the answer as shown.
    pub(super) fn ask(&mut self, q: &Question, initial: Option<&str>) -> Result<String, Halt> {
        let shown = |help| Shown {
            help,
            initial,
            default: None,
        };
        match q {
            Question::Kind => self.ask_kind(initial),
            Question::For => self.ask_for(),
            Question::Date => {
                let default = self.parent_date().map(|d| d.to_string());
                let (date, typed) = ask::value(
                    crate::msg!("Datum (första dagen)?", "Date (first day)?"),
                    Shown {
                        default: default.as_deref(),
                        ..shown(Some(crate::msg!(
                            "år-månad-dag, t.ex. 2026-03-11",
                            "year-month-day, e.g. 2026-03-11"
                        )))
                    },
                    cli::parse_date,
                )?;
                self.a.date = Some(date);
                Ok(typed)
            }
            Question::Amount => {
                let (amount, typed) = ask::value(
                    crate::msg!("Belopp?", "Amount?"),
                    shown(Some(crate::msg!(
                        "i kronor: 4500, 4 500,50 eller 4500:-",
                        "in kronor: 4500, 4 500,50 or 4500:-"
                    ))),
                    cli::parse_cost,
                )?;
                self.a.amount = Some(amount);
                Ok(typed)
            }
            Question::Description => {
                let (text, typed) = ask::value(
                    crate::msg!("Beskrivning?", "Description?"),
                    shown(None),
                    super::add::description,
                )?;
                self.a.description = Some(text);
                Ok(typed)
            }
            Question::Field(f) => self.ask_field(*f, initial),
            Question::Approval(role) => self.ask_approval(role, initial),
        }
    }

    fn ask_kind(&mut self, initial: Option<&str>) -> Result<String, Halt> {
        let kinds: Vec<Kind> = KINDS.iter().map(|w| w.value).collect();
        let l = self.ctx.lang;
        let cursor = initial
            .and_then(words::kind)
            .and_then(|k| kinds.iter().position(|x| *x == k))
            .unwrap_or(0);
        // Typing filters by any of a kind's words, in either language.
        let answers = |k: &Kind, typed: &str| {
            let typed = words::normalise(typed);
            KINDS.iter().filter(|w| w.value == *k).any(|w| {
                [w.value.stored(), w.sv]
                    .iter()
                    .chain(w.also)
                    .any(|s| words::normalise(s).contains(&typed))
            })
        };
        let kind = ask::choose(
            crate::msg!("Vad för slags kostnad?", "What kind of cost?"),
            &kinds,
            |k| words::name(KINDS, *k, l).to_string(),
            answers,
            cursor,
        )?;
        self.a.kind = Some(kind);
        Ok(words::name(KINDS, kind, l).to_string())
    }

    /// The entry a travel or lodging cost belongs to, from those the link
    /// rule allows, nearest to today first. With none, it is said what to
    /// record first, and nothing is written.
    fn ask_for(&mut self) -> Result<String, Halt> {
        let draft = self.draft();
        let l = self.ctx.lang;
        let choices: Vec<u32> = super::add::link_choices(&self.o.policy, &self.eff, &draft)
            .map(|(_, c)| c.iter().map(|e| e.id).collect())
            .unwrap_or_default();
        if choices.is_empty() {
            let (message, hint, _) =
                crate::render::record::link_problem(&draft, None, &[], crate::i18n::current());
            crate::diag::report_error(&message, Some(&hint));
            return Err(Halt::Refused);
        }
        let label = |id: &u32| {
            self.entry(*id)
                .map(|e| crate::render::record::choice_line(e, l))
                .unwrap_or_default()
        };
        let kind = crate::render::kind_word(draft.kind, l);
        let cursor = self
            .a
            .fields
            .for_entry
            .and_then(|f| choices.iter().position(|c| *c == f))
            .unwrap_or(0);
        let id = ask::choose(
            &crate::msg!(
                "Vilken post hör {} till?",
                "Which entry does the {} belong to?",
                kind
            ),
            &choices,
            label,
            |id, typed| label(id).to_lowercase().contains(&typed.to_lowercase()),
            cursor,
        )?;
        let shown = label(&id);
        self.a.fields.for_entry = Some(id);
        Ok(shown)
    }

    fn ask_field(&mut self, f: Field, initial: Option<&str>) -> Result<String, Halt> {
        let (message, help) = words_for(f);
        let shown = Shown {
            help,
            initial,
            default: None,
        };
        let date = self.a.date;
        let Some(slot) = slot(&mut self.a.fields, f) else {
            return Ok(String::new());
        };
        match slot {
            Slot::Date(v) => {
                // The last day is not before the first; the other dates are any day.
                let parse = move |s: &str| {
                    let d = cli::parse_date(s)?;
                    match date {
                        Some(first) if f == Field::End && d < first => {
                            Err(super::add::end_before_date(d, first))
                        }
                        _ => Ok(d),
                    }
                };
                let (d, typed) = ask::optional(message, shown, parse)?;
                *v = d;
                Ok(typed)
            }
            Slot::Text(v) => {
                let parse = move |s: &str| -> Result<String, String> {
                    match f {
                        Field::Goal => cli::parse_goal(s).map(|_| s.trim().to_string()),
                        Field::TravelMode => Ok(words::travel_mode(s)),
                        _ => Ok(s.trim().to_string()),
                    }
                };
                let (text, typed) = ask::optional(message, shown, parse)?;
                *v = text;
                Ok(typed)
            }
            Slot::Number(v, parse) => {
                let (n, typed) = ask::optional(message, shown, parse)?;
                *v = n;
                Ok(typed)
            }
            Slot::Small(v, parse) => {
                let (n, typed) = ask::optional(message, shown, parse)?;
                *v = n;
                Ok(typed)
            }
            Slot::Yes(v) => {
                let was = initial.and_then(|i| cli::parse_bool(i).ok());
                let yes = ask::yes_no(message, was.unwrap_or(false), help)?;
                *v = Some(yes);
                Ok(ask::yes_no_word(yes).to_string())
            }
            Slot::Funder(v) => {
                let l = self.ctx.lang;
                let options: Vec<Option<Funder>> = std::iter::once(None)
                    .chain(words::FUNDERS.iter().map(|w| Some(w.value)))
                    .collect();
                let label = |o: &Option<Funder>| match o {
                    None => crate::msg!("nej", "no").to_string(),
                    Some(p) => words::name(words::FUNDERS, *p, l).to_string(),
                };
                let cursor = initial
                    .and_then(|i| options.iter().position(|o| label(o) == i))
                    .unwrap_or(0);
                let picked = ask::choose(
                    message,
                    &options,
                    label,
                    |o, typed| words::normalise(&label(o)).contains(&words::normalise(typed)),
                    cursor,
                )?;
                *v = picked;
                Ok(label(&picked))
            }
        }
    }

    /// Whether `role` approved, and on what day: today by default while the
    /// entry's first day is still ahead, never once it has passed (an
    /// approval dated today would then be late or back-filled). A rule that
    /// times the approval says by when in the line under the question.
    fn ask_approval(&mut self, role: &Role, initial: Option<&str>) -> Result<String, Halt> {
        let name = self.role_name(role);
        let l = self.ctx.lang;
        let draft = self.draft();
        let today = self.ctx.today;
        let mut was = initial.map(|i| i.split_whitespace()).into_iter().flatten();
        let was_yes = was.next().and_then(|w| cli::parse_bool(w).ok());
        let was_date = was.next();
        let given = ask::yes_no(
            &crate::msg!("Har {} godkänt den?", "Has {} approved it?", name),
            was_yes.unwrap_or(false),
            None,
        )?;
        if !given {
            return Ok(ask::yes_no_word(false).to_string());
        }
        let mut probe = draft.clone();
        probe.approvals.insert(role.clone(), today);
        let past = draft.date < today;
        let help =
            crate::engine::approval_deadline(&self.o.policy, &self.eff.trainee, &probe, role)
                .map(|(rule, due)| {
                    crate::msg!(l =>
                        "ska vara daterat senast {due} för att räknas: {title}",
                        "must be dated on or before {due} to count: {title}",
                        due = due,
                        title = self.o.policy.rules[rule].title.get(l)
                    )
                })
                .or_else(|| {
                    past.then(|| {
                        crate::msg!(l =>
                            "postens första dag har redan varit: ange dagen, år-månad-dag",
                            "the entry's first day is past: give the day, year-month-day"
                        )
                        .to_string()
                    })
                });
        let default = (!past).then(|| today.to_string());
        let (date, typed) = ask::value(
            &crate::msg!(
                "Vilken dag godkände {} den?",
                "On what day did {} approve it?",
                name
            ),
            Shown {
                help: help.as_deref(),
                initial: was_date,
                default: default.as_deref(),
            },
            cli::parse_date,
        )?;
        self.a.fields.approved_by.push((role.clone(), Some(date)));
        Ok(format!("{} {}", ask::yes_no_word(true), typed.trim()))
    }
}
