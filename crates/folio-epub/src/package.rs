//! The zip container (EPUB's OCF): `mimetype` first and stored, then
//! `META-INF/container.xml` and the package's files in the order they are added, every
//! entry with the same date and permissions, so that the same book is the same bytes.
//!
//! The entries are compressed on as many threads as the machine has (largest first),
//! then written in the order they were added: the threads change the speed, never the
//! bytes.

use std::borrow::Cow;
use std::io::{Cursor, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use folio_model::Timestamp;
use zip::result::ZipResult;
use zip::write::{PreparedZipFile, SimpleFileOptions, ZipFileBuilder};
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

/// The most threads that compress at once.
const MAX_THREADS: usize = 8;

/// An EPUB being packed.
pub(crate) struct Package {
    options: SimpleFileOptions,
    entries: Vec<(String, Entry)>,
    threads: usize,
}

/// A place in the package's order for a file whose content comes later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slot(usize);

/// A file being compressed ahead of its place in the package.
pub(crate) struct Started {
    path: String,
    entry: Entry,
}

/// One file of the package on its way into the zip.
enum Entry {
    /// Its place is kept; its content comes later.
    Reserved,
    /// To be compressed (or stored, when `stored`) when the package is finished.
    Waiting { bytes: Content, stored: bool },
    /// Being compressed already, on a thread of its own.
    Started(std::thread::JoinHandle<ZipResult<PreparedZipFile>>),
}

/// The bytes of a file: ours, or shared with the publication (an image's).
enum Content {
    Own(Cow<'static, [u8]>),
    Shared(Arc<[u8]>),
}

impl Content {
    fn bytes(&self) -> &[u8] {
        match self {
            Content::Own(bytes) => bytes,
            Content::Shared(bytes) => bytes,
        }
    }
}

impl Package {
    /// A package whose entries are dated `modified` (or 1980-01-01, the first date a zip
    /// can hold, for a date outside 1980 to 2107), holding `META-INF/container.xml`.
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
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut package = Package {
            options,
            entries: Vec::new(),
            threads: threads.clamp(1, MAX_THREADS),
        };
        package.add("META-INF/container.xml", CONTAINER.as_bytes());
        package
    }

    /// Adds a file, to be compressed when the package is finished.
    pub(crate) fn add(&mut self, path: &str, bytes: impl Into<Cow<'static, [u8]>>) {
        let bytes = Content::Own(bytes.into());
        self.entries.push((
            path.to_owned(),
            Entry::Waiting {
                bytes,
                stored: false,
            },
        ));
    }

    /// Adds a file whose bytes the publication holds (an image), without copying them;
    /// `stored` leaves it uncompressed (for PNG, JPEG and GIF, which deflate cannot
    /// shrink further).
    pub(crate) fn add_shared(&mut self, path: &str, bytes: Arc<[u8]>, stored: bool) {
        let bytes = Content::Shared(bytes);
        self.entries
            .push((path.to_owned(), Entry::Waiting { bytes, stored }));
    }

    /// Starts compressing a file that never changes (a font) at once, on a thread of
    /// its own, while the rest of the book is written; [`Package::add_started`] gives it
    /// its place.
    pub(crate) fn start(&self, path: &str, bytes: &'static [u8]) -> Started {
        let name = path.to_owned();
        let options = self.options;
        let started = std::thread::Builder::new()
            .name("epub-compress".into())
            .spawn(move || compress_one(&name, bytes, options));
        let entry = match started {
            Ok(handle) => Entry::Started(handle),
            Err(_) => Entry::Waiting {
                bytes: Content::Own(Cow::Borrowed(bytes)),
                stored: false,
            },
        };
        Started {
            path: path.to_owned(),
            entry,
        }
    }

    /// Adds a file whose compression [`Package::start`] began.
    pub(crate) fn add_started(&mut self, started: Started) {
        self.entries.push((started.path, started.entry));
    }

    /// Keeps the next place in the package for a file given later with [`Package::fill`].
    pub(crate) fn reserve(&mut self, path: &str) -> Slot {
        self.entries.push((path.to_owned(), Entry::Reserved));
        Slot(self.entries.len() - 1)
    }

    /// Gives the content of a file whose place was kept.
    pub(crate) fn fill(&mut self, slot: Slot, bytes: impl Into<Cow<'static, [u8]>>) {
        if let Some((_, entry)) = self.entries.get_mut(slot.0) {
            *entry = Entry::Waiting {
                bytes: Content::Own(bytes.into()),
                stored: false,
            };
        }
    }

    /// The EPUB file.
    pub(crate) fn finish(self) -> std::io::Result<Vec<u8>> {
        let stored = self.options.compression_method(CompressionMethod::Stored);
        let waiting: Vec<Waiting<'_>> = self
            .entries
            .iter()
            .filter_map(|(path, entry)| match entry {
                Entry::Waiting { bytes, stored: s } => Some(Waiting {
                    path,
                    bytes: bytes.bytes(),
                    options: if *s { stored } else { self.options },
                }),
                Entry::Reserved | Entry::Started(_) => None,
            })
            .collect();
        let size = waiting.iter().map(|w| w.bytes.len() / 2).sum::<usize>();
        let mut compressed = compress(&waiting, self.threads)?.into_iter();
        let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(size + (1 << 21))));
        // OCF: the first entry is `mimetype`, stored, so that its bytes sit at a fixed
        // offset of the file.
        zip.start_file("mimetype", stored)?;
        zip.write_all(b"application/epub+zip")?;
        for (path, entry) in self.entries {
            let file = match entry {
                Entry::Waiting { .. } => compressed.next().ok_or_else(|| missing(&path))?,
                Entry::Started(handle) => handle.join().map_err(|_| missing(&path))??,
                Entry::Reserved => return Err(missing(&path)),
            };
            zip.add_prepared_file(file)?;
        }
        Ok(zip.finish()?.into_inner())
    }
}

