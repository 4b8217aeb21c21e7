//! The images of figures: the size each is set at, and drawing it with krilla, each image
//! decoded and embedded once however often it is shown.
//!
//! A raster (PNG, JPEG, GIF) becomes one krilla `Image`, decoded once (krilla decodes it
//! on a rayon thread and writes it as one image XObject, however often it is drawn). An
//! SVG is parsed once with usvg and drawn once with krilla-svg into a form XObject (a
//! krilla `Graphic`), which every use draws scaled: it stays vector. Both are kept by
//! [`Image::key`] for the whole document, so memory grows with the images, not with how
//! often they are shown.

use std::sync::Arc;

use folio_model::{Image, MediaType};
use krilla::geom::{Size, Transform};
use krilla::graphic::Graphic;
use krilla::surface::Surface;
use rustc_hash::FxHashMap;

use crate::PdfError;

/// Points per pixel at 96 pixels to the inch (a CSS pixel): an image's natural size.
pub(crate) const POINTS_PER_PIXEL: f32 = 0.75;

/// The least room an image is fitted into, in points, so that a page or a column with no
/// room left still sets it (tiny) rather than at no size.
const LEAST_ROOM: f32 = 1.0;

/// An image set on a line of its own (a figure's), from the line's left edge and top,
/// `width` by `height` points.
#[derive(Clone, Debug)]
pub(crate) struct LineImage {
    pub image: Image,
    pub width: f32,
    pub height: f32,
}

/// The size of `image` at 96 dpi, in points (a side of no pixels counts as one).
pub(crate) fn natural_size(image: &Image) -> (f32, f32) {
    (
        image.width.max(1) as f32 * POINTS_PER_PIXEL,
        image.height.max(1) as f32 * POINTS_PER_PIXEL,
    )
}

/// The size to set `image` at, in points, in `width` by `height` (each at least a
/// point): its size at 96 dpi, scaled down to fit, never up, keeping its aspect ratio.
/// A raster shown larger would blur; an SVG takes its size in CSS pixels the same way.
pub(crate) fn fit(image: &Image, width: f32, height: f32) -> (f32, f32) {
    let (w, h) = natural_size(image);
    let room = |r: f32| {
        if r.is_nan() {
            LEAST_ROOM
        } else {
            r.max(LEAST_ROOM)
        }
    };
    let scale = 1.0f32.min(room(width) / w).min(room(height) / h);
    (w * scale, h * scale)
}

/// A figure's image as the PDF holds it.
enum Drawable {
    /// A raster, decoded once.
    Raster(krilla::image::Image),
    /// An SVG drawn once, as paths, into a form, `size` points at scale 1.
    Vector { graphic: Graphic, size: (f32, f32) },
}

/// The images drawn so far in a document, by [`Image::key`].
#[derive(Default)]
pub(crate) struct Images {
    drawn: FxHashMap<String, Drawable>,
    /// What SVGs are parsed with: the shipped fonts for their text, no file read.
    svg_options: Option<usvg::Options<'static>>,
}

impl Images {
    /// The error to give for `error`, when it is one of these images that krilla could
    /// not write (its bytes decode no further than their header, or its depth is more
    /// than the PDF's version takes), naming the image.
    pub fn failed(&self, error: &krilla::error::KrillaError) -> Option<PdfError> {
        use krilla::error::KrillaError;
        let (image, reason) = match error {
            KrillaError::Image(image, _, reason) => (image, reason.clone()),
            KrillaError::SixteenBitImage(image, _) => (
                image,
                "16 bits per channel need a later PDF version than the one asked for".into(),
            ),
            _ => return None,
        };
        let src = self
            .drawn
            .iter()
            .find_map(|(src, drawable)| match drawable {
                Drawable::Raster(raster) if raster == image => Some(src.clone()),
                _ => None,
            })?;
        Some(PdfError::Image { src, reason })
    }

    /// Reads `image` for the PDF, the first time it is shown: an image whose bytes
    /// cannot be read is an error naming it.
    pub fn load_once(&mut self, surface: &mut Surface<'_>, image: &Image) -> Result<(), PdfError> {
        let key = image.key();
        if !self.drawn.contains_key(key) {
            let drawable = self.load(surface, image)?;
            self.drawn.insert(key.to_owned(), drawable);
        }
        Ok(())
    }

    /// Draws `image`, read with [`Images::load_once`], with its top left at `x`, `y`
    /// (page coordinates, y down).
    pub fn draw(&self, surface: &mut Surface<'_>, image: &LineImage, (x, y): (f32, f32)) {
        let Some(drawable) = self.drawn.get(image.image.key()) else {
            return;
        };
        match drawable {
            Drawable::Raster(raster) => {
                let Some(size) = Size::from_wh(image.width, image.height) else {
                    return;
                };
                surface.push_transform(&Transform::from_translate(x, y));
                surface.draw_image(raster.clone(), size);
                surface.pop();
            }
            Drawable::Vector { graphic, size } => {
                let (sx, sy) = (image.width / size.0, image.height / size.1);
                if !(sx.is_finite() && sy.is_finite() && sx > 0.0 && sy > 0.0) {
                    return;
                }
                surface.push_transform(&Transform::from_row(sx, 0.0, 0.0, sy, x, y));
                surface.draw_graphic(graphic.clone());
                surface.pop();
            }
        }
    }

