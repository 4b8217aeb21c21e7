//! The web edition in a real browser: `tests/browser/check.mjs` opens every page of a
//! site in Debian's Chromium (headless, through playwright-core) and runs axe-core and
//! the Nu HTML Checker on it; this module runs that script and reads what it reports.
//!
//! What it needs, and CI installs: Node.js 20 or later, Debian's `chromium`, a Java
//! runtime, and the script's own packages (`npm ci --prefix tests/browser`). A missing
//! one fails the test that needs it, with what to install. `tests/browser/README.md`
//! tells the script's report field by field.
//!
//! The script judges nothing: it reports what it saw, and [`SiteReport::errors`] turns
//! that into the list of problems a test asserts empty.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Everything the browser checks saw on a site.
#[derive(Debug, Clone)]
pub struct SiteReport {
    /// Each page checked, in the order of their paths.
    pub pages: Vec<PageReport>,
    /// The search box, when a word was given to look for.
    pub search: Option<SearchReport>,
    /// What the Nu HTML Checker said about the site's pages (errors, warnings and
    /// information alike).
    pub vnu: Vec<VnuMessage>,
    /// The kinds of wait that ran out so often that the script shortened them (a site
    /// broken on every page): `"popover"`, `"escape"`, `"backlink"`.
    pub waits_shortened: Vec<String>,
    /// How long the run took, in seconds.
    pub seconds: f64,
    /// The script's whole report, for what the typed fields leave out.
    pub json: Value,
}

/// What one page showed.
#[derive(Debug, Clone)]
pub struct PageReport {
    /// The page's path inside the site, with `/` (`report-1.html`).
    pub file: String,
    /// The `lang` attribute of `<html>`.
    pub lang: Option<String>,
    /// The `dir` attribute of `<html>`.
    pub dir: Option<String>,
    /// The document's title.
    pub title: String,
    /// `document.body.innerText`: the page's text in reading order, as a reader gets it.
    pub text: String,
    /// Every `id` in the document, in document order (repeats kept).
    pub ids: Vec<String>,
    /// Every link's `href` as written, in document order.
    pub links: Vec<String>,
    /// How many note references (`a[role="doc-noteref"]`) the page holds.
    pub note_refs: usize,
    /// Console messages, page errors and failed requests while the page was loaded and
    /// its notes tried (served over HTTP, with JavaScript).
    pub troubles: Troubles,
    /// axe-core's violations on the page as loaded, at 1280×800.
    pub axe_violations: Vec<AxeViolation>,
    /// The full-page screenshots, at 412×915 then 1280×800.
    pub screenshots: Vec<Screenshot>,
    /// The note popover tried: the first reference at 1280×800, one in the middle when
    /// the page holds more than 20, and the first again at 412×915.
    pub note_tests: Vec<NoteTest>,
    /// The page with JavaScript off.
    pub no_script: Option<NoScript>,
    /// The page opened from a `file://` URL, with JavaScript.
    pub file_url: Option<FileUrl>,
    /// Set when the checks of this page broke off (a click that never became
    /// possible...): what stopped them.
    pub harness_error: Option<String>,
}

/// Console messages, uncaught exceptions and failed requests seen while a page was open.
#[derive(Debug, Clone, Default)]
pub struct Troubles {
    /// Console messages of type `error` or `warning`.
    pub console: Vec<ConsoleMessage>,
    /// Uncaught exceptions (`pageerror`), as their messages.
    pub page_errors: Vec<String>,
    /// Requests that failed or were answered with a status of 400 or more.
    pub failed_requests: Vec<FailedRequest>,
}

/// One console message.
#[derive(Debug, Clone)]
pub struct ConsoleMessage {
    /// `error` or `warning`.
    pub kind: String,
    /// The message.
    pub text: String,
    /// The script or page it came from, when known.
    pub url: Option<String>,
    /// Its line there (from 1), when known.
    pub line: Option<u64>,
}

