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
    // a report in a language of its own
    let mut second = Report::new("second", "الثاني");
    second.language = Some("ar".into());
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
fn the_languages_are_marked_in_every_xml_edition() {
    let publication = every_kind();
    let resolved = resolved(&publication);
    let folio = String::from_utf8(export_folio_xml(&resolved)).unwrap();
    assert!(
        folio.contains(" version=\"1\" xml:lang=\"en-GB\">"),
        "{folio}"
    );
    assert!(folio.contains("<report id=\"second\" xml:lang=\"ar\">"));
    assert!(folio.contains("<report id=\"first-report\">"));
    let docbook = String::from_utf8(export_docbook(&resolved)).unwrap();
    assert!(docbook.contains(" version=\"5.0\" xml:lang=\"en-GB\">"));
    assert!(docbook.contains("<chapter xml:id=\"second\" xml:lang=\"ar\">"));
    let jats = String::from_utf8(export_jats(&resolved)).unwrap();
    assert!(jats.contains(" dtd-version=\"2.0\" xml:lang=\"en-GB\">"));
    assert!(jats.contains("book-part-type=\"chapter\" xml:lang=\"ar\">"));
    // an article is its one report, in the report's language
    let alone = Publication::new(
        publication.meta.clone(),
        vec![publication.reports[1].clone()],
    );
    let resolved = self::resolved(&alone);
    let docbook = String::from_utf8(export_docbook(&resolved)).unwrap();
    assert!(docbook.contains("<article xmlns="));
    assert!(docbook.contains(" xml:lang=\"ar\""));
    let jats = String::from_utf8(export_jats(&resolved)).unwrap();
    assert!(jats.contains("dtd-version=\"1.3\" xml:lang=\"ar\""));
    // xml:lang stands on the publication and reports only
    let stray = folio.replace("<body>", "<body xml:lang=\"fr\">");
    assert!(read_folio_xml(&stray).is_err());
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

/// A publication with tables in every place they can stand: in the body, in a quote, in
/// a list item and in the summary, with every field of the model set and unset.
fn with_tables() -> Publication {
    use folio_model::{Align, Cell, ColumnSpec, Row, Table};

    fn cell(t: &str) -> Cell {
        Cell::text(t)
    }
    let mut full = Table::new(vec![
        ColumnSpec::aligned(Align::Left),
        ColumnSpec::with_width(Align::Right, 2),
        ColumnSpec::with_width(Align::Center, 0),
        ColumnSpec::default(),
    ]);
    full.label = Some("casualties".into());
    full.caption = vec![
        text("Casualties "),
        Inline::Emphasis {
            content: vec![text("by province")],
        },
        Inline::note_ref("t"),
    ];
    full.head = vec![
        Row::new(vec![
            Cell::inlines(vec![text("Province"), Inline::note_ref("h")]).spanning(1, 2),
            cell("Casualties").spanning(2, 1),
            cell("Source").spanning(1, 2),
        ]),
        Row::new(vec![cell("Killed"), cell("Injured")]),
    ];
    let mut blocks = Cell::default();
    blocks.blocks = vec![
        para(vec![text("Two")]),
        Block::List {
            start: None,
            items: vec![vec![para(vec![text("paragraphs")])]],
        },
    ];
    full.body = vec![
        Row::new(vec![
            cell("Kangwon & <Hwanghae>"),
            Cell::inlines(vec![text("12"), Inline::note_ref("t")]),
            cell(" 3 "),
            Cell::default(),
        ]),
        Row::new(vec![blocks.spanning(2, 1), cell("x"), cell("y")]),
        // a short row and a long one: warnings, and the cells are kept
        Row::new(vec![cell("short")]),
        Row::new(vec![
            cell("1"),
            cell("2"),
            cell("3"),
            cell("4"),
            cell("long"),
        ]),
        Row::new(vec![]),
    ];
    full.foot = vec![Row::new(vec![
        cell("Total").spanning(3, 1),
        Cell::inlines(vec![text("15"), Inline::note_ref("a")]),
    ])];
    let mut bare = Table::new(vec![ColumnSpec::default()]);
    bare.body = vec![Row::new(vec![cell("only")])];
    let mut report = Report::new("tables", "Tables");
    report.summary = Some(Summary {
        label: None,
        blocks: vec![Block::table(bare.clone())],
    });
    report.body = vec![
        para(vec![text("Cites a"), Inline::note_ref("a"), text(".")]),
        Block::table(full),
        Block::Quote {
            blocks: vec![Block::table(bare.clone())],
        },
        Block::List {
            start: Some(2),
            items: vec![vec![para(vec![text("item")]), Block::table(bare)]],
        },
    ];
    report.endnotes = ["a", "t", "h"]
        .into_iter()
        .map(|id| Endnote::new(NoteId::from(id), vec![para(vec![text(id)])]))
        .collect();
    Publication::new(Meta::titled("Tables"), vec![report])
}

#[test]
fn tables_read_back_into_the_same_model() {
    let publication = with_tables();
    let xml = folio_xml(&publication);
    assert_eq!(read_folio_xml(&xml).unwrap(), publication);
    assert!(xml.contains("<table label=\"casualties\">\n"), "{xml}");
    assert!(xml.contains(
        "<caption>Casualties <emphasis>by province</emphasis><note-ref note=\"t\"/></caption>"
    ));
    assert!(xml.contains("<column align=\"right\" width=\"2\"/>\n"));
    assert!(xml.contains("<column/>\n"));
    assert!(xml.contains("<cell rowspan=\"2\">\n"));
    assert!(xml.contains("<cell colspan=\"3\">\n"));
    assert!(xml.contains("<cell/>\n"));
    assert!(xml.contains("<row/>\n"));
    assert!(!xml.contains("colspan=\"1\""));
    let resolved = resolved(&publication);
    assert_eq!(export_folio_xml(&resolved), export_folio_xml(&resolved));
}

/// Reads `xml` with where its parts are, as `folio check` would.
fn with_sources(xml: &str) -> (Publication, Vec<folio_model::ReportSource>) {
    folio_xml::read_folio_xml_located(xml, "t.xml", folio_xml::MAX_DEPTH).unwrap()
}

#[test]
fn the_reader_says_where_tables_notes_and_references_are() {
    let xml = folio_xml(&with_tables());
    let (publication, sources) = with_sources(&xml);
    assert_eq!(publication, with_tables());
    let source = &sources[0];
    assert_eq!(source.file, "t.xml");
    let line_of = |needle: &str, nth: usize| {
        xml.lines()
            .enumerate()
            .filter(|(_, line)| line.contains(needle))
            .nth(nth)
            .map(|(i, line)| (i as u32 + 1, line.find('<').unwrap() as u32 + 1))
            .unwrap()
    };
    // the summary's table, then the body's three, as Report::for_each_block meets them
    let tables: Vec<_> = (0..4).map(|n| line_of("<table", n)).collect();
    assert_eq!(source.tables, tables);
    assert_eq!(
        source.notes,
        (0..3).map(|n| line_of("<endnote ", n)).collect::<Vec<_>>()
    );
    // a reference for each of note_refs(), in its order; the caption's before the cells'
    let report = &publication.reports[0];
    let ids: Vec<&str> = report.note_refs().iter().map(|id| id.as_str()).collect();
    assert_eq!(ids, ["a", "t", "h", "t", "a"]);
    assert_eq!(source.refs.len(), 5);
    let caption = line_of("<caption>", 0);
    assert_eq!(source.refs[1].0, caption.0);
    assert!(
        source.refs.windows(2).all(|w| w[0] < w[1]),
        "{:?}",
        source.refs
    );
}

#[test]
fn a_bad_table_is_refused_at_its_element() {
    let document = |table: &str| {
        format!(
            "<publication xmlns=\"https://folio.invalid/ns/1\" version=\"1\">\n<meta><title>T</title><language>en</language></meta>\n<report id=\"r\"><title>R</title><body>\n{table}\n</body><endnotes/></report></publication>"
        )
    };
    let cases = [
        (
            "<table><column align=\"middle\"/><body/></table>",
            (4, 8),
            "column align \"middle\" is not left, center or right",
        ),
        (
            "<table><column/><body><row><cell colspan=\"two\"/></row></body></table>",
            (4, 28),
            "<cell> colspan \"two\" is not a whole number",
        ),
        (
            "<table><column width=\"-1\"/><body/></table>",
            (4, 8),
            "<column> width \"-1\" is not a whole number",
        ),
        (
            "<table><column/></table>",
            (4, 1),
            "<table> lacks its <body>",
        ),
        (
            "<table><column/><body/><caption>late</caption></table>",
            (4, 24),
            "unexpected element <caption> in <table>",
        ),
        (
            "<table><body><cell/></body></table>",
            (4, 14),
            "unexpected element <cell> in <body>",
        ),
        (
            "<table><column>x</column><body/></table>",
            (4, 8),
            "<column> must be empty",
        ),
        (
            "<table><body><row><cell bad=\"1\"/></row></body></table>",
            // at the attribute itself
            (4, 25),
            "<cell> has an unknown attribute bad",
        ),
    ];
    for (table, (line, column), expected) in cases {
        match refused(&document(table)) {
            XmlError::Invalid {
                line: l,
                column: c,
                problem,
            } => {
                assert!(problem.contains(expected), "{table}: {problem}");
                assert_eq!((l, c), (line, column), "{table}: {problem}");
            }
            other => panic!("{table}: {other}"),
        }
    }
    // what reads but is wrong is resolve's to say, at the table's place
    let (publication, sources) = with_sources(&document(
        "<table><column/><body><row><cell colspan=\"2\"/></row></body></table>\n<table><column/><body/></table>",
    ));
    let sources = SourceMap { reports: sources };
    let resolved = resolve(&publication, &ResolveOptions::default(), &sources);
    let messages: Vec<String> = resolved
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].starts_with("t.xml:4:1: error: table 1: cell 1 of body row 1 spans 2 columns"),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with("t.xml:5:1: error: table 2: the table is empty"),
        "{messages:?}"
    );
}

