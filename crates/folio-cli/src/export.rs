//! `folio export`: load once, resolve once, write every edition asked for.

use std::io::Write;
use std::path::PathBuf;

use folio::import::{LoadOptions, Loaded};
use folio::model::{
    Diagnostic, NotePlacement, Numbering, ResolveOptions, Resolved, TableNotes, Timestamp,
};
use folio::pdf::PageSize;

use crate::args::{ExportArgs, Format, NotesArg, NumberingArg, PublicationArgs, TableNotesArg};
use crate::commit::{check_folder_targets, check_targets, put_in_place, refuse_to_replace_inputs};
use crate::file_name::{file_name, output_name};
use crate::output::{OutputDir, Staged, StagedFolder, stage, stage_folder, stage_pieces};
use crate::progress::Progress;
use crate::{EXIT_INPUT, EXIT_OK};

pub fn export(
    args: &ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    show_progress: bool,
) -> anyhow::Result<u8> {
    let Input {
        loaded,
        options,
        page_size,
        pdf_standards,
    } = load(&args.inputs, &args.publication)?;
    let resolved = folio::model::resolve(&loaded.publication, &options, &loaded.sources);
    print_diagnostics(err, loaded.diagnostics.iter().chain(&resolved.diagnostics))?;
    if loaded.has_errors() || resolved.has_errors() {
        writeln!(
            err,
            "folio: error: the input has errors; nothing was written"
        )?;
        return Ok(EXIT_INPUT);
    }

    let name = output_name(&loaded.publication.meta.title);
    let target = |format| args.output.join(file_name(format, &name));
    // the PDF carries no date when none is known; the EPUB must have one, and takes
    // 2000-01-01 then
    let known = Timestamp::known_for_publication(&loaded.publication.meta, source_date_epoch(err)?);
    let modified = known.unwrap_or(Timestamp::FALLBACK);
    // a flag given on the command line wins over the manifest, which wins over the
    // default
    let notes = args
        .notes
        .map(note_placement)
        .or(loaded.output.notes)
        .unwrap_or_default();
    let fonts = if args.pdf.fonts.is_empty() {
        &loaded.output.fonts
    } else {
        &args.pdf.fonts
    };
    let mut formats = args.formats.clone();
    formats.sort_unstable();
    formats.dedup();
    let wants = |format| formats.contains(&format);
    // The editions that name images by path (the XML editions and the model JSON) name
    // them under NAME.media, which holds a copy of each, once.
    let images = distinct_images(&loaded.publication)?;
    let media_name = format!("{name}.media");
    let media = (!images.is_empty()
        && formats.iter().any(|format| {
            matches!(
                format,
                Format::Xml | Format::Docbook | Format::Jats | Format::Json
            )
        }))
    .then(|| args.output.join(&media_name));
    // The web edition is a folder NAME/, or with --html-single one file NAME.html.
    let site = wants(Format::Html).then(|| {
        if args.html_single {
            args.output.join(format!("{name}.html"))
        } else {
            args.output.join(&name)
        }
    });
    let site_options = site_options(args, &loaded)?;
    if site.is_some() && args.html_single && loaded.publication.reports.len() != 1 {
        anyhow::bail!(folio::html::HtmlError::SingleFile {
            reports: loaded.publication.reports.len()
        });
    }
    // what would stop the renames, found before the editions are made
    let targets: Vec<PathBuf> = formats
        .iter()
        .filter(|&&format| format != Format::Html)
        .map(|&format| target(format))
        .chain(site.iter().filter(|_| args.html_single).cloned())
        .collect();
    let inputs: Vec<PathBuf> = args
        .inputs
        .iter()
        .cloned()
        .chain(
            loaded
                .sources
                .reports
                .iter()
                .map(|r| PathBuf::from(&r.file)),
        )
        .chain(loaded.output.fonts.iter().cloned())
        .chain(args.pdf.fonts.iter().cloned())
        .chain(loaded.images.iter().cloned())
        .collect();
    refuse_to_replace_inputs(&targets, &inputs)?;
    check_targets(targets.iter().map(PathBuf::as_path))?;
    if let Some(media) = &media {
        refuse_to_replace_inputs_in(media, &inputs)?;
        check_folder_targets([media.as_path()])?;
    }
    if let Some(site) = site.as_ref().filter(|_| !args.html_single) {
        refuse_to_replace_inputs_in(site, &inputs)?;
        check_folder_targets([site.as_path()])?;
    }
    let lock_timeout = crate::folder_lock::timeout(err)?;
    let long = loaded.publication.reports.len() >= crate::progress::LONG_WORK_REPORTS;
    let progress = Progress::new(show_progress && long, formats.len());

    // The PDF is laid out on every core and written on this thread, each report's pages
    // as soon as it is laid out, while the other editions are made on threads of their
    // own, at a lower priority: the EPUB (which waits for the PDF's page map, for its
    // print page numbers), and the XML editions and the model JSON, which need nothing
    // from the others.
    let pdf_options = if wants(Format::Pdf) {
        progress.start(Format::Pdf);
        let mut options = folio::pdf::PdfOptions::default();
        options.page_size = args.pdf.page_size.or(page_size).unwrap_or_default();
        options.notes = notes;
        options.modified = known;
        // the manifest's fonts may be for some languages; those given with --font are not
        let languages: &[Vec<String>] = if args.pdf.fonts.is_empty() {
            &loaded.output.font_languages
        } else {
            &[]
        };
        options.fallback_fonts = read_fonts(fonts, languages, args.publication.max_input_size)?;
        options.compression_level = args.pdf.compression_level;
        let standards = args
            .pdf
            .pdf_standard
            .as_deref()
            .or(pdf_standards.as_deref());
        Some(pdf_options(options, standards))
    } else {
        if wants(Format::Epub) {
            progress.start(Format::Epub);
        }
        None
    };
    // the page map, sent once the PDF's last page is laid out; none when the PDF failed
    let (send_page_map, page_map) = std::sync::mpsc::channel();
    let page_map = std::sync::Mutex::new(pdf_options.is_some().then_some(page_map));
    // Each edition is staged (written beside its file and flushed) as soon as it is made,
    // on the thread that made it; all are put in place at the end, once every one is.
    let output_dir = OutputDir::create(&args.output)?;
    let write_epub = || -> anyhow::Result<Option<(Output, Vec<Diagnostic>)>> {
        if !wants(Format::Epub) {
            return Ok(None);
        }
        let mut options = folio::epub::EpubOptions::modified(modified);
        options.embed_fonts = !args.no_embed_fonts;
        options.notes = notes;
        options.page_map = page_map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
            .and_then(|page_map| page_map.recv().ok());
        let epub = folio::epub::export_epub(&resolved, &options)?;
        let staged = stage(&target(Format::Epub), &epub.bytes)?;
        progress.done();
        Ok(Some(((Format::Epub, staged), epub.warnings)))
    };
    let media_folder = media.as_ref().map(|_| media_name.as_str());
    let write_plain = || -> anyhow::Result<Plain> {
        let mut folders = Vec::new();
        if let Some(path) = &media {
            let files: Vec<(String, &[u8])> = images
                .iter()
                .map(|image| (image.media_path(""), image.bytes()))
                .collect();
            folders.push(stage_folder(path, &files)?);
        }
        let mut editions = formats
            .iter()
            .filter_map(|&format| {
                let bytes = plain_edition(format, &loaded.publication, &resolved, media_folder)?;
                let staged = stage(&target(format), &bytes);
                progress.done();
                Some(staged.map(|staged| (format, staged)))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let mut warnings = Vec::new();
        if let Some(path) = &site {
            let made = folio::html::export_site(&resolved, &site_options)?;
            if args.html_single {
                let page = made.file("index.html").unwrap_or_default();
                editions.push((Format::Html, stage(path, page)?));
            } else {
                let files: Vec<(String, &[u8])> = made
                    .files
                    .iter()
                    .map(|file| (file.path.clone(), &*file.bytes))
                    .collect();
                folders.push(stage_folder(path, &files)?);
            }
            warnings = made.warnings;
            progress.done();
        }
        Ok(Plain {
            editions,
            folders,
            warnings,
        })
    };
    let (pdf, epub, plain) = std::thread::scope(|scope| {
        let epub = spawn(scope, "folio-epub", write_epub);
        let plain = spawn(scope, "folio-editions", write_plain);
        // the PDF is written out while it is made
        let pdf = pdf_options.map(|options| {
            let made = stage_pieces(&target(Format::Pdf), |out| {
                folio::pdf::export_pdf_into(&resolved, &options, out, &mut |map| {
                    let _ = send_page_map.send(map.clone());
                })
            });
            // an EPUB still waiting goes on without the page map
            drop(send_page_map);
            made
        });
        (
            pdf,
            join_or_run(epub, write_epub),
            join_or_run(plain, write_plain),
        )
    });

    let mut outputs = Vec::new();
    match pdf.transpose()?.transpose() {
        Err(e @ folio::pdf::PdfError::Conformance { .. }) => {
            // the content cannot meet the standard asked for: an input error
            writeln!(err, "folio: error: {e}; nothing was written")?;
            return Ok(EXIT_INPUT);
        }
        Err(e) => return Err(e.into()),
        Ok(Some((pdf, staged))) => {
            print_diagnostics(err, &pdf.warnings)?;
            progress.done();
            outputs.push((Format::Pdf, staged));
        }
        Ok(None) => {}
    }
    if let Some((epub, warnings)) = epub? {
        print_diagnostics(err, &warnings)?;
        outputs.push(epub);
    }
    let Plain {
        editions: plain,
        folders,
        warnings: site_warnings,
    } = plain?;
    print_diagnostics(err, &site_warnings)?;
    outputs.extend(plain);
    outputs.sort_by_key(|&(format, _)| format);
    progress.finish();

    let staged = outputs.into_iter().map(|(_, staged)| staged).collect();
    let written = put_in_place(&args.output, staged, folders, lock_timeout, || {
        let _ = writeln!(
            err,
            "folio: waiting for another folio run to finish writing into {}",
            args.output.display()
        );
    })?;
    for path in written {
        writeln!(out, "wrote {}", path.display())?;
    }
    output_dir.keep();
    Ok(EXIT_OK)
}

/// Starts `work` on a thread of its own named `name`, with the large stack of folio's
/// threads (see main.rs) and the lowest priority; `None` when no thread could be
/// started.
///
/// The export waits for the thread that writes the PDF's pages and then puts the PDF
/// together, and the editions made beside it take less time than that. On two cores,
/// at the same priority, they took turns with it and the export took as long as the
/// PDF and a tenth; at the lowest priority they run on the time the PDF leaves, and the
/// three editions take about as long as the PDF alone. The threads the EPUB starts
/// for itself take its priority. On a machine busy with other programs, theirs comes
/// first too: the editions wait for a free core.
fn spawn<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    name: &str,
    work: impl FnOnce() -> T + Send + 'scope,
) -> Option<std::thread::ScopedJoinHandle<'scope, T>> {
    std::thread::Builder::new()
        .name(name.to_owned())
        .stack_size(folio::import::STACK_SIZE)
        .spawn_scoped(scope, || {
            lower_priority();
            work()
        })
        .ok()
}

