//! Figures as the readers take them (issue 24): the Markdown fixture read into the model
//! it means, each image read once and checked; model JSON and folio XML carrying figures
//! and read back, valid against our schema; every image that must be refused, refused at
//! its place with nothing written; and the media folder the XML editions name their
//! images in, complete and put in place with them, all through the `folio` command.

use std::path::Path;

use folio::import::{LoadOptions, Loaded, load};
use folio::model::{Figure, MediaType, Publication, ResolveOptions, plain_text, resolve};
use folio_tests::{export, fixture, folio, repo, tools, try_export};

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn loaded(file: &Path) -> Loaded {
    load(&[file.to_owned()], &LoadOptions::default()).unwrap()
}

/// The figures of a publication's reports, in reading order.
fn figures(publication: &Publication) -> Vec<&Figure> {
    let mut found = Vec::new();
    for report in &publication.reports {
        report.for_each_block(&mut |block| {
            if let folio::model::Block::Figure(figure) = block {
                found.push(&**figure);
            }
        });
    }
    found
}

fn jing(document: &Path) {
    let schema = repo().join("crates/folio-xml/schema/folio.rnc");
    tools::run(
        "jing",
        &["-c".as_ref(), schema.as_os_str(), document.as_os_str()],
    );
}

/// The files under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, base, out);
            } else {
                out.push(
                    path.strip_prefix(base)
                        .unwrap()
                        .to_str()
                        .unwrap()
                        .to_owned(),
                );
            }
        }
    }
    let mut out = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out.sort();
    out
}

fn image_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture("figures").join(name)).unwrap()
}

#[test]
fn the_markdown_fixture_reads_into_the_figures_it_means() {
    let input = fixture("figures.md");
    let loaded = loaded(&input);
    let messages: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [format!(
            "{}:23:1: warning: the image \"figures/marker.gif\" has no alt text, so its caption is its alt text too, and screen readers read it twice\n  hint: say what the image shows in its title: ![caption](figures/marker.gif \"what it shows\")",
            input.display()
        )]
    );
    let publication = &loaded.publication;
    let found = figures(publication);
    let seen: Vec<(&str, MediaType, u32, u32, String, &str)> = found
        .iter()
        .map(|f| {
            let image = &f.image;
            let caption = plain_text(&f.caption);
            (
                image.src.as_str(),
                image.media_type,
                image.width,
                image.height,
                caption,
                f.alt.as_str(),
            )
        })
        .collect();
    let chart_alt = "A bar chart: casualties rise from 12 in January to 40 in December";
    assert_eq!(
        seen,
        [
            (
                "figures/casualties-wide.png",
                MediaType::Png,
                2400,
                900,
                "Mine casualties by month, 2000".to_owned(),
                chart_alt
            ),
            (
                "figures/minefield.jpg",
                MediaType::Jpeg,
                800,
                533,
                "A marked minefield".to_owned(),
                "A field behind a wire fence hung with red warning signs"
            ),
            (
                "figures/marker.gif",
                MediaType::Gif,
                120,
                80,
                "The marker used on the fields".to_owned(),
                "A red triangle"
            ),
            (
                "figures/stockpile.svg",
                MediaType::Svg,
                480,
                240,
                "Stockpile by mine type".to_owned(),
                "Three bars, falling: the stockpile of three types of mine"
            ),
            // named `./figures/...`: the same file, the same name
            (
                "figures/casualties-wide.png",
                MediaType::Png,
                2400,
                900,
                "Mine casualties, the year again".to_owned(),
                chart_alt
            ),
            // no title: the caption is the alt text
            (
                "figures/marker.gif",
                MediaType::Gif,
                120,
                80,
                "A marker on its own".to_owned(),
                "A marker on its own"
            ),
        ]
    );
    // each file read once: the figures that show it hold the same bytes in memory
    assert!(found[0].image.data.is_shared_with(&found[4].image.data));
    assert!(found[2].image.data.is_shared_with(&found[5].image.data));
    assert!(!found[0].image.data.is_shared_with(&found[2].image.data));
    assert_eq!(found[0].image.bytes(), image_bytes("casualties-wide.png"));
    assert_eq!(found[3].image.bytes(), image_bytes("stockpile.svg"));
    assert_eq!(loaded.images.len(), 4);
    // the note in the first caption is cited second, where the figure stands
    let report = &publication.reports[0];
    let ids: Vec<&str> = report.note_refs().iter().map(|id| id.as_str()).collect();
    assert_eq!(ids, ["a", "cap"]);
    assert_eq!(loaded.sources.reports[0].refs, [(7, 35), (9, 35)]);
    assert_eq!(
        loaded.sources.reports[0].figures,
        [(9, 1), (13, 1), (15, 1), (17, 1), (21, 1), (23, 1)]
    );
    let resolved = resolve(publication, &ResolveOptions::default(), &loaded.sources);
    assert!(!resolved.has_errors(), "{:?}", resolved.diagnostics);
    assert_eq!(resolved.reports[0].notes.len(), 2);
    assert_eq!(resolved.reports[0].figures.len(), 6);
}

