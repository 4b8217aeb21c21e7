//! Readers for folio: they turn the files authors and archives hold into one
//! [`Publication`]: web-report text, Markdown, model JSON,
//! folio XML, and manifests (`folio.toml`) that name such files.
//!
//! ```no_run
//! use folio_import::{load, LoadOptions};
//!
//! let loaded = load(&["examples/north-korea.txt".into()], &LoadOptions::default())?;
//! for diagnostic in &loaded.diagnostics {
//!     eprintln!("{diagnostic}");
//! }
//! println!("{} reports", loaded.publication.reports.len());
//! # Ok::<(), folio_import::ImportError>(())
//! ```

mod decode;
mod front_matter;
mod image;
mod json_source;
mod lines;
mod manifest;
mod markdown;
mod metadata;
mod smart;
mod web;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use folio_model::{
    Diagnostic, Figure, Location, Meta, NotePlacement, Numbering, Publication, Report, SourceMap,
    TableNotes, report_id, unique_id,
};

use crate::image::ImageReader;

pub use decode::{Decoded, decode};
pub use image::{ImageError, ImageFacts, MAX_IMAGE_PIXELS, check_image};
pub use markdown::{
    MAX_NESTING, MAX_NESTING_LIMIT, MarkdownReports, STACK_SIZE, read_markdown,
    read_markdown_nested, read_markdown_with,
};
pub use web::{WebReports, read_web_report, read_web_report_with};

/// What went wrong reading input, when it is not the input's content (that gives
/// diagnostics) but the file itself or how the inputs were given.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// A file could not be read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A font file cannot be used: it is not a regular file, is larger than the limit,
    /// cannot be read, or is not a TrueType or OpenType font (see [`read_font`]).
    #[error("cannot use the font {path}: {problem}")]
    Font {
        /// The font file.
        path: PathBuf,
        /// What is wrong, in a few words (`it is a folder, not a file`).
        problem: String,
        /// The error reading it, when that is what went wrong.
        #[source]
        source: Option<std::io::Error>,
    },
    /// A manifest was given with other inputs; it must be the only one.
    #[error(
        "{manifest} is a manifest: it names the publication's reports itself and must be the only input"
    )]
    ManifestNotAlone {
        /// The manifest.
        manifest: PathBuf,
    },
}

/// The largest input file [`load`] reads by default: 64 MiB, sixteen times an annual
/// volume of 150 country reports.
pub const DEFAULT_MAX_INPUT_SIZE: u64 = 64 << 20;

/// Options for [`load`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoadOptions {
    /// The publication's title. When absent: the manifest's, the front matter's or
    /// the title of its one report, or else the name of the folder of its inputs.
    pub title: Option<String>,
    /// The largest file, in bytes, that is read (an input, a manifest or a source it
    /// names); a larger one is an error, found before the file is read. Default:
    /// [`DEFAULT_MAX_INPUT_SIZE`].
    pub max_input_size: u64,
    /// How deep quotes, lists, emphasis, strong and links may nest, counted together:
    /// Markdown nested deeper is kept at this depth with a warning, and model JSON or
    /// folio XML nested deeper is refused. Default: [`MAX_NESTING`]; at most
    /// [`MAX_NESTING_LIMIT`].
    pub max_nesting: usize,
    /// Whether web-report text and Markdown are read with smart punctuation (curly
    /// quotes, real dashes, the ellipsis; see [`read_web_report_with`] and
    /// [`read_markdown_with`]). Default: `None`, which takes a manifest's `[output]
    /// smart`, and else reads with smart punctuation; `Some` wins over the manifest.
    /// Model JSON and folio XML are always read as they are.
    pub smart: Option<bool>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            title: None,
            max_input_size: DEFAULT_MAX_INPUT_SIZE,
            max_nesting: MAX_NESTING,
            smart: None,
        }
    }
}

impl LoadOptions {
    /// Options with this title.
    pub fn with_title(title: Option<String>) -> Self {
        Self {
            title,
            ..Self::default()
        }
    }
}