/// The least priority a thread can have (nice 19), for this thread alone: Linux keeps
/// a priority per thread. Elsewhere (where the call would change the whole process's),
/// and where the system refuses, nothing changes.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
    }
}

/// What the thread `spawn` started gives, or what `work` gives done here when there was
/// no thread. A panic on the thread goes on here.
fn join_or_run<T>(
    thread: Option<std::thread::ScopedJoinHandle<'_, T>>,
    work: impl FnOnce() -> T,
) -> T {
    match thread {
        Some(thread) => thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        None => work(),
    }
}

/// An edition made, staged for its file.
type Output = (Format, Staged);

/// What the thread of the editions that need no other makes: their files, the folders
/// (the media folder of the XML editions, the web edition's site), and the web
/// edition's warnings.
struct Plain {
    editions: Vec<Output>,
    folders: Vec<StagedFolder>,
    warnings: Vec<Diagnostic>,
}

/// The web edition's options: `--no-embed-fonts`, `--html-single`, and the base
/// address from `--base-url` or the manifest's `base-url` (a web address).
fn site_options(args: &ExportArgs, loaded: &Loaded) -> anyhow::Result<folio::html::SiteOptions> {
    let mut options = folio::html::SiteOptions::default();
    options.no_fonts = args.no_embed_fonts;
    options.single_file = args.html_single;
    options.base_url = match &args.base_url {
        Some(url) => Some(
            folio::import::check_base_url(url.trim())
                .map_err(|why| anyhow::anyhow!("--base-url {why}"))?,
        ),
        None => loaded.output.base_url.clone(),
    };
    Ok(options)
}

