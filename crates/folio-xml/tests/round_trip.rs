//! folio XML reads back into exactly the model that wrote it; the reader refuses what it
//! must refuse, saying where; DocBook and JATS carry every note.
#![allow(clippy::unwrap_used, missing_docs)]

use folio_model::{
    Block, Endnote, Inline, Meta, NoteId, Publication, Related, Report, ResolveOptions, Resolved,
    SourceMap, Summary, resolve,
};
use folio_xml::{XmlError, export_docbook, export_folio_xml, export_jats, read_folio_xml};

fn text(t: &str) -> Inline {
    Inline::text(t)
}

fn para(content: Vec<Inline>) -> Block {
    Block::paragraph(content)
}

fn heading(level: u8, t: &str) -> Block {
    Block::heading(level, vec![text(t)])
}

/// A publication with every kind of block and inline, in every place they can stand.
fn every_kind() -> Publication {
    let mut meta = Meta::titled("Reports & \"Notes\" <2001>");
    meta.subtitle = Some(" A subtitle with  spaces ".into());
    meta.authors = vec!["Ann Ó Briain".into(), "李 小龙".into()];
    meta.editors = vec!["Ed Itor".into()];
    meta.publisher = Some("Human Rights Watch".into());
    meta.date = Some("2001-08".into());
    meta.language = "en-GB".into();
    meta.identifier = Some("urn:isbn:1-56432-262-5".into());
    meta.rights = Some("© 2001 'Landmine Monitor'".into());
    meta.description = Some("Line one\nline two\ttabbed".into());
    meta.subjects = vec!["landmines".into(), "humanitarian law".into()];

    let mut first = Report::new("first-report", "First <Report> & more");
    first.summary = Some(Summary {
        label: Some("Key developments since May 2000".into()),
        blocks: vec![
            para(vec![
                text("Summary cites "),
                Inline::note_ref("a"),
                text("."),
            ]),
            heading(2, "A heading in the summary"),
            para(vec![text("More summary.")]),
        ],
    });
    first.related = vec![
        Related {
            text: "Second report".into(),
            target: Some("#second".into()),
        },
        Related {
            text: "Unlinked report".into(),
            target: None,
        },
    ];
    first.body = vec![
        para(vec![text("Before any heading.")]),
        heading(1, "Section one"),
        para(vec![
            text("  leading and trailing spaces  "),
            Inline::Emphasis {
                content: vec![
                    text("em "),
                    Inline::Strong {
                        content: vec![Inline::Link {
                            url: "https://example.org/?a=1&b=\"2\"".into(),
                            content: vec![text("link"), Inline::note_ref("b")],
                        }],
                    },
                ],
            },
            text("adjacent"),
            text(" runs"),
            text(""),
            text("\r\nCRLF and\ttab; ]]> and 'quotes' \"double\" < > &amp;"),
            Inline::note_ref("a"),
        ]),
        heading(3, "Jump to level three"),
        Block::List {
            start: None,
            items: vec![
                vec![para(vec![text("bullet")])],
                vec![],
                vec![
                    para(vec![text("with a nested list")]),
                    Block::List {
                        start: Some(5),
                        items: vec![
                            vec![para(vec![text("five")])],
                            vec![para(vec![text("six")])],
                        ],
                    },
                    Block::Quote {
                        blocks: vec![para(vec![text("quote in a list")])],
                    },
                    heading(4, "Heading in a list"),
                ],
            ],
        },
        heading(2, "An empty section"),
        Block::heading(1, vec![text("Section two"), Inline::note_ref("a")]),
        Block::Quote {
            blocks: vec![
                heading(2, "Heading in a quote"),
                para(vec![
                    text("Quoted "),
                    Inline::note_ref("b"),
                    text(" twice."),
                ]),
                Block::List {
                    start: Some(1),
                    items: vec![vec![para(vec![text("numbered in a quote")])]],
                },
                Block::Quote { blocks: vec![] },
            ],
        },
        Block::List {
            start: Some(1),
            items: vec![],
        },
        para(vec![]),
        heading(6, "Deepest"),
        para(vec![text("Ünïcödé ‘quotes’ — 😀 and ½.")]),
    ];
    first.endnotes = vec![
        Endnote {
            id: NoteId::from("a"),
            source_label: "^a".into(),
            blocks: vec![
                para(vec![text("First paragraph of note a.")]),
                para(vec![
                    text("Second, with "),
                    Inline::Emphasis {
                        content: vec![text("emphasis")],
                    },
                    text("."),
                ]),
            ],
        },
        Endnote {
            id: NoteId::from("b"),
            source_label: "[b]".into(),
            blocks: vec![
                heading(2, "Heading in a note"),
                Block::List {
                    start: None,
                    items: vec![vec![para(vec![text("list in a note")])]],
                },
                Block::Quote {
                    blocks: vec![para(vec![text("quote in a note")])],
                },
            ],
        },
        Endnote {
            id: NoteId::from("never"),
            source_label: "[never]".into(),
            blocks: vec![para(vec![text("A note nobody cites.")])],
        },
        Endnote {
            id: NoteId::from("empty"),
            source_label: "[empty]".into(),
            blocks: vec![],
        },
    ];
    let second = Report::new("second", "Second");
    Publication::new(meta, vec![first, second])
}

