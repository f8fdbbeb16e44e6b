//! `st-budget report`: the HTML page's structure, its escaping, and a real
//! rendering in headless Chromium where Chromium is installed.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{St, root};
use st_budget::render::html::csp_hash;

/// A VGR ledger over three years, with a hostile description and a rejected entry.
const LEDGER: &str = r#"format = 1

[trainee]
name = "Erik <Berg> & \"Co\""
policy = "vgr-allmanmedicin"
start = 2024-01-08

[[service]]
from = 2024-01-08
percent = 100

[[entry]]
id = 1
date = 2024-03-11
end = 2024-03-13
kind = "course"
description = "Akut EKG <script>alert('x')</script>"
amount = "12500.00"
catalogue = true
provider = "VGR"
approvals = { studierektor = 2024-02-01, vardcentralchef = 2024-02-01 }

[[entry]]
id = 2
date = 2024-03-11
kind = "travel"
description = "Tåg \u001B[2J Göteborg"
amount = "840.00"
for = 1
booked_via = "Lingmerths Resebyrå AB"
travel_mode = "train"

[[entry]]
id = 3
date = 2025-05-20
kind = "course"
description = "Kurs utan grön bock"
amount = "9000.00"
approvals = { studierektor = 2025-04-01, vardcentralchef = 2025-04-01 }

[[entry]]
id = 4
date = 2026-09-01
kind = "course"
description = "Geriatrik"
amount = "20000.00"
catalogue = true
approvals = { studierektor = 2026-08-01, vardcentralchef = 2026-08-01 }
"#;

fn write_report(dir: &Path, lang: &str) -> (PathBuf, String) {
    let ledger = dir.join("erik.toml");
    std::fs::write(&ledger, LEDGER).expect("write ledger");
    let out = dir.join(format!("erik-{lang}.html"));
    St::new()
        .lang(lang)
        .ledger(&ledger)
        .args(["report", "-o"])
        .arg(&out)
        .run()
        .success();
    let html = std::fs::read_to_string(&out).expect("read report");
    (out, html)
}

#[test]
fn the_report_is_one_self_contained_escaped_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, html) = write_report(dir.path(), "sv");
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">")
    );
    assert!(html.trim_end().ends_with("</html>"));
    // Nothing from the network: no external source, stylesheet or import, and a
    // Content-Security-Policy that would refuse one anyway.
    for bad in ["src=\"", "href=\"", "<link", "@import", "url(", "<iframe"] {
        assert!(!html.contains(bad), "found {bad:?}");
    }
    assert!(html.contains("content=\"default-src 'none';"));
    assert_eq!(
        html.matches("<script>").count(),
        1,
        "only the inline sort script"
    );
    // Hostile text is escaped and its control characters made visible.
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("Akut EKG &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("Erik &lt;Berg&gt; &amp; &quot;Co&quot;"));
    assert!(!html.contains('\u{1b}'));
    assert!(html.contains("Tåg \\u{1b}[2J Göteborg"));
    // Each period with its state, budget, charged and what is left, in Swedish
    // money; a closed year's unused money lapsed, and is called so.
    assert!(html.contains(
        "<tr class=\"closed\"><td>2024</td><td>stängd</td><td>2024-01-08</td><td>2024-12-31</td><td class=\"num\" data-sort=\"3334973\">33\u{a0}349,73\u{a0}kr</td><td class=\"num\" data-sort=\"1334000\">13\u{a0}340,00\u{a0}kr</td><td></td><td class=\"num\" data-sort=\"2000973\">20\u{a0}009,73\u{a0}kr</td></tr>"
    ));
    assert!(html.contains("<tr><td>2026</td><td>pågår</td><td>2026-01-01</td><td>2026-12-31</td>"));
    assert!(html.contains("förfaller 2026-12-31"));
    // The service periods the budget follows.
    assert!(html.contains("<section id=\"service\">"));
    assert!(html.contains("<td>2024-01-08</td><td>–</td><td class=\"num\">100\u{a0}%</td>"));
    // One burn-down chart per period, inline SVG; closed years small and grey.
    let periods = html.matches("<figure class=\"burndown").count();
    assert!(periods >= 3, "{periods} charts");
    assert_eq!(
        html.matches("<figure class=\"burndown closed\">").count(),
        2
    );
    assert!(html.contains("<figcaption>Period 2024: 20\u{a0}009,73\u{a0}kr förföll av 33\u{a0}349,73\u{a0}kr</figcaption>"));
    assert_eq!(html.matches("<svg ").count(), periods);
    // Every entry, with its payers and findings.
    for id in 1..=4 {
        assert!(
            html.contains(&format!("<tr id=\"entry-{id}\">")),
            "entry {id}"
        );
    }
    assert!(html.contains("budget 12\u{a0}500,00\u{a0}kr"));
    let e3 = &html[html.find("<tr id=\"entry-3\">").expect("e3")..];
    let e3 = &e3[..e3.find("</tr>").expect("end")];
    assert!(e3.contains("egen kostnad 9\u{a0}000,00\u{a0}kr"), "{e3}");
    assert!(
        e3.contains("<span class=\"badge error\">fel</span> <b>V3</b>"),
        "{e3}"
    );
    // Sortable, readable on paper.
    assert!(html.contains("<div class=\"scroll\"><table class=\"sortable\">"));
    assert!(html.contains("@media print"));
}