/// A publication read from files, with where its parts came from.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Loaded {
    /// The publication.
    pub publication: Publication,
    /// Where each report's notes and references are, for diagnostics.
    pub sources: SourceMap,
    /// What the readers found wrong or worth a warning.
    pub diagnostics: Vec<Diagnostic>,
    /// The settings of the editions a manifest's `[output]` table gives; all unset when
    /// the input is not a manifest.
    pub output: OutputSettings,
    /// The image files read for the figures, each once, by its canonical path, in the
    /// order they were first named.
    pub images: Vec<PathBuf>,
}

impl Loaded {
    /// Whether a reader found an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// `url` as the web edition's base address, when it is one: `http://` or `https://`,
/// with no space, quote or `<`; otherwise why not. The manifest's `base-url` and the
/// command line's `--base-url` are both checked by it.
pub fn check_base_url(url: &str) -> Result<String, String> {
    let lower = url.to_ascii_lowercase();
    if (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<')
    {
        Ok(url.to_owned())
    } else {
        Err(format!(
            "{url:?} is not a web address; write one starting with https://"
        ))
    }
}

/// The settings of the editions a manifest gives (its `[output]` table). A field left
/// unset leaves the choice to the command line or the edition's default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct OutputSettings {
    /// The page size of the print edition as written (`a4`, `letter`, `6x9`,
    /// `210x297mm`), with where, for an error when the edition cannot read it.
    pub page_size: Option<Located<String>>,
    /// Where the notes go.
    pub notes: Option<NotePlacement>,
    /// How the notes are numbered.
    pub numbering: Option<Numbering>,
    /// Where a note cited only inside one table goes.
    pub table_notes: Option<TableNotes>,
    /// Fallback fonts for characters the shipped fonts lack, in the order to try them;
    /// each checked to be a file inside the manifest's folder.
    pub fonts: Vec<PathBuf>,
    /// Parallel to `fonts`: the languages (BCP 47 tags) each font is for, tried first in
    /// the reports written in one of them (`{ file = "...", languages = ["ur"] }`);
    /// empty for a font tried for any text, in its turn.
    pub font_languages: Vec<Vec<String>>,
    /// The standards the PDF must meet as written (`ua1`, `a2b`, `ua1, a2a`, `none`),
    /// with where, for an error when the edition does not know one.
    pub pdf_standard: Option<Located<String>>,
    /// Whether the sources are read with smart punctuation (`smart = false` keeps the
    /// characters as typed).
    pub smart: Option<bool>,
    /// Where the web edition will be published (`base-url = "https://..."`): its pages
    /// name their canonical addresses under it.
    pub base_url: Option<String>,
}

/// A value with the place in a file where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub location: Location,
}

/// The kinds of input folio reads, told apart by the file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputKind {
    /// Model JSON (`.json`).
    ModelJson,
    /// folio XML (`.xml`).
    FolioXml,
    /// Markdown (`.md`, `.markdown`).
    Markdown,
    /// A manifest (`.toml`, such as `folio.toml`).
    Manifest,
    /// Web-report text (`.txt` and anything not named otherwise).
    WebReport,
}

impl InputKind {
    /// The kind of `path`, by its extension.
    pub fn of(path: &Path) -> Self {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("json") => InputKind::ModelJson,
            Some("xml") => InputKind::FolioXml,
            Some("md" | "markdown") => InputKind::Markdown,
            Some("toml") => InputKind::Manifest,
            _ => InputKind::WebReport,
        }
    }
}