/// Figures: a labelled one citing a note in its caption, one with no caption and an
/// empty alt text, one in a table cell, each kind of image.
fn with_figures() -> Publication {
    use folio_model::{Cell, ColumnSpec, Figure, Image, MediaType, Row, Table};
    let image = |src: &str, media_type| Image::new(src, media_type, (640, 480), vec![1u8]);
    let mut labelled = Figure::new(
        image("charts/Casualties 2000.PNG", MediaType::Png),
        vec![
            text("Casualties, "),
            Inline::Emphasis {
                content: vec![text("2000")],
            },
            Inline::note_ref("a"),
        ],
        "Bars rising from 12 to 40 & more <here>",
    );
    labelled.label = Some("fig-casualties".into());
    let decorative = Figure::new(image("rule.svg", MediaType::Svg), Vec::new(), "");
    let mut table = Table::new(vec![ColumnSpec::default()]);
    let mut cell = Cell::default();
    cell.blocks = vec![Block::figure(Figure::new(
        image("m.gif", MediaType::Gif),
        vec![text("In a cell")],
        "A marker",
    ))];
    table.body = vec![Row::new(vec![cell])];
    let mut report = Report::new("r", "R");
    report.body = vec![
        Block::figure(labelled),
        para(vec![text("Text.")]),
        Block::figure(decorative),
        Block::table(table),
        Block::figure(Figure::new(
            image("photo.jpg", MediaType::Jpeg),
            vec![text("A photograph")],
            "A field",
        )),
    ];
    report.endnotes = vec![Endnote {
        id: NoteId("a".into()),
        source_label: "[^a]".into(),
        blocks: vec![para(vec![text("ICRC.")])],
    }];
    Publication::new(Meta::titled("Figures"), vec![report])
}

