//! Images: the files figures show, read once per publication and checked.
//!
//! An image is named by a path relative to the folder of the file that names it (a
//! Markdown file, model JSON, folio XML), as a manifest names its sources: never
//! absolute, no `..`, no symbolic link leading out of that folder, only a regular file,
//! and no larger than the limit of input files. Its media type comes from its bytes
//! (the extension is only checked against them), and it must decode whole: a PNG's
//! every row, a JPEG's and a GIF's first frame's pixels, an SVG's document (parsed by
//! usvg, which gives its size in CSS pixels). The same file named twice, however it is
//! named, is read once: [`ImageReader`] keeps every image it read by its canonical
//! path, so both figures hold the same bytes ([`folio_model::ImageData::is_shared_with`]).

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use folio_model::{Image, MediaType};

/// The most pixels a raster image may have: 64 megapixels (as 8,192 × 8,192), which a
/// PDF edition decodes into 256 MiB. A larger image, or one whose header says so, is
/// refused before its pixels are decoded.
pub const MAX_IMAGE_PIXELS: u64 = 1 << 26;

/// Why an image cannot be used. The messages are lowercase and name no file: the
/// diagnostic that carries one says where the image is named.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImageError {
    /// The path is not one folio reads images from (absolute, `..`, an address).
    #[error("{0}")]
    Path(String),
    /// The file is missing, not a regular file, or cannot be read.
    #[error("{0}")]
    File(String),
    /// The file is larger than the limit of input files.
    #[error("the image is larger than the {limit} folio reads{size}")]
    TooLarge {
        /// The limit, as `64 MiB`.
        limit: String,
        /// ` (100 MiB)`, or nothing when the size was not known beforehand.
        size: String,
    },
    /// The bytes are no image folio takes.
    #[error("{0}")]
    NotAnImage(String),
    /// The bytes begin as an image of a kind folio takes but do not decode.
    #[error("{kind} image does not decode: {reason}")]
    Damaged {
        /// `the PNG`, `the JPEG`...
        kind: &'static str,
        /// What the decoder said, lowercase.
        reason: String,
    },
    /// A raster image with more pixels than [`MAX_IMAGE_PIXELS`].
    #[error(
        "the image is {width} × {height} pixels; folio takes images of at most 64 megapixels (as 8192 × 8192)"
    )]
    TooManyPixels {
        /// Its width in pixels.
        width: u64,
        /// Its height in pixels.
        height: u64,
    },
}

/// An image checked from its bytes: its media type and size in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageFacts {
    /// What kind of image it is.
    pub media_type: MediaType,
    /// Its width in pixels (for SVG, in CSS pixels, 96 per inch).
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
}

/// Checks that `bytes` are an image folio takes (PNG, JPEG, GIF or SVG, told from the
/// bytes) that decodes whole, and gives its media type and size. No file is read: an
/// SVG that refers to other files is parsed without them.
pub fn check_image(bytes: &[u8]) -> Result<ImageFacts, ImageError> {
    match imagesize::image_type(bytes) {
        Ok(imagesize::ImageType::Png) => check_png(bytes),
        Ok(imagesize::ImageType::Jpeg) => check_jpeg(bytes),
        Ok(imagesize::ImageType::Gif) => check_gif(bytes),
        Ok(other) => Err(ImageError::NotAnImage(format!(
            "the file is {} image; folio takes PNG, JPEG, GIF and SVG images",
            kind_name(&other)
        ))),
        Err(_) if looks_like_xml(bytes) => check_svg(bytes),
        Err(_) => Err(ImageError::NotAnImage(
            "the file is not an image: folio takes PNG, JPEG, GIF and SVG images".to_owned(),
        )),
    }
}