    /// Reads `image` for the PDF: a raster's header (krilla decodes the rest on another
    /// thread), or an SVG parsed and drawn into a form.
    fn load(&mut self, surface: &mut Surface<'_>, image: &Image) -> Result<Drawable, PdfError> {
        let fail = |reason: String| PdfError::Image {
            src: image.src.clone(),
            reason,
        };
        let data = || {
            let bytes: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(Bytes(image.data.0.clone()));
            krilla::Data::from(bytes)
        };
        let raster = match image.media_type {
            MediaType::Png => krilla::image::Image::from_png(data(), false),
            MediaType::Jpeg => krilla::image::Image::from_jpeg(data(), false),
            MediaType::Gif => krilla::image::Image::from_gif(data(), false),
            MediaType::Svg => return self.load_svg(surface, image).map_err(fail),
            _ => Err(format!(
                "{} images are not supported",
                image.media_type.as_str()
            )),
        };
        raster.map(Drawable::Raster).map_err(fail)
    }

    fn load_svg(&mut self, surface: &mut Surface<'_>, image: &Image) -> Result<Drawable, String> {
        let options = self.svg_options.get_or_insert_with(svg_options);
        let tree = usvg::Tree::from_data(image.bytes(), options).map_err(|e| e.to_string())?;
        let size = (tree.size().width(), tree.size().height());
        let mut builder = surface.stream_builder();
        let mut form = builder.surface();
        let drawn = Size::from_wh(size.0, size.1).and_then(|at| {
            let settings = krilla_svg::SvgSettings {
                // text as outlines: the figure is read by its alt text, and no second copy
                // of a font goes into the PDF for it
                embed_text: false,
                ..krilla_svg::SvgSettings::default()
            };
            krilla_svg::SurfaceExt::draw_svg(&mut form, &tree, at, settings)
        });
        form.finish();
        let stream = builder.finish();
        drawn.ok_or_else(|| "the SVG has no size".to_owned())?;
        Ok(Drawable::Vector {
            graphic: Graphic::new(stream, false),
            size,
        })
    }
}

/// The options SVGs are parsed with: text in the shipped family (never a system font, so
/// the same SVG gives the same PDF everywhere), and no file or address an `<image>` names
/// is read (only images inside the SVG, as `data:` URLs).
fn svg_options() -> usvg::Options<'static> {
    let mut options = usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let family = folio_fonts::face(folio_fonts::Style::Regular).family;
    options.font_family = family.to_owned();
    let fonts = options.fontdb_mut();
    for face in folio_fonts::faces() {
        fonts.load_font_source(usvg::fontdb::Source::Binary(Arc::new(face.data)));
    }
    fonts.set_serif_family(family);
    fonts.set_sans_serif_family(family);
    fonts.set_monospace_family(family);
    fonts.set_cursive_family(family);
    fonts.set_fantasy_family(family);
    options
}

/// An image's shared bytes, as krilla takes data.
struct Bytes(Arc<[u8]>);

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(width: u32, height: u32) -> Image {
        Image::new("a.png", MediaType::Png, (width, height), Vec::new())
    }

    #[test]
    fn an_image_is_scaled_down_to_fit_never_up() {
        // 2400 x 900 px is 1800 x 675 pt at 96 dpi: scaled to a 450 pt measure
        let (w, h) = fit(&image(2400, 900), 450.0, 700.0);
        assert!(
            (w - 450.0).abs() < 0.01 && (h - 168.75).abs() < 0.01,
            "{w} x {h}"
        );
        // a small image keeps its size at 96 dpi however much room there is
        assert_eq!(fit(&image(96, 48), 450.0, 700.0), (72.0, 36.0));
        // too tall for the room: the height decides, the aspect ratio is kept
        let (w, h) = fit(&image(400, 2000), 450.0, 300.0);
        assert!(
            (h - 300.0).abs() < 0.01 && (w - 60.0).abs() < 0.01,
            "{w} x {h}"
        );
    }

    #[test]
    fn any_size_and_any_room_give_a_size_to_draw() {
        for (iw, ih) in [(1, 1), (0, 0), (20_000, 10), (10, 20_000), (u32::MAX, 1)] {
            for (rw, rh) in [(450.0, 700.0), (0.0, 0.0), (-5.0, f32::NAN), (1e9, 1e9)] {
                let (w, h) = fit(&image(iw, ih), rw, rh);
                assert!(w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite());
                assert!(w <= rw.max(LEAST_ROOM) + 0.001);
            }
        }
    }
}
