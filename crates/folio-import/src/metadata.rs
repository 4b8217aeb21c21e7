//! The checks a metadata value passes wherever it is written: a manifest's
//! `[publication]` table or a Markdown file's front matter.

use folio_model::Timestamp;

/// A date of publication: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real day of the calendar.
pub(crate) fn check_date(text: &str) -> Result<String, String> {
    let date = text.trim();
    if !date.contains('T') && Timestamp::parse(date).is_some() {
        Ok(date.to_owned())
    } else {
        Err(format!(
            "{text:?} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (2001-08-01)"
        ))
    }
}

/// A language: a BCP 47 tag of the common shape, a 2 to 8 letter language subtag and
/// then subtags of 1 to 8 letters or digits (`en`, `fr-CA`, `zh-Hant-TW`).
pub(crate) fn check_language(text: &str) -> Result<String, String> {
    let tag = text.trim();
    let mut subtags = tag.split('-');
    let language_ok = subtags
        .next()
        .is_some_and(|s| (2..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic()));
    let rest_ok =
        subtags.all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()));
    if language_ok && rest_ok {
        Ok(tag.to_owned())
    } else {
        Err(format!(
            "{text:?} is not a language tag; write a BCP 47 tag such as en or fr-CA"
        ))
    }
}

/// Text that must say something: a title, a name, an identifier.
pub(crate) fn check_text(text: &str) -> Result<String, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        Err("the value is empty".to_owned())
    } else {
        Ok(trimmed.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_days_of_the_calendar() {
        assert_eq!(check_date("2001-08-01").unwrap(), "2001-08-01");
        assert_eq!(check_date(" 2001 ").unwrap(), "2001");
        assert!(check_date("2001-02-29").is_err());
        assert!(check_date("2001-13").is_err());
        assert!(check_date("August 2001").is_err());
        assert!(check_date("2001-08-01T00:00:00Z").is_err());
    }

    #[test]
    fn languages_are_bcp47_tags() {
        assert!(check_language("en").is_ok());
        assert!(check_language("zh-Hant-TW").is_ok());
        assert!(check_language("english please").is_err());
        assert!(check_language("").is_err());
        assert!(check_language("e").is_err());
    }
}
