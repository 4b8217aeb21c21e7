//! Reading an EPUB the way a test must: unzipped from its bytes, its XHTML taken apart
//! without trusting the model that made it, and checked by EPUBCheck.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;

/// An unzipped EPUB: every entry, in the order of the zip.
pub struct Epub {
    /// The entries' names in zip order.
    pub names: Vec<String>,
    /// The entries' bytes by name.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Epub {
    /// Unzips `bytes`.
    pub fn read(bytes: &[u8]) -> Epub {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut names = Vec::new();
        let mut files = BTreeMap::new();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).unwrap();
            let name = file.name().unwrap().into_owned();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            names.push(name.clone());
            files.insert(name, data);
        }
        Epub { names, files }
    }

    /// Unzips the file at `path`.
    pub fn open(path: &Path) -> Epub {
        Epub::read(&std::fs::read(path).unwrap())
    }

    /// An entry as text.
    pub fn text(&self, name: &str) -> &str {
        let bytes = self
            .files
            .get(name)
            .unwrap_or_else(|| panic!("the epub has no {name}; it has {:?}", self.names));
        std::str::from_utf8(bytes).unwrap()
    }

    /// The package folder's path prefix (`EPUB/`), from `META-INF/container.xml`.
    pub fn package_dir(&self) -> String {
        let container = self.text("META-INF/container.xml");
        let opf = &tags(container, "rootfile")[0]["full-path"];
        opf.rsplit_once('/')
            .map_or(String::new(), |(dir, _)| format!("{dir}/"))
    }

    /// The package document.
    pub fn opf(&self) -> &str {
        let container = self.text("META-INF/container.xml");
        let path = tags(container, "rootfile")[0]["full-path"].clone();
        self.text(&path)
    }

    /// The spine's documents, as zip paths, in reading order.
    pub fn spine(&self) -> Vec<String> {
        let opf = self.opf();
        let items: BTreeMap<String, String> = tags(opf, "item")
            .into_iter()
            .map(|a| (a["id"].clone(), a["href"].clone()))
            .collect();
        let dir = self.package_dir();
        tags(opf, "itemref")
            .iter()
            .map(|a| format!("{dir}{}", items[&a["idref"]]))
            .collect()
    }

    /// The text of the spine's documents in reading order, tags stripped and entities
    /// unescaped.
    pub fn spine_text(&self) -> String {
        self.spine()
            .iter()
            .map(|path| text_of_xhtml(self.text(path)))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The XHTML documents of the package: path and text.
    pub fn xhtml(&self) -> Vec<(String, &str)> {
        self.names
            .iter()
            .filter(|n| n.ends_with(".xhtml"))
            .map(|n| (n.clone(), self.text(n)))
            .collect()
    }
}

/// The attributes of every start tag `<name ...>` of `xml`, in document order.
pub fn tags(xml: &str, name: &str) -> Vec<BTreeMap<String, String>> {
    let mut found = Vec::new();
    let open = format!("<{name}");
    let mut rest = xml;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        rest = after;
        if !after.starts_with([' ', '>', '/', '\n']) {
            continue;
        }
        let end = after.find('>').unwrap();
        found.push(attributes(&after[..end]));
    }
    found
}

/// `a="1" b="two"` as a map, values unescaped.
fn attributes(mut text: &str) -> BTreeMap<String, String> {
    let mut attrs = BTreeMap::new();
    while let Some(eq) = text.find("=\"") {
        let name = text[..eq].trim().to_owned();
        let value_start = eq + 2;
        let value_end = value_start + text[value_start..].find('"').unwrap();
        attrs.insert(name, unescape(&text[value_start..value_end]));
        text = &text[value_end + 1..];
    }
    attrs
}

