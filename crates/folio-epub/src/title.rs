//! The title page: title, subtitle, creators, publisher, date, description and rights.

use crate::book::Book;
use crate::document;
use crate::markup::{Dropped, Markup};

/// The title page's document.
pub(crate) fn title_page(book: &Book<'_>) -> (String, Dropped) {
    let meta = &book.publication().meta;
    let mut out = Markup::with_capacity(2048);
    document::start(&mut out, book, &book.title);
    out.open(
        "section",
        &[
            ("class", "titlepage"),
            ("epub:type", "titlepage"),
            ("aria-labelledby", &book.ids.title),
        ],
    );
    out.newline();
    out.element("h1", &[("id", &book.ids.title)], &book.title);
    out.newline();
    let mut line = |class: &str, text: &str| {
        let text = text.trim();
        if !text.is_empty() {
            out.element("p", &[("class", class)], text);
            out.newline();
        }
    };
    if let Some(subtitle) = &meta.subtitle {
        line("subtitle", subtitle);
    }
    line("authors", &names(&meta.authors));
    let editors = names(&meta.editors);
    if !editors.is_empty() {
        line("editors", &format!("Edited by {editors}"));
    }
    for (class, text) in [
        ("publisher", &meta.publisher),
        ("date", &meta.date),
        ("description", &meta.description),
        ("rights", &meta.rights),
    ] {
        if let Some(text) = text {
            line(class, text);
        }
    }
    out.close("section");
    out.newline();
    document::finish(&mut out);
    out.finish()
}

/// `A`, `A and B`, `A, B and C`.
fn names(names: &[String]) -> String {
    let names: Vec<&str> = names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_joined_as_in_a_sentence() {
        let n = |v: &[&str]| names(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(n(&[]), "");
        assert_eq!(n(&["A"]), "A");
        assert_eq!(n(&["A", " ", "B"]), "A and B");
        assert_eq!(n(&["A", "B", "C"]), "A, B and C");
    }
}
