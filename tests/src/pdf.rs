//! What a PDF holds, read with the real tools: qpdf's JSON view (links, named
//! destinations, outline), pdffonts, pdfinfo and pdftotext's bounding boxes.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::tools::run;

/// The parts of a PDF the tests check.
#[derive(Debug, Default)]
pub struct PdfFacts {
    /// Link annotations: the named destination (or URI) and the alternate text.
    pub links: Vec<Link>,
    /// The document's named destinations and the index of the page each is on.
    pub destinations: HashMap<String, usize>,
    /// The outline, depth first: (depth from 0, title).
    pub outline: Vec<(usize, String)>,
    /// The document catalog's /Lang.
    pub language: Option<String>,
    /// How many pages.
    pub page_count: usize,
}

/// A link annotation.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub destination: Option<String>,
    pub uri: Option<String>,
    pub alt: Option<String>,
    pub page: usize,
}

fn text(value: &Value) -> Option<String> {
    let s = value.as_str()?;
    Some(
        s.strip_prefix("u:")
            .or_else(|| s.strip_prefix("b:"))
            .unwrap_or(s)
            .to_owned(),
    )
}

/// Reads `pdf` with `qpdf --json`.
pub fn facts(pdf: &Path) -> PdfFacts {
    let json = run(
        "qpdf",
        &[
            "--json".as_ref(),
            "--json-key=qpdf".as_ref(),
            "--json-key=pages".as_ref(),
            pdf.as_os_str(),
        ],
    );
    let root: Value = serde_json::from_str(&json).expect("qpdf --json gives JSON");
    let objects = root["qpdf"][1].as_object().expect("qpdf objects").clone();
    let object = |reference: &Value| -> Value {
        let key = format!("obj:{}", reference.as_str().unwrap_or(""));
        objects
            .get(&key)
            .map(|o| o["value"].clone())
            .unwrap_or(Value::Null)
    };
    let resolve = |value: &Value| -> Value {
        match value.as_str() {
            Some(s) if s.ends_with(" R") => object(value),
            _ => value.clone(),
        }
    };
    let mut facts = PdfFacts::default();
    let pages = root["pages"].as_array().cloned().unwrap_or_default();
    facts.page_count = pages.len();
    for (p, page) in pages.iter().enumerate() {
        let dict = resolve(&page["object"]);
        let annots = resolve(&dict["/Annots"]);
        for annot in annots.as_array().cloned().unwrap_or_default() {
            let a = resolve(&annot);
            if a["/Subtype"] != "/Link" {
                continue;
            }
            let action = resolve(&a["/A"]);
            facts.links.push(Link {
                destination: text(&a["/Dest"]),
                uri: text(&action["/URI"]),
                alt: text(&a["/Contents"]),
                page: p,
            });
        }
    }
    let catalog = objects
        .values()
        .map(|o| &o["value"])
        .find(|v| v["/Type"] == "/Catalog")
        .cloned()
        .unwrap_or(Value::Null);
    facts.language = text(&catalog["/Lang"]);
    let page_index: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p["object"].as_str().unwrap_or("").to_owned(), i))
        .collect();
    let names = resolve(&resolve(&catalog["/Names"])["/Dests"]);
    let mut pairs = Vec::new();
    collect_names(&names, &resolve, &mut pairs);
    for (name, destination) in pairs {
        let array = resolve(&destination);
        let page = array[0].as_str().and_then(|r| page_index.get(r)).copied();
        if let Some(page) = page {
            facts.destinations.insert(name, page);
        }
    }
    let outlines = resolve(&catalog["/Outlines"]);
    walk_outline(
        &resolve(&outlines["/First"]),
        0,
        &resolve,
        &mut facts.outline,
    );
    facts
}

fn collect_names(node: &Value, resolve: &dyn Fn(&Value) -> Value, out: &mut Vec<(String, Value)>) {
    if let Some(names) = node["/Names"].as_array() {
        for pair in names.chunks(2) {
            if let (Some(name), Some(value)) = (text(&pair[0]), pair.get(1)) {
                out.push((name, value.clone()));
            }
        }
    }
    for kid in node["/Kids"].as_array().cloned().unwrap_or_default() {
        collect_names(&resolve(&kid), resolve, out);
    }
}