#[test]
fn figures_read_back_into_the_same_model_and_say_where_they_are() {
    let publication = with_figures();
    let xml = folio_xml(&publication);
    assert!(xml.contains(
        "<figure label=\"fig-casualties\">\n        <image src=\"charts/Casualties 2000.PNG\" media-type=\"image/png\" width=\"640\" height=\"480\"/>\n        <caption>Casualties, <emphasis>2000</emphasis><note-ref note=\"a\"/></caption>\n        <alt>Bars rising from 12 to 40 &amp; more &lt;here&gt;</alt>\n      </figure>"
    ), "{xml}");
    assert!(xml.contains("<alt></alt>"), "{xml}");
    let (read, sources) = with_sources(&xml);
    // the same model, but for the bytes, which the XML names rather than holds
    assert_eq!(read.reports.len(), 1);
    let figure_images = |p: &Publication| {
        let mut found = Vec::new();
        p.reports[0].for_each_block(&mut |block| {
            if let Block::Figure(figure) = block {
                found.push((
                    figure.label.clone(),
                    figure.image.src.clone(),
                    figure.image.media_type,
                    figure.caption.clone(),
                    figure.alt.clone(),
                ));
            }
        });
        found
    };
    assert_eq!(figure_images(&read), figure_images(&publication));
    // written again, the same bytes
    assert_eq!(folio_xml(&read), xml);
    let lines: Vec<u32> = xml
        .lines()
        .enumerate()
        .filter(|(_, line)| line.contains("<image "))
        .map(|(i, _)| i as u32 + 1)
        .collect();
    assert_eq!(
        sources[0]
            .figures
            .iter()
            .map(|&(line, _)| line)
            .collect::<Vec<_>>(),
        lines
    );
    assert_eq!(sources[0].refs.len(), 1);
}