#[test]
fn the_report_speaks_english_and_goes_to_stdout_without_o() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = dir.path().join("erik.toml");
    std::fs::write(&ledger, LEDGER).expect("write ledger");
    let html = St::new()
        .lang("en")
        .ledger(&ledger)
        .arg("report")
        .run()
        .success()
        .stdout;
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("<h2>The budget over time</h2>"));
    assert!(html.contains("SEK\u{a0}33,349.73"));
}

/// An inbox of exported ledgers: one sealed, one tampered with after export
/// (with a hostile name), one never exported, one unreadable; audited to HTML.
fn audit_html(dir: &Path, lang: &str) -> (PathBuf, String) {
    let inbox = dir.join("inkorg");
    std::fs::create_dir_all(&inbox).expect("mkdir");
    let root = root();
    let export = |from: &Path, to: &Path| {
        St::new()
            .ledger(from)
            .args(["export", "--force", "-o"])
            .arg(to)
            .run()
            .success();
    };
    let anna = dir.join("anna.toml");
    let text = std::fs::read_to_string(root.join("examples/kronoberg-anna.toml")).expect("anna");
    std::fs::write(
        &anna,
        text.replacen("Anna Lindqvist", "Anna <i>Lindqvist</i>", 1),
    )
    .expect("write");
    export(&anna, &inbox.join("anna.toml"));
    let sealed = std::fs::read_to_string(inbox.join("anna.toml")).expect("read");
    std::fs::write(
        inbox.join("anna.toml"),
        sealed.replacen("amount = \"12000.00\"", "amount = \"1200.00\"", 1),
    )
    .expect("tamper");
    export(
        &root.join("examples/vgr-sara.toml"),
        &inbox.join("sara.toml"),
    );
    std::fs::copy(
        root.join("examples/vgr-sara.toml"),
        inbox.join("unsealed.toml"),
    )
    .expect("copy");
    std::fs::write(inbox.join("trasig.toml"), "garbage = \n").expect("write");
    let page = dir.join(format!("audit-{lang}.html"));
    // Exit 2: one ledger is unreadable.
    St::new()
        .lang(lang)
        .arg("audit")
        .arg(&inbox)
        .arg("--html")
        .arg(&page)
        .run()
        .code(2);
    (
        page.clone(),
        std::fs::read_to_string(&page).expect("read page"),
    )
}