/// One request that failed.
#[derive(Debug, Clone)]
pub struct FailedRequest {
    /// What was asked for.
    pub url: String,
    /// The HTTP status, when there was an answer.
    pub status: Option<u64>,
    /// Chromium's reason (`net::ERR_FILE_NOT_FOUND`...), when there was no answer.
    pub error: Option<String>,
}

/// One rule of axe-core that the page breaks.
#[derive(Debug, Clone)]
pub struct AxeViolation {
    /// The rule (`image-alt`, `color-contrast`...).
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: Option<String>,
    /// What the rule asks for.
    pub help: String,
    /// Where the rule is explained.
    pub help_url: String,
    /// The rule's tags (`wcag2aa`, `best-practice`...).
    pub tags: Vec<String>,
    /// The elements that break it, each as its CSS selectors (one per frame or shadow
    /// root).
    pub targets: Vec<Vec<String>>,
}

/// One full-page screenshot.
#[derive(Debug, Clone)]
pub struct Screenshot {
    /// The viewport's width, in CSS pixels.
    pub width: u64,
    /// The viewport's height, in CSS pixels.
    pub height: u64,
    /// The PNG.
    pub path: PathBuf,
    /// The document's `scrollWidth` at that width: more than `width` means the page
    /// scrolls sideways.
    pub scroll_width: u64,
    /// The document's height at that width, in CSS pixels.
    pub page_height: u64,
    /// Whether the screenshot stops at 16,000 pixels, short of the page's end.
    pub truncated: bool,
}

/// One note reference tried: click, popover, Escape, back-link.
#[derive(Debug, Clone)]
pub struct NoteTest {
    /// The viewport, `"1280x800"` or `"412x915"`.
    pub viewport: String,
    /// Which reference of the page (from 0).
    pub index: usize,
    /// The reference's `id`.
    pub ref_id: Option<String>,
    /// The reference's `href`.
    pub href: String,
    /// Whether the `href` names an element of the page.
    pub note_found: bool,
    /// Whether that element is inside `role="doc-endnotes"`.
    pub note_in_endnotes: bool,
    /// The note's text, without its back-links, whitespace folded.
    pub note_text: Option<String>,
    /// Why the reference could not be clicked as a reader would (hidden, covered,
    /// outside the page), when so: then the fields after this one are not measured.
    pub click_error: Option<String>,
    /// Whether clicking the reference left the page's path alone (no other page).
    pub same_page: bool,
    /// Whether an element matched `:popover-open` after the click (within 2 s).
    pub popover_open: bool,
    /// Whether it had a size, was not hidden, and showed at least partly in the viewport.
    pub popover_visible: bool,
    /// Whether it lay wholly inside the viewport.
    pub popover_in_viewport: bool,
    /// Whether its text held the note's (its first 40 characters, whitespace folded).
    pub popover_has_note_text: bool,
    /// The popover's text, whitespace folded.
    pub popover_text: Option<String>,
    /// Whether the focus was inside the popover (or on it) after the click.
    pub focus_in_popover: bool,
    /// The focused element after the click, as `tag#id[role]`.
    pub active: Option<String>,
    /// Whether Escape closed the popover (`None`: no popover to close).
    pub closed_on_escape: Option<bool>,
    /// Whether the focus was back on the reference after Escape.
    pub focus_returned: Option<bool>,
    /// Whether the back-link was tried (not from `file://`, where only the popover is
    /// looked at, nor when no popover opened or the click left the page).
    pub backlink_tried: bool,
    /// Whether a second click on the reference opened the popover again (`None`: not
    /// tried).
    pub reopened: Option<bool>,
    /// Whether the reopened popover held a `a[role="doc-backlink"]`.
    pub backlink_found: bool,
    /// Why the back-link could not be clicked (outside the viewport, covered), when so.
    pub backlink_click_error: Option<String>,
    /// Whether following that back-link (after the page was scrolled to its end) showed
    /// the reference again, focused or as the location's hash.
    pub backlink_returns: Option<bool>,
    /// Whether the popover was closed after the back-link.
    pub popover_closed_after_backlink: Option<bool>,
    /// axe-core's violations inside the open popover (first test of a page only).
    pub popover_axe_violations: Vec<AxeViolation>,
}

