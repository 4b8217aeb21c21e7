//! The manifest `folio.toml`: a publication's metadata, its reports in order, and the
//! settings of its editions.
//!
//! ```toml
//! [publication]
//! title = "Landmine Monitor Report 2001"
//! authors = ["International Campaign to Ban Landmines"]
//! date = "2001-08-01"
//!
//! [output]
//! notes = "report"
//!
//! [[report]]
//! title = "North Korea"
//! source = "north-korea.txt"
//! ```
//!
//! Every problem is an error naming the file, line, column and key: an unknown key, a
//! value of the wrong kind or a bad one (an empty title, a date that is no date, a note
//! placement folio does not know), a source or font that is missing or lies outside
//! the manifest's folder (`..`, an absolute path, or a symbolic link leading out), and a
//! font that is no regular file, is larger than the limit of input files, or is not a
//! TrueType or OpenType font.

use std::path::{Component, Path, PathBuf};

use folio_model::{Diagnostic, Location, Meta, NotePlacement, Numbering, TableNotes};
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::lines::LineIndex;
use crate::metadata::{check_date, check_language, check_text};
use crate::{InputKind, Located, OutputSettings};

/// A manifest as read and checked.
#[derive(Debug)]
pub(crate) struct Manifest {
    pub(crate) meta: Meta,
    pub(crate) output: OutputSettings,
    /// The reports whose source is a readable file inside the manifest's folder.
    pub(crate) reports: Vec<ManifestReport>,
}