#[test]
fn audit_html_has_one_row_per_ledger_integrity_marked_findings_expandable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, html) = audit_html(dir.path(), "sv");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
    for bad in ["src=\"", "href=\"", "<link", "@import", "url(", "<i>"] {
        assert!(!html.contains(bad), "found {bad:?}");
    }
    let body = &html[html.find("<tbody>").expect("body")..html.find("</tbody>").expect("end")];
    assert_eq!(body.matches("<tr").count(), 4, "one row per ledger");
    assert!(html.contains("Anna &lt;i&gt;Lindqvist&lt;/i&gt; (KRO-2024-017)"));
    assert!(
        html.contains("✖ bruten</span><br><span class=\"error\">förseglingen bruten: post 1 (rad ")
    );
    assert!(html.contains("✔ intakt"));
    assert!(html.contains("– ej förseglad"));
    assert!(html.contains("kan inte läsas"));
    assert!(html.contains("<details><summary>2 fynd</summary>"));
    assert!(html.contains("<table class=\"sortable\" id=\"ledgers\">"));
    assert!(html.contains("<td class=\"num\" data-sort=\"2550000\">25\u{a0}500,00\u{a0}kr</td>"));
    // The unit of each trainee, the filter for problems (shown by the script),
    // what each unit pays per year and whose money lapses soon.
    assert!(html.contains("<th>Enhet</th>"));
    assert!(html.contains("<td>Medicinkliniken, Centrallasarettet Växjö</td>"));
    assert!(html.contains("<td>Vårdcentralen Majorna</td>"));
    assert!(html.contains(
        "<button class=\"filter\" type=\"button\" hidden data-table=\"ledgers\" aria-pressed=\"false\">Visa bara liggare med problem</button>"
    ));
    assert!(html.contains("<section id=\"units\"><h2>Per enhet och år</h2>"));
    assert!(html.contains("<td>Vårdcentralen Majorna</td><td class=\"num\">2026</td>"));
    assert!(html.contains("<section id=\"lapsing\"><h2>Förfaller inom 90 dagar</h2>"));
}

/// The one script of a page, and the policy's `script-src`: the policy names the
/// script by the sha256 of exactly its text, and allows nothing else.
fn assert_script_named_by_hash(html: &str) {
    assert_eq!(
        html.matches("<script").count(),
        1,
        "exactly one script element"
    );
    let start = html.find("<script>").expect("script") + "<script>".len();
    let script = &html[start..start + html[start..].find("</script>").expect("end")];
    assert!(
        script.contains("table.sortable"),
        "the sort script: {script}"
    );
    let csp = &html[html
        .find("Content-Security-Policy\" content=\"")
        .expect("csp")..];
    let csp = &csp[..csp.find("\">").expect("end of csp")];
    assert!(
        csp.contains(&format!("; script-src '{}';", csp_hash(script))),
        "{csp}"
    );
    assert!(csp.contains("default-src 'none';"), "{csp}");
    assert!(!csp.contains("script-src 'unsafe"), "{csp}");
}

#[test]
fn both_pages_run_only_their_one_script_named_by_its_hash() {
    let dir = tempfile::tempdir().expect("tempdir");
    for lang in ["sv", "en"] {
        let (_, html) = write_report(dir.path(), lang);
        assert_script_named_by_hash(&html);
    }
    let (_, html) = audit_html(dir.path(), "en");
    assert_script_named_by_hash(&html);
}

/// The Chromium binary, if one is installed.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

/// The share of pixels that are not (near) white, and how many distinct colours.
fn ink(png_path: &Path) -> (f64, usize) {
    let file = std::io::BufReader::new(std::fs::File::open(png_path).expect("open png"));
    let mut reader = png::Decoder::new(file).read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("png frame");
    let bytes = &buf[..info.buffer_size()];
    let step = info.color_type.samples();
    let mut inked = 0usize;
    let mut colours = std::collections::HashSet::new();
    let pixels = bytes.chunks_exact(step);
    let total = pixels.len();
    for px in pixels {
        let rgb = if step >= 3 {
            [px[0], px[1], px[2]]
        } else {
            [px[0]; 3]
        };
        if rgb.iter().any(|&c| c < 230) {
            inked += 1;
        }
        colours.insert(rgb);
    }
    (inked as f64 / total.max(1) as f64, colours.len())
}