/// The page with JavaScript off: the note reference still leads to its note.
#[derive(Debug, Clone)]
pub struct NoScript {
    /// Whether the page's text was the same as with JavaScript.
    pub text_same_as_scripted: bool,
    /// Why the first reference could not be clicked, when so.
    pub click_error: Option<String>,
    /// Whether clicking the first reference set the location's hash to its `href`
    /// (`None`: the page has no reference).
    pub hash_is_href: Option<bool>,
    /// Whether the note was then in the viewport.
    pub note_in_viewport: Option<bool>,
    /// What went wrong meanwhile.
    pub troubles: Troubles,
}

/// The page opened as a `file://` URL, with JavaScript: the site without a server.
#[derive(Debug, Clone)]
pub struct FileUrl {
    /// The URL opened.
    pub url: String,
    /// The first note reference tried there (`None`: the page has none): clicked, its
    /// popover looked at, closed with Escape; its back-link is not tried.
    pub note_test: Option<NoteTest>,
    /// What went wrong meanwhile.
    pub troubles: Troubles,
}

/// The search box of `index.html` tried with one word.
#[derive(Debug, Clone)]
pub struct SearchReport {
    /// The word typed.
    pub word: String,
    /// Served over HTTP (`None`: the site has no `index.html`).
    pub server: Option<SearchRun>,
    /// Opened from a `file://` URL.
    pub file_url: Option<SearchRun>,
}

/// One try of the search box.
#[derive(Debug, Clone)]
pub struct SearchRun {
    /// The URL opened.
    pub url: String,
    /// Whether the page has an `input[type="search"]`.
    pub input_found: bool,
    /// Whether the page has a results list: the element `#search-results`, else the one
    /// the input's `aria-controls` names, else `.search-results`, else the first list in
    /// the input's form.
    pub results_found: bool,
    /// Which of those it was: `"#search-results"`, `"aria-controls"`,
    /// `".search-results"` or `"form list"`.
    pub results_selector: Option<String>,
    /// The links that appeared in the results list (within 3 s).
    pub results: Vec<SearchResult>,
    /// What went wrong meanwhile.
    pub troubles: Troubles,
}

/// One link the search listed.
#[derive(Debug, Clone)]
pub struct SearchResult {
    /// Its `href` as written.
    pub href: String,
    /// Its text.
    pub text: String,
}

/// One message of the Nu HTML Checker.
#[derive(Debug, Clone)]
pub struct VnuMessage {
    /// `error`, `info` or `non-document-error`.
    pub kind: String,
    /// `warning` for a warning (of kind `info`), `fatal` for an error that stopped the
    /// parse.
    pub sub_type: Option<String>,
    /// The message.
    pub message: String,
    /// The page's path inside the site.
    pub file: Option<String>,
    /// The line (from 1).
    pub last_line: Option<u64>,
    /// The markup around the place.
    pub extract: Option<String>,
}

impl VnuMessage {
    /// Whether this is an error (a document's or the checker's own).
    pub fn is_error(&self) -> bool {
        self.kind == "error" || self.kind == "non-document-error"
    }

    /// Whether this is a warning.
    pub fn is_warning(&self) -> bool {
        self.kind == "info" && self.sub_type.as_deref() == Some("warning")
    }

    fn describe(&self) -> String {
        format!(
            "{}:{}: {}",
            self.file.as_deref().unwrap_or("?"),
            self.last_line
                .map_or_else(|| "?".to_owned(), |l| l.to_string()),
            self.message
        )
    }
}

/// Runs the browser checks on every page of the site in `site`, screenshots into
/// `shots`, and tries the search box of `index.html` with `search` when given. Panics
/// when the checks cannot run (Node.js, Chromium, Java or the script's packages
/// missing), saying what to install.
pub fn check_site(site: &Path, shots: &Path, search: Option<&str>) -> SiteReport {
    check_pages(site, shots, search, &[])
}

