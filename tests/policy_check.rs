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
        "error: {}:24:1: unknown field `split` in a rule of kind \"approval\"\nhint: expected one of: id, ref, kind, title, message, severity, overrides, when, roles, need, deadline, payer\n",
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
