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
        "error: {}:1:1: the policy has no rule of kind \"budget\"\nhint: every policy needs exactly one budget rule: the pool the trainee's costs draw on\n",
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