/// [`check_site`] for only the pages `pages` (paths inside the site, `report-1.html`);
/// every page when `pages` is empty. The Nu HTML Checker still reads every page.
pub fn check_pages(site: &Path, shots: &Path, search: Option<&str>, pages: &[&str]) -> SiteReport {
    let script = crate::repo().join("tests/browser/check.mjs");
    let mut command = Command::new("node");
    command.arg(&script).arg(site).arg(shots);
    if let Some(word) = search {
        command.arg("--search").arg(word);
    }
    if !pages.is_empty() {
        command.arg("--pages").arg(pages.join(","));
    }
    let out = command.output().unwrap_or_else(|e| {
        panic!(
            "cannot run node ({e}): the browser checks need Node.js 20 or later, then \
             `npm ci --prefix tests/browser`"
        )
    });
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        let said = stderr
            .lines()
            .rev()
            .find(|l| l.contains("cannot run"))
            .unwrap_or(stderr.trim());
        panic!(
            "the browser checks could not run ({}): {said}\n(node {} {} {})",
            out.status,
            script.display(),
            site.display(),
            shots.display()
        );
    }
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "the browser checks printed no JSON ({e}):\n{}\n{stderr}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    SiteReport::from_json(json)
}

impl SiteReport {
    /// Reads the script's JSON report.
    pub fn from_json(json: Value) -> SiteReport {
        SiteReport {
            pages: list(&json, "pages", page),
            search: json
                .get("search")
                .filter(|v| v.is_object())
                .map(|v| SearchReport {
                    word: string(v, "word"),
                    server: v.get("server").filter(|r| r.is_object()).map(search_run),
                    file_url: v.get("fileUrl").filter(|r| r.is_object()).map(search_run),
                }),
            vnu: list(&json, "vnu", |m| VnuMessage {
                kind: string(m, "type"),
                sub_type: opt_string(m, "subType"),
                message: string(m, "message"),
                file: opt_string(m, "file"),
                last_line: m.get("lastLine").and_then(Value::as_u64),
                extract: opt_string(m, "extract"),
            }),
            waits_shortened: list(&json, "waitsShortened", |v| {
                v.as_str().unwrap_or_default().to_owned()
            }),
            seconds: json.get("seconds").and_then(Value::as_f64).unwrap_or(0.0),
            json,
        }
    }

    /// The report of the page `file` (its path inside the site). Panics when it was not
    /// checked.
    pub fn page(&self, file: &str) -> &PageReport {
        self.pages
            .iter()
            .find(|p| p.file == file)
            .unwrap_or_else(|| panic!("{file} was not checked"))
    }

    /// Every problem found, one readable line each: console errors, page errors, failed
    /// requests, axe-core violations, a page scrolling sideways, a note popover that
    /// does not open, show the note, take the focus, close on Escape, give the focus
    /// back or return by its back-link, a note not reached without JavaScript, a page
    /// failing from `file://`, a search listing nothing, and the Nu HTML Checker's
    /// errors. Empty when the site passed.
    pub fn errors(&self) -> Vec<String> {
        let mut errors = Vec::new();
        for p in &self.pages {
            let file = &p.file;
            if let Some(e) = &p.harness_error {
                errors.push(format!("{file}: the checks broke off: {e}"));
            }
            p.troubles.errors(file, &mut errors);
            for v in &p.axe_violations {
                errors.push(format!("{file}: {}", v.describe()));
            }
            for s in &p.screenshots {
                if s.scroll_width > s.width {
                    errors.push(format!(
                        "{file}: at {}x{} the page scrolls sideways ({}px wide)",
                        s.width, s.height, s.scroll_width
                    ));
                }
            }
            for t in &p.note_tests {
                t.errors(file, &mut errors);
            }
            if let Some(n) = &p.no_script {
                let at = format!("{file} (without JavaScript)");
                if let Some(e) = &n.click_error {
                    errors.push(format!(
                        "{at}: the first note reference cannot be clicked: {e}"
                    ));
                } else if n.hash_is_href == Some(false) {
                    errors.push(format!(
                        "{at}: clicking the first note reference did not go to its note"
                    ));
                }
                if n.note_in_viewport == Some(false) {
                    errors.push(format!(
                        "{at}: after clicking the first note reference its note is not on screen"
                    ));
                }
                // a request that fails with JavaScript too is reported once
                let seen = |url: &str| p.troubles.failed_requests.iter().any(|r| r.url == url);
                let mut own = n.troubles.clone();
                own.failed_requests.retain(|r| !seen(&r.url));
                own.console.retain(|m| {
                    !(m.text.starts_with("Failed to load resource")
                        && m.url.as_deref().is_some_and(seen))
                });
                own.errors(&at, &mut errors);
            }
            if let Some(f) = &p.file_url {
                let at = format!("{file} (from file://)");
                f.troubles.errors(&at, &mut errors);
                if let Some(t) = &f.note_test {
                    t.errors(&at, &mut errors);
                }
            }
        }
        if let Some(s) = &self.search {
            for (how, run) in [("served", &s.server), ("from file://", &s.file_url)] {
                let at = format!("index.html search ({how})");
                let Some(run) = run else {
                    errors.push(format!("{at}: the site has no index.html"));
                    continue;
                };
                run.troubles.errors(&at, &mut errors);
                if !run.input_found {
                    errors.push(format!("{at}: no input[type=\"search\"]"));
                } else if !run.results_found {
                    errors.push(format!("{at}: no list for the results (#search-results)"));
                } else if run.results.is_empty() {
                    errors.push(format!("{at}: typing {:?} listed no result", s.word));
                }
            }
        }
        errors.extend(
            self.vnu
                .iter()
                .filter(|m| m.is_error())
                .map(|m| format!("vnu: {}", m.describe())),
        );
        errors
    }