/// Renders a page to PNG in headless Chromium; fails on a console message (a
/// script error, a refused request) or a blank picture.
fn render(browser: &Path, page: &Path, dir: &Path, name: &str) {
    let shot = dir.join(format!("{name}.png"));
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1200,1600",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "chromium failed on {name}:\n{log}");
    // Console messages (script errors, refused requests) are logged as CONSOLE.
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "{name}: console messages:\n{}",
        console.join("\n")
    );
    let (share, colours) = ink(&shot);
    assert!(
        share > 0.005,
        "{name} looks blank: {share:.4} of pixels inked"
    );
    assert!(colours > 8, "{name} looks blank: {colours} colours");
    eprintln!(
        "chromium rendered {name}: {:.1} % inked, {colours} colours",
        share * 100.0
    );
    // To look at them: ST_BUDGET_KEEP_HTML=/some/dir cargo test --test html
    if let Some(keep) = std::env::var_os("ST_BUDGET_KEEP_HTML") {
        let keep = PathBuf::from(keep);
        std::fs::create_dir_all(&keep).expect("keep dir");
        std::fs::copy(page, keep.join(format!("{name}.html"))).expect("keep page");
        std::fs::copy(&shot, keep.join(format!("{name}.png"))).expect("keep png");
    }
}

#[test]
fn the_pages_render_in_headless_chromium() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: Chromium is not installed (apt-get install chromium, or set CHROMIUM)");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    for lang in ["sv", "en"] {
        let (page, _) = write_report(dir.path(), lang);
        render(&browser, &page, dir.path(), &format!("report-{lang}"));
    }
    let page = dir.path().join("audit.html");
    std::fs::write(&page, audit_page()).expect("write audit page");
    render(&browser, &page, dir.path(), "audit-rows");
    let (page, _) = audit_html(dir.path(), "en");
    render(&browser, &page, dir.path(), "audit");

    // It prints: Chromium makes a PDF of it with at least one page.
    let (page, _) = write_report(dir.path(), "sv");
    let pdf = dir.path().join("report.pdf");
    let out = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&pdf).expect("pdf");
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    assert!(
        bytes.len() > 10_000,
        "a nearly empty PDF: {} bytes",
        bytes.len()
    );

    // Sorting works in a real browser: a click on "Amount", then on it again.
    // The page runs no script its policy does not name by hash, so the probe
    // adds its own hash; the page's sort script runs by the hash the page gives.
    let (page, html) = write_report(dir.path(), "en");
    let probe = "\
var th = document.querySelectorAll('#entries th')[5];\
var order = function () { return Array.prototype.map.call(document.querySelectorAll('#entries tbody tr'), function (r) { return r.id.replace('entry-', ''); }).join(','); };\
th.click(); document.body.dataset.up = order();\
th.click(); document.body.dataset.down = order();";
    let injected = html.replace("</body>", &format!("<script>{probe}</script></body>"));
    let harness = injected.replacen(
        "script-src '",
        &format!("script-src '{}' '", csp_hash(probe)),
        1,
    );
    let page = page.with_file_name("sort.html");
    std::fs::write(&page, harness).expect("write");
    let dom = dump_dom(&browser, &page, dir.path());
    assert!(dom.contains("data-up=\"2,3,1,4\""), "{dom}");
    assert!(dom.contains("data-down=\"4,1,3,2\""), "{dom}");

    // The filter for problems works in a real browser: one clean ledger and
    // one with a broken seal; a click leaves the broken one.
    let page = filter_page(dir.path());
    let html = std::fs::read_to_string(&page).expect("page");
    let probe = "\
var b = document.querySelector('button.filter');\
var shown = function () { return Array.prototype.filter.call(document.querySelectorAll('#ledgers tbody tr'), function (r) { return getComputedStyle(r).display !== 'none'; }).length; };\
document.body.dataset.button = b.hidden ? 'hidden' : 'shown';\
document.body.dataset.before = shown(); b.click(); document.body.dataset.after = shown();\
document.body.dataset.pressed = b.getAttribute('aria-pressed'); b.click(); document.body.dataset.again = shown();";
    let harness = html
        .replace("</body>", &format!("<script>{probe}</script></body>"))
        .replacen(
            "script-src '",
            &format!("script-src '{}' '", csp_hash(probe)),
            1,
        );
    let page = page.with_file_name("filter.html");
    std::fs::write(&page, harness).expect("write");
    let dom = dump_dom(&browser, &page, dir.path());
    assert!(dom.contains("data-button=\"shown\""), "{dom}");
    assert!(dom.contains("data-before=\"2\""), "{dom}");
    assert!(dom.contains("data-after=\"1\""), "{dom}");
    assert!(dom.contains("data-pressed=\"true\""), "{dom}");
    assert!(dom.contains("data-again=\"2\""), "{dom}");

    // A script the policy does not name does not run.
    let page = page.with_file_name("refused.html");
    std::fs::write(&page, injected).expect("write");
    let dom = dump_dom(&browser, &page, dir.path());
    assert!(!dom.contains("data-up="), "{dom}");
}

