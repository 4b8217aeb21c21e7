//! Names made from titles: ids and file names.

/// A lowercase ASCII slug of `title`: letters and digits, words joined by `-`, accents
/// folded (`Côte d’Ivoire` gives `cote-d-ivoire`). Empty when the title has no letter
/// or digit that folds to ASCII.
pub fn slug(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut pending_dash = false;
    for c in title.chars() {
        let folded = fold(c);
        if folded.is_empty() {
            pending_dash = !out.is_empty();
            continue;
        }
        if pending_dash {
            out.push('-');
            pending_dash = false;
        }
        out.push_str(folded);
    }
    out
}

/// An id for a report with this title, usable in XML (a letter first): the slug, or
/// `report` when the title gives none, with `r-` in front of a slug starting with a
/// digit.
pub fn report_id(title: &str) -> String {
    let slug = slug(title);
    if slug.is_empty() {
        "report".to_owned()
    } else if slug.starts_with(|c: char| c.is_ascii_digit()) {
        format!("r-{slug}")
    } else {
        slug
    }
}

/// Makes `id` unique among `taken` by adding `-2`, `-3`, ... and records it.
pub fn unique_id(id: String, taken: &mut std::collections::HashSet<String>) -> String {
    if taken.insert(id.clone()) {
        return id;
    }
    (2..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| taken.insert(candidate.clone()))
        .unwrap_or(id)
}

fn fold(c: char) -> &'static str {
    const LOWER: [&str; 26] = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r",
        "s", "t", "u", "v", "w", "x", "y", "z",
    ];
    const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    let c = c.to_lowercase().next().unwrap_or(c);
    if c.is_ascii_lowercase() {
        return LOWER[(c as u8 - b'a') as usize];
    }
    if c.is_ascii_digit() {
        return DIGITS[(c as u8 - b'0') as usize];
    }
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accents_and_join_words() {
        assert_eq!(slug("Côte d’Ivoire"), "cote-d-ivoire");
        assert_eq!(
            slug("  Landmine Monitor Report 2001 "),
            "landmine-monitor-report-2001"
        );
        assert_eq!(slug("Korea, North"), "korea-north");
        assert_eq!(slug("김"), "");
    }

    #[test]
    fn report_ids_start_with_a_letter() {
        assert_eq!(report_id("2001 in review"), "r-2001-in-review");
        assert_eq!(report_id("—"), "report");
        assert!(crate::is_xml_id(&report_id("Åland")));
    }

    #[test]
    fn unique_ids_get_numbers() {
        let mut taken = Default::default();
        assert_eq!(unique_id("a".into(), &mut taken), "a");
        assert_eq!(unique_id("a".into(), &mut taken), "a-2");
        assert_eq!(unique_id("a".into(), &mut taken), "a-3");
    }
}
