//! The pages of the site: the index (title page and contents) and a page per report,
//! each with the same header (the publication's title and the search box), links to
//! the previous and next reports, and the note pop-up the script fills; and the
//! stylesheet. A single-file site is one page with its styles, script, fonts and
//! images inside it.

use std::fmt::Write;

use folio_epub::{HtmlReport, HtmlReports, escape_html as escape};
use folio_model::{Publication, Resolved, has_rtl_text, is_rtl_language, plain_text};

use crate::SiteOptions;
use crate::fonts::WebFont;

/// The stylesheet's file.
pub(crate) const STYLESHEET: &str = "style.css";
/// The script's file.
pub(crate) const SCRIPT: &str = "folio.js";
/// The script: notes that open in place, and the search.
pub(crate) const SCRIPT_TEXT: &str = include_str!("../assets/folio.js");
/// The site's own rules, after the EPUB's rules for the text.
const SITE_CSS: &str = include_str!("../assets/site.css");

/// The words the pages write themselves, which the fonts must have.
const UI_TEXT: &str = "Skip to the text. Search the reports. Contents. Previous. Next. \
                       Notes. Note. Close. By Edited by results for No report holds ";

/// How many characters of text a page's description takes at most.
const DESCRIPTION_LENGTH: usize = 160;

/// The ids of the pages' own parts, unique against the reports' ids.
struct Ids {
    main: String,
    search: String,
    results: String,
    popover: String,
    contents: String,
}

/// Writes the pages of one site.
pub(crate) struct Pages<'a> {
    publication: &'a Publication,
    html: &'a HtmlReports,
    ids: Ids,
    /// The base address, ending in `/`.
    base_url: Option<String>,
    tables: bool,
    figures: bool,
}

impl<'a> Pages<'a> {
    pub(crate) fn new(
        resolved: &'a Resolved<'a>,
        html: &'a HtmlReports,
        options: &'a SiteOptions,
    ) -> Self {
        let id = |i: usize, fallback: &str| {
            html.reserved
                .get(i)
                .cloned()
                .unwrap_or_else(|| fallback.to_owned())
        };
        let ids = Ids {
            main: id(0, "main"),
            search: id(1, "search"),
            results: id(2, "search-results"),
            popover: id(3, "note-popover"),
            contents: id(4, "contents"),
        };
        let base_url = options
            .base_url
            .as_deref()
            .map(str::trim)
            .filter(|url| !url.is_empty())
            .map(|url| {
                if url.ends_with('/') {
                    url.to_owned()
                } else {
                    format!("{url}/")
                }
            });
        Pages {
            publication: resolved.publication,
            html,
            ids,
            base_url,
            tables: resolved.reports.iter().any(|r| !r.tables.is_empty()),
            figures: !html.images.is_empty(),
        }
    }

    /// The text the pages write around the reports' own, for the fonts' subsets.
    pub(crate) fn chrome_text(&self) -> String {
        let meta = &self.publication.meta;
        let mut text = String::from(UI_TEXT);
        for part in [
            &meta.subtitle,
            &meta.publisher,
            &meta.date,
            &meta.description,
        ]
        .into_iter()
        .flatten()
        .chain(&meta.authors)
        .chain(&meta.editors)
        .chain(meta.rights.iter())
        {
            text.push(' ');
            text.push_str(part);
        }
        text.push(' ');
        text.push_str(&self.html.title);
        text
    }