fn walk_outline(
    node: &Value,
    depth: usize,
    resolve: &dyn Fn(&Value) -> Value,
    out: &mut Vec<(usize, String)>,
) {
    let mut current = node.clone();
    let mut guard = 0;
    while current.is_object() && guard < 100_000 {
        out.push((depth, text(&current["/Title"]).unwrap_or_default()));
        let first = resolve(&current["/First"]);
        if first.is_object() {
            walk_outline(&first, depth + 1, resolve, out);
        }
        current = resolve(&current["/Next"]);
        guard += 1;
    }
}

/// One font as pdffonts lists it.
#[derive(Debug)]
pub struct FontRow {
    pub name: String,
    pub embedded: bool,
    pub subset: bool,
    pub unicode: bool,
}

/// The fonts of `pdf`, from pdffonts.
pub fn fonts(pdf: &Path) -> Vec<FontRow> {
    run("pdffonts", &[pdf.as_os_str()])
        .lines()
        .skip(2)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let n = fields.len();
            (n >= 7).then(|| FontRow {
                name: fields[0].to_owned(),
                embedded: fields[n - 5] == "yes",
                subset: fields[n - 4] == "yes",
                unicode: fields[n - 3] == "yes",
            })
        })
        .collect()
}

/// pdfinfo's fields.
pub fn info(pdf: &Path) -> HashMap<String, String> {
    run("pdfinfo", &["-isodates".as_ref(), pdf.as_os_str()])
        .lines()
        .filter_map(|line| {
            let (key, value) = line.split_once(':')?;
            Some((key.trim().to_owned(), value.trim().to_owned()))
        })
        .collect()
}

/// Lines that stick out past the right edge of the text block, as `overfull.py`
/// counts them: the edge is the most common right end of lines on a page; a line ending
/// more than 4 pt past it is overfull. Gives (overfull, lines).
pub fn overfull_lines(pdf: &Path) -> (usize, usize) {
    let xml = run(
        "pdftotext",
        &["-bbox-layout".as_ref(), pdf.as_os_str(), "-".as_ref()],
    );
    let mut over = 0;
    let mut total = 0;
    for page in xml.split("<page ").skip(1) {
        let mut ends = Vec::new();
        for chunk in page.split("<line ").skip(1) {
            let x_max = attribute(chunk, "xMax");
            if let Some(x) = x_max {
                ends.push(x);
            }
        }
        if ends.is_empty() {
            continue;
        }
        let mut counts: HashMap<i64, usize> = HashMap::new();
        for &x in &ends {
            *counts.entry(x.round() as i64).or_default() += 1;
        }
        let edge = counts
            .iter()
            .max_by_key(|&(x, n)| (*n, *x))
            .map(|(&x, _)| x as f64)
            .unwrap_or(0.0);
        total += ends.len();
        over += ends.iter().filter(|&&x| x > edge + 4.0).count();
    }
    (over, total)
}

/// A line of text as pdftotext's layout finds it.
#[derive(Debug, Clone)]
pub struct LineBox {
    /// The page, from 1.
    pub page: usize,
    pub x_min: f64,
    pub x_max: f64,
    /// Its words, joined by spaces.
    pub text: String,
}

/// The width of each page and the lines of text on it, from `pdftotext -bbox-layout`.
pub fn line_boxes(pdf: &Path) -> (Vec<f64>, Vec<LineBox>) {
    let xml = run(
        "pdftotext",
        &["-bbox-layout".as_ref(), pdf.as_os_str(), "-".as_ref()],
    );
    let mut widths = Vec::new();
    let mut lines = Vec::new();
    for (p, page) in xml.split("<page ").skip(1).enumerate() {
        widths.push(attribute(page, "width").unwrap_or(0.0));
        for chunk in page.split("<line ").skip(1) {
            let chunk = &chunk[..chunk.find("</line>").unwrap_or(chunk.len())];
            let words: Vec<&str> = chunk
                .split("<word ")
                .skip(1)
                .filter_map(|w| {
                    let start = w.find('>')? + 1;
                    let end = w.find("</word>")?;
                    w.get(start..end)
                })
                .collect();
            lines.push(LineBox {
                page: p + 1,
                x_min: attribute(chunk, "xMin").unwrap_or(0.0),
                x_max: attribute(chunk, "xMax").unwrap_or(0.0),
                text: words.join(" "),
            });
        }
    }
    (widths, lines)
}