#[test]
fn folio_xml_and_json_are_valid_name_the_media_folder_and_read_back() {
    let input = fixture("figures.md");
    let original = loaded(&input).publication;
    let dir = export(&input, &["--to", "xml,json"]);
    let xml = dir.path().join("figures-in-a-report.xml");
    jing(&xml);
    let text = std::fs::read_to_string(&xml).unwrap();
    assert_eq!(text.matches("<figure>").count(), 6);
    // every src is a file in the output folder, with the bytes of the image it names
    let mut srcs = Vec::new();
    for (at, _) in text.match_indices("src=\"") {
        let rest = &text[at + 5..];
        srcs.push(rest[..rest.find('"').unwrap()].to_owned());
    }
    assert_eq!(srcs.len(), 6);
    for (src, figure) in srcs.iter().zip(figures(&original)) {
        assert_eq!(
            src,
            &format!("figures-in-a-report.media/{}", figure.image.src)
        );
        assert_eq!(
            std::fs::read(dir.path().join(src)).unwrap(),
            figure.image.bytes(),
            "{src}"
        );
    }
    // both editions read back into the model, the images read again from the folder
    for edition in [xml, dir.path().join("figures-in-a-report.json")] {
        let read = loaded(&edition);
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        let again = figures(&read.publication);
        for (figure, before) in again.iter().zip(figures(&original)) {
            assert_eq!(figure.caption, before.caption);
            assert_eq!(figure.alt, before.alt);
            assert_eq!(figure.image.bytes(), before.image.bytes());
            assert_eq!(
                (
                    figure.image.media_type,
                    figure.image.width,
                    figure.image.height
                ),
                (
                    before.image.media_type,
                    before.image.width,
                    before.image.height
                )
            );
            assert_eq!(
                figure.image.src,
                format!("figures-in-a-report.media/{}", before.image.src)
            );
        }
        assert!(again[0].image.data.is_shared_with(&again[4].image.data));
        assert_eq!(
            read.publication.reports[0].endnotes,
            original.reports[0].endnotes
        );
    }
}

