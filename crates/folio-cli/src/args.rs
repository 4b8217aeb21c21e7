//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Reports with endnotes, as a print PDF, an EPUB 3 e-book and XML print editions.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the editions of a publication.
    Export(ExportArgs),
    /// Read and resolve a publication, print its diagnostics, write nothing.
    Check(CheckArgs),
}

/// What `folio export` takes.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The input files, one publication in the order given; or one manifest
    /// (folio.toml) that names them.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The editions to write, separated by commas.
    #[arg(
        long = "to",
        value_delimiter = ',',
        default_value = "pdf,epub,xml,docbook,jats,json,html",
        value_name = "FORMATS"
    )]
    pub formats: Vec<Format>,
    /// The folder to write into (made when missing).
    #[arg(
        short = 'o',
        long = "output",
        default_value = "out",
        value_name = "DIR"
    )]
    pub output: PathBuf,
    /// Where the notes go: after each report, at the end of the book, or at the foot of
    /// the page that cites them (in the PDF; the EPUB sets them after each report).
    /// Default: the manifest's `notes`, else report.
    #[arg(long, value_enum)]
    pub notes: Option<NotesArg>,
    #[command(flatten)]
    pub pdf: PdfArgs,
    /// Leave the shipped fonts out of the EPUB and the web edition; reading systems and
    /// browsers then use their own.
    #[arg(long)]
    pub no_embed_fonts: bool,
    /// Write the web edition of a one-report publication as one file, `NAME.html`, its
    /// styles, script, fonts and images inside it.
    #[arg(long)]
    pub html_single: bool,
    /// Where the web edition will be published (`https://example.org/reports/`): its
    /// pages name their canonical addresses under it. Default: the manifest's
    /// `base-url`, else none.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    #[command(flatten)]
    pub publication: PublicationArgs,
}

/// Options of the PDF edition.
#[derive(Debug, Args)]
pub struct PdfArgs {
    /// The page size: a4, letter, 6x9, or WIDTHxHEIGHT with mm or in (210x297mm).
    /// Default: the manifest's `page-size`, else a4.
    #[arg(long, value_parser = parse_page_size, value_name = "SIZE")]
    pub page_size: Option<folio::pdf::PageSize>,
    /// A font (TTF, OTF or TTC) tried, in the order given, for characters the shipped
    /// family lacks. Given, these replace the manifest's `fonts`.
    #[arg(long = "font", value_name = "FILE")]
    pub fonts: Vec<PathBuf>,
    /// Standards the PDF must meet, separated by commas: ua1 (PDF/UA-1), a2a, a2b, a3b
    /// (PDF/A), or none. Without it, the PDF is PDF/UA-1 when it can be and plain tagged
    /// PDF (with a warning saying why) when it cannot.
    #[arg(long, value_delimiter = ',', value_parser = parse_standard, value_name = "STANDARDS")]
    pub pdf_standard: Option<Vec<Option<folio::pdf::PdfStandard>>>,
    /// How hard the PDF's pages are compressed: 0 (stored as they are, fastest) to 9 (smallest
    /// file, slowest).
    #[arg(long, value_name = "LEVEL", default_value_t = folio::pdf::PdfOptions::COMPRESSION_LEVEL,
          value_parser = clap::value_parser!(u8).range(0..=9))]
    pub compression_level: u8,
}

pub(crate) fn parse_standard(text: &str) -> Result<Option<folio::pdf::PdfStandard>, String> {
    if text.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|e: folio::pdf::PdfStandardError| e.to_string())
}

fn parse_page_size(text: &str) -> Result<folio::pdf::PageSize, String> {
    page_size(text)
}

/// The sides a page may have, in points, as `folio::pdf::PageSize` reads them: from 2 in
/// (a playing card's narrow side) to 2000 pt (a broadsheet's long side). A unit test
/// checks these against the parser, so that the message cannot drift from the rule.
const PAGE_SIDE_POINTS: (f32, f32) = (144.0, 2000.0);