/// The bytes of an edition that needs no other (the model JSON and the XML editions);
/// `None` for the PDF and the EPUB. With a `media` folder, the images are named under it.
fn plain_edition(
    format: Format,
    publication: &folio::model::Publication,
    resolved: &Resolved<'_>,
    media: Option<&str>,
) -> Option<Vec<u8>> {
    let xml_options = media.map_or_else(folio::xml::XmlOptions::default, |folder| {
        folio::xml::XmlOptions::with_media_folder(folder)
    });
    Some(match format {
        Format::Json => match media {
            Some(folder) => folio::model::to_json(&named_under(publication, folder)),
            None => folio::model::to_json(publication),
        }
        .into_bytes(),
        Format::Xml => folio::xml::export_folio_xml_with(resolved, &xml_options),
        Format::Docbook => folio::xml::export_docbook_with(resolved, &xml_options),
        Format::Jats => folio::xml::export_jats_with(resolved, &xml_options),
        Format::Pdf | Format::Epub | Format::Html => return None,
    })
}

/// Each image of the publication's figures once (by key), in reading order. Two images
/// whose media paths are one (which `Image::media_path` rules out) are an error rather
/// than one overwriting the other.
fn distinct_images(
    publication: &folio::model::Publication,
) -> anyhow::Result<Vec<&folio::model::Image>> {
    let mut images = Vec::new();
    let mut keys = std::collections::HashSet::new();
    let mut paths = std::collections::HashMap::new();
    for report in &publication.reports {
        let mut found = Vec::new();
        report.for_each_block(&mut |block| {
            if let folio::model::Block::Figure(figure) = block {
                found.push(&figure.image);
            }
        });
        for image in found {
            if !keys.insert(image.key()) {
                continue;
            }
            if let Some(other) = paths.insert(image.media_path(""), image.key()) {
                anyhow::bail!(
                    "the images {other:?} and {:?} would be copied to the same file; nothing was written",
                    image.key()
                );
            }
            images.push(image);
        }
    }
    Ok(images)
}