#[test]
fn the_json_and_xml_fixtures_read_their_images_and_round_trip_exactly() {
    for (name, count) in [("figures.json", 2), ("figures.xml", 2)] {
        let input = fixture(name);
        let read = loaded(&input);
        assert!(
            read.diagnostics.is_empty(),
            "{name}: {:?}",
            read.diagnostics
        );
        let found = figures(&read.publication);
        assert_eq!(found.len(), count, "{name}");
        assert!(found.iter().all(|f| !f.image.bytes().is_empty()), "{name}");
        assert_eq!(read.sources.reports[0].refs.len(), 1, "{name}");
        assert_eq!(read.sources.reports[0].figures.len(), count, "{name}");
        // folio XML written without a media folder names the images as the model does,
        // and reads back into exactly the same model
        let resolved = resolve(&read.publication, &ResolveOptions::default(), &read.sources);
        let xml = folio::xml::export_folio_xml(&resolved);
        let out = tempfile::tempdir().unwrap();
        let written = out.path().join("again.xml");
        std::fs::write(&written, &xml).unwrap();
        jing(&written);
        let text = String::from_utf8(xml).unwrap();
        let back = folio::xml::read_folio_xml(&text).unwrap();
        let strip = |p: &Publication| {
            figures(p)
                .iter()
                .map(|f| {
                    (
                        f.label.clone(),
                        f.image.src.clone(),
                        f.image.media_type,
                        f.image.width,
                        f.image.height,
                        f.caption.clone(),
                        f.alt.clone(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(&back), strip(&read.publication), "{name}");
        // the model JSON too
        let json = folio::model::to_json(&read.publication);
        let back = folio::model::from_json(&json).unwrap();
        assert_eq!(strip(&back), strip(&read.publication), "{name}");
    }
    // the JSON places each figure at its object's `{`
    let json = loaded(&fixture("figures.json"));
    assert_eq!(json.sources.reports[0].figures, [(11, 9), (19, 9)]);
    let xml = loaded(&fixture("figures.xml"));
    assert_eq!(xml.sources.reports[0].figures, [(12, 9), (17, 9)]);
}

#[test]
fn the_media_folder_holds_each_image_once_and_only_when_an_edition_names_images() {
    let input = fixture("figures.md");
    let dir = export(&input, &["--to", "jats,docbook"]);
    let media = dir.path().join("figures-in-a-report.media");
    assert_eq!(
        files_under(&media),
        [
            "figures/casualties-wide.png",
            "figures/marker.gif",
            "figures/minefield.jpg",
            "figures/stockpile.svg"
        ]
    );
    for name in [
        "casualties-wide.png",
        "marker.gif",
        "minefield.jpg",
        "stockpile.svg",
    ] {
        assert_eq!(
            std::fs::read(media.join("figures").join(name)).unwrap(),
            image_bytes(name)
        );
    }
    // no temporary file or folder left beside it
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "figures-in-a-report.docbook.xml",
            "figures-in-a-report.jats.xml",
            "figures-in-a-report.media"
        ]
    );
    // a second export replaces the folder whole: what it no longer holds goes
    std::fs::write(media.join("stale.png"), "old").unwrap();
    let run = folio(&[
        "export",
        path(&input),
        "--to",
        "xml",
        "-o",
        path(dir.path()),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(files_under(&media).len(), 4);
    assert!(
        run.stdout.contains("figures-in-a-report.media"),
        "{}",
        run.stdout
    );
    // the PDF and the EPUB name no image by path: no folder
    let dir = export(&input, &["--to", "epub"]);
    assert!(!dir.path().join("figures-in-a-report.media").exists());
    // a publication without figures has none either
    let dir = export(&fixture("tables.md"), &["--to", "xml,json"]);
    assert!(!dir.path().join("tables.media").exists());
}

#[test]
fn a_failing_run_leaves_no_media_folder_and_the_old_one_untouched() {
    let work = tempfile::tempdir().unwrap();
    copy_images(work.path());
    let report = work.path().join("r.md");
    std::fs::write(
        &report,
        "# R\n\n![A chart](figures/marker.gif \"A marker\")\n\nText[^x].\n",
    )
    .unwrap();
    let (dir, run) = try_export(&report, &["--to", "xml"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        files_under(dir.path()).is_empty(),
        "{:?}",
        files_under(dir.path())
    );
    // an existing media folder stays as it was when the input has errors ...
    let out = work.path().join("out");
    let media = out.join("r.media");
    std::fs::create_dir_all(&media).unwrap();
    std::fs::write(media.join("old.png"), "old").unwrap();
    let run = folio(&["export", path(&report), "--to", "xml", "-o", path(&out)]);
    assert_eq!(run.code, 1);
    assert_eq!(files_under(&media), ["old.png"]);
    // ... and when a file stands where the folder goes, nothing is written (exit 2)
    std::fs::write(
        &report,
        "# R\n\n![A chart](figures/marker.gif \"A marker\")\n",
    )
    .unwrap();
    std::fs::remove_dir_all(&media).unwrap();
    std::fs::write(&media, "a file").unwrap();
    let run = folio(&[
        "export",
        path(&report),
        "--to",
        "xml,json",
        "-o",
        path(&out),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("a file of that name is in the way; nothing was written"),
        "{}",
        run.stderr
    );
    assert_eq!(files_under(&out), ["r.media"]);
    // an export whose images lie in the folder it would replace is refused
    std::fs::remove_file(&media).unwrap();
    let run = folio(&["export", path(&report), "--to", "xml", "-o", path(&out)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = folio(&[
        "export",
        path(&out.join("r.xml")),
        "--to",
        "json",
        "-o",
        path(&out),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is an input of this export"),
        "{}",
        run.stderr
    );
    assert_eq!(files_under(&out), ["r.media/figures/marker.gif", "r.xml"]);
}

fn copy_images(dir: &Path) {
    std::fs::create_dir_all(dir.join("figures")).unwrap();
    for name in [
        "casualties-wide.png",
        "marker.gif",
        "damaged.png",
        "not-an-image.png",
    ] {
        std::fs::copy(
            fixture("figures").join(name),
            dir.join("figures").join(name),
        )
        .unwrap();
    }
}

/// Checks and exports a report whose only figure names `src` (in `dir`, with the
/// fixtures' images under `figures/`), expecting exit 1 and nothing written; gives the
/// error line.
fn refused(dir: &Path, src: &str, extra: &[&str]) -> String {
    let report = dir.join("r.md");
    std::fs::write(
        &report,
        format!("# R\n\nText.\n\n![A chart]({src} \"Bars\")\n"),
    )
    .unwrap();
    let out = dir.join("out");
    let export = folio(&[&["export", path(&report), "-o", path(&out)], extra].concat());
    assert_eq!(export.code, 1, "{src}: {}", export.stderr);
    assert!(
        export.stderr.contains("nothing was written"),
        "{}",
        export.stderr
    );
    assert!(!out.exists(), "{src}: {:?}", files_under(&out));
    let check = folio(&[&["check", path(&report)], extra].concat());
    assert_eq!(check.code, 1, "{src}: {}", check.stderr);
    check
        .stderr
        .lines()
        .find(|line| line.contains(": error: "))
        .unwrap_or_else(|| panic!("{src}: no error in {}", check.stderr))
        .to_owned()
}

#[test]
fn every_image_that_cannot_be_used_is_an_error_at_its_place_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    copy_images(dir.path());
    std::fs::create_dir(dir.path().join("x.png")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("figures/marker.gif"), outside.path().join("m.gif")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path().join("m.gif"), dir.path().join("link.gif")).unwrap();
    let at = format!("{}:5:1: error: image ", dir.path().join("r.md").display());
    let absolute = fixture("figures/marker.gif");
    let mut cases = vec![
        (
            "figures/missing.png",
            &[][..],
            "\"figures/missing.png\": there is no such file",
        ),
        (
            "figures/damaged.png",
            &[],
            "\"figures/damaged.png\": the PNG image does not decode: ",
        ),
        (
            "figures/not-an-image.png",
            &[],
            "\"figures/not-an-image.png\": the file is not an image: folio takes PNG, JPEG, GIF and SVG images",
        ),
        (path(&absolute), &[], "the path is absolute"),
        (
            "../figures/marker.gif",
            &[],
            "\"../figures/marker.gif\": the path leads outside the folder of the file that names it",
        ),
        ("x.png", &[], "\"x.png\": it is a folder, not a file"),
        (
            "figures/casualties-wide.png",
            &["--max-input-size", "4K"],
            "\"figures/casualties-wide.png\": the image is larger than the 4 KiB folio reads (8.3 KiB)",
        ),
        ("https://example.org/chart.png", &[], "not from addresses"),
    ];
    #[cfg(unix)]
    cases.push((
        "link.gif",
        &[],
        "\"link.gif\": the path leads outside the folder of the file that names it",
    ));
    for (src, extra, expected) in cases {
        let line = refused(dir.path(), src, extra);
        assert!(line.starts_with(&at), "{src}: {line}");
        assert!(line.contains(expected), "{src}: {line}");
    }
}

#[test]
fn an_image_json_or_folio_xml_cannot_use_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    copy_images(dir.path());
    let json = std::fs::read_to_string(fixture("figures.json"))
        .unwrap()
        .replace("figures/minefield.jpg", "figures/damaged.png");
    let json_path = dir.path().join("f.json");
    std::fs::write(&json_path, json).unwrap();
    let xml = std::fs::read_to_string(fixture("figures.xml"))
        .unwrap()
        .replace("figures/marker.gif", "../marker.gif");
    let xml_path = dir.path().join("f.xml");
    std::fs::write(&xml_path, xml).unwrap();
    for (input, at) in [
        (
            &json_path,
            ":11:9: error: image \"figures/stockpile.svg\": there is no such file",
        ),
        (
            &xml_path,
            ":17:9: error: image \"../marker.gif\": the path leads outside",
        ),
    ] {
        let (out, run) = try_export(input, &["--to", "xml"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("{}{at}", input.display())),
            "{}",
            run.stderr
        );
        assert!(files_under(out.path()).is_empty());
    }
    // the JSON's damaged image, at its figure's `{`
    let run = folio(&["check", path(&json_path)]);
    assert!(
        run.stderr.contains(&format!(
            "{}:19:9: error: image \"figures/damaged.png\": the PNG image does not decode",
            json_path.display()
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn one_file_has_one_name_and_two_files_never_share_one() {
    // two reports in two folders, each with its own `map.png`, and a third naming the
    // first's map from the manifest's folder
    let dir = tempfile::tempdir().unwrap();
    for (folder, image) in [("a", "marker.gif"), ("b", "casualties-wide.png")] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        std::fs::copy(
            fixture("figures").join(image),
            dir.path().join(folder).join("map.png"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join(folder).join("r.md"),
            format!("# Report {folder}\n\n![Map of {folder}](map.png \"A map\")\n"),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("c.md"),
        "# Report c\n\n![The map of a again](a/map.png \"A map\")\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("folio.toml"),
        "[publication]\ntitle = \"Maps\"\n\n[[report]]\nsource = \"a/r.md\"\n\n[[report]]\nsource = \"b/r.md\"\n\n[[report]]\nsource = \"c.md\"\n",
    )
    .unwrap();
    let manifest = dir.path().join("folio.toml");
    let read = loaded(&manifest);
    let found = figures(&read.publication);
    let names: Vec<&str> = found.iter().map(|f| f.image.src.as_str()).collect();
    // a GIF named .png: a warning each time it is named
    assert_eq!(names, ["map.png", "map-2.png", "map.png"]);
    assert!(found[0].image.data.is_shared_with(&found[2].image.data));
    assert_eq!(found[1].image.media_type, MediaType::Png);
    assert_eq!(found[0].image.media_type, MediaType::Gif);
    let out = export(&manifest, &["--to", "xml"]);
    assert_eq!(
        files_under(&out.path().join("maps.media")),
        ["map-2.png", "map.png"]
    );
    assert_eq!(
        std::fs::read(out.path().join("maps.media/map-2.png")).unwrap(),
        image_bytes("casualties-wide.png")
    );
}
