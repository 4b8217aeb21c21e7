//! Page sizes and margins, in PostScript points (1/72 in).

use std::fmt;
use std::str::FromStr;

const MM: f32 = 72.0 / 25.4;
const INCH: f32 = 72.0;

/// The size of a page: a named paper size or any width and height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageSize {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
}

impl PageSize {
    /// ISO A4, 210 × 297 mm (the default).
    pub const A4: PageSize = PageSize {
        width: 210.0 * MM,
        height: 297.0 * MM,
    };
    /// US Letter, 8.5 × 11 in.
    pub const LETTER: PageSize = PageSize {
        width: 8.5 * INCH,
        height: 11.0 * INCH,
    };
    /// The US trade book size, 6 × 9 in.
    pub const TRADE_6X9: PageSize = PageSize {
        width: 6.0 * INCH,
        height: 9.0 * INCH,
    };

    /// The longest side of a page PDF readers take, in points: 200 in (ISO 32000-1,
    /// annex C); the shortest is 3 points.
    const MAX_SIDE: f32 = 14_400.0;

    /// Whether a PDF can have pages of this size: both sides numbers from 3 points to
    /// 14,400 (200 in).
    pub(crate) fn fits_pdf(&self) -> bool {
        let fits = |side: f32| (3.0..=Self::MAX_SIDE).contains(&side);
        fits(self.width) && fits(self.height)
    }

    /// The margins that suit this size: about a ninth of the width at the sides, a little
    /// more at the foot, scaled down for small pages.
    pub fn default_margins(&self) -> Margins {
        let side = (self.width / 8.4).clamp(36.0, 72.0);
        let top = (self.height / 11.0).clamp(40.0, 76.0);
        Margins {
            top,
            bottom: top * 1.1,
            inner: side,
            outer: side,
        }
    }
}

impl Default for PageSize {
    fn default() -> Self {
        PageSize::A4
    }
}

/// Why a page size could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid page size {0:?}: use a4, letter, 6x9, or WIDTHxHEIGHT with mm or in (210x297mm, 5.5x8.5in)"
)]
pub struct PageSizeError(pub String);

/// `a4`, `letter`, `6x9` (inches), or `WxH` with a unit: `210x297mm`, `5.5x8.5in`.
impl FromStr for PageSize {
    type Err = PageSizeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || PageSizeError(s.to_owned());
        let lower = s.trim().to_ascii_lowercase();
        match lower.as_str() {
            "a4" => return Ok(PageSize::A4),
            "letter" | "us-letter" => return Ok(PageSize::LETTER),
            "6x9" | "6x9in" => return Ok(PageSize::TRADE_6X9),
            _ => {}
        }
        let (numbers, unit) = if let Some(n) = lower.strip_suffix("mm") {
            (n, MM)
        } else if let Some(n) = lower.strip_suffix("in") {
            (n, INCH)
        } else if let Some(n) = lower.strip_suffix("pt") {
            (n, 1.0)
        } else {
            return Err(error());
        };
        let (w, h) = numbers.split_once('x').ok_or_else(error)?;
        let w: f32 = w.trim().parse().map_err(|_| error())?;
        let h: f32 = h.trim().parse().map_err(|_| error())?;
        let size = PageSize {
            width: w * unit,
            height: h * unit,
        };
        // From a playing card (about 2.5 x 3.5 in) to a broadsheet newspaper.
        let sane = |v: f32| v.is_finite() && (144.0..=2000.0).contains(&v);
        if sane(size.width) && sane(size.height) {
            Ok(size)
        } else {
            Err(error())
        }
    }
}

impl fmt::Display for PageSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.0}x{:.0}mm", self.width / MM, self.height / MM)
    }
}

/// The white space around the text block, in points. Inner is the binding side.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Margins {
    /// Above the running head's line.
    pub top: f32,
    /// Below the last line, above the page edge (the folio sits in it).
    pub bottom: f32,
    /// The binding side: left on recto (odd) pages, right on verso.
    pub inner: f32,
    /// The outer side.
    pub outer: f32,
}

/// A rectangle: x and y from the top left of the page, in points.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl Rect {
    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        let right = (self.x + self.width).max(other.x + other.width);
        let bottom = (self.y + self.height).max(other.y + other.height);
        Rect {
            x,
            y,
            width: right - x,
            height: bottom - y,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_and_measured_sizes_parse() {
        assert_eq!("A4".parse::<PageSize>().unwrap(), PageSize::A4);
        assert_eq!("letter".parse::<PageSize>().unwrap().width, 612.0);
        assert_eq!("6x9".parse::<PageSize>().unwrap().height, 648.0);
        let custom: PageSize = "5.5x8.5in".parse().unwrap();
        assert_eq!((custom.width, custom.height), (396.0, 612.0));
        let mm: PageSize = "210x297mm".parse().unwrap();
        assert!((mm.width - PageSize::A4.width).abs() < 0.01);
    }

    #[test]
    fn nonsense_sizes_are_refused() {
        for bad in [
            "",
            "a5x",
            "0x0mm",
            "10x10mm",
            "abcxdefmm",
            "1e9x1e9in",
            "NaNxNaNmm",
        ] {
            assert!(bad.parse::<PageSize>().is_err(), "{bad}");
        }
    }

    #[test]
    fn pages_no_pdf_can_hold_are_refused_before_typesetting() {
        use folio_model::{Publication, ReportBuilder, ResolveOptions, SourceMap, resolve};
        let report = ReportBuilder::new("R")
            .paragraph(|p| p.text("Text."))
            .build();
        let publication = Publication::new(folio_model::Meta::titled("P"), vec![report]);
        let resolved = resolve(
            &publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        // a page 1e9 points wide (found by the `export` fuzz target) was typeset first,
        // and the contents' dot leaders across it took minutes and gigabytes
        for (width, height) in [
            (20_000.0, 842.0),
            (595.0, 1e9),
            (1e9, 1e9),
            (2.0, 842.0),
            (0.0, 0.0),
            (-595.0, 842.0),
            (f32::NAN, 842.0),
            (595.0, f32::INFINITY),
        ] {
            let options = crate::PdfOptions {
                page_size: PageSize { width, height },
                ..Default::default()
            };
            let pdf = crate::export_pdf(&resolved, &options);
            assert!(
                matches!(pdf, Err(crate::PdfError::PageSize)),
                "{width} x {height}: {:?}",
                pdf.map(|pdf| pdf.page_count)
            );
        }
        for size in [PageSize::A4, PageSize::LETTER, PageSize::TRADE_6X9] {
            assert!(size.fits_pdf());
        }
    }
}