    /// What is worth a look but fails nothing: console warnings, the Nu HTML Checker's
    /// warnings, a page whose text changes without JavaScript, and waits the script
    /// shortened.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        for p in &self.pages {
            let mut troubles = vec![(p.file.clone(), &p.troubles)];
            if let Some(f) = &p.file_url {
                troubles.push((format!("{} (from file://)", p.file), &f.troubles));
            }
            for (at, t) in troubles {
                for m in t.console.iter().filter(|m| m.kind != "error") {
                    warnings.push(format!("{at}: console {}: {}", m.kind, m.text));
                }
            }
            if p.no_script
                .as_ref()
                .is_some_and(|n| !n.text_same_as_scripted)
            {
                warnings.push(format!("{}: its text differs without JavaScript", p.file));
            }
        }
        warnings.extend(
            self.vnu
                .iter()
                .filter(|m| m.is_warning())
                .map(|m| format!("vnu: {}", m.describe())),
        );
        if !self.waits_shortened.is_empty() {
            warnings.push(format!(
                "waits shortened after timing out repeatedly: {}",
                self.waits_shortened.join(", ")
            ));
        }
        warnings
    }
}

impl Troubles {
    fn errors(&self, at: &str, out: &mut Vec<String>) {
        let failed = |url: &Option<String>| {
            url.as_ref()
                .is_some_and(|url| self.failed_requests.iter().any(|r| &r.url == url))
        };
        // Chromium tells of a failed request on the console too: said once, below
        let console = self.console.iter().filter(|m| {
            m.kind == "error" && !(m.text.starts_with("Failed to load resource") && failed(&m.url))
        });
        for m in console {
            let place = match (&m.url, m.line) {
                (Some(url), Some(line)) => format!(" ({url}:{line})"),
                (Some(url), None) => format!(" ({url})"),
                _ => String::new(),
            };
            out.push(format!("{at}: console error: {}{place}", m.text));
        }
        for e in &self.page_errors {
            out.push(format!("{at}: uncaught exception: {e}"));
        }
        for r in &self.failed_requests {
            // a load that Chromium cancels after an error status is said once
            let answered = |s: &FailedRequest| s.url == r.url && s.status.is_some();
            if r.error.as_deref() == Some("net::ERR_ABORTED")
                && self.failed_requests.iter().any(answered)
            {
                continue;
            }
            let why = match (r.status, &r.error) {
                (Some(status), _) => format!("HTTP {status}"),
                (None, Some(error)) => error.clone(),
                (None, None) => "failed".to_owned(),
            };
            out.push(format!("{at}: request failed: {} ({why})", r.url));
        }
    }
}