/// Reads `paths` as one publication, in the order given; a manifest (`folio.toml`) must
/// be the only input.
///
/// A manifest has a `[publication]` table (the [`Meta`] fields, `title` required), an
/// optional `[output]` table (`page-size`, `notes`, `numbering`, `table-notes`,
/// `fonts`; see [`OutputSettings`]) and one `[[report]]` table per report (`source`, a
/// file of any other kind named relative to the manifest and inside its folder, and an
/// optional `title`, which the report takes when its source gives one). Every problem in
/// it is an error naming the file, line, column and key.
pub fn load(paths: &[PathBuf], options: &LoadOptions) -> Result<Loaded, ImportError> {
    if let Some(manifest) = paths
        .iter()
        .find(|path| InputKind::of(path) == InputKind::Manifest)
    {
        if paths.len() > 1 {
            return Err(ImportError::ManifestNotAlone {
                manifest: manifest.clone(),
            });
        }
        return load_manifest(manifest, options);
    }
    // each file read alone (on several threads), then put together in the order given
    let images = ImageReader::default();
    let pieces = map_in_parallel(paths, |path| {
        let mut piece = Loaded::default();
        let mut meta = None;
        if let Some(bytes) = read(path, options, &mut piece.diagnostics)? {
            let title = match (&options.title, paths.len()) {
                (Some(title), 1) => title.clone(),
                _ => readable_stem(path),
            };
            let smart = options.smart.unwrap_or(true);
            read_input(
                &mut piece,
                &mut meta,
                (path, &bytes),
                &title,
                options,
                smart,
            );
            read_images(&mut piece, path, &images, options);
        }
        Ok::<_, ImportError>((piece, meta))
    });
    let mut loaded = Loaded::default();
    let mut meta = None;
    for piece in pieces {
        let (piece, piece_meta) = piece?;
        // the first file that gives metadata gives the publication's
        meta = meta.or(piece_meta);
        loaded.append(piece);
    }
    Ok(finish(loaded, meta.unwrap_or_default(), options, paths))
}

impl Loaded {
    /// Adds what another file gave after what this holds.
    fn append(&mut self, other: Loaded) {
        self.publication.reports.extend(other.publication.reports);
        self.sources.reports.extend(other.sources.reports);
        self.diagnostics.extend(other.diagnostics);
        self.images.extend(other.images);
    }
}

/// `f` of each item, in order, computed on up to as many threads as the machine has
/// cores, each with [`STACK_SIZE`] of stack (so that the readers' nesting limits hold
/// there as on the thread that calls); on the calling thread when there is one item or
/// no thread can be started.
fn map_in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};

    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(&f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut done = work();
        for helper in helpers {
            match helper.join() {
                Ok(more) => done.extend(more),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        done
    });
    done.sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Reads a manifest and the reports it names; its metadata is the publication's.
fn load_manifest(path: &Path, options: &LoadOptions) -> Result<Loaded, ImportError> {
    let mut loaded = Loaded::default();
    let Some(bytes) = read(path, options, &mut loaded.diagnostics)? else {
        return Ok(loaded);
    };
    let file = path.display().to_string();
    let text = match decode(&bytes, &file) {
        Ok(decoded) => {
            loaded.diagnostics.extend(decoded.warning);
            decoded.text
        }
        Err(diagnostic) => {
            loaded.diagnostics.push(diagnostic);
            return Ok(loaded);
        }
    };
    let folder = path
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Some(manifest) = manifest::read_manifest(
        &text,
        &file,
        folder,
        options.max_input_size,
        &mut loaded.diagnostics,
    ) else {
        return Ok(loaded);
    };
    let smart = options.smart.or(manifest.output.smart).unwrap_or(true);
    // each report's source read alone (on several threads), then put together in order
    let images = ImageReader::default();
    let pieces = map_in_parallel(&manifest.reports, |report| {
        let mut piece = Loaded::default();
        let bytes = match read(&report.path, options, &mut piece.diagnostics) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return piece,
            Err(error) => {
                let reason = std::error::Error::source(&error)
                    .map(ToString::to_string)
                    .unwrap_or_default();
                piece.diagnostics.push(
                    Diagnostic::error(format!(
                        "`report.source`: cannot read {}: {reason}",
                        report.path.display()
                    ))
                    .at(Some(report.location.clone())),
                );
                return piece;
            }
        };
        let title = report
            .title
            .clone()
            .unwrap_or_else(|| readable_stem(&report.path));
        read_input(
            &mut piece,
            &mut None,
            (&report.path, &bytes),
            &title,
            options,
            smart,
        );
        read_images(&mut piece, &report.path, &images, options);
        // the manifest's title is the report's when the source gives one report; the
        // reports of a source that gives several keep the titles it gives them
        if let (Some(title), [only]) = (&report.title, &mut piece.publication.reports[..]) {
            only.id = report_id(title);
            only.title = title.clone();
        }
        // the manifest's language is every report's of the source
        if let Some(language) = &report.language {
            for read in &mut piece.publication.reports {
                read.language = Some(language.clone());
            }
        }
        piece
    });
    for piece in pieces {
        loaded.append(piece);
    }
    loaded.output = manifest.output;
    Ok(finish(loaded, manifest.meta, options, &[path.to_owned()]))
}