/// One `[[report]]` of a manifest.
#[derive(Debug)]
pub(crate) struct ManifestReport {
    /// The title the manifest gives, if any.
    pub(crate) title: Option<String>,
    /// The language the manifest gives the source's reports, if any.
    pub(crate) language: Option<String>,
    /// The source, as a path from where folio runs.
    pub(crate) path: PathBuf,
    /// Where the manifest names the source.
    pub(crate) location: Location,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    publication: PublicationTable,
    #[serde(default)]
    output: OutputTable,
    #[serde(default)]
    report: Vec<ReportTable>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PublicationTable {
    title: Spanned<String>,
    subtitle: Option<Spanned<String>>,
    #[serde(default)]
    authors: Vec<Spanned<String>>,
    #[serde(default)]
    editors: Vec<Spanned<String>>,
    publisher: Option<Spanned<String>>,
    date: Option<Spanned<toml::Value>>,
    language: Option<Spanned<String>>,
    identifier: Option<Spanned<String>>,
    rights: Option<Spanned<String>>,
    description: Option<Spanned<String>>,
    #[serde(default)]
    subjects: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OutputTable {
    page_size: Option<Spanned<String>>,
    notes: Option<Spanned<String>>,
    numbering: Option<Spanned<String>>,
    table_notes: Option<Spanned<String>>,
    #[serde(default)]
    fonts: Vec<Spanned<toml::Value>>,
    pdf_standard: Option<Spanned<String>>,
    smart: Option<bool>,
    base_url: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportTable {
    title: Option<Spanned<String>>,
    source: Spanned<String>,
    language: Option<Spanned<String>>,
}

/// Reads the manifest `text` of `file`, whose sources are named relative to `folder`;
/// `None` when it cannot be read at all (its one error is in `diagnostics`). The fonts
/// it names are read (at most `max_size` bytes each) to check that they are fonts.
pub(crate) fn read_manifest(
    text: &str,
    file: &str,
    folder: &Path,
    max_size: u64,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Manifest> {
    let lines = LineIndex::new(text);
    let place = Place {
        file,
        lines: &lines,
        folder,
        max_size,
        diagnostics,
    };
    let parsed: ManifestFile = match toml::from_str(text) {
        Ok(parsed) => parsed,
        Err(error) => {
            let offset = error.span().map_or(0, |span| span.start);
            let diagnostic = syntax_or_shape_error(text, offset, error.message());
            place.diagnostics.push(diagnostic.at(place.at(offset)));
            return None;
        }
    };
    let mut place = place;
    let meta = place.meta(parsed.publication);
    let output = place.output(parsed.output);
    if parsed.report.is_empty() {
        let diagnostic = Diagnostic::error("the manifest lists no report")
            .hint("add a [[report]] table with the source of each report, in reading order");
        place.diagnostics.push(diagnostic.at(place.at(text.len())));
    }
    let reports = parsed
        .report
        .into_iter()
        .filter_map(|entry| place.report(entry))
        .collect();
    Some(Manifest {
        meta,
        output,
        reports,
    })
}

/// What the manifest's checks need: where it is, and where problems go.
struct Place<'a> {
    file: &'a str,
    lines: &'a LineIndex<'a>,
    folder: &'a Path,
    /// The largest font read.
    max_size: u64,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Place<'_> {
    fn at(&self, offset: usize) -> Option<Location> {
        self.lines.at(self.file, offset)
    }

    /// `check`s a value; on failure an error names the key and the value's place.
    fn check<T, U>(
        &mut self,
        key: &str,
        value: &Spanned<T>,
        check: impl FnOnce(&T) -> Result<U, String>,
    ) -> Option<U> {
        check(value.get_ref())
            .map_err(|message| {
                let diagnostic = Diagnostic::error(format!("`{key}`: {message}"));
                self.diagnostics
                    .push(diagnostic.at(self.at(value.span().start)));
            })
            .ok()
    }

    fn text(&mut self, key: &str, value: Option<Spanned<String>>) -> Option<String> {
        value.and_then(|value| self.check(key, &value, |text| check_text(text)))
    }

    fn texts(&mut self, key: &str, values: Vec<Spanned<String>>) -> Vec<String> {
        values
            .into_iter()
            .filter_map(|value| self.check(key, &value, |text| check_text(text)))
            .collect()
    }

    fn meta(&mut self, table: PublicationTable) -> Meta {
        let mut meta = Meta::default();
        meta.title = self
            .text("publication.title", Some(table.title))
            .unwrap_or_default();
        meta.subtitle = self.text("publication.subtitle", table.subtitle);
        meta.authors = self.texts("publication.authors", table.authors);
        meta.editors = self.texts("publication.editors", table.editors);
        meta.publisher = self.text("publication.publisher", table.publisher);
        meta.date = table
            .date
            .and_then(|date| self.check("publication.date", &date, date_of));
        if let Some(language) = table.language.and_then(|language| {
            self.check("publication.language", &language, |text| {
                check_language(text)
            })
        }) {
            meta.language = language;
        }
        meta.identifier = self.text("publication.identifier", table.identifier);
        meta.rights = self.text("publication.rights", table.rights);
        meta.description = self.text("publication.description", table.description);
        meta.subjects = self.texts("publication.subjects", table.subjects);
        meta
    }

    fn output(&mut self, table: OutputTable) -> OutputSettings {
        let page_size = table.page_size.and_then(|size| {
            let location = self.at(size.span().start)?;
            self.check("output.page-size", &size, |text| check_text(text))
                .map(|value| Located { value, location })
        });
        let notes = table.notes.and_then(|notes| {
            self.check("output.notes", &notes, |text| match text.as_str() {
                "report" => Ok(NotePlacement::EndOfReport),
                "book" => Ok(NotePlacement::EndOfBook),
                "page" => Ok(NotePlacement::FootOfPage),
                _ => Err(format!(
                    "{text:?} is not a note placement; write report, book or page"
                )),
            })
        });
        let numbering = table.numbering.and_then(|numbering| {
            self.check("output.numbering", &numbering, |text| match text.as_str() {
                "report" => Ok(Numbering::PerReport),
                "continuous" => Ok(Numbering::Continuous),
                _ => Err(format!(
                    "{text:?} is not a numbering; write report or continuous"
                )),
            })
        });
        let table_notes = table.table_notes.and_then(|place| {
            self.check("output.table-notes", &place, |text| match text.as_str() {
                "foot" => Ok(TableNotes::Foot),
                "endnotes" => Ok(TableNotes::Endnotes),
                _ => Err(format!(
                    "{text:?} is not a place for table notes; write foot or endnotes"
                )),
            })
        });
        let (folder, max_size) = (self.folder, self.max_size);
        let (fonts, font_languages) = table
            .fonts
            .into_iter()
            .filter_map(|font| {
                self.check("output.fonts", &font, |entry| {
                    let (written, languages) = font_entry(entry)?;
                    let written = written.as_str();
                    let path = inside(folder, written)?;
                    match crate::read_font(&path, max_size) {
                        Ok(_) => Ok((path, languages)),
                        Err(crate::ImportError::Font {
                            problem, source, ..
                        }) => Err(match source {
                            Some(source) => format!("{written:?}: {problem}: {source}"),
                            None => format!("{written:?}: {problem}"),
                        }),
                        Err(other) => Err(format!("{written:?}: {other}")),
                    }
                })
            })
            .unzip();
        let pdf_standard = table.pdf_standard.and_then(|standard| {
            let location = self.at(standard.span().start)?;
            self.check("output.pdf-standard", &standard, |text| check_text(text))
                .map(|value| Located { value, location })
        });
        let base_url = table.base_url.and_then(|url| {
            self.check("output.base-url", &url, |text| {
                crate::check_base_url(&check_text(text)?)
            })
        });
        OutputSettings {
            page_size,
            notes,
            numbering,
            table_notes,
            fonts,
            font_languages,
            pdf_standard,
            smart: table.smart,
            base_url,
        }
    }

    fn report(&mut self, entry: ReportTable) -> Option<ManifestReport> {
        let title = entry
            .title
            .and_then(|title| self.check("report.title", &title, |text| check_text(text)));
        let language = entry.language.and_then(|language| {
            self.check("report.language", &language, |text| check_language(text))
        });
        let folder = self.folder;
        let path = self.check("report.source", &entry.source, |written| {
            let path = inside(folder, written)?;
            if InputKind::of(&path) == InputKind::Manifest {
                return Err(format!(
                    "{written:?} is a manifest; a report's source is web-report text, Markdown, model JSON or folio XML"
                ));
            }
            Ok(path)
        })?;
        Some(ManifestReport {
            title,
            language,
            path,
            location: self.at(entry.source.span().start)?,
        })
    }
}
/// An entry of `output.fonts`: a file name, tried for any text, or `{ file = "...",
/// languages = ["ur", "fa"] }`, tried first in reports written in those languages.
fn font_entry(entry: &toml::Value) -> Result<(String, Vec<String>), String> {
    const SHAPE: &str = "takes a file name, or { file = \"NAME.ttf\", languages = [\"ur\"] } for a font of some languages";
    match entry {
        toml::Value::String(file) => Ok((file.clone(), Vec::new())),
        toml::Value::Table(table) => {
            if let Some(key) = table
                .keys()
                .find(|k| !matches!(k.as_str(), "file" | "languages"))
            {
                return Err(format!("unknown key `{key}` in a font's table; it {SHAPE}"));
            }
            let Some(toml::Value::String(file)) = table.get("file") else {
                return Err(format!("a font's table needs its `file`; it {SHAPE}"));
            };
            let languages = match table.get("languages") {
                Some(toml::Value::Array(tags)) if !tags.is_empty() => tags
                    .iter()
                    .map(|tag| match tag {
                        toml::Value::String(tag) => check_language(tag),
                        other => Err(format!(
                            "a language is a tag such as \"ur\", not {}",
                            other.type_str()
                        )),
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                _ => {
                    return Err(format!(
                        "a font's table needs its `languages`, a list of tags; it {SHAPE}"
                    ));
                }
            };
            Ok((file.clone(), languages))
        }
        other => Err(format!("{SHAPE}, not {}", other.type_str())),
    }
}

/// `date` as text: a TOML string or a TOML date (`2001-08-01` unquoted).
fn date_of(value: &toml::Value) -> Result<String, String> {
    match value {
        toml::Value::String(text) => check_date(text),
        toml::Value::Datetime(date) if date.time.is_none() && date.offset.is_none() => {
            check_date(&date.to_string())
        }
        other => Err(format!(
            "takes a date such as \"2001-08-01\", not {}",
            other.type_str()
        )),
    }
}

/// The file `written` names, relative to `folder`: it must exist and lie inside the
/// folder, also when symbolic links are followed.
fn inside(folder: &Path, written: &str) -> Result<PathBuf, String> {
    let relative = Path::new(written);
    if written.trim().is_empty() {
        return Err("the value is empty".to_owned());
    }
    let outside = relative.components().any(|component| {
        matches!(
            component,
            Component::ParentDir | Component::RootDir | Component::Prefix(_)
        )
    });
    if outside {
        return Err(format!(
            "{written:?} lies outside the manifest's folder; name files inside it, relative to it"
        ));
    }
    let path = folder.join(relative);
    let canonical = path.canonicalize().map_err(|error| {
        if error.kind() == std::io::ErrorKind::NotFound {
            format!("{written:?}: there is no such file ({})", path.display())
        } else {
            format!("{written:?} cannot be read ({}): {error}", path.display())
        }
    })?;
    let canonical_folder = folder
        .canonicalize()
        .map_err(|error| format!("the manifest's folder cannot be read: {error}"))?;
    if !canonical.starts_with(&canonical_folder) {
        return Err(format!(
            "{written:?} leads outside the manifest's folder through a symbolic link"
        ));
    }
    if !canonical.is_file() {
        return Err(format!("{written:?} is not a file"));
    }
    Ok(path)
}

/// An error of toml or of the manifest's shape at `offset`, naming the key there.
fn syntax_or_shape_error(text: &str, offset: usize, message: &str) -> Diagnostic {
    let key = DeTable::parse(text).ok().and_then(|table| {
        let mut path = Vec::new();
        find_key(table.get_ref(), offset, &mut path).then(|| path.join("."))
    });
    match (key, message.strip_prefix("unknown field ")) {
        (Some(key), Some(rest)) => {
            let table = key.rsplit_once('.').map_or_else(
                || "the manifest".to_owned(),
                |(table, _)| format!("[{table}]"),
            );
            let expected = rest
                .split_once(", expected ")
                .map_or("", |(_, expected)| expected);
            Diagnostic::error(format!("unknown key `{key}`"))
                .hint(format!("{table} takes {expected}"))
        }
        (Some(key), None) => Diagnostic::error(format!("`{key}`: {message}")),
        (None, _) => Diagnostic::error(format!("the manifest cannot be read: {message}")),
    }
}

/// The dotted path of the innermost key whose name or value holds `offset`.
fn find_key(table: &DeTable<'_>, offset: usize, path: &mut Vec<String>) -> bool {
    let holds = |span: std::ops::Range<usize>| {
        span.start <= offset && offset < span.end.max(span.start + 1)
    };
    for (key, value) in table.iter() {
        path.push(key.get_ref().to_string());
        let deeper = match value.get_ref() {
            DeValue::Table(inner) => find_key(inner, offset, path),
            DeValue::Array(items) => items.iter().any(|item| match item.get_ref() {
                DeValue::Table(inner) => find_key(inner, offset, path),
                _ => false,
            }),
            _ => false,
        };
        if deeper || holds(key.span()) || holds(value.span()) {
            return true;
        }
        path.pop();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"[publication]
title = "Landmine Monitor Report 2001"
subtitle = "Toward a Mine-Free World"
authors = ["International Campaign to Ban Landmines"]
publisher = "Human Rights Watch"
date = "2001-08-01"
language = "en"
identifier = "urn:example:lm-2001"

[output]
page-size = "a4"
notes = "book"
numbering = "continuous"
fonts = ["fonts/extra.ttf"]

[[report]]
title = "North Korea"
source = "reports/north-korea.txt"

[[report]]
source = "reports/more.md"
"#;

    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("reports")).unwrap();
        std::fs::create_dir_all(dir.path().join("fonts")).unwrap();
        for file in ["reports/north-korea.txt", "reports/more.md"] {
            std::fs::write(dir.path().join(file), "text").unwrap();
        }
        std::fs::copy(SHIPPED_FONT, dir.path().join("fonts/extra.ttf")).unwrap();
        dir
    }

    /// A font to name: one of the shipped faces.
    const SHIPPED_FONT: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fonts/NotoSerif-Regular.ttf"
    );

    fn read(text: &str, folder: &Path) -> (Option<Manifest>, Vec<Diagnostic>) {
        read_limited(text, folder, crate::DEFAULT_MAX_INPUT_SIZE)
    }

    fn read_limited(
        text: &str,
        folder: &Path,
        max_size: u64,
    ) -> (Option<Manifest>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let manifest = read_manifest(text, "folio.toml", folder, max_size, &mut diagnostics);
        (manifest, diagnostics)
    }

    /// The one diagnostic of reading `text`: `line:column: message`.
    fn error_of(text: &str) -> String {
        let dir = folder();
        let (_, diagnostics) = read(text, dir.path());
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        let d = &diagnostics[0];
        assert!(d.is_error());
        let at = d.location.as_ref().unwrap();
        assert_eq!(at.file, "folio.toml");
        format!("{}:{}: {}", at.line, at.column, d.message)
    }

    #[test]
    fn a_good_manifest_gives_metadata_settings_and_reports() {
        let dir = folder();
        let (manifest, diagnostics) = read(GOOD, dir.path());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let manifest = manifest.unwrap();
        assert_eq!(manifest.meta.title, "Landmine Monitor Report 2001");
        assert_eq!(
            manifest.meta.subtitle.as_deref(),
            Some("Toward a Mine-Free World")
        );
        assert_eq!(
            manifest.meta.publisher.as_deref(),
            Some("Human Rights Watch")
        );
        assert_eq!(
            manifest.meta.identifier.as_deref(),
            Some("urn:example:lm-2001")
        );
        assert_eq!(manifest.output.notes, Some(NotePlacement::EndOfBook));
        assert_eq!(manifest.output.numbering, Some(Numbering::Continuous));
        assert_eq!(manifest.output.table_notes, None);
        let size = manifest.output.page_size.unwrap();
        assert_eq!(size.value, "a4");
        assert_eq!((size.location.line, size.location.column), (11, 13));
        assert_eq!(manifest.output.fonts, [dir.path().join("fonts/extra.ttf")]);
        assert_eq!(manifest.reports.len(), 2);
        assert_eq!(manifest.reports[0].title.as_deref(), Some("North Korea"));
        assert_eq!(
            manifest.reports[0].path,
            dir.path().join("reports/north-korea.txt")
        );
        assert_eq!(manifest.reports[1].title, None);
        assert_eq!(manifest.reports[1].location.line, 21);
        assert_eq!(manifest.reports[0].language, None);
    }

    #[test]
    fn a_font_may_be_for_some_languages() {
        let dir = folder();
        let with = |fonts: &str| GOOD.replace("fonts = [\"fonts/extra.ttf\"]", fonts);
        let text = with(
            r#"fonts = ["fonts/extra.ttf", { file = "fonts/extra.ttf", languages = ["ur", "fa-IR"] }]"#,
        );
        let (manifest, diagnostics) = read(&text, dir.path());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let output = manifest.unwrap().output;
        assert_eq!(output.fonts.len(), 2);
        assert_eq!(
            output.font_languages,
            [vec![], vec!["ur".to_owned(), "fa-IR".to_owned()]]
        );
        for (fonts, error) in [
            (
                r#"fonts = [{ file = "fonts/extra.ttf" }]"#,
                "a font's table needs its `languages`",
            ),
            (
                r#"fonts = [{ file = "fonts/extra.ttf", languages = ["ur"], size = 3 }]"#,
                "unknown key `size` in a font's table",
            ),
            (
                r#"fonts = [{ file = "fonts/extra.ttf", languages = ["urdu!"] }]"#,
                "\"urdu!\" is not a language tag",
            ),
            (r#"fonts = [3]"#, "takes a file name, or { file = "),
            (
                r#"fonts = [{ file = "../x.ttf", languages = ["ur"] }]"#,
                "\"../x.ttf\" lies outside the manifest's folder",
            ),
        ] {
            let message = error_of(&with(fonts));
            assert!(
                message.starts_with("14:10: `output.fonts`: ") && message.contains(error),
                "{fonts}: {message}"
            );
        }
    }

    #[test]
    fn a_report_may_have_a_language_of_its_own() {
        let dir = folder();
        let with = |language: &str| {
            GOOD.replace(
                "source = \"reports/more.md\"",
                &format!("source = \"reports/more.md\"\nlanguage = \"{language}\""),
            )
        };
        let (manifest, diagnostics) = read(&with("ar"), dir.path());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let manifest = manifest.unwrap();
        assert_eq!(manifest.reports[0].language, None);
        assert_eq!(manifest.reports[1].language.as_deref(), Some("ar"));
        assert_eq!(
            error_of(&with("arabic!")),
            "22:12: `report.language`: \"arabic!\" is not a language tag; write a BCP 47 tag such as en or fr-CA"
        );
    }

    #[test]
    fn an_unknown_key_is_an_error_at_its_line_naming_it() {
        let message = error_of(&GOOD.replace("language = \"en\"", "colour = \"red\""));
        assert!(
            message.starts_with("7:1: unknown key `publication.colour`"),
            "{message}"
        );
        let message = error_of(&GOOD.replace("notes = \"book\"", "note = \"book\""));
        assert!(
            message.starts_with("12:1: unknown key `output.note`"),
            "{message}"
        );
        let message = error_of(&GOOD.replace(
            "source = \"reports/more.md\"",
            "source = \"reports/more.md\"\npath = \"x\"",
        ));
        assert!(
            message.starts_with("22:1: unknown key `report.path`"),
            "{message}"
        );
        let message = error_of(&format!("{GOOD}\n[extra]\n"));
        assert!(
            message.starts_with("23:2: unknown key `extra`"),
            "{message}"
        );
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_an_error_naming_its_key() {
        assert_eq!(
            error_of(&GOOD.replace("title = \"North Korea\"", "title = 3")),
            "17:9: `report.title`: invalid type: integer `3`, expected a string"
        );
        assert_eq!(
            error_of(&GOOD.replace(
                "[\"International Campaign to Ban Landmines\"]",
                "[\"ICBL\",\n  false]"
            )),
            "5:3: `publication.authors`: invalid type: boolean `false`, expected a string"
        );
        assert_eq!(
            error_of(&GOOD.replace("title = \"Landmine Monitor Report 2001\"\n", "")),
            "1:1: `publication`: missing field `title`"
        );
    }

    #[test]
    fn bad_values_are_errors_at_their_place() {
        let cases = [
            (
                "2001-08-01",
                "2001-02-30",
                "6:8: `publication.date`: \"2001-02-30\" is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (2001-08-01)",
            ),
            (
                "notes = \"book\"",
                "notes = \"chapter\"",
                "12:9: `output.notes`: \"chapter\" is not a note placement; write report, book or page",
            ),
            (
                "numbering = \"continuous\"",
                "numbering = \"roman\"",
                "13:13: `output.numbering`: \"roman\" is not a numbering; write report or continuous",
            ),
            (
                "numbering = \"continuous\"",
                "table-notes = \"margin\"",
                "13:15: `output.table-notes`: \"margin\" is not a place for table notes; write foot or endnotes",
            ),
            (
                "title = \"Landmine Monitor Report 2001\"",
                "title = \" \"",
                "2:9: `publication.title`: the value is empty",
            ),
            (
                "language = \"en\"",
                "language = \"en_GB\"",
                "7:12: `publication.language`: \"en_GB\" is not a language tag; write a BCP 47 tag such as en or fr-CA",
            ),
        ];
        for (good, bad, expected) in cases {
            assert_eq!(error_of(&GOOD.replace(good, bad)), expected);
        }
    }

    #[test]
    fn the_web_edition_s_base_url_is_a_web_address() {
        let dir = folder();
        let with = |url: &str| {
            GOOD.replace(
                "notes = \"book\"",
                &format!("notes = \"book\"\nbase-url = \"{url}\""),
            )
        };
        let (manifest, diagnostics) = read(&with("https://example.org/monitor/"), dir.path());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            manifest.unwrap().output.base_url.as_deref(),
            Some("https://example.org/monitor/")
        );
        for bad in ["javascript:alert(1)", "example.org", "https://a b"] {
            let (_, diagnostics) = read(&with(bad), dir.path());
            assert!(
                diagnostics
                    .iter()
                    .any(|d| d.message.contains("`output.base-url`")
                        && d.message.contains("is not a web address")),
                "{bad}: {diagnostics:?}"
            );
        }
    }

    #[test]
    fn table_notes_go_at_the_foot_or_with_the_endnotes() {
        let dir = folder();
        for (written, expected) in [
            ("foot", TableNotes::Foot),
            ("endnotes", TableNotes::Endnotes),
        ] {
            let text = GOOD.replace(
                "notes = \"book\"",
                &format!("notes = \"book\"\ntable-notes = \"{written}\""),
            );
            let (manifest, diagnostics) = read(&text, dir.path());
            assert!(diagnostics.is_empty(), "{diagnostics:?}");
            assert_eq!(manifest.unwrap().output.table_notes, Some(expected));
        }
    }

    #[test]
    fn an_unquoted_toml_date_is_a_date() {
        let dir = folder();
        let (manifest, diagnostics) =
            read(&GOOD.replace("\"2001-08-01\"", "2001-08-01"), dir.path());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(manifest.unwrap().meta.date.as_deref(), Some("2001-08-01"));
        let message = error_of(&GOOD.replace("\"2001-08-01\"", "2001-08-01T10:00:00Z"));
        assert!(message.starts_with("6:8: `publication.date`"), "{message}");
    }

    #[test]
    fn a_missing_source_is_an_error_at_its_line() {
        let message = error_of(&GOOD.replace("reports/more.md", "reports/missing.md"));
        assert!(
            message.starts_with(
                "21:10: `report.source`: \"reports/missing.md\": there is no such file"
            ),
            "{message}"
        );
        let message = error_of(&GOOD.replace("fonts/extra.ttf", "fonts/none.ttf"));
        assert!(message.starts_with("14:10: `output.fonts`"), "{message}");
    }

    #[test]
    fn a_source_outside_the_folder_is_refused() {
        for outside in ["../north-korea.txt", "reports/../../x.txt", "/etc/passwd"] {
            let message = error_of(&GOOD.replace("reports/more.md", outside));
            assert!(
                message.starts_with("21:10: `report.source`")
                    && message.contains("lies outside the manifest's folder"),
                "{message}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_leading_out_of_the_folder_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
        let dir = folder();
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            dir.path().join("reports/link.txt"),
        )
        .unwrap();
        let (_, diagnostics) = read(
            &GOOD.replace("reports/more.md", "reports/link.txt"),
            dir.path(),
        );
        assert_eq!(diagnostics.len(), 1);
        assert!(
            diagnostics[0].message.contains("through a symbolic link"),
            "{:?}",
            diagnostics[0]
        );
    }

    #[test]
    fn a_manifest_of_no_report_or_bad_toml_is_an_error() {
        let message = error_of("[publication]\ntitle = \"T\"\n");
        assert!(message.contains("lists no report"), "{message}");
        let message = error_of("[publication\ntitle = \"T\"\n");
        assert!(
            message.starts_with("1:13: the manifest cannot be read"),
            "{message}"
        );
        let message =
            error_of("[publication]\ntitle = \"T\"\n[[report]]\nsource = \"folio.toml\"\n");
        assert!(
            message.contains("no such file") || message.contains("is a manifest"),
            "{message}"
        );
    }

    #[test]
    fn a_font_that_is_none_or_too_large_is_an_error_at_its_place() {
        let dir = folder();
        std::fs::write(dir.path().join("fonts/text.ttf"), "not a font").unwrap();
        std::fs::create_dir(dir.path().join("fonts/folder.ttf")).unwrap();
        let messages = |text: &str, max_size: u64| -> Vec<String> {
            let (_, diagnostics) = read_limited(text, dir.path(), max_size);
            diagnostics
                .iter()
                .map(|d| {
                    let at = d.location.as_ref().unwrap();
                    format!("{}:{}: {}", at.line, at.column, d.message)
                })
                .collect()
        };
        assert_eq!(
            messages(&GOOD.replace("fonts/extra.ttf", "fonts/text.ttf"), 1 << 30),
            ["14:10: `output.fonts`: \"fonts/text.ttf\": it is not a TrueType or OpenType font"]
        );
        assert_eq!(
            messages(
                &GOOD.replace("fonts/extra.ttf", "fonts/folder.ttf"),
                1 << 30
            ),
            ["14:10: `output.fonts`: \"fonts/folder.ttf\" is not a file"]
        );
        let too_large = messages(GOOD, 1000);
        assert_eq!(too_large.len(), 1, "{too_large:?}");
        assert!(
            too_large[0].starts_with(
                "14:10: `output.fonts`: \"fonts/extra.ttf\": it is larger than the 1000 bytes folio reads (575.1 KiB)"
            ),
            "{too_large:?}"
        );
    }
}