/// `a WebP`, `a BMP`... for the message about an image of a kind folio does not take.
fn kind_name(kind: &imagesize::ImageType) -> String {
    let name = match kind {
        imagesize::ImageType::Webp => "WebP".to_owned(),
        imagesize::ImageType::Heif(_) => "HEIF".to_owned(),
        imagesize::ImageType::Jxl => "JPEG XL".to_owned(),
        other => format!("{other:?}").to_ascii_uppercase(),
    };
    let article = if name.starts_with(['A', 'E', 'H', 'I', 'O', 'U']) && name != "HEIF" {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// Whether `bytes` start, after a byte-order mark and white space, with `<`: text that
/// may be an SVG document (a compressed SVGZ does not).
fn looks_like_xml(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<')
}

fn pixels(width: u64, height: u64) -> Result<(u32, u32), ImageError> {
    if width == 0 || height == 0 {
        return Err(ImageError::NotAnImage(format!(
            "the image is {width} × {height} pixels: it shows nothing"
        )));
    }
    if width.saturating_mul(height) > MAX_IMAGE_PIXELS {
        return Err(ImageError::TooManyPixels { width, height });
    }
    // both at most 2^26 here
    Ok((
        u32::try_from(width).unwrap_or(u32::MAX),
        u32::try_from(height).unwrap_or(u32::MAX),
    ))
}

fn damaged(kind: &'static str, reason: impl std::fmt::Display) -> ImageError {
    ImageError::Damaged {
        kind,
        reason: reason.to_string().to_lowercase(),
    }
}

/// A PNG: its header, then every row decoded, one at a time (so that memory stays that
/// of a row).
fn check_png(bytes: &[u8]) -> Result<ImageFacts, ImageError> {
    const KIND: &str = "the PNG";
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().map_err(|e| damaged(KIND, e))?;
    let (width, height) = {
        let info = reader.info();
        (u64::from(info.width), u64::from(info.height))
    };
    let (width, height) = pixels(width, height)?;
    while reader.next_row().map_err(|e| damaged(KIND, e))?.is_some() {}
    Ok(ImageFacts {
        media_type: MediaType::Png,
        width,
        height,
    })
}

/// A JPEG: its header, then its pixels decoded.
fn check_jpeg(bytes: &[u8]) -> Result<ImageFacts, ImageError> {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    const KIND: &str = "the JPEG";
    let mut decoder = zune_jpeg::JpegDecoder::new(ZCursor::new(bytes));
    decoder.decode_headers().map_err(|e| damaged(KIND, e))?;
    let (width, height) = decoder
        .dimensions()
        .ok_or_else(|| damaged(KIND, "its size cannot be read"))?;
    let (width, height) = pixels(width as u64, height as u64)?;
    decoder.decode().map_err(|e| damaged(KIND, e))?;
    Ok(ImageFacts {
        media_type: MediaType::Jpeg,
        width,
        height,
    })
}

/// A GIF: its header, then its first frame decoded (the one the editions show).
fn check_gif(bytes: &[u8]) -> Result<ImageFacts, ImageError> {
    const KIND: &str = "the GIF";
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    options.set_memory_limit(gif::MemoryLimit::Bytes(
        std::num::NonZeroU64::new(MAX_IMAGE_PIXELS).unwrap_or(std::num::NonZeroU64::MIN),
    ));
    let mut decoder = options.read_info(bytes).map_err(|e| damaged(KIND, e))?;
    let (width, height) = pixels(u64::from(decoder.width()), u64::from(decoder.height()))?;
    decoder
        .read_next_frame()
        .map_err(|e| damaged(KIND, e))?
        .ok_or_else(|| damaged(KIND, "it holds no frame"))?;
    Ok(ImageFacts {
        media_type: MediaType::Gif,
        width,
        height,
    })
}

/// An SVG document, parsed by usvg without reading any file it refers to; its size is
/// its `width` and `height` in CSS pixels (from its `viewBox` when it gives none).
fn check_svg(bytes: &[u8]) -> Result<ImageFacts, ImageError> {
    const KIND: &str = "the SVG";
    let text = std::str::from_utf8(bytes).map_err(|_| damaged(KIND, "it is not UTF-8 text"))?;
    let mut options = usvg::Options::default();
    // an <image> that names a file or an address is left out, never read: only images
    // inside the document (data: URLs) are taken
    options.image_href_resolver.resolve_string = Box::new(|_, _| None);
    let tree = usvg::Tree::from_str(text, &options).map_err(|e| damaged(KIND, e))?;
    let size = tree.size();
    let css_pixels = |value: f32| {
        // a size usvg gave is finite and positive; at most a million pixels is kept
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let rounded = value.round().clamp(1.0, 1.0e6) as u32;
        rounded
    };
    Ok(ImageFacts {
        media_type: MediaType::Svg,
        width: css_pixels(size.width()),
        height: css_pixels(size.height()),
    })
}

/// Reads and checks images for one publication, each file once: the same file named
/// again (by another figure, another input, another path) gives the image read the
/// first time, with the same bytes in memory. Shared by the threads that read the
/// inputs.
#[derive(Debug, Default)]
pub(crate) struct ImageReader {
    /// Every file read, by canonical path: the image (its src as first named) or why
    /// it cannot be used.
    read: Mutex<HashMap<PathBuf, Result<Image, ImageError>>>,
}

/// An image named by a source, read and checked.
#[derive(Debug)]
pub(crate) struct ReadImage {
    /// The image, its `src` the path as the source names it (tidied: `./` left out).
    pub(crate) image: Image,
    /// The file's canonical path.
    pub(crate) file: PathBuf,
    /// A warning about it (an extension that names another kind).
    pub(crate) warning: Option<String>,
}

impl ImageReader {
    /// Reads the image `written` names, relative to `folder` (the folder of the file
    /// that names it), of at most `max_size` bytes.
    pub(crate) fn read(
        &self,
        folder: &Path,
        written: &str,
        max_size: u64,
    ) -> Result<ReadImage, ImageError> {
        let src = tidy_path(written)?;
        let path = folder.join(&src);
        let canonical = path.canonicalize().map_err(|error| {
            ImageError::File(if error.kind() == std::io::ErrorKind::NotFound {
                format!("there is no such file ({})", path.display())
            } else {
                format!("the file cannot be read ({}): {error}", path.display())
            })
        })?;
        let canonical_folder = folder.canonicalize().map_err(|error| {
            ImageError::File(format!(
                "the folder {} cannot be read: {error}",
                folder.display()
            ))
        })?;
        if !canonical.starts_with(&canonical_folder) {
            return Err(ImageError::Path(format!(
                "the path leads outside the folder of the file that names it ({}) through a symbolic link",
                folder.display()
            )));
        }
        let cached = self
            .read
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&canonical)
            .cloned();
        let image = match cached {
            Some(image) => image,
            None => {
                // read outside the lock, so that other threads go on; should two read
                // the same file at once, the first to finish is the one kept
                let image = read_file(&canonical, &src, max_size);
                self.read
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .entry(canonical.clone())
                    .or_insert(image)
                    .clone()
            }
        }?;
        let mut image = image;
        let warning = extension_warning(&src, image.media_type);
        image.src = src;
        Ok(ReadImage {
            image,
            file: canonical,
            warning,
        })
    }
}

/// The path `written` names, checked to stay inside the folder it is relative to and
/// tidied: `/` between its parts, `.` parts left out.
fn tidy_path(written: &str) -> Result<String, ImageError> {
    if written.trim().is_empty() {
        return Err(ImageError::Path("the image names no file".to_owned()));
    }
    if has_scheme(written) {
        return Err(ImageError::Path(
            "folio reads images from files beside the file that names them, not from addresses"
                .to_owned(),
        ));
    }
    let mut parts = Vec::new();
    for component in Path::new(written).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => {
                return Err(ImageError::Path(
                    "the path is absolute; name images relative to the file that names them, inside its folder"
                        .to_owned(),
                ));
            }
            Component::ParentDir => {
                return Err(ImageError::Path(
                    "the path leads outside the folder of the file that names it; name images inside it, relative to it"
                        .to_owned(),
                ));
            }
        }
    }
    if parts.is_empty() {
        return Err(ImageError::Path("the image names no file".to_owned()));
    }
    Ok(parts.join("/"))
}