/// The publication with each figure's image named by its path under `folder`, for the
/// model JSON (which names images by path, relative to itself).
fn named_under(publication: &folio::model::Publication, folder: &str) -> folio::model::Publication {
    let mut named = publication.clone();
    for report in &mut named.reports {
        report.for_each_figure_mut(&mut |figure| {
            figure.image.src = figure.image.media_path(folder);
        });
    }
    named
}

/// Refuses to replace `folder` when an input lies inside it (an image read from the
/// media folder of an earlier export, say).
fn refuse_to_replace_inputs_in(folder: &std::path::Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let Ok(real) = folder.canonicalize() else {
        // a folder not there yet holds no input
        return Ok(());
    };
    for input in inputs {
        if input
            .canonicalize()
            .is_ok_and(|path| path.starts_with(&real))
        {
            anyhow::bail!(
                "{} is an input of this export: writing the folder {} would replace it; nothing was written (write the editions into another folder with -o DIR)",
                input.display(),
                folder.display()
            );
        }
    }
    Ok(())
}

/// A publication read, with how to resolve it and the page size its manifest gives.
pub struct Input {
    /// The publication and what the readers found.
    pub loaded: Loaded,
    /// The numbering and the table notes' place: the flags, else the manifest's, else
    /// the defaults.
    pub options: ResolveOptions,
    /// The manifest's page size, when it gives one that reads.
    pub page_size: Option<PageSize>,
    /// The manifest's PDF standards (`None` in them is `none`).
    pub pdf_standards: Option<Vec<Option<folio::pdf::PdfStandard>>>,
}