fn attribute(chunk: &str, name: &str) -> Option<f64> {
    let start = chunk.find(&format!("{name}=\""))? + name.len() + 2;
    let end = start + chunk[start..].find('"')?;
    chunk[start..end].parse().ok()
}

/// One element of a PDF's structure tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub depth: usize,
    /// The structure type without its slash: `P`, `H1`, `Note`...
    pub kind: String,
    /// The element's title (`/T`), which headings carry.
    pub title: Option<String>,
    /// Its alternate text (`/Alt`), which figures carry.
    pub alt: Option<String>,
    /// The types of its element children, in order.
    pub children: Vec<String>,
    /// Its attributes (`/A`, the owner `/O` left out), as `(name, value)` without
    /// slashes: `("Scope", "Column")`, `("ColSpan", "2")`.
    pub attributes: Vec<(String, String)>,
    /// The pages (from 1) of the marked content right under it.
    pub pages: Vec<usize>,
}

impl Element {
    /// The value of attribute `name`.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The tagged-PDF facts of `pdf`: whether its MarkInfo says Marked, and its structure
/// tree depth first (empty when there is none).
pub fn structure(pdf: &Path) -> (bool, Vec<Element>) {
    let json = run(
        "qpdf",
        &[
            "--json".as_ref(),
            "--json-key=qpdf".as_ref(),
            "--json-key=pages".as_ref(),
            pdf.as_os_str(),
        ],
    );
    let root: Value = serde_json::from_str(&json).expect("qpdf --json gives JSON");
    let objects = root["qpdf"][1].as_object().expect("qpdf objects").clone();
    let page_numbers: HashMap<String, usize> = root["pages"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, p)| (p["object"].as_str().unwrap_or("").to_owned(), i + 1))
        .collect();
    let resolve = |value: &Value| -> Value {
        match value.as_str() {
            Some(s) if s.ends_with(" R") => objects
                .get(&format!("obj:{s}"))
                .map(|o| o["value"].clone())
                .unwrap_or(Value::Null),
            _ => value.clone(),
        }
    };
    let catalog = objects
        .values()
        .map(|o| &o["value"])
        .find(|v| v["/Type"] == "/Catalog")
        .cloned()
        .unwrap_or(Value::Null);
    let marked = resolve(&catalog["/MarkInfo"])["/Marked"] == Value::Bool(true);
    let mut elements = Vec::new();
    let tree = resolve(&catalog["/StructTreeRoot"]);
    fn kids(node: &Value, resolve: &dyn Fn(&Value) -> Value) -> Vec<Value> {
        let k = resolve(&node["/K"]);
        match k {
            Value::Array(items) => items.iter().map(resolve).collect(),
            Value::Null => Vec::new(),
            other => vec![other],
        }
    }
    struct Walk<'a> {
        resolve: &'a dyn Fn(&Value) -> Value,
        page_numbers: &'a HashMap<String, usize>,
    }
    fn walk(node: &Value, depth: usize, w: &Walk<'_>, out: &mut Vec<Element>) {
        let resolve = w.resolve;
        for kid in kids(node, resolve) {
            let Some(kind) = kid["/S"].as_str() else {
                continue;
            };
            let grandchildren = kids(&kid, resolve);
            let children = grandchildren
                .iter()
                .filter_map(|c| {
                    c["/S"]
                        .as_str()
                        .map(|s| s.trim_start_matches('/').to_owned())
                })
                .collect();
            let page_of = |page: &Value| page.as_str().and_then(|p| w.page_numbers.get(p)).copied();
            // marked content: a number on the element's page, or a reference with its own
            let mut pages: Vec<usize> = Vec::new();
            for (raw, resolved) in kid_refs(&kid).iter().zip(&grandchildren) {
                let page = if raw.is_number() {
                    page_of(&kid["/Pg"])
                } else if resolved["/Type"] == "/MCR" {
                    page_of(&resolved["/Pg"]).or_else(|| page_of(&kid["/Pg"]))
                } else {
                    None
                };
                if let Some(page) = page
                    && !pages.contains(&page)
                {
                    pages.push(page);
                }
            }
            let mut attributes = Vec::new();
            let a = resolve(&kid["/A"]);
            let dicts = match a {
                Value::Array(items) => items.iter().map(resolve).collect(),
                Value::Null => Vec::new(),
                other => vec![other],
            };
            for dict in dicts {
                for (name, value) in dict.as_object().into_iter().flatten() {
                    if name != "/O" {
                        let value = match value {
                            Value::String(s) => s.trim_start_matches('/').to_owned(),
                            other => other.to_string(),
                        };
                        attributes.push((name.trim_start_matches('/').to_owned(), value));
                    }
                }
            }
            out.push(Element {
                depth,
                kind: kind.trim_start_matches('/').to_owned(),
                title: text(&kid["/T"]),
                alt: text(&kid["/Alt"]),
                children,
                attributes,
                pages,
            });
            walk(&kid, depth + 1, w, out);
        }
    }
    /// The kids of `node` as written (numbers stay numbers, references references).
    fn kid_refs(node: &Value) -> Vec<Value> {
        match &node["/K"] {
            Value::Array(items) => items.clone(),
            Value::Null => Vec::new(),
            other => vec![other.clone()],
        }
    }
    let w = Walk {
        resolve: &resolve,
        page_numbers: &page_numbers,
    };
    walk(&tree, 0, &w, &mut elements);
    (marked, elements)
}