fn resolved(publication: &Publication) -> Resolved<'_> {
    let resolved = resolve(
        publication,
        &ResolveOptions::default(),
        &SourceMap::default(),
    );
    assert!(!resolved.has_errors(), "{:?}", resolved.diagnostics);
    resolved
}

fn folio_xml(publication: &Publication) -> String {
    String::from_utf8(export_folio_xml(&resolved(publication))).unwrap()
}

#[test]
fn every_kind_of_content_reads_back_into_the_same_model() {
    let publication = every_kind();
    let xml = folio_xml(&publication);
    assert_eq!(read_folio_xml(&xml).unwrap(), publication);
    // and one report alone, and nothing at all
    let single = Publication::new(
        publication.meta.clone(),
        vec![publication.reports[0].clone()],
    );
    assert_eq!(read_folio_xml(&folio_xml(&single)).unwrap(), single);
    let empty = Publication::default();
    assert_eq!(read_folio_xml(&folio_xml(&empty)).unwrap(), empty);
}

#[test]
fn the_same_model_gives_the_same_bytes() {
    let publication = every_kind();
    let resolved = resolved(&publication);
    assert_eq!(export_folio_xml(&resolved), export_folio_xml(&resolved));
    assert_eq!(export_docbook(&resolved), export_docbook(&resolved));
    assert_eq!(export_jats(&resolved), export_jats(&resolved));
}

#[test]
fn inline_content_stays_on_one_line() {
    let xml = folio_xml(&every_kind());
    assert!(xml.contains("<paragraph>Summary cites <note-ref note=\"a\"/>.</paragraph>"));
    assert!(xml.contains("adjacent<text> runs</text><text/><text>&#13;\nCRLF"));
    assert!(xml.contains("<heading level=\"3\">Jump to level three</heading>"));
}

/// The error of reading `xml`.
fn refused(xml: &str) -> XmlError {
    read_folio_xml(xml).unwrap_err()
}

