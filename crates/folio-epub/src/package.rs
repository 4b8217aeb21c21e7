//! The zip container (EPUB's OCF): `mimetype` first and stored, then
//! `META-INF/container.xml` and the package's files in the order they are added, every
//! entry with the same date and permissions, so that the same book is the same bytes.

use std::io::{Cursor, Write};

use folio_model::Timestamp;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

/// The path of the package document in the zip.
pub(crate) const PACKAGE_DOCUMENT_PATH: &str = "EPUB/package.opf";

const CONTAINER: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n",
    "<rootfiles>\n",
    "<rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n",
    "</rootfiles>\n",
    "</container>\n"
);

/// An EPUB being packed.
pub(crate) struct Package {
    zip: ZipWriter<Cursor<Vec<u8>>>,
    options: SimpleFileOptions,
    error: Option<std::io::Error>,
}

impl Package {
    /// A package whose entries are dated `modified` (or 1980-01-01, the first date a zip
    /// can hold, for a date outside 1980 to 2107), holding `mimetype` and
    /// `META-INF/container.xml`.
    pub(crate) fn new(modified: Timestamp) -> Self {
        let date = DateTime::from_date_and_time(
            modified.year,
            modified.month,
            modified.day,
            modified.hour,
            modified.minute,
            modified.second,
        )
        .unwrap_or_default();
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(date)
            .unix_permissions(0o644)
            .system(System::Unix);
        let mut package = Package {
            zip: ZipWriter::new(Cursor::new(Vec::with_capacity(1 << 20))),
            options,
            error: None,
        };
        // OCF: the first entry is `mimetype`, stored, so that its bytes sit at a fixed
        // offset of the file.
        let stored = options.compression_method(CompressionMethod::Stored);
        package.write("mimetype", b"application/epub+zip", stored);
        package.add("META-INF/container.xml", CONTAINER.as_bytes());
        package
    }

    /// Adds a file, compressed.
    pub(crate) fn add(&mut self, path: &str, bytes: &[u8]) {
        let options = self.options;
        self.write(path, bytes, options);
    }

    fn write(&mut self, path: &str, bytes: &[u8], options: SimpleFileOptions) {
        if self.error.is_some() {
            return;
        }
        let result = self
            .zip
            .start_file(path, options)
            .map_err(std::io::Error::from)
            .and_then(|()| self.zip.write_all(bytes));
        if let Err(e) = result {
            self.error = Some(e);
        }
    }

    /// The EPUB file, or the first error met.
    pub(crate) fn finish(self) -> std::io::Result<Vec<u8>> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let cursor = self.zip.finish().map_err(std::io::Error::from)?;
        Ok(cursor.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(modified: Timestamp) -> Vec<u8> {
        let mut package = Package::new(modified);
        package.add(PACKAGE_DOCUMENT_PATH, b"<package/>");
        package.add("EPUB/a.xhtml", "<p>é</p>".repeat(100).as_bytes());
        package.finish().unwrap()
    }

    fn u16_at(bytes: &[u8], at: usize) -> u16 {
        u16::from_le_bytes([bytes[at], bytes[at + 1]])
    }

    #[test]
    fn mimetype_comes_first_stored_and_without_extra_fields() {
        let bytes = pack(Timestamp::FALLBACK);
        // A local file header: signature, version, flags, method (0 = stored), ...
        assert_eq!(&bytes[0..4], b"PK\x03\x04");
        assert_eq!(u16_at(&bytes, 8), 0, "mimetype must be stored");
        assert_eq!(u16_at(&bytes, 26), 8, "file name length");
        assert_eq!(u16_at(&bytes, 28), 0, "no extra field");
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..58], b"application/epub+zip");
    }

    #[test]
    fn entries_carry_the_given_date_and_fixed_permissions() {
        let when = Timestamp::parse("2001-08-01T10:20:30Z").unwrap();
        let bytes = pack(when);
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let names: Vec<String> = archive
            .file_names()
            .map(|n| n.unwrap().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "mimetype",
                "META-INF/container.xml",
                PACKAGE_DOCUMENT_PATH,
                "EPUB/a.xhtml"
            ]
        );
        for i in 0..archive.len() {
            let file = archive.by_index(i).unwrap();
            let date = file.last_modified().unwrap();
            assert_eq!(
                (
                    date.year(),
                    date.month(),
                    date.day(),
                    date.hour(),
                    date.minute(),
                    date.second()
                ),
                (2001, 8, 1, 10, 20, 30)
            );
            assert_eq!(file.unix_mode().map(|m| m & 0o777), Some(0o644));
        }
        assert_eq!(
            archive.by_index(3).unwrap().compression(),
            CompressionMethod::Deflated
        );
    }

    #[test]
    fn dates_a_zip_cannot_hold_become_1980() {
        let bytes = pack(Timestamp::from_unix(0).unwrap());
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let date = archive.by_index(0).unwrap().last_modified().unwrap();
        assert_eq!((date.year(), date.month(), date.day()), (1980, 1, 1));
    }

    #[test]
    fn the_same_files_give_the_same_bytes() {
        assert_eq!(pack(Timestamp::FALLBACK), pack(Timestamp::FALLBACK));
        assert_ne!(
            pack(Timestamp::FALLBACK),
            pack(Timestamp::parse("2001").unwrap())
        );
    }
}
