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
        default_value = "pdf,epub,xml,docbook,jats,json",
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
    /// Leave the shipped fonts out of the EPUB; reading systems then use their own.
    #[arg(long)]
    pub no_embed_fonts: bool,
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
    text.parse()
        .map_err(|e: folio::pdf::PageSizeError| e.to_string())
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
    #[arg(long, value_name = "TEXT")]
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
    #[arg(long, value_parser = folio::import::parse_byte_size, default_value = "64M", value_name = "SIZE")]
    pub max_input_size: u64,
    /// How deep quotes, lists, emphasis, strong and links may nest, counted together
    /// (at most 256): Markdown nested deeper is kept at this depth with a warning, model
    /// JSON or folio XML nested deeper is an error.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256), default_value = "32", value_name = "N")]
    pub max_nesting: u16,
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