impl AxeViolation {
    fn describe(&self) -> String {
        let targets: Vec<String> = self.targets.iter().map(|t| t.join(" ")).collect();
        format!(
            "axe {} ({}): {} at {}",
            self.id,
            self.impact.as_deref().unwrap_or("?"),
            self.help,
            targets.join(", ")
        )
    }
}

impl NoteTest {
    fn errors(&self, file: &str, out: &mut Vec<String>) {
        let at = format!(
            "{file}: note reference {} ({}) at {}",
            self.index,
            self.ref_id
                .as_deref()
                .map_or_else(|| "no id".to_owned(), |id| format!("#{id}")),
            self.viewport
        );
        let mut say = |what: &str| out.push(format!("{at}: {what}"));
        if !self.note_found {
            say(&format!(
                "its href {:?} names no element of the page",
                self.href
            ));
        } else if !self.note_in_endnotes {
            say("its note is not inside role=\"doc-endnotes\"");
        }
        if let Some(e) = &self.click_error {
            say(&format!("it cannot be clicked: {e}"));
            return;
        }
        if !self.same_page {
            say("clicking it left the page");
        }
        if !self.popover_open {
            say("clicking it opened no popover (nothing matched :popover-open)");
        } else {
            if !self.popover_visible {
                say("the popover is open but not visible");
            } else if !self.popover_in_viewport {
                say("the popover reaches outside the viewport");
            }
            if !self.popover_has_note_text {
                say(&format!(
                    "the popover does not show the note's text (it shows {:?})",
                    self.popover_text.as_deref().unwrap_or("")
                ));
            }
            if !self.focus_in_popover {
                say(&format!(
                    "the focus did not move into the popover (it is on {})",
                    self.active.as_deref().unwrap_or("the body")
                ));
            }
        }
        if self.closed_on_escape == Some(false) {
            say("Escape did not close the popover");
        }
        if self.focus_returned == Some(false) {
            say("after Escape the focus is not back on the reference");
        }
        if self.reopened == Some(false) {
            say("clicking it a second time opened no popover");
        } else if self.backlink_tried && !self.backlink_found {
            say("the popover holds no a[role=\"doc-backlink\"]");
        }
        if let Some(e) = &self.backlink_click_error {
            say(&format!("the popover's back-link cannot be clicked: {e}"));
        } else if self.backlink_returns == Some(false) {
            say("the popover's back-link did not bring the reader back to the reference");
        }
        if self.popover_closed_after_backlink == Some(false) {
            say("the popover stayed open after its back-link was followed");
        }
        for v in &self.popover_axe_violations {
            out.push(format!("{at}: in the popover: {}", v.describe()));
        }
    }
}

fn string(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn opt_string(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn opt_flag(v: &Value, key: &str) -> Option<bool> {
    v.get(key).and_then(Value::as_bool)
}

fn number(v: &Value, key: &str) -> u64 {
    v.get(key)
        .and_then(Value::as_f64)
        .map_or(0, |n| n.round() as u64)
}

fn list<T>(v: &Value, key: &str, item: impl Fn(&Value) -> T) -> Vec<T> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().map(item).collect())
        .unwrap_or_default()
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    list(v, key, |s| s.as_str().unwrap_or_default().to_owned())
}

fn troubles(v: &Value) -> Troubles {
    Troubles {
        console: list(v, "consoleErrors", |m| ConsoleMessage {
            kind: string(m, "type"),
            text: string(m, "text"),
            url: opt_string(m, "url"),
            line: m.get("line").and_then(Value::as_u64),
        }),
        page_errors: list(v, "pageErrors", |e| string(e, "message")),
        failed_requests: list(v, "failedRequests", |r| FailedRequest {
            url: string(r, "url"),
            status: r.get("status").and_then(Value::as_u64),
            error: opt_string(r, "error"),
        }),
    }
}