/// Reads a page size; a `WIDTHxHEIGHT` that reads but is too small or too large is refused
/// with the range allowed.
pub(crate) fn page_size(text: &str) -> Result<folio::pdf::PageSize, String> {
    text.parse().map_err(|e: folio::pdf::PageSizeError| {
        if custom_size_shape(text) {
            let (least, most) = PAGE_SIDE_POINTS;
            let mm = |points: f32| points / 72.0 * 25.4;
            format!(
                "page size {:?} is out of range: each side must be from {:.1} mm ({} in) to {:.1} mm ({} pt)",
                text.trim(),
                mm(least),
                least / 72.0,
                mm(most),
                most
            )
        } else {
            e.to_string()
        }
    })
}

/// Whether `text` has the shape of a custom page size, `NUMBERxNUMBER` with `mm`, `in` or
/// `pt`: when such a size is refused, it is for its range.
fn custom_size_shape(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    let Some(numbers) = ["mm", "in", "pt"]
        .iter()
        .find_map(|unit| lower.strip_suffix(unit))
    else {
        return false;
    };
    numbers.split_once('x').is_some_and(|(w, h)| {
        [w, h]
            .iter()
            .all(|n| n.trim().parse::<f32>().is_ok_and(f32::is_finite))
    })
}

/// `--title`: a title with something in it (as the manifest's must be).
fn parse_title(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        Err("the title is empty: give a title with words in it".to_owned())
    } else {
        Ok(text.to_owned())
    }
}

/// `--max-input-size`: a whole number of bytes, at least 1 (`1.5K` is 1536; `0.5` and
/// `1.1K` are refused rather than rounded).
fn parse_max_input_size(text: &str) -> Result<u64, String> {
    let bytes = folio::import::parse_byte_size(text)?;
    let trimmed = text.trim();
    let number_end = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(number_end);
    // a power of 1024 for K, M, G and T (parse_byte_size has refused other units)
    let shift: u32 = match unit.trim().chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('k') => 10,
        Some('m') => 20,
        Some('g') => 30,
        Some('t') => 40,
        _ => 0,
    };
    let fraction = number
        .split_once('.')
        .map_or("", |(_, fraction)| fraction.trim_end_matches('0'));
    // fraction / 10^digits * 2^shift is whole when 10^digits divides fraction * 2^shift
    let whole = fraction.is_empty()
        || u32::try_from(fraction.len())
            .ok()
            .and_then(|digits| 10u128.checked_pow(digits))
            .zip(fraction.parse::<u128>().ok())
            .and_then(|(power, fraction)| Some((fraction.checked_mul(1u128 << shift)?, power)))
            .is_some_and(|(scaled, power)| scaled % power == 0);
    if whole {
        Ok(bytes)
    } else {
        Err(format!(
            "{trimmed:?} is not a whole number of bytes: give bytes (at least 1), or a number with K, M or G that makes whole bytes"
        ))
    }
}

/// `--notes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NotesArg {
    /// After each report, under "Notes".
    Report,
    /// All together at the end of the book, with a heading per report.
    Book,
    /// At the foot of the page that cites them.
    Page,
}

/// What `folio check` takes.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The input files, one publication in the order given; or one manifest
    /// (folio.toml) that names them.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub publication: PublicationArgs,
}

