//! Times typed by people, normalised to RFC 3339 UTC for storage.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

/// Accepts RFC 3339 (`2026-11-20T09:30:00+08:00`), a local date and time
/// (`2026-11-20 09:30`, seconds optional, `T` or space) or a local date (`2026-11-20`);
/// local means the machine's time zone.
pub fn parse_time(input: &str) -> Result<String, String> {
    let s = input.trim();
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Ok(ts.to_string());
    }
    let local = s.replacen(' ', "T", 1);
    let civil = local.parse::<DateTime>().or_else(|_| {
        s.parse::<Date>()
            .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
    });
    match civil {
        Ok(dt) => TimeZone::system()
            .to_timestamp(dt)
            .map(|ts| ts.to_string())
            .map_err(|e| format!("time '{input}' does not exist locally: {e}")),
        Err(_) => Err(format!(
            "time '{input}' is not understood (use 2026-11-20, 2026-11-20 09:30 or 2026-11-20T09:30:00+08:00)"
        )),
    }
}

/// A file's modification time as RFC 3339 UTC.
pub fn from_system_time(t: std::time::SystemTime) -> Option<String> {
    Timestamp::try_from(t).ok().map(|ts| ts.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_normalised_to_utc() {
        assert_eq!(
            parse_time("2026-11-20T09:30:00+08:00").unwrap(),
            "2026-11-20T01:30:00Z"
        );
        assert_eq!(
            parse_time("2026-11-20T01:30:00Z").unwrap(),
            "2026-11-20T01:30:00Z"
        );
    }

    #[test]
    fn local_forms_are_accepted() {
        assert!(parse_time("2026-11-20 09:30").is_ok());
        assert!(parse_time("2026-11-20T09:30:15").is_ok());
        assert!(parse_time("2026-11-20").is_ok());
    }

    #[test]
    fn nonsense_is_named() {
        let err = parse_time("yesterday").unwrap_err();
        assert!(err.starts_with("time 'yesterday' is not understood"), "{err}");
        assert!(parse_time("2026-13-40").is_err());
    }
}
