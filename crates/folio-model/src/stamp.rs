//! What makes editions reproducible: a timestamp that is never "now" unless asked, and an
//! identifier derived from the content.

use crate::json::to_json_stamped;
use crate::publication::{Meta, Publication};

/// A moment in UTC, to the second.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// The year, 1970 to 9999.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day, 1 to 31.
    pub day: u8,
    /// The hour, 0 to 23.
    pub hour: u8,
    /// The minute, 0 to 59.
    pub minute: u8,
    /// The second, 0 to 59.
    pub second: u8,
}

impl Timestamp {
    /// The timestamp used when neither the publication nor `SOURCE_DATE_EPOCH` gives one:
    /// 2000-01-01T00:00:00Z.
    pub const FALLBACK: Timestamp = Timestamp {
        year: 2000,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
    };

    /// The timestamp `seconds` after 1970-01-01T00:00:00Z (as `SOURCE_DATE_EPOCH` gives
    /// it); `None` before 1970 or after 9999.
    pub fn from_unix(seconds: i64) -> Option<Self> {
        if seconds < 0 {
            return None;
        }
        let days = seconds / 86_400;
        let rest = seconds % 86_400;
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        if year > 9999 {
            return None;
        }
        Some(Timestamp {
            year: year as u16,
            month: month as u8,
            day: day as u8,
            hour: (rest / 3600) as u8,
            minute: (rest % 3600 / 60) as u8,
            second: (rest % 60) as u8,
        })
    }