/// The bytes of the file at `path`; `None`, with an error in `diagnostics`, when it is
/// larger than `options.max_input_size` (found before it is read, or once that much is
/// read of a file whose size is not known beforehand).
fn read(
    path: &Path,
    options: &LoadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<Vec<u8>>, ImportError> {
    let failed = |source| ImportError::Read {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(failed)?;
    let limit = options.max_input_size;
    let size = file.metadata().map_err(failed)?.len();
    match read_at_most(file, size, limit).map_err(failed)? {
        Some(bytes) => Ok(Some(bytes)),
        None => {
            diagnostics.push(
                Diagnostic::error(too_large(size, limit))
                    .at(Some(Location::new(path.display().to_string(), 1, 1)))
                    .hint("raise the limit with --max-input-size SIZE"),
            );
            Ok(None)
        }
    }
}

/// The bytes of `file`, whose metadata gives `size`; `None` when it holds more than
/// `limit` bytes, found from `size` before anything is read, or once `limit` bytes and
/// one more are read (a pipe, a device, a file that grew).
fn read_at_most(file: std::fs::File, size: u64, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    if size > limit {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    bytes.reserve_exact(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    Ok((read <= limit).then_some(bytes))
}

/// `the file is larger than the 64 MiB folio reads (100 MiB)`; the size is left out
/// when it was not known beforehand.
fn too_large(size: u64, limit: u64) -> String {
    let size = if size > limit {
        format!(" ({})", byte_size(size))
    } else {
        String::new()
    };
    format!(
        "the file is larger than the {} folio reads{size}",
        byte_size(limit)
    )
}

/// Reads the font file at `path` for the PDF edition (`--font`, or a manifest's
/// `fonts`): a regular file (not a folder, a named pipe or a device such as
/// `/dev/zero`) of at most `max_size` bytes (as [`LoadOptions::max_input_size`] limits
/// inputs), which reads as a TrueType or OpenType font or collection.
pub fn read_font(path: &Path, max_size: u64) -> Result<Vec<u8>, ImportError> {
    let problem = |problem: String, source| ImportError::Font {
        path: path.to_owned(),
        problem,
        source,
    };
    let unreadable = |error| problem("it cannot be read".to_owned(), Some(error));
    // asked before opening, which would wait for a writer on a named pipe, and again
    // of the file opened
    let regular = |metadata: std::fs::Metadata| {
        if metadata.is_file() {
            Ok(metadata.len())
        } else {
            Err(problem(
                format!("it is {}, not a file", file_kind(&metadata)),
                None,
            ))
        }
    };
    regular(std::fs::metadata(path).map_err(unreadable)?)?;
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let size = regular(file.metadata().map_err(unreadable)?)?;
    let Some(data) = read_at_most(file, size, max_size).map_err(unreadable)? else {
        return Err(problem(
            format!(
                "{}; raise the limit with --max-input-size SIZE",
                too_large(size, max_size).replacen("the file", "it", 1)
            ),
            None,
        ));
    };
    if ttf_parser::Face::parse(&data, 0).is_err() {
        return Err(problem(
            "it is not a TrueType or OpenType font".to_owned(),
            None,
        ));
    }
    Ok(data)
}

/// What a file that is not a regular file is, for messages.
fn file_kind(metadata: &std::fs::Metadata) -> &'static str {
    let kind = metadata.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

/// `1536` gives `1.5 KiB`, `67108864` gives `64 MiB`.
fn byte_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    #[allow(clippy::cast_precision_loss)]
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let text = format!("{value:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    format!("{text} {}", UNITS[unit])
}

/// Reads a size as the command line gives it: a number of bytes, or a number with
/// `K`, `M`, `G` (powers of 1024; `KiB`, `MB` and the like are read the same),
/// such as `64M` or `1.5G`.
pub fn parse_byte_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        _ => {
            return Err(format!(
                "{text:?} is not a size: give bytes, or a number with K, M or G"
            ));
        }
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a size: give bytes, or a number with K, M or G"))?;
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    let bytes = (value * scale as f64).round();
    #[allow(clippy::cast_precision_loss)]
    if !bytes.is_finite() || bytes < 1.0 || bytes > u64::MAX as f64 {
        return Err(format!("{text:?} is not a size folio can take"));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(bytes as u64)
}

/// Reads the `bytes` of the input `path` by its kind, adding its reports to `loaded`; the
/// first input that carries metadata (model JSON, folio XML, Markdown front matter)
/// gives `meta`. `title` titles what the input leaves untitled; `smart` reads web-report
/// text and Markdown with smart punctuation.
fn read_input(
    loaded: &mut Loaded,
    meta: &mut Option<Meta>,
    (path, bytes): (&Path, &[u8]),
    title: &str,
    options: &LoadOptions,
    smart: bool,
) {
    let file = path.display().to_string();
    let decoded = match decode(bytes, &file) {
        Ok(decoded) => decoded,
        Err(diagnostic) => {
            loaded.diagnostics.push(diagnostic);
            return;
        }
    };
    loaded.diagnostics.extend(decoded.warning);
    let text = decoded.text;
    match InputKind::of(path) {
        kind @ (InputKind::ModelJson | InputKind::FolioXml) => {
            let read = if kind == InputKind::ModelJson {
                folio_model::from_json_nested(&text, json_depth(options.max_nesting))
                    .map(|publication| {
                        let sources = json_source::json_sources(&text, &file, &publication);
                        (publication, sources)
                    })
                    .map_err(|error| {
                        let (line, column) = match &error {
                            folio_model::JsonError::Syntax { line, column, .. }
                            | folio_model::JsonError::TooDeep { line, column, .. } => {
                                (decode::to_u32(*line).max(1), decode::to_u32(*column).max(1))
                            }
                            _ => (1, 1),
                        };
                        (error.to_string(), line, column)
                    })
            } else {
                folio_xml::read_folio_xml_located(&text, &file, xml_depth(options.max_nesting))
                    .map_err(|error| {
                        let (line, column) = error.location();
                        (error.to_string(), line, column)
                    })
            };
            match read {
                Ok((publication, sources)) => add_publication(loaded, meta, publication, sources),
                Err((message, line, column)) => loaded
                    .diagnostics
                    .push(Diagnostic::error(message).at(Some(Location::new(&file, line, column)))),
            }
        }
        InputKind::Markdown => {
            let read = read_markdown_with(&text, &file, title, options.max_nesting, smart);
            if let Some(front) = read.meta {
                meta.get_or_insert(front);
            }
            loaded.diagnostics.extend(read.diagnostics);
            loaded.publication.reports.extend(read.reports);
            loaded.sources.reports.extend(read.sources);
        }
        InputKind::WebReport | InputKind::Manifest => {
            let read = read_web_report_with(&text, &file, title, smart);
            loaded.diagnostics.extend(read.diagnostics);
            loaded.publication.reports.extend(read.reports);
            loaded.sources.reports.extend(read.sources);
        }
    }
}

/// How deep model JSON may nest when the model may nest `max_nesting` levels: a list
/// takes three levels of JSON (the block, its items, an item), a quote two, emphasis,
/// strong and a link two; a table six more (the table, its rows, a row, its cells, a
/// cell, its blocks), which it may add at the deepest level, in a summary (the
/// publication, its reports, a report, the summary and its blocks: five) and under a
/// paragraph's text (three). So `3 * max_nesting + 14` at most; `4 * max_nesting` when
/// that is more, so that [`MAX_NESTING`] gives serde_json's own 128.
fn json_depth(max_nesting: usize) -> usize {
    let nesting = max_nesting.clamp(1, MAX_NESTING_LIMIT);
    (4 * nesting).max(3 * nesting + 14)
}

/// How deep folio XML elements may nest when the model may nest `max_nesting` levels: a
/// list takes two (`<list>`, `<item>`), a table four (`<table>`, `<body>`, `<row>`,
/// `<cell>`), and the publication, report and body a few more; [`MAX_NESTING`] gives the
/// reader's own [`folio_xml::MAX_DEPTH`].
fn xml_depth(max_nesting: usize) -> usize {
    4 * max_nesting.clamp(1, MAX_NESTING_LIMIT) + 72
}

/// Gives the publication its metadata and title, and its reports unique ids.
fn finish(mut loaded: Loaded, mut meta: Meta, options: &LoadOptions, paths: &[PathBuf]) -> Loaded {
    if let Some(title) = &options.title {
        meta.title = title.clone();
    } else if meta.title.is_empty() {
        meta.title = match loaded.publication.reports.as_slice() {
            [only] => only.title.clone(),
            _ => paths
                .first()
                .and_then(|p| p.canonicalize().ok())
                .and_then(|p| p.parent().map(readable_stem))
                .unwrap_or_else(|| "Reports".to_owned()),
        };
    }
    // a report's own language is kept only where it is not the publication's
    for report in &mut loaded.publication.reports {
        if report
            .language
            .as_ref()
            .is_some_and(|language| language.eq_ignore_ascii_case(&meta.language))
        {
            report.language = None;
        }
    }
    loaded.publication.meta = meta;
    make_ids_unique(&mut loaded.publication.reports);
    name_images_apart(&mut loaded.publication.reports);
    let mut seen = HashSet::new();
    loaded.images.retain(|file| seen.insert(file.clone()));
    loaded
}

/// Reads the image of every figure of the reports of `piece`, read from the input
/// `path`: each named relative to the input's folder (see [`image`] for the rules).
/// What cannot be used is an error at the place the input names the image: a figure of
/// the summary or body at the place its source map gives, one of an endnote at the
/// note's.
fn read_images(piece: &mut Loaded, path: &Path, images: &ImageReader, options: &LoadOptions) {
    let folder = path
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Loaded {
        publication,
        sources,
        diagnostics,
        images: files,
        ..
    } = piece;
    for (r, report) in publication.reports.iter_mut().enumerate() {
        let source = sources.reports.get(r);
        let file = source.map_or_else(|| path.display().to_string(), |s| s.file.clone());
        let place = |at: Option<&(u32, u32)>| {
            let (line, column) = at.copied().unwrap_or((1, 1));
            Some(Location::new(&file, line, column))
        };
        let mut read = |figure: &mut Figure, at: Option<Location>| {
            let src = figure.image.src.clone();
            match images.read(folder, &src, options.max_input_size) {
                Ok(read) => {
                    figure.image = read.image;
                    files.push(read.file);
                    if let Some(warning) = read.warning {
                        diagnostics.push(Diagnostic::warning(warning).at(at));
                    }
                }
                Err(error) => {
                    let mut diagnostic =
                        Diagnostic::error(format!("image {src:?}: {error}")).at(at);
                    if matches!(error, ImageError::TooLarge { .. }) {
                        diagnostic = diagnostic.hint("raise the limit with --max-input-size SIZE");
                    }
                    diagnostics.push(diagnostic);
                }
            }
        };
        let mut f = 0;
        report.for_each_figure_mut(&mut |figure| {
            read(figure, place(source.and_then(|s| s.figures.get(f))));
            f += 1;
        });
        for (n, note) in report.endnotes.iter_mut().enumerate() {
            folio_model::for_each_figure_mut(&mut note.blocks, &mut |figure| {
                read(figure, place(source.and_then(|s| s.notes.get(n))));
            });
        }
    }
}

/// Gives every image file one name in the publication, and no two files the same one,
/// so that an image's key ([`folio_model::Image::key`]) tells files apart: a file named
/// again by another path (from another input's folder) takes the name it was first
/// given, and a name that two files were given (`map.png` beside two reports in two
/// folders) stays the first one's, the other becoming `map-2.png`.
fn name_images_apart(reports: &mut [Report]) {
    let each_figure = |reports: &mut [Report], f: &mut dyn FnMut(&mut Figure)| {
        for report in reports.iter_mut() {
            report.for_each_figure_mut(&mut |figure| {
                if !figure.image.bytes().is_empty() {
                    f(figure);
                }
            });
        }
    };
    let mut named = Vec::new();
    each_figure(reports, &mut |figure| {
        named.push((image::data_key(&figure.image), figure.image.src.clone()));
    });
    let mut taken: HashSet<String> = named.iter().map(|(_, src)| src.clone()).collect();
    let mut names: HashMap<usize, String> = HashMap::new();
    let mut owners: HashMap<String, usize> = HashMap::new();
    for (key, src) in named {
        if names.contains_key(&key) {
            continue;
        }
        let name = match owners.get(&src) {
            Some(&owner) if owner != key => {
                let (stem, extension) = match src.rsplit_once('.') {
                    Some((stem, extension)) if !extension.contains('/') => {
                        (stem, format!(".{extension}"))
                    }
                    _ => (src.as_str(), String::new()),
                };
                let mut n = 2;
                while taken.contains(&format!("{stem}-{n}{extension}")) {
                    n += 1;
                }
                format!("{stem}-{n}{extension}")
            }
            _ => src,
        };
        taken.insert(name.clone());
        owners.insert(name.clone(), key);
        names.insert(key, name);
    }
    each_figure(reports, &mut |figure| {
        if let Some(name) = names.get(&image::data_key(&figure.image)) {
            figure.image.src.clone_from(name);
        }
    });
}

/// Adds the reports of a publication read whole (model JSON, folio XML), with where
/// their parts are (one source per report); the first such publication gives the
/// metadata.
fn add_publication(
    loaded: &mut Loaded,
    meta: &mut Option<Meta>,
    publication: Publication,
    sources: Vec<folio_model::ReportSource>,
) {
    // its reports are in its language, unless they say otherwise
    let language = &publication.meta.language;
    let reports = publication.reports.into_iter().map(|mut report| {
        report.language.get_or_insert_with(|| language.clone());
        report
    });
    loaded.publication.reports.extend(reports);
    meta.get_or_insert(publication.meta);
    loaded.sources.reports.extend(sources);
}

fn make_ids_unique(reports: &mut [Report]) {
    let mut taken = HashSet::new();
    for report in reports {
        report.id = unique_id(std::mem::take(&mut report.id), &mut taken);
    }
}

/// A title made from a file name: `003_korea_north.txt` gives `Korea North`,
/// `landmine-monitor-2001-north-korea.txt` gives `Landmine Monitor 2001 North Korea`.
pub fn readable_stem(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut words: Vec<&str> = stem
        .split(['_', '-', ' ', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 1 && words[0].bytes().all(|b| b.is_ascii_digit()) {
        words.remove(0);
    }
    let title = words
        .iter()
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect::<Vec<_>>()
        .join(" ");
    if title.is_empty() {
        "Untitled".to_owned()
    } else {
        title
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_made_readable() {
        assert_eq!(
            readable_stem(Path::new("reports/003_korea_north.txt")),
            "Korea North"
        );
        assert_eq!(
            readable_stem(Path::new("landmine-monitor-2001-north-korea.txt")),
            "Landmine Monitor 2001 North Korea"
        );
        assert_eq!(readable_stem(Path::new("2001.txt")), "2001");
    }

    #[test]
    fn input_kinds_follow_the_extension() {
        assert_eq!(InputKind::of(Path::new("a.JSON")), InputKind::ModelJson);
        assert_eq!(InputKind::of(Path::new("a.xml")), InputKind::FolioXml);
        assert_eq!(InputKind::of(Path::new("a.txt")), InputKind::WebReport);
        assert_eq!(InputKind::of(Path::new("a.md")), InputKind::Markdown);
        assert_eq!(InputKind::of(Path::new("folio.toml")), InputKind::Manifest);
        assert_eq!(InputKind::of(Path::new("README")), InputKind::WebReport);
    }

    #[test]
    fn work_spread_over_threads_comes_back_in_order() {
        let items: Vec<u32> = (0..1000).collect();
        // uneven work, so that the threads finish out of order
        let squares = map_in_parallel(&items, |&i| {
            if i % 7 == 0 {
                std::thread::yield_now();
            }
            u64::from(i) * u64::from(i)
        });
        assert_eq!(
            squares,
            items
                .iter()
                .map(|&i| u64::from(i) * u64::from(i))
                .collect::<Vec<_>>()
        );
        assert_eq!(map_in_parallel(&[5u8], |&i| i + 1), vec![6]);
        assert!(map_in_parallel(&[] as &[u8], |&i| i).is_empty());
    }

    /// The deepest model the readers must take at `nesting`: lists nested that deep in a
    /// report's summary, holding a table whose cell holds a paragraph.
    fn deepest(nesting: usize) -> Publication {
        use folio_model::{Block, Cell, ColumnSpec, Row, Summary, Table};
        let mut table = Table::new(vec![ColumnSpec::default()]);
        table.body = vec![Row::new(vec![Cell::text("deep")])];
        let mut blocks = vec![Block::table(table)];
        for _ in 0..nesting {
            blocks = vec![Block::List {
                start: None,
                items: vec![blocks],
            }];
        }
        let mut report = Report::new("r", "R");
        report.summary = Some(Summary {
            label: None,
            blocks,
        });
        Publication::new(Meta::titled("T"), vec![report])
    }

    #[test]
    fn a_table_at_the_deepest_nesting_allowed_reads_from_json_and_xml() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_owned();
        // on a thread with the stack the command gives its readers
        let run = move || {
            for nesting in [1, 2, 13, 14, 15, MAX_NESTING, MAX_NESTING_LIMIT] {
                let publication = deepest(nesting);
                let resolved = folio_model::resolve(
                    &publication,
                    &folio_model::ResolveOptions::default(),
                    &SourceMap::default(),
                );
                let json = path.join(format!("deep-{nesting}.json"));
                std::fs::write(&json, folio_model::to_json(&publication)).unwrap();
                let xml = path.join(format!("deep-{nesting}.xml"));
                std::fs::write(&xml, folio_xml::export_folio_xml(&resolved)).unwrap();
                let options = LoadOptions {
                    max_nesting: nesting,
                    ..LoadOptions::default()
                };
                for file in [json, xml] {
                    let loaded = load(std::slice::from_ref(&file), &options).unwrap();
                    assert!(
                        loaded.diagnostics.is_empty(),
                        "{nesting} {}: {:?}",
                        file.display(),
                        loaded.diagnostics
                    );
                    assert_eq!(loaded.publication.reports, publication.reports);
                }
            }
            // and much deeper than allowed is refused
            let json = path.join("too-deep.json");
            std::fs::write(&json, folio_model::to_json(&deepest(MAX_NESTING + 10))).unwrap();
            let loaded = load(&[json], &LoadOptions::default()).unwrap();
            assert!(loaded.has_errors(), "{:?}", loaded.diagnostics);
        };
        std::thread::Builder::new()
            .stack_size(STACK_SIZE)
            .spawn(run)
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn many_files_are_read_in_the_order_given_and_the_first_error_wins() {
        let dir = tempfile::tempdir().unwrap();
        let mut paths: Vec<PathBuf> = (0..40)
            .map(|i| {
                let path = dir.path().join(format!("{i:03}_report_{i}.md"));
                std::fs::write(&path, format!("# Report {i}\n\nText of report {i}.\n")).unwrap();
                path
            })
            .collect();
        let loaded = load(&paths, &LoadOptions::default()).unwrap();
        let titles: Vec<&str> = loaded
            .publication
            .reports
            .iter()
            .map(|r| r.title.as_str())
            .collect();
        let expected: Vec<String> = (0..40).map(|i| format!("Report {i}")).collect();
        assert_eq!(titles, expected);
        assert_eq!(loaded.sources.reports.len(), 40);
        assert!(
            loaded.sources.reports[39]
                .file
                .ends_with("039_report_39.md")
        );

        // two missing files: the error names the first of them
        paths.insert(30, dir.path().join("missing-b.md"));
        paths.insert(10, dir.path().join("missing-a.md"));
        let error = load(&paths, &LoadOptions::default()).unwrap_err();
        assert!(error.to_string().contains("missing-a.md"), "{error}");
    }
}