/// The director's page over a clean export and one whose seal is broken.
fn filter_page(dir: &Path) -> PathBuf {
    let inbox = dir.join("filter-inbox");
    std::fs::create_dir_all(&inbox).expect("mkdir");
    let root = root();
    St::new()
        .ledger(root.join("examples/vgr-sara.toml"))
        .args(["export", "--force", "-o"])
        .arg(inbox.join("sara.toml"))
        .run()
        .success();
    let clean = dir.join("clean.toml");
    St::new()
        .ledger(&clean)
        .args([
            "init",
            "--policy",
            "kronoberg",
            "--name",
            "Bo Ek",
            "--start",
            "2024-01-08",
        ])
        .args(["--percent", "100"])
        .run()
        .success();
    St::new()
        .ledger(&clean)
        .args(["export", "--force", "-o"])
        .arg(inbox.join("bo.toml"))
        .run()
        .success();
    let sealed = std::fs::read_to_string(inbox.join("sara.toml")).expect("read");
    std::fs::write(
        inbox.join("sara.toml"),
        sealed.replacen("percent = 100", "percent = 90", 1),
    )
    .expect("tamper");
    let page = dir.join("filter-page.html");
    St::new()
        .arg("audit")
        .arg(&inbox)
        .arg("--html")
        .arg(&page)
        .run()
        .code(1);
    page
}

/// The page's DOM after its scripts ran.
fn dump_dom(browser: &Path, page: &Path, dir: &Path) -> String {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The director's page over three ledgers: intact, broken, unreadable.
fn audit_page() -> String {
    use st_budget::i18n::Lang;
    use st_budget::money::Amount;
    use st_budget::policy::Severity;
    use st_budget::render::audit::AuditFinding;
    use st_budget::render::html::{AuditRow, Integrity, audit_report};
    let row = |name: &str, integrity: Integrity, errors: usize| AuditRow {
        flagged: false,
        path: format!("inkorg/{name}.toml"),
        name: name.to_string(),
        unit: Some("Medicinkliniken Växjö".into()),
        policy: "kronoberg 2024.1".into(),
        integrity,
        period: Some((
            "ST".into(),
            Amount::from_kronor(110_000),
            Amount::from_kronor(14_500),
            Amount::from_kronor(95_500),
        )),
        lapsed: false,
        errors,
        warnings: 1,
        subjects: None,
        error: None,
    };
    let finding = || AuditFinding {
        entry: Some(3),
        rule: "k3-course-with-supervisor".into(),
        severity: Severity::Warning,
        reference: "K3".into(),
        title: None,
        message: "Handledarens godkännande saknas.".into(),
        details: None,
    };
    let rows = vec![
        (row("Anna Lindqvist", Integrity::Intact, 0), vec![finding()]),
        (
            row(
                "Erik <Berg>",
                Integrity::Broken("entry 4 was removed after the last audit".into()),
                2,
            ),
            vec![finding()],
        ),
        (
            AuditRow {
                error: Some("inkorg/trasig.toml:3:7: invalid TOML".into()),
                ..row("trasig", Integrity::Unsealed, 0)
            },
            Vec::new(),
        ),
    ];
    audit_report(
        &rows,
        Lang::Sv,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date"),
    )
    .expect("page")
}
