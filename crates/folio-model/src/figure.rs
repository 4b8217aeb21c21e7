//! Figures: an image with a caption and alt text.
//!
//! An image is its source path (as the input names it, relative to the input file), its
//! media type, its size in pixels and its bytes. The bytes are read once by the reader
//! and shared: a figure that shows an image already shown holds the same bytes, so an
//! edition can embed each image once however often it is used (see [`Image::key`]).
//! folio-model does no I/O: the readers (`folio-import`) read the files, check that
//! they decode, and find their media type and size.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::publication::Inline;

/// A figure: an image, its caption and its alt text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Figure {
    /// An id for the figure, unique in the publication and usable in XML, when the
    /// source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The image shown.
    pub image: Image,
    /// The caption, set with the figure; empty for none. It may cite notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caption: Vec<Inline>,
    /// What the image shows, for readers who cannot see it: not the caption, which is
    /// read anyway. Empty for a decorative image, which assistive technology skips.
    #[serde(default)]
    pub alt: String,
}

impl Figure {
    /// A figure of `image` with this caption and alt text.
    pub fn new(image: Image, caption: Vec<Inline>, alt: impl Into<String>) -> Self {
        Self {
            label: None,
            image,
            caption,
            alt: alt.into(),
        }
    }
}

/// The media types of the images folio reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum MediaType {
    /// `image/png`.
    #[serde(rename = "image/png")]
    Png,
    /// `image/jpeg`.
    #[serde(rename = "image/jpeg")]
    Jpeg,
    /// `image/gif`.
    #[serde(rename = "image/gif")]
    Gif,
    /// `image/svg+xml`: a vector image.
    #[serde(rename = "image/svg+xml")]
    Svg,
}

impl MediaType {
    /// The media type as written: `image/png`, `image/jpeg`, `image/gif`, `image/svg+xml`.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaType::Png => "image/png",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Gif => "image/gif",
            MediaType::Svg => "image/svg+xml",
        }
    }

    /// The media type written this way (see [`MediaType::as_str`]).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "image/png" => Some(MediaType::Png),
            "image/jpeg" => Some(MediaType::Jpeg),
            "image/gif" => Some(MediaType::Gif),
            "image/svg+xml" => Some(MediaType::Svg),
            _ => None,
        }
    }

    /// The usual file extension, without the dot: `png`, `jpg`, `gif`, `svg`.
    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Png => "png",
            MediaType::Jpeg => "jpg",
            MediaType::Gif => "gif",
            MediaType::Svg => "svg",
        }
    }

    /// Whether the image is drawn with lines rather than pixels (SVG).
    pub fn is_vector(self) -> bool {
        self == MediaType::Svg
    }
}

/// An image: where it came from, what it is, and its bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Image {
    /// The path the source names it by, relative to the source file's folder, with `/`
    /// between folders (`charts/casualties.png`). The model JSON and folio XML write it;
    /// the XML editions name the image by it under their media folder.
    pub src: String,
    /// What kind of image it is.
    pub media_type: MediaType,
    /// Its width in pixels (for SVG, in CSS pixels: its width at 96 per inch).
    pub width: u32,
    /// Its height in pixels (for SVG, as for the width).
    pub height: u32,
    /// The file's bytes, read once and shared by every figure that shows it. Not part
    /// of the model JSON or folio XML, which name the file instead: their readers read
    /// it again. Empty until read.
    #[serde(skip)]
    pub data: ImageData,
}

impl Image {
    /// An image of these bytes, named `src`, of this type and size in pixels.
    pub fn new(
        src: impl Into<String>,
        media_type: MediaType,
        (width, height): (u32, u32),
        data: impl Into<Arc<[u8]>>,
    ) -> Self {
        Self {
            src: src.into(),
            media_type,
            width,
            height,
            data: ImageData(data.into()),
        }
    }

    /// What tells one image from another in an edition: its source path. Two figures
    /// with the same key show the same image, which an edition holds once.
    pub fn key(&self) -> &str {
        &self.src
    }

    /// The bytes (empty when they were not read).
    pub fn bytes(&self) -> &[u8] {
        &self.data.0
    }

    /// Where an edition that names its images by path (folio XML, DocBook, JATS, the
    /// model JSON) finds this image: `folder/PATH`, a path relative to the edition's
    /// file with `/` between folders (`folio export` gives `NAME.media` as `folder`,
    /// and copies the image there); just `PATH` when `folder` is empty.
    ///
    /// `PATH` is the source path itself when it is plain: folders and a file name of
    /// lower-case ASCII letters, digits, `-`, `_` and `.`, each starting with a letter
    /// or digit and at most 64 bytes, at most 8 deep, the file name ending in `.png`,
    /// `.jpg`, `.jpeg`, `.gif` or `.svg` and no folder name so, and no name a Windows
    /// device has (`con`, `aux`, `lpt1`...). Anything else (capitals, spaces, `..`,
    /// an absolute path, a path that names no image) is flattened into one safe
    /// name beside them: `_`, 16 hex digits of a hash of the source path, `-`, its
    /// file name tamed, and the media type's extension
    /// (`Charts/Casualties 2000.PNG` gives `_0123456789abcdef-casualties-2000.png`).
    ///
    /// So two images with different keys never share a path, not even on a file
    /// system that ignores case, and no path names a file where another path needs a
    /// folder.
    pub fn media_path(&self, folder: &str) -> String {
        let path = match plain_path(&self.src) {
            Some(plain) => plain.to_owned(),
            None => flattened_name(&self.src, self.media_type),
        };
        let folder = folder.trim_end_matches('/');
        if folder.is_empty() {
            path
        } else {
            format!("{folder}/{path}")
        }
    }
}