/// Reads the inputs; an I/O error (a missing file) or a manifest given with other inputs
/// is an error of the command (exit 2), what is wrong inside a file (the manifest's
/// page size among it) is a diagnostic.
pub fn load(inputs: &[PathBuf], args: &PublicationArgs) -> anyhow::Result<Input> {
    let mut options = LoadOptions::with_title(args.title.clone());
    options.max_input_size = args.max_input_size;
    options.max_nesting = usize::from(args.max_nesting);
    if args.no_smart {
        options.smart = Some(false);
    }
    let mut loaded = folio::import::load(inputs, &options)?;
    let numbering = match args.numbering {
        Some(NumberingArg::Report) => Numbering::PerReport,
        Some(NumberingArg::Continuous) => Numbering::Continuous,
        None => loaded.output.numbering.unwrap_or_default(),
    };
    let table_notes = match args.table_notes {
        Some(TableNotesArg::Foot) => TableNotes::Foot,
        Some(TableNotesArg::Endnotes) => TableNotes::Endnotes,
        None => loaded.output.table_notes.unwrap_or_default(),
    };
    let page_size = match &loaded.output.page_size {
        Some(size) => match crate::args::page_size(&size.value) {
            Ok(page_size) => Some(page_size),
            Err(error) => {
                loaded.diagnostics.push(
                    Diagnostic::error(format!("`output.page-size`: {error}"))
                        .at(Some(size.location.clone())),
                );
                None
            }
        },
        None => None,
    };
    let pdf_standards = match &loaded.output.pdf_standard {
        Some(written) => {
            let parsed: Result<Vec<_>, _> = written
                .value
                .split(',')
                .map(crate::args::parse_standard)
                .collect();
            match parsed {
                Ok(standards) => Some(standards),
                Err(error) => {
                    loaded.diagnostics.push(
                        Diagnostic::error(format!("`output.pdf-standard`: {error}"))
                            .at(Some(written.location.clone())),
                    );
                    None
                }
            }
        }
        None => None,
    };
    Ok(Input {
        loaded,
        options: ResolveOptions::with_numbering(numbering).table_notes(table_notes),
        page_size,
        pdf_standards,
    })
}

pub fn print_diagnostics<'d>(
    err: &mut dyn Write,
    diagnostics: impl IntoIterator<Item = &'d Diagnostic>,
) -> std::io::Result<()> {
    for diagnostic in diagnostics {
        writeln!(err, "{diagnostic}")?;
    }
    Ok(())
}

/// The PDF options with the standards asked for. Standards given on the command line (or
/// in the manifest) are required; without any, the PDF is PDF/UA-1 when it can be, and
/// otherwise plain tagged PDF with a warning saying what kept it from PDF/UA-1.
fn pdf_options(
    mut options: folio::pdf::PdfOptions,
    standards: Option<&[Option<folio::pdf::PdfStandard>]>,
) -> folio::pdf::PdfOptions {
    match standards {
        Some(standards) => options.standards = standards.iter().flatten().copied().collect(),
        None => {
            options.standards = vec![folio::pdf::PdfStandard::Ua1];
            options.standards_if_possible = true;
        }
    }
    options
}

/// `--notes`, as the editions' option.
pub fn note_placement(notes: NotesArg) -> NotePlacement {
    match notes {
        NotesArg::Report => NotePlacement::EndOfReport,
        NotesArg::Book => NotePlacement::EndOfBook,
        NotesArg::Page => NotePlacement::FootOfPage,
    }
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds date: seconds since 1970 that editions
/// carry instead of the publication date. A value that is not one is ignored with a
/// warning.
fn source_date_epoch(err: &mut dyn Write) -> std::io::Result<Option<i64>> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    match text.trim().parse::<i64>() {
        Ok(seconds) if Timestamp::from_unix(seconds).is_some() => Ok(Some(seconds)),
        _ => {
            writeln!(
                err,
                "folio: warning: SOURCE_DATE_EPOCH={text:?} is not a number of seconds from 1970 to 9999; ignored"
            )?;
            Ok(None)
        }
    }
}

/// Reads the fallback fonts given with `--font` (or the manifest's, each for the
/// `languages` parallel to `paths`, or for any text when that is shorter): regular files
/// of at most `max_size` bytes (`--max-input-size`) that are fonts; anything else is an
/// error naming the file.
fn read_fonts(
    paths: &[PathBuf],
    languages: &[Vec<String>],
    max_size: u64,
) -> anyhow::Result<Vec<folio::pdf::FallbackFont>> {
    paths
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let data = folio::import::read_font(path, max_size)?;
            Ok(folio::pdf::FallbackFont {
                name: path.display().to_string(),
                data,
                index: 0,
                languages: languages.get(i).cloned().unwrap_or_default(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    #[test]
    fn editions_beside_the_pdf_run_at_the_lowest_priority() {
        let this_thread = || rustix::process::getpriority_process(Some(rustix::thread::gettid()));
        let before = this_thread().expect("this thread's priority");
        let (name, priority) = std::thread::scope(|scope| {
            let thread = super::spawn(scope, "folio-test", || {
                let name = std::thread::current().name().map(str::to_owned);
                (name, this_thread().expect("the thread's priority"))
            });
            thread.expect("a thread").join().expect("no panic")
        });
        assert_eq!((name.as_deref(), priority), (Some("folio-test"), 19));
        // the thread that started it keeps its own
        assert_eq!(this_thread().expect("this thread's priority"), before);
    }
}
