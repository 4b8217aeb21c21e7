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
    /// The input files, one publication in the order given.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The editions to write, separated by commas.
    #[arg(
        long = "to",
        value_delimiter = ',',
        default_value = "json",
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
    #[command(flatten)]
    pub publication: PublicationArgs,
    /// Where the notes go: after each report, all at the end of the book, or at the foot
    /// of the page (print; an e-book sets them after each report).
    #[arg(long, value_enum, default_value_t = NotesArg::Report)]
    pub notes: NotesArg,
    /// Leave the shipped fonts out of the EPUB; reading systems then use their own.
    #[arg(long)]
    pub no_embed_fonts: bool,
}

/// What `folio check` takes.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The input files, one publication in the order given.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub publication: PublicationArgs,
}

/// How the inputs make a publication.
#[derive(Debug, Args)]
pub struct PublicationArgs {
    /// The publication's title (default: the file name made readable).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// How endnotes are numbered.
    #[arg(long, value_enum, default_value_t = NumberingArg::Report)]
    pub numbering: NumberingArg,
}

/// An edition `folio export` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, ValueEnum)]
pub enum Format {
    /// The model JSON (`NAME.json`).
    Json,
    /// The EPUB 3 e-book (`NAME.epub`).
    Epub,
}

/// `--notes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NotesArg {
    /// After each report.
    Report,
    /// All at the end of the book, under a heading per report.
    Book,
    /// At the foot of the page that cites them (print).
    Page,
}

/// `--numbering`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NumberingArg {
    /// Each report's notes from 1.
    Report,
    /// One sequence through the publication.
    Continuous,
}