/// The page content drawn outside any marked-content sequence (neither tagged nor an
/// artifact): text-showing and path-painting operators at nesting depth 0, per page.
pub fn untagged_content(pdf: &Path) -> Vec<(usize, String)> {
    let text = crate::tools::qdf(pdf);
    let mut found = Vec::new();
    for (page, chunk) in text.split("%% Contents for page ").skip(1).enumerate() {
        let Some(start) = chunk.find("stream\n") else {
            continue;
        };
        let body = &chunk[start + 7..];
        let body = &body[..body.find("endstream").unwrap_or(body.len())];
        let mut depth = 0i32;
        // operators follow their operands, sometimes with no space (`>>BDC`)
        for token in body.split(|c: char| c.is_whitespace() || matches!(c, '[' | ']' | '>' | ')')) {
            match token {
                "BDC" | "BMC" => depth += 1,
                "EMC" => depth -= 1,
                "TJ" | "Tj" | "'" | "\"" | "f" | "F" | "f*" | "S" | "B" if depth == 0 => {
                    found.push((page + 1, token.to_owned()))
                }
                _ => {}
            }
        }
    }
    found
}

/// A line of `pdfimages -list`: an image drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageRow {
    /// The page, from 1.
    pub page: usize,
    /// `image`, or `smask` for an image's transparency.
    pub kind: String,
    pub width: u32,
    pub height: u32,
    /// The number of the PDF object that holds it: the same for every use of one image.
    pub object: u32,
    /// Its resolution as drawn, in pixels per inch.
    pub x_ppi: f64,
    pub y_ppi: f64,
}

/// Every image drawn in `pdf`, as `pdfimages -list` lists them (once per use).
pub fn images(pdf: &Path) -> Vec<ImageRow> {
    let list = run("pdfimages", &["-list".as_ref(), pdf.as_os_str()]);
    list.lines()
        .skip(2)
        .filter_map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            Some(ImageRow {
                page: f.first()?.parse().ok()?,
                kind: (*f.get(2)?).to_owned(),
                width: f.get(3)?.parse().ok()?,
                height: f.get(4)?.parse().ok()?,
                object: f.get(10)?.parse().ok()?,
                x_ppi: f.get(12)?.parse().ok()?,
                y_ppi: f.get(13)?.parse().ok()?,
            })
        })
        .collect()
}

/// A box on a page, in points from its top left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// A line of text with its box.
#[derive(Debug, Clone)]
pub struct TextLine {
    pub text: String,
    pub bbox: Bounds,
}

/// What a page shows, as mutool's structured text gives it: its images and lines of
/// text, in the order they are drawn.
#[derive(Debug, Clone, Default)]
pub struct StructuredPage {
    pub images: Vec<Bounds>,
    pub lines: Vec<TextLine>,
}

fn bounds(chunk: &str) -> Option<Bounds> {
    let start = chunk.find("bbox=\"")? + 6;
    let end = start + chunk[start..].find('"')?;
    let n: Vec<f64> = chunk[start..end]
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    match n[..] {
        [x0, y0, x1, y1] => Some(Bounds { x0, y0, x1, y1 }),
        _ => None,
    }
}

