//! The book's image files: each image the publication shows, once however often it is
//! shown (figures with the same [`Image::key`] show one file), under a name of our own in
//! the package's `images/` folder.
//!
//! A name is made from the last part of the image's source path, folded to lower-case
//! ASCII letters, digits, `-` and `_` (`charts/Casualties 2001.png` gives
//! `images/casualties-2001.png`), with the extension of its media type, and `-2`, `-3`...
//! when another image has it already. So no name leaves the folder, none needs escaping
//! in a URL, and none differs from another only in case (which some reading systems
//! would take for one file).

use std::collections::{HashMap, HashSet};

use folio_model::{Block, Diagnostic, Image, MediaType, Publication, for_each_block, unique_id};

/// The folder of the images, in the package folder.
pub(crate) const IMAGES_DIR: &str = "images";

/// The longest stem a name keeps, in bytes.
const MAX_STEM: usize = 48;

/// One image file of the book.
#[derive(Debug)]
pub(crate) struct ImageFile<'a> {
    /// Its path in the package folder (`images/casualties.png`), which is also how the
    /// report documents, in the same folder, name it.
    pub file: String,
    /// The id of its item in the package document's manifest.
    pub item_id: String,
    /// The image.
    pub image: &'a Image,
}

/// The image files of the book, in the order the publication first shows them.
#[derive(Debug, Default)]
pub(crate) struct Images<'a> {
    /// Each image once, in order of first use.
    pub files: Vec<ImageFile<'a>>,
    /// The index in `files` of each image's key.
    by_key: HashMap<&'a str, usize>,
}

impl<'a> Images<'a> {
    /// The images of every figure of `publication` (its summaries, bodies, table cells
    /// and notes), with a warning for each image that has no bytes.
    pub(crate) fn new(publication: &'a Publication, warnings: &mut Vec<Diagnostic>) -> Self {
        let mut images = Images::default();
        let mut names = HashSet::new();
        for report in &publication.reports {
            let mut add = |block: &'a Block| {
                if let Block::Figure(figure) = block {
                    images.add(&figure.image, &mut names, warnings);
                }
            };
            report.for_each_block(&mut add);
            for note in &report.endnotes {
                for_each_block(&note.blocks, &mut add);
            }
        }
        images
    }

    fn add(
        &mut self,
        image: &'a Image,
        names: &mut HashSet<String>,
        warnings: &mut Vec<Diagnostic>,
    ) {
        if self.by_key.contains_key(image.key()) {
            return;
        }
        let stem = unique_id(stem(&image.src), names);
        let n = self.files.len() + 1;
        if image.bytes().is_empty() {
            warnings.push(Diagnostic::warning(format!(
                "the image {:?} has no bytes (it was never read): the epub holds an empty file for it",
                image.src
            )));
        }
        self.by_key.insert(image.key(), self.files.len());
        self.files.push(ImageFile {
            file: format!("{IMAGES_DIR}/{stem}.{}", image.media_type.extension()),
            item_id: format!("image-{n}"),
            image,
        });
    }

    /// The file that shows `image`, in the package folder; `None` for an image the
    /// publication does not hold (never, for a book planned from it).
    pub(crate) fn file_of(&self, image: &Image) -> Option<&str> {
        let &k = self.by_key.get(image.key())?;
        self.files.get(k).map(|f| f.file.as_str())
    }

    /// Whether the book has no image.
    pub(crate) fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Whether an image of this type is stored as it is in the zip: PNG, JPEG and GIF are
/// compressed already, and deflate would only spend time on them.
pub(crate) fn is_stored(media_type: MediaType) -> bool {
    !media_type.is_vector()
}

/// The stem of a file name for an image whose source path is `src`: its last part
/// without the extension, in lower-case ASCII letters and digits, other runs of
/// characters made one `-`; `image` when nothing is left.
fn stem(src: &str) -> String {
    let name = src.rsplit(['/', '\\']).next().unwrap_or(src);
    let name = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    let mut stem = String::with_capacity(name.len().min(MAX_STEM));
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() || c == '_' {
            if stem.len() >= MAX_STEM {
                break;
            }
            stem.push(c);
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        "image".to_owned()
    } else {
        stem.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use folio_model::{PublicationBuilder, ReportBuilder};

    fn image(src: &str, media_type: MediaType) -> Image {
        Image::new(src, media_type, (10, 10), vec![1u8, 2, 3])
    }

    #[test]
    fn names_stay_in_the_folder_and_differ_without_case() {
        assert_eq!(stem("charts/Casualties 2001.png"), "casualties-2001");
        assert_eq!(stem("../../etc/passwd"), "passwd");
        assert_eq!(stem("a\\b\\c.d.png"), "c-d");
        assert_eq!(stem(".png"), "png");
        assert_eq!(stem("北朝鮮.png"), "image");
        assert_eq!(stem("..."), "image");
        assert_eq!(stem(""), "image");
        assert_eq!(stem(&"x".repeat(500)).len(), MAX_STEM);
        let publication = PublicationBuilder::new("P")
            .report(
                ReportBuilder::new("R")
                    .figure(image("a/Chart.png", MediaType::Png), |c| c, "")
                    .figure(image("b/chart.png", MediaType::Png), |c| c, "")
                    .figure(image("a/Chart.png", MediaType::Png), |c| c, "")
                    .figure(image("chart.svg", MediaType::Svg), |c| c, "")
                    .figure(image("../x/..", MediaType::Jpeg), |c| c, "")
                    .build(),
            )
            .build();
        let images = Images::new(&publication, &mut Vec::new());
        let files: Vec<(&str, &str)> = images
            .files
            .iter()
            .map(|f| (f.file.as_str(), f.item_id.as_str()))
            .collect();
        assert_eq!(
            files,
            [
                ("images/chart.png", "image-1"),
                ("images/chart-2.png", "image-2"),
                ("images/chart-3.svg", "image-3"),
                ("images/image.jpg", "image-4"),
            ]
        );
        assert_eq!(
            images.file_of(&image("b/chart.png", MediaType::Png)),
            Some("images/chart-2.png")
        );
        assert_eq!(images.file_of(&image("c.png", MediaType::Png)), None);
    }

    #[test]
    fn an_image_without_bytes_is_warned_about() {
        let empty = Image::new("a.png", MediaType::Png, (1, 1), Vec::new());
        let publication = PublicationBuilder::new("P")
            .report(ReportBuilder::new("R").figure(empty, |c| c, "").build())
            .build();
        let mut warnings = Vec::new();
        let images = Images::new(&publication, &mut warnings);
        assert_eq!(images.files.len(), 1);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("\"a.png\" has no bytes"));
    }
}
