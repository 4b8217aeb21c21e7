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
}
