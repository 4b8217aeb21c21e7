//! How the DocBook and JATS editions name an image file: a path relative to the XML file,
//! written as a URI reference.
//!
//! With a media folder ([`XmlOptions::media_folder`], the CLI's `NAME.media`), the path is
//! the one [`Image::media_path`] gives in that folder (`NAME.media/charts/casualties.png`,
//! or a safe name there for a source path that is not plain): the CLI copies the image
//! there, beside the XML, so that the folder is complete on its own, and the path never
//! leaves the folder. Without one, the path is the source path as the input names it,
//! relative to the input (where the image is when the XML is written beside the input).
//!
//! Each part is percent-encoded where a URI cannot hold a character as it is (a space, a
//! `%`, `#`, `?`, `:` or `[`): `my chart.png` is `my%20chart.png`. Letters outside ASCII
//! stay as they are (an IRI, which both tag sets allow).

use std::fmt::Write;

use folio_model::Image;

use crate::XmlOptions;

/// The path by which the XML editions name `image`'s file.
pub(crate) fn media_href(image: &Image, options: &XmlOptions) -> String {
    let path = match &options.media_folder {
        Some(folder) => image.media_path(folder),
        None => image.src.clone(),
    };
    let mut href = String::with_capacity(path.len() + 16);
    for (i, part) in path.split('/').enumerate() {
        if i > 0 {
            href.push('/');
        }
        encode_into(&mut href, part);
    }
    href
}

/// Appends one part of a path, percent-encoding what a URI's path cannot hold as it is.
fn encode_into(out: &mut String, part: &str) {
    for c in part.chars() {
        // RFC 3986: unreserved characters and the sub-delimiters, `@`, and (IRI) every
        // character outside ASCII but the controls
        let keep = c.is_ascii_alphanumeric()
            || "-._~!$&'()*+,;=@".contains(c)
            || (!c.is_ascii() && !c.is_control());
        if keep {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                // Writing to a String cannot fail.
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use folio_model::MediaType;

    fn href(src: &str, folder: Option<&str>) -> String {
        let image = Image::new(src, MediaType::Png, (1, 1), Vec::new());
        let options = XmlOptions {
            media_folder: folder.map(str::to_owned),
        };
        media_href(&image, &options)
    }

    #[test]
    fn without_a_folder_the_source_path_is_kept() {
        assert_eq!(href("charts/casualties.png", None), "charts/casualties.png");
        assert_eq!(href("my chart #2?.png", None), "my%20chart%20%232%3F.png");
        assert_eq!(href("100%[a]:b.png", None), "100%25%5Ba%5D%3Ab.png");
        assert_eq!(href("北朝鮮/지도.png", None), "北朝鮮/지도.png");
    }

    #[test]
    fn with_a_folder_the_path_is_the_media_path_inside_it() {
        let folder = Some("north-korea.media");
        assert_eq!(
            href("charts/casualties.png", folder),
            "north-korea.media/charts/casualties.png"
        );
        // a path that is not plain gets a safe name inside the folder
        for src in ["../../etc/./passwd", "/abs//x.png", "a\\b.png", "A B.png"] {
            let path = href(src, folder);
            let name = path.strip_prefix("north-korea.media/").unwrap();
            assert!(
                name.starts_with('_') && !name.contains('/'),
                "{src}: {path}"
            );
        }
        // the folder's own characters are percent-encoded as a URI needs
        assert!(href("a.png", Some("북한 보고서.media")).starts_with("북한%20보고서.media/"));
    }
}