/// The file name extensions of the images folio reads.
const IMAGE_EXTENSIONS: [&str; 5] = [".png", ".jpg", ".jpeg", ".gif", ".svg"];

/// `src` when every part of it is a plain name (see [`Image::media_path`]).
fn plain_path(src: &str) -> Option<&str> {
    let parts: Vec<&str> = src.split('/').collect();
    let last = parts.len() - 1;
    let plain = parts.len() <= 8
        && parts.iter().enumerate().all(|(i, part)| {
            let image = IMAGE_EXTENSIONS.iter().any(|ext| part.ends_with(ext));
            plain_name(part) && image == (i == last)
        });
    plain.then_some(src)
}

/// A name of lower-case ASCII letters, digits, `-`, `_` and `.`, starting with a letter
/// or digit, not ending with `.`, at most 64 bytes, and no Windows device's.
fn plain_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let allowed = |b: &u8| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.');
    let Some(first) = bytes.first() else {
        return false;
    };
    let stem = name.split('.').next().unwrap_or_default();
    let device = matches!(stem, "con" | "prn" | "aux" | "nul")
        || (stem.len() == 4
            && (stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.as_bytes()[3].is_ascii_digit());
    bytes.len() <= 64
        && first.is_ascii_alphanumeric()
        && bytes.iter().all(allowed)
        && !name.ends_with('.')
        && !device
}

/// `_HASH-stem.ext`: the source path's 64-bit FNV-1a hash, its file name's stem in
/// lower-case ASCII letters and digits joined by `-` (at most 40 bytes), and the media
/// type's extension.
fn flattened_name(src: &str, media_type: MediaType) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in src.as_bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let name = src.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let mut tame = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            if tame.len() >= 40 {
                break;
            }
            tame.push(c.to_ascii_lowercase());
        } else if !tame.is_empty() && !tame.ends_with('-') {
            tame.push('-');
        }
    }
    let tame = tame.trim_end_matches('-');
    let ext = media_type.extension();
    if tame.is_empty() {
        format!("_{hash:016x}.{ext}")
    } else {
        format!("_{hash:016x}-{tame}.{ext}")
    }
}

/// An image's bytes, shared (cloning is cheap). Two are equal when their bytes are.
#[derive(Clone, Default)]
pub struct ImageData(pub Arc<[u8]>);

impl ImageData {
    /// Whether these are the same bytes in memory (shared, not merely equal).
    pub fn is_shared_with(&self, other: &ImageData) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl PartialEq for ImageData {
    fn eq(&self, other: &Self) -> bool {
        self.is_shared_with(other) || self.0[..] == other.0[..]
    }
}

impl Eq for ImageData {}

impl std::fmt::Debug for ImageData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ImageData({} bytes)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(bytes: &[u8]) -> Image {
        Image::new("charts/a.png", MediaType::Png, (640, 480), bytes.to_vec())
    }

    #[test]
    fn json_names_the_image_and_leaves_its_bytes_out() {
        let figure = Figure::new(image(b"\x89PNG"), vec![Inline::text("A chart")], "Bars");
        let json = serde_json::to_string(&figure).unwrap();
        assert_eq!(
            json,
            r#"{"image":{"src":"charts/a.png","media_type":"image/png","width":640,"height":480},"caption":[{"type":"text","text":"A chart"}],"alt":"Bars"}"#
        );
        let read: Figure = serde_json::from_str(&json).unwrap();
        assert!(read.image.bytes().is_empty());
        assert_eq!(read.image.src, figure.image.src);
    }

    #[test]
    fn shared_bytes_are_one_copy() {
        let a = image(b"bytes");
        let b = a.clone();
        assert!(a.data.is_shared_with(&b.data));
        assert_eq!(a, image(b"bytes"));
        assert_ne!(a, image(b"other"));
        assert_eq!(MediaType::from_name("image/svg+xml"), Some(MediaType::Svg));
        assert!(MediaType::Svg.is_vector() && !MediaType::Png.is_vector());
    }

    fn media(src: &str) -> String {
        Image::new(src, MediaType::Png, (1, 1), vec![]).media_path("r.media")
    }

    #[test]
    fn plain_paths_are_kept_and_others_flattened() {
        assert_eq!(
            media("charts/casualties-2000.png"),
            "r.media/charts/casualties-2000.png"
        );
        assert_eq!(media("a.b/c_d/x.jpeg"), "r.media/a.b/c_d/x.jpeg");
        // a folio XML edition read again names its images under its media folder
        assert_eq!(
            media("north-korea.media/map.png"),
            "r.media/north-korea.media/map.png"
        );
        let image = Image::new("x.png", MediaType::Png, (1, 1), vec![]);
        assert_eq!(image.media_path(""), "x.png");
        assert_eq!(image.media_path("out.media/"), "out.media/x.png");
        for src in [
            "Charts/Casualties 2000.PNG",
            "../x.png",
            "/etc/x.png",
            "./x.png",
            "a//x.png",
            "x",
            "x.png/y.png",
            "con.png",
            "lpt1/x.png",
            "-x.png",
            "x.png.",
            "ça.png",
            "a/b/c/d/e/f/g/h/i.png",
            "",
        ] {
            let path = media(src);
            let name = path
                .strip_prefix("r.media/_")
                .unwrap_or_else(|| panic!("{src}: {path}"));
            assert!(!name.contains('/'), "{path}");
            assert!(name.ends_with(".png"), "{path}");
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.".contains(&b)),
                "{path}"
            );
        }
        assert!(media("Charts/Casualties 2000.PNG").ends_with("-casualties-2000.png"));
        // different sources, different paths, whatever their case
        assert_ne!(media("A.png"), media("a.png"));
        assert_ne!(media("Map.png"), media("MAP.png"));
        assert_ne!(media("a/Map.png"), media("b/Map.png"));
    }
}