#[test]
fn billion_laughs_is_refused_at_the_doctype() {
    let attack = r#"<?xml version="1.0"?>
<!DOCTYPE publication [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<publication xmlns="https://folio.invalid/ns/1" version="1"><meta><title>&lol3;</title><language>en</language></meta></publication>
"#;
    let error = refused(attack);
    assert_eq!(error, XmlError::UnsafeDoctype { line: 2, column: 1 });
    assert!(
        error
            .to_string()
            .contains("refuses a DOCTYPE that declares entities")
    );
}

#[test]
fn external_entities_are_never_read() {
    let attack = r#"<?xml version="1.0"?>
<!DOCTYPE publication [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<publication xmlns="https://folio.invalid/ns/1" version="1"><meta><title>&xxe;</title><language>en</language></meta></publication>
"#;
    assert_eq!(
        refused(attack),
        XmlError::UnsafeDoctype { line: 2, column: 1 }
    );
    let external_dtd = r#"<!DOCTYPE publication SYSTEM "http://example.org/evil.dtd">
<publication xmlns="https://folio.invalid/ns/1" version="1"><meta><title>&xxe;</title><language>en</language></meta></publication>"#;
    assert!(matches!(
        refused(external_dtd),
        XmlError::UnsafeDoctype { line: 1, .. }
    ));
    // Without a DOCTYPE an entity is simply unknown.
    let undeclared = r#"<publication xmlns="https://folio.invalid/ns/1" version="1"><meta><title>&xxe;</title><language>en</language></meta></publication>"#;
    let error = refused(undeclared).to_string();
    assert!(error.contains("unknown entity &xxe;"), "{error}");
}

#[test]
fn errors_say_where_and_what() {
    let xml = "<publication xmlns=\"https://folio.invalid/ns/1\" version=\"1\">\n  <meta><title>T</title><language>en</language></meta>\n  <report id=\"r\">\n    <title>R</title>\n    <body>\n      <para>x</para>\n";
    match refused(xml) {
        XmlError::Invalid {
            line,
            column,
            problem,
        } => {
            assert_eq!((line, column), (6, 7));
            assert_eq!(problem, "unexpected element <para> in a block");
        }
        other => panic!("{other}"),
    }
    let cases = [
        ("<p/>", "not in the folio XML namespace"),
        (
            "<publication xmlns=\"https://folio.invalid/ns/1\" version=\"2\"/>",
            "version \"2\" is not supported",
        ),
        (
            "<publication xmlns=\"https://folio.invalid/ns/1\"/>",
            "lacks its version attribute",
        ),
        (
            "<publication xmlns=\"https://folio.invalid/ns/1\" version=\"1\"><meta><title>T</title><language>en</language></meta><report id=\"r\"><title>R</title><body>stray</body><endnotes/></report></publication>",
            "holds elements, not text",
        ),
        (
            "<publication xmlns=\"https://folio.invalid/ns/1\" version=\"1\"><meta><title>T</title></meta></publication>",
            "lacks its <language>",
        ),
        (
            "<publication xmlns=\"https://folio.invalid/ns/1\" version=\"1\"><meta><title>T</title><language>en</language>",
            "not closed",
        ),
        (
            "<publication xmlns=\"https://folio.invalid/ns/1\" version=\"1\"><meta><title>T</title><language>en</language></meta></publication><x/>",
            "element <x> is not in the folio XML namespace",
        ),
        (
            "<publication xmlns=\"https://folio.invalid/ns/1\" version=\"1\" extra=\"1\"/>",
            "unknown attribute extra",
        ),
        (
            "<publication xmlns=\"https://folio.invalid/ns/1\" version=\"1\"><meta></wrong></publication>",
            "malformed XML",
        ),
        ("", "no <publication> element"),
    ];
    for (xml, expected) in cases {
        let error = refused(xml).to_string();
        assert!(error.contains(expected), "{xml}: {error}");
    }
}

#[test]
fn docbook_puts_each_note_at_its_first_reference_and_keeps_uncited_ones() {
    let publication = every_kind();
    let docbook = String::from_utf8(export_docbook(&resolved(&publication))).unwrap();
    assert!(docbook.contains("<footnote xml:id=\"first-report-n1\"><para>First paragraph of note a.</para><para>Second, with <emphasis>emphasis</emphasis>.</para></footnote>"));
    assert_eq!(docbook.matches("<footnote ").count(), 2);
    assert_eq!(
        docbook
            .matches("<footnoteref linkend=\"first-report-n2\"/>")
            .count(),
        1
    );
    assert!(docbook.contains("<footnoteref linkend=\"first-report-n1\"/>"));
    assert!(docbook.contains("<title>Notes not cited in the text</title>"));
    assert!(docbook.contains("<varlistentry xml:id=\"first-report-n3\">"));
    assert!(docbook.contains("<varlistentry xml:id=\"first-report-n4\">"));
}

#[test]
fn jats_links_every_reference_and_lists_every_note() {
    let publication = every_kind();
    let jats = String::from_utf8(export_jats(&resolved(&publication))).unwrap();
    assert!(jats.contains("<!DOCTYPE book PUBLIC"));
    assert_eq!(jats.matches("<xref ref-type=\"fn\"").count(), 5);
    assert!(jats.contains(
        "<xref ref-type=\"fn\" rid=\"first-report-n2\" id=\"first-report-r2b\">2</xref>"
    ));
    assert_eq!(jats.matches("<fn id=").count(), 4);
    let single = Publication::new(
        publication.meta.clone(),
        vec![publication.reports[0].clone()],
    );
    let jats = String::from_utf8(export_jats(&resolved(&single))).unwrap();
    assert!(jats.contains("<!DOCTYPE article PUBLIC"));
    assert!(jats.contains("<fn id=\"n3\">\n"));
}

#[test]
fn dangling_references_and_odd_ids_do_not_panic() {
    let mut report = Report::new("1 bad id", "R");
    report.body = vec![
        para(vec![Inline::note_ref("missing")]),
        heading(9, "Too deep"),
    ];
    let publication = Publication::new(Meta::titled("P"), vec![report.clone(), report]);
    let resolved = resolve(
        &publication,
        &ResolveOptions::default(),
        &SourceMap::default(),
    );
    assert!(resolved.has_errors());
    for bytes in [
        export_folio_xml(&resolved),
        export_docbook(&resolved),
        export_jats(&resolved),
    ] {
        assert!(String::from_utf8(bytes).unwrap().contains("</"));
    }
}

/// Links whose address no edition makes live: kept for the model as `unsafe-url` and
/// `unsafe-target`, read back into the same model, never a live link in DocBook or
/// JATS; a link with both attributes, or neither, is refused.
#[test]
fn unsafe_links_read_back_and_are_never_live() {
    let mut report = Report::new("r", "R");
    report.related = vec![Related {
        text: "Elsewhere".into(),
        target: Some(" javascript:alert(1)".into()),
    }];
    report.body = vec![para(vec![
        Inline::Link {
            url: "java\tscript:alert(2)".into(),
            content: vec![text("scripted")],
        },
        text(" and "),
        Inline::Link {
            url: "file:///etc/passwd".into(),
            content: vec![Inline::Emphasis {
                content: vec![text("passwords")],
            }],
        },
        text(" and "),
        Inline::Link {
            url: "https://example.org/".into(),
            content: vec![text("web")],
        },
    ])];
    let publication = Publication::new(Meta::titled("Links"), vec![report]);
    let xml = folio_xml(&publication);
    assert!(xml.contains("<related unsafe-target=\" javascript:alert(1)\">Elsewhere</related>"));
    assert!(xml.contains("<link unsafe-url=\"file:///etc/passwd\"><emphasis>passwords"));
    assert!(xml.contains("<link url=\"https://example.org/\">web</link>"));
    assert_eq!(read_folio_xml(&xml).unwrap(), publication);
    let resolved = resolved(&publication);
    for edition in [export_docbook(&resolved), export_jats(&resolved)] {
        let edition = String::from_utf8(edition).unwrap();
        assert_eq!(edition.matches("xlink:href=").count(), 1, "{edition}");
        assert!(edition.contains("xlink:href=\"https://example.org/\""));
        assert!(edition.contains("scripted") && edition.contains("Elsewhere"));
    }
    let head = "<publication xmlns=\"https://folio.invalid/ns/1\" version=\"1\"><meta><title>T</title><language>en</language></meta><report id=\"r\"><title>R</title><body><paragraph>";
    let both = format!(
        "{head}<link url=\"a\" unsafe-url=\"b\">x</link></paragraph></body><endnotes/></report></publication>"
    );
    assert!(
        refused(&both)
            .to_string()
            .contains("both url and unsafe-url")
    );
    let neither =
        format!("{head}<link>x</link></paragraph></body><endnotes/></report></publication>");
    assert!(
        refused(&neither)
            .to_string()
            .contains("lacks its url attribute")
    );
}