/// The text of an XHTML document's body: tags dropped (block ends become line ends, a
/// superscript is set apart by spaces), entities unescaped.
pub fn text_of_xhtml(xhtml: &str) -> String {
    let body = xhtml.split_once("<body").map_or(xhtml, |(_, body)| {
        body.split_once('>').map_or(body, |(_, b)| b)
    });
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        out.push_str(&unescape(&rest[..lt]));
        let gt = lt + rest[lt..].find('>').unwrap();
        let tag = &rest[lt + 1..gt];
        let name = tag.trim_start_matches('/');
        let name = name.split([' ', '/', '\n']).next().unwrap_or("");
        if name == "sup" {
            // a note mark is a word apart: a table note's letter must not stick to the
            // word before it
            out.push(' ');
        } else if !matches!(name, "a" | "em" | "strong" | "span" | "sub" | "b" | "i") {
            out.push('\n');
        }
        rest = &rest[gt + 1..];
    }
    out.push_str(&unescape(rest));
    out
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and numeric references, unescaped.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let semi = amp + rest[amp..].find(';').expect("an entity ends with ;");
        let entity = &rest[amp + 1..semi];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).unwrap()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().unwrap()
                } else {
                    panic!("unknown entity &{entity};")
                };
                char::from_u32(code).unwrap()
            }
        };
        out.push(c);
        rest = &rest[semi + 1..];
    }
    out.push_str(rest);
    out
}

/// One message of EPUBCheck.
#[derive(Debug)]
pub struct Message {
    pub severity: String,
    pub id: String,
    pub text: String,
    pub locations: Vec<String>,
}

/// Runs EPUBCheck 5.3 on `epub` and returns its fatal errors, errors and warnings
/// (usage notes left out).
pub fn epubcheck(epub: &Path) -> Vec<Message> {
    let jar = crate::tools::epubcheck_jar();
    // The C1 compiler alone halves EPUBCheck's start-up.
    let out = Command::new("java")
        .arg("-XX:TieredStopAtLevel=1")
        .arg("-jar")
        .arg(&jar)
        .arg(epub)
        .args(["--json", "-"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run java ({e}); install a Java runtime"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "EPUBCheck gave no JSON report ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(report["checker"]["checkerVersion"], "5.3.0");
    let messages = report["messages"].as_array().cloned().unwrap_or_default();
    let found: Vec<Message> = messages
        .iter()
        .map(|m| Message {
            severity: m["severity"].as_str().unwrap_or("").to_owned(),
            id: m["ID"].as_str().unwrap_or("").to_owned(),
            text: m["message"].as_str().unwrap_or("").to_owned(),
            locations: m["locations"]
                .as_array()
                .map(|ls| {
                    ls.iter()
                        .map(|l| format!("{}:{}:{}", l["path"], l["line"], l["column"]))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .filter(|m| matches!(m.severity.as_str(), "FATAL" | "ERROR" | "WARNING"))
        .collect();
    let counted = ["nFatal", "nError", "nWarning"]
        .iter()
        .map(|k| report["checker"][k].as_u64().unwrap_or(0))
        .sum::<u64>();
    assert_eq!(
        counted as usize,
        found.len(),
        "EPUBCheck's counts and messages disagree"
    );
    found
}

/// Asserts that EPUBCheck finds no fatal error, no error and no warning in `epub`.
pub fn assert_epubcheck_clean(epub: &Path) {
    let messages = epubcheck(epub);
    assert!(
        messages.is_empty(),
        "EPUBCheck 5.3 reports {} problems in {}:\n{}",
        messages.len(),
        epub.display(),
        messages
            .iter()
            .map(|m| format!("{} {} {} at {:?}", m.severity, m.id, m.text, m.locations))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_text_come_apart() {
        let xhtml = r##"<html><head><title>T</title></head><body><p id="a&amp;b">x &lt;b&gt; <em>y</em>&#8217;s<sup><a href="#n1">1</a></sup></p><p>z</p></body></html>"##;
        assert_eq!(tags(xhtml, "p")[0]["id"], "a&b");
        assert_eq!(tags(xhtml, "a")[0]["href"], "#n1");
        assert_eq!(text_of_xhtml(xhtml), "\nx <b> y’s 1 \n\nz\n\n\n");
    }
}
