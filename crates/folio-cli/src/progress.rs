//! A progress bar for long exports, on a terminal only: one step per edition.

use indicatif::{ProgressBar, ProgressStyle};

use crate::args::Format;

/// Publications with at least this many reports are long work.
pub const LONG_WORK_REPORTS: usize = 5;

/// The bar, or nothing when output is not a terminal or the work is short.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar of `steps` editions when `show` is true.
    pub fn new(show: bool, steps: usize) -> Self {
        if !show {
            return Progress(None);
        }
        let bar = ProgressBar::new(steps as u64);
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} {msg:<28} [{bar:24}] {pos}/{len} editions {elapsed}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Progress(Some(bar))
    }

    /// Says which edition is being made.
    pub fn start(&self, format: Format) {
        if let Some(bar) = &self.0 {
            bar.set_message(match format {
                Format::Pdf => "typesetting the PDF",
                Format::Epub => "writing the EPUB",
                Format::Json => "writing the model JSON",
                Format::Xml => "writing folio XML",
                Format::Docbook => "writing DocBook",
                Format::Jats => "writing JATS",
                Format::Html => "writing the web edition",
            });
        }
    }

    /// One edition done.
    pub fn done(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// Clears the bar before the list of files written.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