/// Whether `text` starts with a URL scheme (`http:`, `data:`, `file:`): letters, then
/// letters, digits, `+`, `-` or `.`, then `:`, before any `/`.
fn has_scheme(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Reads and checks the file at `path` (canonical): a regular file, of at most
/// `max_size` bytes, that is an image folio takes.
fn read_file(path: &Path, src: &str, max_size: u64) -> Result<Image, ImageError> {
    let unreadable =
        |error: std::io::Error| ImageError::File(format!("the file cannot be read: {error}"));
    // asked before opening, which would wait for a writer on a named pipe, and again of
    // the file opened
    let regular = |metadata: std::fs::Metadata| {
        if metadata.is_file() {
            Ok(metadata.len())
        } else {
            Err(ImageError::File(format!(
                "it is {}, not a file",
                crate::file_kind(&metadata)
            )))
        }
    };
    regular(std::fs::metadata(path).map_err(unreadable)?)?;
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let size = regular(file.metadata().map_err(unreadable)?)?;
    let Some(bytes) = crate::read_at_most(file, size, max_size).map_err(unreadable)? else {
        return Err(ImageError::TooLarge {
            limit: crate::byte_size(max_size),
            size: if size > max_size {
                format!(" ({})", crate::byte_size(size))
            } else {
                String::new()
            },
        });
    };
    let facts = check_image(&bytes)?;
    Ok(Image::new(
        src,
        facts.media_type,
        (facts.width, facts.height),
        bytes,
    ))
}

/// A warning when the file name's extension names another kind of image than its bytes.
fn extension_warning(src: &str, media_type: MediaType) -> Option<String> {
    let extension = Path::new(src)
        .extension()?
        .to_string_lossy()
        .to_ascii_lowercase();
    let named = match extension.as_str() {
        "png" => MediaType::Png,
        "jpg" | "jpeg" => MediaType::Jpeg,
        "gif" => MediaType::Gif,
        "svg" => MediaType::Svg,
        _ => return None,
    };
    (named != media_type).then(|| {
        format!(
            "the image {src:?} is {}, though its name says {}; the editions take it for what it is",
            media_name(media_type),
            media_name(named)
        )
    })
}

fn media_name(media_type: MediaType) -> &'static str {
    match media_type {
        MediaType::Png => "a PNG",
        MediaType::Jpeg => "a JPEG",
        MediaType::Gif => "a GIF",
        _ => "an SVG",
    }
}