    /// Reads `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ`; `None` for
    /// anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (date, time) = match text.split_once('T') {
            Some((date, time)) => (date, Some(time.strip_suffix('Z').unwrap_or(time))),
            None => (text, None),
        };
        let mut parts = date.split('-');
        let year = number(parts.next()?, 4, 1, 9999)?;
        let month = parts.next().map_or(Some(1), |m| number(m, 2, 1, 12))?;
        let day = parts.next().map_or(Some(1), |d| number(d, 2, 1, 31))?;
        if parts.next().is_some() || day > days_in_month(year, month) {
            return None;
        }
        let (hour, minute, second) = match time {
            None => (0, 0, 0),
            Some(time) => {
                let mut t = time.split(':');
                let hour = number(t.next()?, 2, 0, 23)?;
                let minute = number(t.next()?, 2, 0, 59)?;
                let second = number(t.next()?, 2, 0, 59)?;
                if t.next().is_some() {
                    return None;
                }
                (hour, minute, second)
            }
        };
        Some(Timestamp {
            year: year as u16,
            month: month as u8,
            day: day as u8,
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
        })
    }

    /// The timestamp an edition of `meta` carries: `SOURCE_DATE_EPOCH` when given, else
    /// the publication date, else [`Timestamp::FALLBACK`]; never the current time.
    pub fn for_publication(meta: &Meta, source_date_epoch: Option<i64>) -> Self {
        Self::known_for_publication(meta, source_date_epoch).unwrap_or(Timestamp::FALLBACK)
    }

    /// `2001-08-01T00:00:00Z`
    pub fn to_iso8601(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// `2001-08-01`
    pub fn to_date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn number(text: &str, digits: usize, min: u32, max: u32) -> Option<u32> {
    if text.len() != digits || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| (min..=max).contains(n))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An identifier derived from the content, for a publication without one:
/// `urn:folio:` and 32 hex digits of a 128-bit FNV-1a hash of its model JSON. The same
/// content always gives the same identifier.
pub fn content_identifier(publication: &Publication) -> String {
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013B;
    let mut hash: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for byte in to_json_stamped(publication, 1).bytes() {
        hash ^= u128::from(byte);
        hash = hash.wrapping_mul(PRIME);
    }
    format!("urn:folio:{hash:032x}")
}

/// The publication's identifier: its own (trimmed), or one derived from its content
/// when it has none or a blank one.
pub fn identifier(publication: &Publication) -> String {
    match publication.meta.identifier.as_deref().map(str::trim) {
        Some(own) if !own.is_empty() => own.to_owned(),
        _ => content_identifier(publication),
    }
}

/// The identifier of the publication's print edition (the PDF): the publication's
/// identifier with `#print`. The PDF carries it in its XMP metadata (`dc:identifier`), and
/// an EPUB whose page-list follows that PDF names it as the source of its pages
/// (`dc:source`), so that the two editions can be matched.
pub fn print_identifier(publication: &Publication) -> String {
    format!("{}#print", identifier(publication))
}

impl Timestamp {
    /// The date known for a publication: `SOURCE_DATE_EPOCH` when set, else the
    /// publication date; `None` when there is neither (where [`Timestamp::for_publication`]
    /// falls back on [`Timestamp::FALLBACK`]).
    pub fn known_for_publication(meta: &Meta, source_date_epoch: Option<i64>) -> Option<Self> {
        source_date_epoch
            .and_then(Timestamp::from_unix)
            .or_else(|| meta.date.as_deref().and_then(Timestamp::parse))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_become_dates() {
        let t = Timestamp::from_unix(0).unwrap();
        assert_eq!(t.to_iso8601(), "1970-01-01T00:00:00Z");
        let t = Timestamp::from_unix(996_624_000 + 3661).unwrap();
        assert_eq!(t.to_iso8601(), "2001-08-01T01:01:01Z");
        let t = Timestamp::from_unix(951_782_400).unwrap();
        assert_eq!(t.to_date(), "2000-02-29");
        assert_eq!(Timestamp::from_unix(-1), None);
    }

    #[test]
    fn dates_parse_at_three_precisions() {
        assert_eq!(
            Timestamp::parse("2001-08-01").unwrap().to_iso8601(),
            "2001-08-01T00:00:00Z"
        );
        assert_eq!(Timestamp::parse("2001").unwrap().to_date(), "2001-01-01");
        assert_eq!(Timestamp::parse("2001-08").unwrap().to_date(), "2001-08-01");
        assert_eq!(
            Timestamp::parse("2001-08-01T10:20:30Z")
                .unwrap()
                .to_iso8601(),
            "2001-08-01T10:20:30Z"
        );
        for bad in ["2001-02-30", "01-08-01", "2001-13-01", "August 2001", ""] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn source_date_epoch_wins_over_the_publication_date() {
        let mut meta = Meta::titled("T");
        assert_eq!(Timestamp::for_publication(&meta, None), Timestamp::FALLBACK);
        meta.date = Some("2001-08-01".into());
        assert_eq!(
            Timestamp::for_publication(&meta, None).to_date(),
            "2001-08-01"
        );
        assert_eq!(
            Timestamp::for_publication(&meta, Some(0)).to_date(),
            "1970-01-01"
        );
    }

    #[test]
    fn the_print_edition_is_named_after_the_publication() {
        let mut a = Publication::new(Meta::titled("A"), Vec::new());
        assert_eq!(
            print_identifier(&a),
            format!("{}#print", content_identifier(&a))
        );
        a.meta.identifier = Some("urn:example:lm-2001".into());
        assert_eq!(print_identifier(&a), "urn:example:lm-2001#print");
        a.meta.identifier = Some("  ".into());
        assert_eq!(
            print_identifier(&a),
            format!("{}#print", content_identifier(&a))
        );
        assert_eq!(Timestamp::known_for_publication(&a.meta, None), None);
    }

    #[test]
    fn content_identifiers_follow_the_content() {
        let a = Publication::new(Meta::titled("A"), Vec::new());
        let b = Publication::new(Meta::titled("B"), Vec::new());
        assert_eq!(content_identifier(&a), content_identifier(&a.clone()));
        assert_ne!(content_identifier(&a), content_identifier(&b));
        assert!(content_identifier(&a).starts_with("urn:folio:"));
        assert_eq!(content_identifier(&a).len(), "urn:folio:".len() + 32);
    }
}