/// How the inputs make a publication.
#[derive(Debug, Args)]
pub struct PublicationArgs {
    /// The publication's title (default: the manifest's or front matter's title, else
    /// the file name made readable).
    #[arg(long, value_name = "TEXT", value_parser = parse_title)]
    pub title: Option<String>,
    /// How endnotes are numbered. Default: the manifest's `numbering`, else report.
    #[arg(long, value_enum)]
    pub numbering: Option<NumberingArg>,
    /// Where a note cited only inside one table goes: at the table's foot, lettered a, b,
    /// c afresh in each table, or with the endnotes, numbered with them. Default: the
    /// manifest's `table-notes`, else foot.
    #[arg(long, value_enum)]
    pub table_notes: Option<TableNotesArg>,
    /// The largest input file read, in bytes or with K, M or G (a manifest and each
    /// source it names count apart); a larger one is an error.
    #[arg(long, value_parser = parse_max_input_size, default_value = "64M", value_name = "SIZE")]
    pub max_input_size: u64,
    /// How deep quotes, lists, emphasis, strong and links may nest, counted together
    /// (at most 256): Markdown nested deeper is kept at this depth with a warning, model
    /// JSON or folio XML nested deeper is an error.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256), default_value = "32", value_name = "N")]
    pub max_nesting: u16,
    /// Keep quotes, dashes and dots as typed: no curly quotes, no `--` made a dash, no
    /// `...` made an ellipsis (in web-report text and Markdown). Default: the manifest's
    /// `smart`, else smart punctuation.
    #[arg(long)]
    pub no_smart: bool,
}

/// An edition `folio export` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, ValueEnum)]
pub enum Format {
    /// The PDF print edition (`NAME.pdf`).
    Pdf,
    /// The EPUB 3 e-book (`NAME.epub`).
    Epub,
    /// The model JSON (`NAME.json`).
    Json,
    /// folio XML, which reads back into the same model (`NAME.xml`).
    Xml,
    /// DocBook 5 (`NAME.docbook.xml`).
    Docbook,
    /// JATS 1.3, or BITS for several reports (`NAME.jats.xml`).
    Jats,
    /// The web edition: a static site in the folder `NAME/` (with `--html-single`, one
    /// file, `NAME.html`).
    Html,
}

/// `--numbering`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NumberingArg {
    /// Each report's notes from 1.
    Report,
    /// One sequence through the publication.
    Continuous,
}

/// `--table-notes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableNotesArg {
    /// At the foot of the table, lettered a, b, c.
    Foot,
    /// With the report's endnotes, numbered with them.
    Endnotes,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_size_range_named_is_the_one_the_parser_keeps() {
        let (least, most) = PAGE_SIDE_POINTS;
        let size = |w: f32, h: f32| page_size(&format!("{w}x{h}pt"));
        assert!(size(least, least).is_ok());
        assert!(size(most, most).is_ok());
        for (w, h) in [
            (least - 0.5, least),
            (least, most + 0.5),
            (most + 0.5, 400.0),
        ] {
            let error = size(w, h).expect_err("out of range");
            assert!(
                error.contains("from 50.8 mm (2 in) to 705.6 mm (2000 pt)"),
                "{error}"
            );
        }
        // a size that does not read is not called out of range
        let error = page_size("huge").expect_err("no size");
        assert!(error.contains("use a4, letter, 6x9"), "{error}");
    }

    #[test]
    fn input_sizes_are_whole_bytes() {
        assert_eq!(parse_max_input_size("64M"), Ok(64 << 20));
        assert_eq!(parse_max_input_size("1.5K"), Ok(1536));
        assert_eq!(parse_max_input_size("0.5K"), Ok(512));
        assert_eq!(parse_max_input_size("1.50G"), Ok(3 << 29));
        assert_eq!(parse_max_input_size(" 7 "), Ok(7));
        for refused in ["0.5", "1.5", "1.1K", "0.0001K", "0", "-1", "0.4"] {
            assert!(parse_max_input_size(refused).is_err(), "{refused}");
        }
        assert!(
            parse_max_input_size("0.5")
                .unwrap_err()
                .contains("not a whole number of bytes")
        );
    }

    #[test]
    fn a_title_has_words() {
        assert_eq!(parse_title(" T "), Ok(" T ".to_owned()));
        for empty in ["", " ", "\t\n"] {
            assert!(
                parse_title(empty)
                    .unwrap_err()
                    .contains("the title is empty")
            );
        }
    }
}