fn missing(path: &str) -> std::io::Error {
    std::io::Error::other(format!("{path} was never compressed"))
}

/// A file to compress: its path, its bytes and how.
struct Waiting<'a> {
    path: &'a str,
    bytes: &'a [u8],
    options: SimpleFileOptions,
}

/// Compresses the files on up to `threads` threads, largest first; the results in the
/// order given.
fn compress(files: &[Waiting<'_>], threads: usize) -> ZipResult<Vec<PreparedZipFile>> {
    let threads = threads.min(files.len());
    // Largest first, so that no thread is left with a big file at the end.
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(files[k].bytes.len()));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(&k) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let file = &files[k];
            done.push((k, compress_one(file.path, file.bytes, file.options)));
        }
        done
    };
    let batches = if threads <= 1 {
        vec![work()]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads - 1).map(|_| scope.spawn(work)).collect();
            let mut batches = vec![work()];
            for handle in handles {
                // A thread that panicked leaves its files out; they are reported missing.
                batches.extend(handle.join().ok());
            }
            batches
        })
    };
    let mut results: Vec<Option<ZipResult<PreparedZipFile>>> =
        std::iter::repeat_with(|| None).take(files.len()).collect();
    for (k, result) in batches.into_iter().flatten() {
        results[k] = Some(result);
    }
    results
        .into_iter()
        .zip(files)
        .map(|(result, file)| result.unwrap_or_else(|| Err(missing(file.path).into())))
        .collect()
}

fn compress_one(
    path: &str,
    bytes: &[u8],
    options: SimpleFileOptions,
) -> ZipResult<PreparedZipFile> {
    let mut builder = ZipFileBuilder::new(path, options)?;
    builder.write_all(bytes)?;
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(modified: Timestamp) -> Vec<u8> {
        let mut package = Package::new(modified);
        package.add(PACKAGE_DOCUMENT_PATH, b"<package/>");
        package.add("EPUB/a.xhtml", "<p>é</p>".repeat(100).into_bytes());
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
    fn threads_change_nothing_in_the_bytes() {
        let pack_on = |threads| {
            let mut package = Package::new(Timestamp::FALLBACK);
            package.threads = threads;
            for n in 0..40 {
                let text = format!("<p>{n}</p>").repeat(n * n * 10);
                package.add(&format!("EPUB/{n}.xhtml"), text.into_bytes());
            }
            package.finish().unwrap()
        };
        let one = pack_on(1);
        assert_eq!(one, pack_on(2));
        assert_eq!(one, pack_on(7));
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