/// The shared bytes of `image`, for telling images apart by the memory they are in.
pub(crate) fn data_key(image: &Image) -> usize {
    Arc::as_ptr(&image.data.0).cast::<u8>() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/figures");

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(Path::new(FIXTURES).join(name)).unwrap()
    }

    #[test]
    fn each_kind_is_told_from_its_bytes_and_measured() {
        let facts = |name| check_image(&fixture(name)).unwrap();
        assert_eq!(
            facts("casualties-wide.png"),
            ImageFacts {
                media_type: MediaType::Png,
                width: 2400,
                height: 900
            }
        );
        assert_eq!(facts("minefield.jpg").media_type, MediaType::Jpeg);
        assert_eq!(
            (facts("minefield.jpg").width, facts("minefield.jpg").height),
            (800, 533)
        );
        assert_eq!(
            facts("marker.gif"),
            ImageFacts {
                media_type: MediaType::Gif,
                width: 120,
                height: 80
            }
        );
        assert_eq!(
            facts("stockpile.svg"),
            ImageFacts {
                media_type: MediaType::Svg,
                width: 480,
                height: 240
            }
        );
    }

    #[test]
    fn what_does_not_decode_is_refused() {
        let damaged = check_image(&fixture("damaged.png")).unwrap_err();
        assert!(
            damaged
                .to_string()
                .starts_with("the PNG image does not decode: "),
            "{damaged}"
        );
        let text = check_image(&fixture("not-an-image.png")).unwrap_err();
        assert_eq!(
            text.to_string(),
            "the file is not an image: folio takes PNG, JPEG, GIF and SVG images"
        );
        // a JPEG cut in its header, a GIF with no frame, an SVG that is no SVG
        let jpeg = fixture("minefield.jpg");
        assert!(check_image(&jpeg[..100]).is_err());
        let gif = fixture("marker.gif");
        assert!(check_image(&gif[..40]).is_err());
        assert!(check_image(b"<html><body>no</body></html>").is_err());
        assert!(check_image(b"").is_err());
        assert!(check_image(b"RIFF\x1a\x00\x00\x00WEBPVP8 ").is_err());
    }

    #[test]
    fn an_svg_size_comes_from_its_view_box_and_no_file_it_names_is_read() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 300 150"><image xlink:href="/dev/zero" width="10" height="10"/></svg>"#;
        let facts = check_image(svg).unwrap();
        assert_eq!((facts.width, facts.height), (300, 150));
        let inches = br#"<svg xmlns="http://www.w3.org/2000/svg" width="2in" height="1in"/>"#;
        let facts = check_image(inches).unwrap();
        assert_eq!((facts.width, facts.height), (192, 96));
    }

    #[test]
    fn a_huge_image_is_refused_before_its_pixels_are_decoded() {
        // a PNG header that claims 100,000 × 100,000 pixels
        let mut png = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut png, 1, 1);
            encoder.set_color(png::ColorType::Grayscale);
            let mut writer = encoder.write_header().unwrap();
            writer.write_image_data(&[0]).unwrap();
        }
        let mut big = png.clone();
        // width and height at bytes 16..24, then the header's CRC
        big[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        big[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let crc = crc32fast::hash(&big[12..29]);
        big[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(
            check_image(&big),
            Err(ImageError::TooManyPixels {
                width: 100_000,
                height: 100_000
            })
        );
        assert!(check_image(&png).is_ok());
    }

    #[test]
    fn paths_stay_inside_their_folder() {
        for bad in ["/etc/x.png", "../x.png", "a/../../x.png", "", "  ", "."] {
            assert!(tidy_path(bad).is_err(), "{bad:?}");
        }
        for address in [
            "http://example.org/x.png",
            "data:image/png;base64,AA",
            "file:x.png",
        ] {
            let error = tidy_path(address).unwrap_err().to_string();
            assert!(error.contains("not from addresses"), "{error}");
        }
        assert_eq!(tidy_path("./charts//a.png").unwrap(), "charts/a.png");
        assert_eq!(tidy_path("a b/c:d.png").unwrap(), "a b/c:d.png");
    }

    #[test]
    fn one_file_is_read_once_however_it_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("charts")).unwrap();
        std::fs::write(dir.path().join("charts/a.png"), fixture("marker.gif")).unwrap();
        let reader = ImageReader::default();
        let first = reader.read(dir.path(), "charts/a.png", 1 << 20).unwrap();
        let again = reader.read(dir.path(), "./charts/a.png", 1 << 20).unwrap();
        assert!(first.image.data.is_shared_with(&again.image.data));
        assert_eq!(first.file, again.file);
        assert_eq!(again.image.src, "charts/a.png");
        assert_eq!(first.image.media_type, MediaType::Gif);
        assert!(
            first
                .warning
                .unwrap()
                .contains("is a GIF, though its name says a PNG")
        );
        let small = ImageReader::default()
            .read(dir.path(), "charts/a.png", 100)
            .unwrap_err();
        assert_eq!(
            small.to_string(),
            "the image is larger than the 100 bytes folio reads (343 bytes)"
        );
        let folder = reader.read(dir.path(), "charts", 1 << 20).unwrap_err();
        assert_eq!(folder.to_string(), "it is a folder, not a file");
        let missing = reader.read(dir.path(), "b.png", 1 << 20).unwrap_err();
        assert!(
            missing.to_string().starts_with("there is no such file"),
            "{missing}"
        );
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::fs::write(outside.path().join("x.png"), fixture("marker.gif")).unwrap();
            std::os::unix::fs::symlink(outside.path().join("x.png"), dir.path().join("link.png"))
                .unwrap();
            let link = reader.read(dir.path(), "link.png", 1 << 20).unwrap_err();
            assert!(
                link.to_string().contains("through a symbolic link"),
                "{link}"
            );
        }
    }
}