/// The pages of `pdf` read by `mutool convert -F stext` (with its images): where each image
/// and each line of text is (vector drawings, such as an SVG's, are not listed).
pub fn stext(pdf: &Path) -> Vec<StructuredPage> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pages.stext");
    run(
        "mutool",
        &[
            "convert".as_ref(),
            "-F".as_ref(),
            "stext".as_ref(),
            "-O".as_ref(),
            "preserve-images".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
            pdf.as_os_str(),
        ],
    );
    let xml = std::fs::read_to_string(&out).unwrap();
    xml.split("<page ")
        .skip(1)
        .map(|page| {
            let mut out = StructuredPage::default();
            for chunk in page.split("<image ").skip(1) {
                let head = &chunk[..chunk.find('>').unwrap_or(chunk.len())];
                out.images.extend(bounds(head));
            }
            for chunk in page.split("<line ").skip(1) {
                let chunk = &chunk[..chunk.find("</line>").unwrap_or(chunk.len())];
                let head = &chunk[..chunk.find('>').unwrap_or(chunk.len())];
                let Some(bbox) = bounds(head) else {
                    continue;
                };
                let text: String = chunk
                    .split("<char ")
                    .skip(1)
                    .filter_map(|c| {
                        let start = c.find("c=\"")? + 3;
                        let end = start + c[start..].find('"')?;
                        Some(crate::epub::unescape(&c[start..end]))
                    })
                    .collect();
                out.lines.push(TextLine { text, bbox });
            }
            out
        })
        .collect()
}

/// Where an image or a form is drawn in a page's content: the page (from 1), the
/// marked content it is drawn in (`Artifact`, or the tag of tagged content), and
/// whether that has an MCID (content of a structure element).
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub page: usize,
    pub tag: String,
    pub mcid: bool,
}

/// Every `Do` (an image or a form drawn) in the page contents of `pdf`, with the
/// innermost marked content around it (`tag` empty when there is none).
pub fn image_marks(pdf: &Path) -> Vec<Mark> {
    let text = crate::tools::qdf(pdf);
    let mut found = Vec::new();
    for (page, chunk) in text.split("%% Contents for page ").skip(1).enumerate() {
        let Some(start) = chunk.find("stream\n") else {
            continue;
        };
        let body = &chunk[start + 7..];
        let body = &body[..body.find("endstream").unwrap_or(body.len())];
        let mut open: Vec<(String, bool)> = Vec::new();
        let mut operands: Vec<String> = Vec::new();
        for token in content_tokens(body) {
            let operator = token
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '\'' || c == '"')
                && !matches!(token.as_str(), "true" | "false" | "null");
            if !operator {
                operands.push(token);
                continue;
            }
            match token.as_str() {
                "BDC" | "BMC" => {
                    let tag = operands.iter().find(|o| o.starts_with('/')).cloned();
                    let mcid = operands.iter().any(|o| o == "/MCID");
                    let tag = tag.unwrap_or_default().trim_start_matches('/').to_owned();
                    open.push((tag, mcid));
                }
                "EMC" => {
                    open.pop();
                }
                "Do" => {
                    let (tag, mcid) = open.last().cloned().unwrap_or_default();
                    found.push(Mark {
                        page: page + 1,
                        tag,
                        mcid,
                    });
                }
                _ => {}
            }
            operands.clear();
        }
    }
    found
}

/// The tokens of a content stream: names, numbers, operators and the delimiters `<<`,
/// `>>`, `[`, `]`; a string stands as one token `()`.
fn content_tokens(body: &str) -> Vec<String> {
    let bytes = body.as_bytes();
    let delimiter = |b: u8| b"()<>[]{}/%".contains(&b) || b.is_ascii_whitespace();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
        } else if b == b'(' {
            let mut depth = 0;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 1,
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            i += 1;
            tokens.push("()".to_owned());
        } else if bytes[i..].starts_with(b"<<") || bytes[i..].starts_with(b">>") {
            tokens.push(body[i..i + 2].to_owned());
            i += 2;
        } else if b == b'<' {
            while i < bytes.len() && bytes[i] != b'>' {
                i += 1;
            }
            i += 1;
            tokens.push("<>".to_owned());
        } else if b == b'[' || b == b']' {
            tokens.push((b as char).to_string());
            i += 1;
        } else {
            let start = i;
            i += 1;
            while i < bytes.len() && !delimiter(bytes[i]) {
                i += 1;
            }
            tokens.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
        }
    }
    tokens
}
