//! The web edition of folio: a static site of a publication.
//!
//! ```
//! use folio_model::{resolve, PublicationBuilder, ReportBuilder, ResolveOptions, SourceMap};
//! use folio_html::{export_site, SiteOptions};
//!
//! let publication = PublicationBuilder::new("Landmine Monitor Report 2001")
//!     .report(
//!         ReportBuilder::new("North Korea")
//!             .heading("Mine Ban Policy")
//!             .paragraph(|p| p.text("Not a party.").note(|n| n.text("UN records, 1998.")))
//!             .build(),
//!     )
//!     .build();
//! let resolved = resolve(&publication, &ResolveOptions::default(), &SourceMap::default());
//! let site = export_site(&resolved, &SiteOptions::default())?;
//! let index = site.file("index.html").unwrap();
//! assert!(std::str::from_utf8(index).unwrap().contains("North Korea"));
//! assert!(site.file("search-index.json").is_some());
//! # Ok::<(), folio_html::HtmlError>(())
//! ```
//!
//! The site holds `index.html` (the title page and the contents), a page per report
//! (an `<article>` with its notes after it, and links to the previous and next reports
//! and back to the contents), `style.css`, `folio.js` (notes that open in place, and the
//! search), the search index (`search-index.json`, and the same wrapped in a script,
//! `search-index.js`, for a site opened from files, where a page cannot fetch JSON),
//! the shipped fonts as WOFF2 subsets with their licence, and the images. Every note
//! reference is a real link to its note, so the site works without its script and
//! without its stylesheet; every id is unique across the site; the same input gives
//! the same bytes.

mod fonts;
mod page;
mod search;

use std::sync::Arc;

use folio_model::{Diagnostic, Resolved};

/// Options for [`export_site`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SiteOptions {
    /// Leave the shipped fonts out (`--no-embed-fonts`): browsers use their own serif.
    /// Default: `false`, the fonts are subset and served as WOFF2.
    pub no_fonts: bool,
    /// Where the site will be published (`https://example.org/monitor/`): each page
    /// then names its canonical address. Default: `None`.
    pub base_url: Option<String>,
    /// One self-contained file for a publication of one report: its styles, script,
    /// fonts and images inside it. Default: `false`.
    pub single_file: bool,
}

/// A written site: its files, each with its path inside the site's folder.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Site {
    /// The files, in a fixed order (the pages first).
    pub files: Vec<SiteFile>,
    /// What is worth knowing: images without bytes, characters HTML forbids left out.
    pub warnings: Vec<Diagnostic>,
}

/// A file of the site.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct SiteFile {
    /// Its path inside the site's folder, with `/` between folders (`fonts/x.woff2`);
    /// for a [`SiteOptions::single_file`] site, the one file's name is `index.html`.
    pub path: String,
    /// Its bytes.
    pub bytes: Arc<[u8]>,
}

impl Site {
    /// The bytes of the file at `path`, if the site has one.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| &*f.bytes)
    }
}

/// Why a site could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HtmlError {
    /// The publication has errors (a reference to no note, two notes with one label):
    /// its site would be wrong.
    #[error("the publication has errors ({errors}); a site of it would be wrong")]
    Unresolved {
        /// How many errors `resolve()` reported.
        errors: usize,
    },
    /// The resolved form does not belong to its publication.
    #[error("the resolved publication does not match its reports; resolve it again")]
    Mismatched,
    /// A single-file site was asked of a publication of several reports.
    #[error(
        "a single-file web edition holds one report, and this publication has {reports}; \
         leave out --html-single to write a site with a page per report"
    )]
    SingleFile {
        /// How many reports the publication has.
        reports: usize,
    },
}

/// Writes the web edition of a resolved publication.
pub fn export_site(resolved: &Resolved<'_>, options: &SiteOptions) -> Result<Site, HtmlError> {
    let html = folio_epub::html_reports(resolved).map_err(|error| match error {
        folio_epub::EpubError::Unresolved { errors } => HtmlError::Unresolved { errors },
        _ => HtmlError::Mismatched,
    })?;
    if options.single_file && html.reports.len() != 1 {
        return Err(HtmlError::SingleFile {
            reports: html.reports.len(),
        });
    }
    let site = page::Pages::new(resolved, &html, options);
    let mut files = Vec::new();
    let mut warnings = html.warnings.clone();
    let chrome = site.chrome_text();
    let texts: Vec<&str> = html
        .reports
        .iter()
        .map(|r| r.body.as_str())
        .chain([chrome.as_str()])
        .collect();
    if options.single_file {
        let (fonts, font_warnings) = if options.no_fonts {
            (Vec::new(), Vec::new())
        } else {
            fonts::web_fonts(&texts)
        };
        warnings.extend(font_warnings);
        files.push(SiteFile::text("index.html", site.single_page(&fonts)));
        return Ok(Site { files, warnings });
    }
    // the fonts are cut down and compressed on a thread of their own while the pages
    // are written
    std::thread::scope(|scope| {
        let fonts = (!options.no_fonts).then(|| {
            std::thread::Builder::new()
                .name("html-fonts".into())
                .spawn_scoped(scope, || fonts::web_fonts(&texts))
        });
        // the search index too, beside the pages
        let index = std::thread::Builder::new()
            .name("html-search".into())
            .spawn_scoped(scope, || search::index(resolved, &html));
        files.push(SiteFile::text("index.html", site.index_page()));
        for (r, report) in html.reports.iter().enumerate() {
            files.push(SiteFile::text(&report.file, site.report_page(r)));
        }
        files.push(SiteFile::text(page::SCRIPT, page::SCRIPT_TEXT.to_owned()));
        let index = index
            .ok()
            .and_then(|thread| thread.join().ok())
            .unwrap_or_else(|| search::index(resolved, &html));
        files.push(SiteFile::text(
            search::SCRIPT_FILE,
            format!("folioSearchIndex({index});\n"),
        ));
        files.push(SiteFile::text(search::JSON_FILE, index));
        for image in &html.images {
            files.push(SiteFile {
                path: image.file.clone(),
                bytes: image.data.clone(),
            });
        }
        let (fonts, font_warnings) = match fonts {
            Some(thread) => thread
                .ok()
                .and_then(|thread| thread.join().ok())
                .unwrap_or_else(|| fonts::web_fonts(&texts)),
            None => (Vec::new(), Vec::new()),
        };
        warnings.extend(font_warnings);
        files.push(SiteFile::text(
            page::STYLESHEET,
            site.stylesheet(&fonts, false),
        ));
        if !fonts.is_empty() {
            for font in fonts {
                files.push(SiteFile {
                    path: font.path,
                    bytes: font.bytes.into(),
                });
            }
            files.push(SiteFile {
                path: fonts::LICENSE_FILE.to_owned(),
                bytes: folio_fonts::LICENSE.as_bytes().into(),
            });
        }
    });
    Ok(Site { files, warnings })
}

impl SiteFile {
    fn text(path: &str, text: String) -> Self {
        SiteFile {
            path: path.to_owned(),
            bytes: text.into_bytes().into(),
        }
    }
}