fn axe(v: &Value, key: &str) -> Vec<AxeViolation> {
    list(v, key, |a| AxeViolation {
        id: string(a, "id"),
        impact: opt_string(a, "impact"),
        help: string(a, "help"),
        help_url: string(a, "helpUrl"),
        tags: strings(a, "tags"),
        targets: list(a, "nodes", |n| strings(n, "target")),
    })
}

fn note_test(v: &Value) -> NoteTest {
    let active = v.get("active").filter(|a| a.is_object()).map(|a| {
        let mut s = string(a, "tag");
        if let Some(id) = opt_string(a, "id") {
            s.push_str(&format!("#{id}"));
        }
        if let Some(role) = opt_string(a, "role") {
            s.push_str(&format!("[role={role}]"));
        }
        s
    });
    NoteTest {
        viewport: string(v, "viewport"),
        index: number(v, "index") as usize,
        ref_id: opt_string(v, "refId"),
        href: string(v, "href"),
        note_found: flag(v, "noteFound"),
        note_in_endnotes: flag(v, "noteInEndnotes"),
        note_text: opt_string(v, "noteText"),
        click_error: opt_string(v, "clickError"),
        same_page: flag(v, "samePage"),
        popover_open: flag(v, "popoverOpen"),
        popover_visible: flag(v, "popoverVisible"),
        popover_in_viewport: flag(v, "popoverInViewport"),
        popover_has_note_text: flag(v, "popoverHasNoteText"),
        popover_text: opt_string(v, "popoverText"),
        focus_in_popover: flag(v, "focusInPopover"),
        active,
        closed_on_escape: opt_flag(v, "closedOnEscape"),
        focus_returned: opt_flag(v, "focusReturned"),
        backlink_tried: flag(v, "backlinkTried"),
        reopened: opt_flag(v, "reopened"),
        backlink_found: flag(v, "backlinkFound"),
        backlink_click_error: opt_string(v, "backlinkClickError"),
        backlink_returns: opt_flag(v, "backlinkReturns"),
        popover_closed_after_backlink: opt_flag(v, "popoverClosedAfterBacklink"),
        popover_axe_violations: axe(v, "popoverAxeViolations"),
    }
}

fn page(v: &Value) -> PageReport {
    PageReport {
        file: string(v, "file"),
        lang: opt_string(v, "lang"),
        dir: opt_string(v, "dir"),
        title: string(v, "title"),
        text: string(v, "text"),
        ids: strings(v, "ids"),
        links: strings(v, "links"),
        note_refs: number(v, "noteRefs") as usize,
        troubles: troubles(v),
        axe_violations: axe(v, "axeViolations"),
        screenshots: list(v, "screenshots", |s| Screenshot {
            width: number(s, "width"),
            height: number(s, "height"),
            path: PathBuf::from(string(s, "path")),
            scroll_width: number(s, "scrollWidth"),
            page_height: number(s, "pageHeight"),
            truncated: flag(s, "truncated"),
        }),
        note_tests: list(v, "noteTests", note_test),
        no_script: v
            .get("noScript")
            .filter(|n| n.is_object())
            .map(|n| NoScript {
                text_same_as_scripted: flag(n, "textSameAsScripted"),
                click_error: opt_string(n, "clickError"),
                hash_is_href: opt_flag(n, "hashIsHref"),
                note_in_viewport: opt_flag(n, "noteInViewport"),
                troubles: troubles(n),
            }),
        file_url: v.get("fileUrl").filter(|f| f.is_object()).map(|f| FileUrl {
            url: string(f, "url"),
            note_test: f.get("noteTest").filter(|t| t.is_object()).map(note_test),
            troubles: troubles(f),
        }),
        harness_error: opt_string(v, "harnessError"),
    }
}

fn search_run(v: &Value) -> SearchRun {
    SearchRun {
        url: string(v, "url"),
        input_found: flag(v, "inputFound"),
        results_found: flag(v, "resultsFound"),
        results_selector: opt_string(v, "resultsSelector"),
        results: list(v, "results", |r| SearchResult {
            href: string(r, "href"),
            text: string(r, "text"),
        }),
        troubles: troubles(v),
    }
}
