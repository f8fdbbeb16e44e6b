//! `st-budget policy check FILE` on the shipped policies and on broken ones:
//! every mistake exits 2 with file:line:col, what was expected, and a hint.

mod common;

use common::{St, root, write};

const HEAD: &str = "format = 1
id = \"test\"
version = \"1\"
name = { sv = \"Test\", en = \"Test\" }
source = \"test\"
";

/// Lines 6–17: a valid budget rule.
const BUDGET: &str = "
[[rule]]
id = \"funds\"
ref = \"K1\"
kind = \"budget\"
amount = \"1000.00\"
period = \"st\"
payer = \"self\"
severity = \"error\"
title = { sv = \"t\", en = \"t\" }
message = { sv = \"m\", en = \"m\" }
outside = { sv = \"o\", en = \"o\" }
";

/// Lines 18–26: a valid flag rule (its `[[rule]]` on line 19, `when` on 23).
fn flag(when: &str) -> String {
    format!(
        "
[[rule]]
id = \"online\"
ref = \"K6\"
kind = \"flag\"
{when}
severity = \"info\"
title = {{ sv = \"t\", en = \"t\" }}
message = {{ sv = \"m\", en = \"m\" }}
"
    )
}

/// Checks `text` as a policy file and requires exit 2 with exactly `stderr`,
/// where `{}` stands for the file's path.
fn refused(name: &str, text: &str, stderr: &str) {
    let d = tempfile::tempdir().expect("temp dir");
    let p = write(d.path(), name, text);
    St::new()
        .args(["policy", "check"])
        .arg(&p)
        .run()
        .code(2)
        .stdout_is("")
        .stderr_is(stderr.replace("{}", &p.display().to_string()));
}

#[test]
fn shipped_policies_pass() {
    for (file, id, version, rules) in [
        ("kronoberg.toml", "kronoberg", "2024.1", 14),
        // V10–V12 from the region's FAQ, under the same id.
        ("vgr-allmanmedicin.toml", "vgr-allmanmedicin", "2026.1", 17),
    ] {
        let p = root().join("policies").join(file);
        St::new()
            .args(["policy", "check"])
            .arg(&p)
            .run()
            .success()
            .stdout_is(format!(
                "{}: ok, policy {id} {version} with {rules} rules\n",
                p.display()
            ));
    }
}

#[test]
fn a_minimal_policy_passes() {
    let d = tempfile::tempdir().expect("temp dir");
    let p = write(d.path(), "ok.toml", &format!("{HEAD}{BUDGET}"));
    St::new()
        .args(["policy", "check"])
        .arg(&p)
        .run()
        .success()
        .stdout_is(format!("{}: ok, policy test 1 with 1 rules\n", p.display()));
}

#[test]
fn unknown_key_suggests_the_one_meant() {
    refused(
        "typo.toml",
        &format!("{HEAD}{}", BUDGET.replace("period =", "perod =")),
        "error: {}:12:1: unknown field `perod` in a rule of kind \"budget\"\nhint: did you mean `period`?\n",
    );
    refused(
        "top.toml",
        &HEAD.replace("version =", "verison ="),
        "error: {}:3:1: unknown field `verison` in the policy\nhint: did you mean `version`?\n",
    );
    refused(
        "field.toml",
        &format!("{HEAD}{BUDGET}{}", flag("when = { kidn = \"course\" }")),
        "error: {}:23:10: unknown field `kidn` in a match table\nhint: did you mean `kind`?\n",
    );
}

#[test]
fn wrong_type() {
    refused(
        "type.toml",
        &format!(
            "{HEAD}{}",
            BUDGET.replace("severity = \"error\"", "severity = 3")
        ),
        "error: {}:14:12: `severity` must be a string, found an integer\n",
    );
}

#[test]
fn unknown_rule_kind() {
    refused(
        "kind.toml",
        &format!(
            "{HEAD}{}",
            BUDGET.replace("kind = \"budget\"", "kind = \"budgit\"")
        ),
        "error: {}:10:8: unknown rule kind \"budgit\"\nhint: did you mean \"budget\"?\n",
    );
}

#[test]
fn unknown_enum_values() {
    refused(
        "payer.toml",
        &format!(
            "{HEAD}{}",
            BUDGET.replace("payer = \"self\"", "payer = \"trainee\"")
        ),
        "error: {}:13:9: unknown payer \"trainee\"\nhint: payer is one of: budget, central, unit, self\n",
    );
    refused(
        "entry-kind.toml",
        &format!("{HEAD}{BUDGET}{}", flag("when = { kind = \"cuorse\" }")),
        "error: {}:23:17: unknown kind \"cuorse\"\nhint: did you mean \"course\"? (kind is one of: course, literature, digital, travel, lodging, congress, study-circle, other)\n",
    );
}

#[test]
fn no_budget_rule() {
    refused(
        "nobudget.toml",
        &format!("{HEAD}{}", flag("when = { kind = \"course\" }")),
        "error: {}:1:1: the policy has no rule of kind \"budget\"\nhint: every policy needs a budget rule: the pool the trainee's costs draw on\n",
    );
}

#[test]
fn duplicate_rule_id() {
    let second = flag("when = { kind = \"course\" }").replace("id = \"online\"", "id = \"funds\"");
    refused(
        "dup.toml",
        &format!("{HEAD}{BUDGET}{second}"),
        "error: {}:19:1: duplicate rule id \"funds\"\n",
    );
}

#[test]
fn float_amount() {
    refused(
        "float.toml",
        &format!(
            "{HEAD}{}",
            BUDGET.replace("amount = \"1000.00\"", "amount = 1000.5")
        ),
        "error: {}:11:10: `amount` is a floating-point number (1000.5), which cannot hold öre exactly\nhint: write amounts as strings: amount = \"1000.50\"\n",
    );
}

#[test]
fn a_broken_policy_given_to_balance_is_refused_too() {
    let d = tempfile::tempdir().expect("temp dir");
    let p = write(
        d.path(),
        "float.toml",
        &format!(
            "{HEAD}{}",
            BUDGET.replace("amount = \"1000.00\"", "amount = 1000.5")
        ),
    );
    St::new()
        .ledger(root().join("tests/scenarios/kronoberg-basic.toml"))
        .args(["balance", "--policy"])
        .arg(&p)
        .run()
        .code(2)
        .stdout_is("")
        .stderr_has(format!("{}:11:10:", p.display()));
}

/// Lines 18–26: an approval rule (its `[[rule]]` on line 19, `extra` from line 23).
fn approval(extra: &str) -> String {
    format!(
        "
[[rule]]
id = \"ok\"
ref = \"K3\"
kind = \"approval\"
{extra}
severity = \"warning\"
title = {{ sv = \"t\", en = \"t\" }}
message = {{ sv = \"m\", en = \"m\" }}
"
    )
}

/// A declared role, four lines after a blank one.
const ROLE: &str = "
[[role]]
id = \"at-chef\"
sv = \"AT-chef\"
en = \"head of AT\"
";

/// Checks `text` and requires exit 0 with exactly `stdout` and `stderr`.
fn accepted(name: &str, text: &str, stdout: &str, stderr: &str) {
    let d = tempfile::tempdir().expect("temp dir");
    let p = write(d.path(), name, text);
    let shown = p.display().to_string();
    St::new()
        .args(["policy", "check"])
        .arg(&p)
        .run()
        .success()
        .stdout_is(stdout.replace("{}", &shown))
        .stderr_is(stderr.replace("{}", &shown));
}

#[test]
fn roles_a_rule_names_are_built_in_or_declared() {
    refused(
        "typo.toml",
        &format!("{HEAD}{BUDGET}{}", approval("roles = [\"studierektr\"]")),
        "error: {}:23:10: unknown role \"studierektr\"\nhint: did you mean \"studierektor\"? A new role is declared with [[role]] (id, sv, en)\n",
    );
    refused(
        "undeclared.toml",
        &format!("{HEAD}{BUDGET}{}", approval("roles = [\"at-chef\"]")),
        "error: {}:23:10: unknown role \"at-chef\"\nhint: roles are: handledare, studierektor, overgripande-studierektor, verksamhetschef, vardcentralchef; a new role is declared with [[role]] (id, sv, en)\n",
    );
    // Declared after the rule that names it: `[[role]]` may stand anywhere.
    accepted(
        "declared.toml",
        &format!(
            "{HEAD}{BUDGET}{}{ROLE}",
            approval(
                "roles = [\"at-chef\", \"handledare\"]\nneed = \"any\"\ndeadline = \"cancel_by\""
            )
        ),
        "{}: ok, policy test 1 with 2 rules\n",
        "",
    );
    refused(
        "in-a-table.toml",
        &format!("{HEAD}{BUDGET}{}", flag("when = { approvals = \"chef\" }")),
        "error: {}:23:22: unknown role \"chef\"\nhint: roles are: handledare, studierektor, overgripande-studierektor, verksamhetschef, vardcentralchef; a new role is declared with [[role]] (id, sv, en)\n",
    );
}

#[test]
fn a_declared_role_is_new_unique_a_slug_and_named() {
    refused(
        "builtin.toml",
        &format!(
            "{HEAD}{BUDGET}{}",
            ROLE.replace("\"at-chef\"", "\"handledare\"")
        ),
        "error: {}:20:6: \"handledare\" is a built-in role already; declare only new ones\n",
    );
    refused(
        "slug.toml",
        &format!(
            "{HEAD}{BUDGET}{}",
            ROLE.replace("\"at-chef\"", "\"AT chef\"")
        ),
        "error: {}:20:6: role id \"AT chef\" must be lowercase letters, digits and dashes\n",
    );
    refused(
        "twice.toml",
        &format!("{HEAD}{BUDGET}{ROLE}{ROLE}"),
        "error: {}:24:1: the role \"at-chef\" is declared twice\n",
    );
    refused(
        "no-id.toml",
        &format!("{HEAD}{BUDGET}{}", ROLE.replace("id = \"at-chef\"\n", "")),
        "error: {}:19:1: [[role]] is missing `id`\nhint: a role has id, sv and en: id = \"klinikchef\", sv = \"klinikchef\", en = \"head of clinic\"\n",
    );
    accepted(
        "no-english.toml",
        &format!(
            "{HEAD}{BUDGET}{}",
            ROLE.replace("en = \"head of AT\"\n", "")
        ),
        "{}: ok, policy test 1 with 1 rules, but 1 texts have no English (see the warnings above)\n",
        "warning: {}:19:1: the role \"at-chef\" has no English name (`en`): English output will show the Swedish one\nhint: en = \"…\"\n",
    );
}

#[test]
fn need_deadline_and_split_are_checked() {
    refused(
        "need.toml",
        &format!(
            "{HEAD}{BUDGET}{}",
            approval("roles = [\"handledare\"]\nneed = \"some\"")
        ),
        "error: {}:24:8: unknown need \"some\"\nhint: need is one of: all, any\n",
    );
    refused(
        "deadline.toml",
        &format!(
            "{HEAD}{BUDGET}{}",
            approval("roles = [\"handledare\"]\ndeadline = \"cancelby\"")
        ),
        "error: {}:24:12: unknown deadline \"cancelby\"\nhint: did you mean \"cancel_by\"? (deadline is one of: date, applied, cancel_by)\n",
    );
    refused(
        "split.toml",
        &format!(
            "{HEAD}{}",
            BUDGET.replace("payer = \"self\"", "payer = \"self\"\nsplit = \"no\"")
        ),
        "error: {}:14:9: `split` must be true or false, found a string\n",
    );
    refused(
        "split-on-approval.toml",
        &format!(
            "{HEAD}{BUDGET}{}",
            approval("roles = [\"handledare\"]\nsplit = false")
        ),
        "error: {}:24:1: unknown field `split` in a rule of kind \"approval\"\nhint: expected one of: id, ref, kind, title, message, severity, overrides, from, to, when, roles, need, deadline, payer\n",
    );
}

#[test]
fn match_tables_on_the_new_fields() {
    accepted(
        "fields.toml",
        &format!(
            "{HEAD}{BUDGET}{}{ROLE}",
            flag(
                "when = { kind = \"course\", funded_by = { not = \"unit\" }, approvals = [\"handledare\", \"at-chef\"], applied = { le = { entry = \"cancel_by\" } } }"
            )
        ),
        "{}: ok, policy test 1 with 2 rules\n",
        "",
    );
    refused(
        "payer.toml",
        &format!("{HEAD}{BUDGET}{}", flag("when = { payer = \"unit\" }")),
        "error: {}:23:10: unknown field `payer` in a match table: who pays is what the rules decide\nhint: a payer agreed beforehand is `funded_by` (\"unit\" or \"central\")\n",
    );
    refused(
        "funded-by.toml",
        &format!("{HEAD}{BUDGET}{}", flag("when = { funded_by = \"self\" }")),
        "error: {}:23:22: unknown funded_by \"self\"\nhint: funded_by is one of: unit, central\n",
    );
    refused(
        "entry-date.toml",
        &format!(
            "{HEAD}{BUDGET}{}",
            flag("when = { status_recorded = { gt = { entry = \"cancelby\" } } }")
        ),
        "error: {}:23:45: unknown entry date \"cancelby\"\nhint: did you mean \"cancel_by\"? (entry date is one of: date, end, applied, cancel_by, status_recorded, last_day)\n",
    );
    refused(
        "two-dates.toml",
        &format!(
            "{HEAD}{BUDGET}{}",
            flag(
                "when = { status_recorded = { gt = { entry = \"cancel_by\", trainee = \"start\" } } }"
            )
        ),
        "error: {}:23:35: `gt` names one value: { entry = \"…\" }, { parent = \"…\" } or { trainee = \"…\" }\nhint: write gt = { entry = \"cancel_by\" }\n",
    );
}

#[test]
fn an_overflow_rule_without_a_payer_is_a_remark() {
    accepted(
        "remark.toml",
        &format!(
            "{HEAD}{BUDGET}
[[rule]]
id = \"remark\"
ref = \"V12\"
kind = \"overflow\"
severity = \"error\"
title = {{ sv = \"t\", en = \"t\" }}
message = {{ sv = \"m\", en = \"m\" }}
"
        ),
        "{}: ok, policy test 1 with 2 rules\n",
        "",
    );
}

/// Lines 18–30: a pool in days after [`BUDGET`] (its `[[rule]]` on line 19,
/// `unit` on 23, `count` on 24, `amount` on 25, `period` on 26, `severity` on 27).
const DAYS: &str = "
[[rule]]
id = \"days\"
ref = \"K2\"
kind = \"budget\"
unit = \"days\"
count = \"working-days\"
amount = 5
period = \"st\"
severity = \"warning\"
title = { sv = \"t\", en = \"t\" }
message = { sv = \"m\", en = \"m\" }
";

#[test]
fn a_second_budget_and_a_pool_in_days_pass() {
    let d = tempfile::tempdir().expect("temp dir");
    let second = BUDGET
        .replace(
            "id = \"funds\"",
            "id = \"congresses\"\nwhen = { kind = \"congress\" }",
        )
        .replace("outside = { sv = \"o\", en = \"o\" }\n", "");
    let p = write(
        d.path(),
        "two.toml",
        &format!("{HEAD}{BUDGET}{second}{DAYS}"),
    );
    St::new()
        .args(["policy", "check"])
        .arg(&p)
        .run()
        .success()
        .stdout_is(format!("{}: ok, policy test 1 with 3 rules\n", p.display()));
    let unlimited = BUDGET.replace("amount = \"1000.00\"", "amount = \"unlimited\"");
    let p = write(
        d.path(),
        "unlimited.toml",
        &format!("{HEAD}{unlimited}{DAYS}"),
    );
    St::new().args(["policy", "check"]).arg(&p).run().success();
    // One part kept for a named use, as a table or in an array.
    for reserve in [
        "reserve = { amount = 1, when = { event = \"exam\" }, title = { sv = \"r\", en = \"r\" } }",
        "reserve = [{ amount = 1, when = { event = \"exam\" }, title = { sv = \"r\", en = \"r\" } }]",
    ] {
        let days = DAYS.replace("period = \"st\"", &format!("period = \"st\"\n{reserve}"));
        let p = write(d.path(), "reserve.toml", &format!("{HEAD}{BUDGET}{days}"));
        St::new().args(["policy", "check"]).arg(&p).run().success();
    }
}

#[test]
fn pools_in_days_are_checked() {
    let with = |old: &str, new: &str| format!("{HEAD}{BUDGET}{}", DAYS.replace(old, new));
    refused(
        "unit.toml",
        &with("unit = \"days\"", "unit = \"dayz\""),
        "error: {}:23:8: unknown unit \"dayz\"\nhint: did you mean \"days\"? (unit is one of: kronor, days)\n",
    );
    refused(
        "count.toml",
        &with("count = \"working-days\"\n", ""),
        "error: {}:19:1: a budget in days needs `count`\nhint: write count = \"working-days\" (Monday to Friday but public holidays) or count = \"calendar-days\"\n",
    );
    refused(
        "count-word.toml",
        &with("count = \"working-days\"", "count = \"workdays\""),
        "error: {}:24:9: unknown count \"workdays\"\nhint: did you mean \"working-days\"? (count is one of: calendar-days, working-days)\n",
    );
    refused(
        "eves.toml",
        &with(
            "count = \"working-days\"",
            "count = \"calendar-days\"\neves = \"working\"",
        ),
        "error: {}:25:8: `eves` is for a pool in working days (count = \"working-days\")\n",
    );
    refused(
        "amount.toml",
        &with("amount = 5", "amount = \"5.00\""),
        "error: {}:25:10: `amount` must be a whole number, found a string\nhint: a pool in days has a number of days: amount = 10\n",
    );
    refused(
        "payer.toml",
        &with(
            "severity = \"warning\"",
            "payer = \"self\"\nseverity = \"error\"",
        ),
        "error: {}:27:9: a pool in days with `payer` takes an entry whole or not at all: its days can be split, its money cannot\nhint: write split = false, or leave out `payer` for a remark on the days beyond the pool\n",
    );
    refused(
        "remark.toml",
        &with("severity = \"warning\"", "severity = \"error\""),
        "error: {}:27:12: a pool in days without `payer` makes a remark (warning or info); severity \"error\" is for money nobody pays\n",
    );
    refused(
        "reserve.toml",
        &with(
            "period = \"st\"",
            "period = \"st\"\nreserve = [{ amount = 6, when = { kind = \"other\" }, title = { sv = \"r\", en = \"r\" } }]",
        ),
        "error: {}:27:12: the reserves are larger than the pool\n",
    );
    refused(
        "reserve-key.toml",
        &with(
            "period = \"st\"",
            "period = \"st\"\nreserve = [{ amount = 1, wehn = { kind = \"other\" }, title = { sv = \"r\", en = \"r\" } }]",
        ),
        "error: {}:27:26: unknown field `wehn` in `reserve`\nhint: did you mean `when`?\n",
    );
    refused(
        "prorate.toml",
        &with(
            "period = \"st\"",
            "period = \"calendar-year\"\nprorate = \"service\"",
        ),
        "error: {}:27:11: only a budget in kronor with an amount is pro-rated by the service percentage\nhint: write prorate = \"none\"\n",
    );
}

#[test]
fn the_main_budget_comes_first_in_kronor() {
    refused(
        "days-first.toml",
        &format!("{HEAD}{DAYS}{BUDGET}"),
        "error: {}:7:1: the first budget is the policy's main budget, counted in kronor\nhint: write the budget in kronor first (amount = \"unlimited\" for one without a cap), the pool in days after it\n",
    );
    let second_outside = BUDGET.replace("id = \"funds\"", "id = \"second\"");
    refused(
        "outside.toml",
        &format!("{HEAD}{BUDGET}{second_outside}"),
        "error: {}:19:1: only the main budget (the first) says where the ST ends: `outside` and `open_when` belong to it\n",
    );
    refused(
        "no-outside.toml",
        &format!(
            "{HEAD}{}",
            BUDGET.replace("outside = { sv = \"o\", en = \"o\" }\n", "")
        ),
        "error: {}:7:1: the main budget needs `outside`: the text for a cost outside the ST\n",
    );
}

#[test]
fn comparisons_with_another_field_and_the_parent() {
    let d = tempfile::tempdir().expect("temp dir");
    let ok = format!(
        "{HEAD}{BUDGET}{}",
        flag(
            "when = { kind = \"lodging\", nights = { le = { parent = \"days\" } }, end = { le = { parent = \"last_day\" } }, programme = { parent = \"programme\" }, parent.kind = \"course\" }"
        )
    );
    let p = write(d.path(), "ok.toml", &ok);
    St::new().args(["policy", "check"]).arg(&p).run().success();
    refused(
        "types.toml",
        &format!(
            "{HEAD}{BUDGET}{}",
            flag("when = { nights = { le = { parent = \"end\" } } }")
        ),
        "error: {}:23:37: `nights` cannot be compared with `end`: they are of different types\nhint: comparable with `nights`: distance_km, nights, days\n",
    );
    refused(
        "parent-field.toml",
        &format!(
            "{HEAD}{BUDGET}{}",
            flag("when = { parent.knd = \"course\" }")
        ),
        "error: {}:23:17: unknown field `parent.knd` in a match table\nhint: did you mean `parent.kind`?\n",
    );
    refused(
        "bound-field.toml",
        &format!(
            "{HEAD}{BUDGET}{}",
            flag("when = { nights = { le = { parent = \"dyas\" } } }")
        ),
        "error: {}:23:37: unknown parent field \"dyas\"\nhint: did you mean \"days\"? (parent field is one of: distance_km, nights, days)\n",
    );
}

#[test]
fn caps_per_unit_counts_by_event_and_overrides() {
    let cap = |extra: &str| {
        format!(
            "{HEAD}{BUDGET}
[[rule]]
id = \"lodging\"
ref = \"K9\"
kind = \"cap\"
when = {{ kind = \"lodging\" }}
limit = \"700.00\"
{extra}
payer = \"self\"
severity = \"warning\"
title = {{ sv = \"t\", en = \"t\" }}
message = {{ sv = \"m\", en = \"m\" }}
"
        )
    };
    let d = tempfile::tempdir().expect("temp dir");
    let p = write(d.path(), "per.toml", &cap("per = { parent = \"days\" }"));
    St::new().args(["policy", "check"]).arg(&p).run().success();
    refused(
        "per-and-period.toml",
        &cap("per = { parent = \"days\" }\nperiod = \"st\""),
        "error: {}:26:10: a cap with `per` is kept per entry, not per period: leave out `period`\n",
    );
    refused(
        "per-field.toml",
        &cap("per = { entry = \"nigths\" }"),
        "error: {}:25:17: unknown number \"nigths\"\nhint: did you mean \"nights\"? (number is one of: distance_km, nights, days)\n",
    );
    let count = format!(
        "{HEAD}{BUDGET}
[[rule]]
id = \"one\"
ref = \"K8\"
kind = \"count\"
when = {{ kind = \"congress\" }}
by = \"evnt\"
max = 1
period = \"st\"
payer = \"self\"
severity = \"error\"
title = {{ sv = \"t\", en = \"t\" }}
message = {{ sv = \"m\", en = \"m\" }}
"
    );
    refused(
        "by.toml",
        &count,
        "error: {}:24:6: unknown by \"evnt\"\nhint: did you mean \"event\"? (by is one of: entry, event)\n",
    );
    let overriding = |ids: &str| {
        format!(
            "{HEAD}{BUDGET}{}",
            flag(&format!(
                "when = {{ kind = \"course\" }}\noverrides = {ids}"
            ))
        )
    };
    let p = write(d.path(), "overrides.toml", &overriding("[\"funds\"]"));
    St::new().args(["policy", "check"]).arg(&p).run().success();
    refused(
        "override-unknown.toml",
        &overriding("[\"fund\"]"),
        "error: {}:24:14: `overrides` names rule \"fund\", which does not exist\nhint: did you mean \"funds\"?\n",
    );
    refused(
        "override-itself.toml",
        &overriding("[\"online\"]"),
        "error: {}:24:14: rule \"online\" cannot override itself\n",
    );
    let mutual = format!(
        "{HEAD}{}{}",
        BUDGET.replace(
            "severity = \"error\"",
            "severity = \"error\"\noverrides = [\"online\"]"
        ),
        flag("overrides = [\"funds\"]")
    );
    refused(
        "override-mutual.toml",
        &mutual,
        "error: {}:7:1: rules \"funds\" and \"online\" override each other: only the more specific one names the other in `overrides`\n",
    );
}