    /// `index.html`: the title page and the contents.
    pub(crate) fn index_page(&self) -> String {
        let mut out = String::with_capacity(16 * 1024 + self.html.reports.len() * 1024);
        let meta = &self.publication.meta;
        let description = meta
            .description
            .clone()
            .or_else(|| meta.subtitle.clone())
            .unwrap_or_else(|| self.html.title.clone());
        self.head(
            &mut out,
            &self.html.language,
            &self.html.title,
            &description,
            "",
            None,
        );
        self.header(&mut out, true);
        let _ = write!(
            out,
            "<main id=\"{}\">\n<div class=\"titlepage\">\n",
            self.ids.main
        );
        element(&mut out, "h1", &self.html.title);
        if let Some(subtitle) = &meta.subtitle {
            element_class(&mut out, "p", "subtitle", subtitle);
        }
        if !meta.authors.is_empty() {
            element_class(
                &mut out,
                "p",
                "authors",
                &format!("By {}", meta.authors.join(", ")),
            );
        }
        if !meta.editors.is_empty() {
            element_class(
                &mut out,
                "p",
                "editors",
                &format!("Edited by {}", meta.editors.join(", ")),
            );
        }
        let imprint: Vec<&str> = [&meta.publisher, &meta.date]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if !imprint.is_empty() {
            element_class(&mut out, "p", "imprint", &imprint.join(", "));
        }
        if let Some(description) = &meta.description {
            element_class(&mut out, "p", "description", description);
        }
        out.push_str("</div>\n");
        let _ = writeln!(
            out,
            "<nav class=\"contents\" aria-labelledby=\"{0}\">\n<h2 id=\"{0}\">Contents</h2>\n<ol>",
            self.ids.contents
        );
        for report in &self.html.reports {
            out.push_str("<li");
            self.language_attrs(&mut out, report);
            out.push('>');
            link(&mut out, &report.file, &report.title);
            if !report.headings.is_empty() {
                out.push_str("\n<ol>\n");
                for heading in &report.headings {
                    out.push_str("<li>");
                    link(
                        &mut out,
                        &format!("{}#{}", report.file, heading.id),
                        &heading.text,
                    );
                    out.push_str("</li>\n");
                }
                out.push_str("</ol>\n");
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n</nav>\n</main>\n");
        self.footer(&mut out);
        out.push_str("</body>\n</html>\n");
        out
    }

    /// The page of report `r`.
    pub(crate) fn report_page(&self, r: usize) -> String {
        let report = &self.html.reports[r];
        let mut out = String::with_capacity(report.body.len() + 8 * 1024);
        let language = report.language.as_deref().unwrap_or(&self.html.language);
        let title = if report.title == self.html.title {
            report.title.clone()
        } else {
            format!("{} – {}", report.title, self.html.title)
        };
        self.head(
            &mut out,
            language,
            &title,
            &self.description_of(r),
            &report.file,
            None,
        );
        self.header(&mut out, true);
        self.pager(&mut out, r, "Reports");
        let _ = writeln!(out, "<main id=\"{}\">", self.ids.main);
        out.push_str(&report.body);
        out.push_str("</main>\n");
        self.pager(&mut out, r, "Reports, at the end");
        self.popover(&mut out);
        self.footer(&mut out);
        out.push_str("</body>\n</html>\n");
        out
    }

    /// The one page of a single-file site: the report, its styles, script, fonts and
    /// images inside it.
    pub(crate) fn single_page(&self, fonts: &[WebFont]) -> String {
        let report = &self.html.reports[0];
        let mut body = report.body.clone();
        for image in &self.html.images {
            let from = format!("src=\"{}\"", image.file);
            let to = format!(
                "src=\"data:{};base64,{}\"",
                media_type(&image.file),
                base64(&image.data)
            );
            body = body.replace(&from, &to);
        }
        let mut out = String::with_capacity(body.len() + 64 * 1024);
        let language = report.language.as_deref().unwrap_or(&self.html.language);
        let css = self.stylesheet(fonts, true);
        self.head(
            &mut out,
            language,
            &report.title,
            &self.description_of(0),
            "",
            Some((&css, SCRIPT_TEXT)),
        );
        self.header(&mut out, false);
        let _ = writeln!(out, "<main id=\"{}\">", self.ids.main);
        out.push_str(&body);
        out.push_str("</main>\n");
        self.popover(&mut out);
        self.footer(&mut out);
        out.push_str("</body>\n</html>\n");
        out
    }

    /// The stylesheet: `@font-face` rules for `fonts` (as data URLs when `inline`), the
    /// EPUB's rules for the text, and the site's own.
    pub(crate) fn stylesheet(&self, fonts: &[WebFont], inline: bool) -> String {
        let text = folio_epub::text_stylesheet(self.tables, self.figures);
        let mut css = String::with_capacity(text.len() + SITE_CSS.len() + 1024);
        css.push_str(
            "/* folio's web edition: the EPUB's rules for the text, then the site's */\n\n",
        );
        for font in fonts {
            let style = if font.face.style.is_italic() {
                "italic"
            } else {
                "normal"
            };
            let weight = if font.face.style.is_bold() {
                "bold"
            } else {
                "normal"
            };
            let source = if inline {
                let media = if font.format == "woff2" {
                    "font/woff2"
                } else {
                    "font/ttf"
                };
                format!("data:{media};base64,{}", base64(&font.bytes))
            } else {
                font.path.clone()
            };
            let _ = write!(
                css,
                "@font-face {{\n  font-family: \"{}\";\n  font-style: {style};\n  \
                 font-weight: {weight};\n  font-display: swap;\n  \
                 src: url(\"{source}\") format(\"{}\");\n}}\n\n",
                font.face.family, font.format
            );
        }
        css.push_str(&text);
        css.push('\n');
        css.push_str(SITE_CSS);
        css
    }

    /// The description of report `r`'s page: the publication's, or the start of the
    /// report's summary or first paragraph.
    fn description_of(&self, r: usize) -> String {
        if let Some(description) = &self.publication.meta.description {
            return description.clone();
        }
        let report = &self.publication.reports[r];
        let first = report
            .summary
            .iter()
            .flat_map(|s| &s.blocks)
            .chain(&report.body)
            .find_map(|block| match block {
                folio_model::Block::Paragraph { content } => Some(plain_text(content)),
                _ => None,
            })
            .unwrap_or_else(|| self.html.reports[r].title.clone());
        shorten(&first, DESCRIPTION_LENGTH)
    }

    /// From `<!DOCTYPE html>` to `<body>`: the language and direction, the title, the
    /// description, the canonical address of `file` (when the site has a base address),
    /// and the stylesheet and script (inside the page when `inline` gives them).
    fn head(
        &self,
        out: &mut String,
        language: &str,
        title: &str,
        description: &str,
        file: &str,
        inline: Option<(&str, &str)>,
    ) {
        out.push_str("<!DOCTYPE html>\n<html lang=\"");
        escape(out, language);
        out.push_str(if is_rtl_language(language) {
            "\" dir=\"rtl\">\n"
        } else {
            "\" dir=\"ltr\">\n"
        });
        out.push_str(
            "<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        );
        element(out, "title", title);
        out.push_str("\n<meta name=\"description\" content=\"");
        escape(out, description);
        out.push_str("\">\n");
        if let Some(base) = &self.base_url {
            out.push_str("<link rel=\"canonical\" href=\"");
            escape(out, base);
            escape(out, file);
            out.push_str("\">\n");
        }
        out.push_str(
            "<meta name=\"generator\" content=\"folio\">\n\
             <meta name=\"color-scheme\" content=\"light dark\">\n\
             <link rel=\"icon\" href=\"data:,\">\n",
        );
        match inline {
            Some((css, script)) => {
                out.push_str("<style>\n");
                out.push_str(css);
                out.push_str("</style>\n<script>\n");
                out.push_str(script);
                out.push_str("</script>\n");
            }
            None => {
                let _ = write!(
                    out,
                    "<link rel=\"stylesheet\" href=\"{STYLESHEET}\">\n\
                     <script src=\"{SCRIPT}\" defer></script>\n"
                );
            }
        }
        out.push_str("</head>\n<body>\n");
    }

    /// The header every page shares: a link past it to the text, the publication's
    /// title (a link to the contents when `site`), and the search box (shown by the
    /// script, which it needs) when `site`.
    fn header(&self, out: &mut String, site: bool) {
        let _ = writeln!(
            out,
            "<a class=\"skip-link\" href=\"#{}\">Skip to the text</a>",
            self.ids.main
        );
        out.push_str("<header class=\"site-header\">\n<p class=\"site-title\">");
        if site {
            link(out, "index.html", &self.html.title);
        } else {
            escape(out, &self.html.title);
        }
        out.push_str("</p>\n");
        if site {
            let _ = write!(
                out,
                "<form class=\"search\" role=\"search\" hidden>\n\
                 <label for=\"{0}\">Search the reports</label>\n\
                 <input type=\"search\" id=\"{0}\" name=\"q\" autocomplete=\"off\" \
                 spellcheck=\"false\" aria-describedby=\"{1}-status\">\n\
                 <p id=\"{1}-status\" class=\"search-status\" role=\"status\"></p>\n\
                 <ul id=\"{1}\" class=\"search-results\"></ul>\n</form>\n",
                self.ids.search, self.ids.results
            );
        }
        out.push_str("</header>\n");
    }

    /// Links to the previous and next reports and to the contents, in a navigation
    /// region named `label`.
    fn pager(&self, out: &mut String, r: usize, label: &str) {
        let reports = &self.html.reports;
        let _ = write!(out, "<nav class=\"pager\" aria-label=\"{label}\">\n<ul>\n");
        if let Some(previous) = r.checked_sub(1).and_then(|p| reports.get(p)) {
            self.pager_link(out, previous, ("prev", "previous", "Previous"));
        }
        out.push_str("<li class=\"pager-contents\"><a href=\"index.html\">Contents</a></li>\n");
        if let Some(next) = reports.get(r + 1) {
            self.pager_link(out, next, ("next", "next", "Next"));
        }
        out.push_str("</ul>\n</nav>\n");
    }

    /// `<li class="pager-next"><a rel="next" href="...">Next ...</a></li>`: a link to
    /// `report`, with its relation, class and label.
    fn pager_link(
        &self,
        out: &mut String,
        report: &HtmlReport,
        (rel, class, label): (&str, &str, &str),
    ) {
        let _ = write!(out, "<li class=\"pager-{class}\"");
        self.language_attrs(out, report);
        let _ = write!(out, "><a rel=\"{rel}\" href=\"");
        escape(out, &report.file);
        let _ = write!(out, "\"><span class=\"pager-label\">{label}</span> ");
        escape(out, &report.title);
        out.push_str("</a></li>\n");
    }

    /// The element the script opens a note in, in the top layer; hidden until then.
    fn popover(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "<div id=\"{}\" class=\"note-popover\" popover role=\"dialog\" \
             aria-label=\"Note\" tabindex=\"-1\"></div>",
            self.ids.popover
        );
    }

    fn footer(&self, out: &mut String) {
        let meta = &self.publication.meta;
        let line: Vec<&str> = [&meta.rights, &meta.publisher]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if !line.is_empty() {
            out.push_str("<footer class=\"site-footer\">\n<p>");
            escape(out, &line.join(" · "));
            out.push_str("</p>\n</footer>\n");
        }
    }

    /// ` lang="ar" dir="rtl"` for an element naming `report` (by its title) on a page in
    /// another language, or ` dir="auto"` for a right-to-left title in a page that is
    /// not.
    fn language_attrs(&self, out: &mut String, report: &HtmlReport) {
        if let Some(language) = &report.language {
            out.push_str(" lang=\"");
            escape(out, language);
            out.push('"');
            if is_rtl_language(language) != is_rtl_language(&self.html.language) {
                out.push_str(if is_rtl_language(language) {
                    " dir=\"rtl\""
                } else {
                    " dir=\"ltr\""
                });
            }
        } else if !is_rtl_language(&self.html.language) && has_rtl_text(&report.title) {
            out.push_str(" dir=\"auto\"");
        }
    }
}

/// `<a href="href">text</a>`.
fn link(out: &mut String, href: &str, text: &str) {
    out.push_str("<a href=\"");
    escape(out, href);
    out.push_str("\">");
    escape(out, text);
    out.push_str("</a>");
}

/// `<tag>text</tag>`.
fn element(out: &mut String, tag: &str, text: &str) {
    let _ = write!(out, "<{tag}>");
    escape(out, text);
    let _ = write!(out, "</{tag}>");
}

/// `<tag class="class">text</tag>` and a line break.
fn element_class(out: &mut String, tag: &str, class: &str, text: &str) {
    let _ = write!(out, "<{tag} class=\"{class}\">");
    escape(out, text);
    let _ = writeln!(out, "</{tag}>");
}

/// The first words of `text`, at most `limit` characters, with an ellipsis when cut.
fn shorten(text: &str, limit: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= limit {
        return text;
    }
    let cut: String = text.chars().take(limit).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// The media type of an image file, from its extension.
fn media_type(file: &str) -> &'static str {
    let extension = file.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// `bytes` in Base64 (RFC 4648, with padding), for data URLs.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
        assert_eq!(base64(b"fooba"), "Zm9vYmE=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn descriptions_are_cut_between_words() {
        assert_eq!(shorten("a  short\ntext", 160), "a short text");
        assert_eq!(shorten("one two three four", 9), "one two…");
    }

    #[test]
    fn text_is_escaped_and_controls_left_out() {
        let mut out = String::new();
        escape(&mut out, "a<b>&\"c\"\u{7}d");
        assert_eq!(out, "a&lt;b&gt;&amp;&quot;c&quot;d");
    }
}