#[test]
fn figures_name_their_images_under_a_media_folder_when_asked() {
    let publication = with_figures();
    let resolved = resolved(&publication);
    let options = folio_xml::XmlOptions::with_media_folder("figures.media");
    let xml = String::from_utf8(folio_xml::export_folio_xml_with(&resolved, &options)).unwrap();
    assert!(xml.contains("src=\"figures.media/photo.jpg\""), "{xml}");
    assert!(xml.contains("src=\"figures.media/m.gif\""), "{xml}");
    // a path that is not plain is flattened into one safe name
    assert!(xml.contains("src=\"figures.media/_"), "{xml}");
    assert!(xml.contains("-casualties-2000.png\""), "{xml}");
}

#[test]
fn a_bad_figure_is_refused_at_its_element() {
    let document = |figure: &str| {
        format!(
            "<publication xmlns=\"https://folio.invalid/ns/1\" version=\"1\">\n<meta><title>T</title><language>en</language></meta>\n<report id=\"r\"><title>R</title><body>\n{figure}\n</body><endnotes/></report></publication>"
        )
    };
    let cases = [
        (
            "<figure><image src=\"a.bmp\" media-type=\"image/bmp\" width=\"1\" height=\"1\"/><alt/></figure>",
            "line 4, column 28: image media-type \"image/bmp\" is not image/png, image/jpeg, image/gif or image/svg+xml",
        ),
        (
            "<figure><image src=\"a.png\" media-type=\"image/png\" width=\"wide\" height=\"1\"/><alt/></figure>",
            "line 4, column 9: <image> width \"wide\" is not a whole number",
        ),
        (
            "<figure><image src=\"a.png\" media-type=\"image/png\" width=\"1\" height=\"1\"/></figure>",
            "line 4, column 1: <figure> needs <image> and <alt>",
        ),
        (
            "<figure><alt/><image src=\"a.png\" media-type=\"image/png\" width=\"1\" height=\"1\"/></figure>",
            "line 4, column 9: unexpected element <alt> in <figure>",
        ),
        (
            "<figure><image media-type=\"image/png\" width=\"1\" height=\"1\"/><alt/></figure>",
            "src",
        ),
    ];
    for (figure, expected) in cases {
        let error = refused(&document(figure)).to_string();
        assert!(error.contains(expected), "{figure}: {error}");
    }
}
