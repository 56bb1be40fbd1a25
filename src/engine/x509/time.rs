//! ASN.1 UTCTime / GeneralizedTime to unix seconds, without a date library.
//!
//! The calendar arithmetic is in i32 (years 0..=9999 are ±3.7 M days) and
//! only the final seconds are i64: 64-bit division would pull libgcc's
//! `__divdi3` and `__umoddi3` into the ESP8266 build.

use super::der::{self, tag};

/// Converts the contents of a UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime
/// (`YYYYMMDDHHMMSSZ`) into seconds since the unix epoch.
///
/// These are the only forms RFC 5280 allows in certificates: UTC ("Z"),
/// seconds present, no fractional seconds.
pub(crate) fn parse_time(time_tag: u8, value: &[u8]) -> der::Result<i64> {
    let (year, rest) = match time_tag {
        tag::UTC_TIME => {
            let (yy, rest) = value.split_first_chunk::<2>().ok_or(der::Error)?;
            let yy = two_digits(yy)?;
            // RFC 5280 4.1.2.5.1: YY >= 50 means 19YY, otherwise 20YY.
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, rest)
        }
        tag::GENERALIZED_TIME => {
            let (yyyy, rest) = value.split_first_chunk::<4>().ok_or(der::Error)?;
            let high = two_digits(&[yyyy[0], yyyy[1]])?;
            let low = two_digits(&[yyyy[2], yyyy[3]])?;
            (high * 100 + low, rest)
        }
        _ => return Err(der::Error),
    };
    let [mo0, mo1, d0, d1, h0, h1, mi0, mi1, s0, s1, b'Z'] = *rest else {
        return Err(der::Error);
    };
    let month = two_digits(&[mo0, mo1])?;
    let day = two_digits(&[d0, d1])?;
    let hour = two_digits(&[h0, h1])?;
    let minute = two_digits(&[mi0, mi1])?;
    let second = two_digits(&[s0, s1])?;
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return Err(der::Error);
    }
    let days = days_from_civil(year, month, day);
    Ok(i64::from(days) * 86_400 + i64::from(hour * 3_600 + minute * 60 + second))
}

fn two_digits(digits: &[u8; 2]) -> der::Result<i32> {
    let [a, b] = *digits;
    if a.is_ascii_digit() && b.is_ascii_digit() {
        Ok(i32::from(a - b'0') * 10 + i32::from(b - b'0'))
    } else {
        Err(der::Error)
    }
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: i32) -> i32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (Howard
/// Hinnant's `days_from_civil`); years here are 0..=9999 so nothing
/// overflows. Also what `clock::format_utc` inverts.
pub(crate) fn days_from_civil(year: i32, month: i32, day: i32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> der::Result<i64> {
        parse_time(tag::UTC_TIME, s.as_bytes())
    }

    fn generalized(s: &str) -> der::Result<i64> {
        parse_time(tag::GENERALIZED_TIME, s.as_bytes())
    }

    #[test]
    fn known_instants() {
        assert_eq!(utc("700101000000Z"), Ok(0));
        assert_eq!(utc("200101000000Z"), Ok(1_577_836_800));
        assert_eq!(utc("491231235959Z"), Ok(2_524_607_999));
        // The 50-year pivot: 50 is 1950.
        assert_eq!(utc("500101000000Z"), Ok(-631_152_000));
        assert_eq!(generalized("20991231235959Z"), Ok(4_102_444_799));
        assert_eq!(generalized("19700101000000Z"), Ok(0));
        assert_eq!(generalized("20000229120000Z"), Ok(951_825_600));
        assert_eq!(generalized("00000101000000Z"), Ok(-62_167_219_200));
        assert_eq!(generalized("99991231235959Z"), Ok(253_402_300_799));
    }

    #[test]
    fn rejects_bad_times() {
        for bad in [
            "2001010000000Z",  // too short
            "200101000000",    // no Z
            "200101000000+01", // offset
            "201301000000Z",   // month 13
            "200001000000Z",   // month 0
            "200100000000Z",   // day 0
            "210229000000Z",   // 2021 is not a leap year
            "200431000000Z",   // April has 30 days
            "200101240000Z",   // hour 24
            "200101006000Z",   // minute 60
            "200101000060Z",   // second 60
            "2001010000 0Z",
            "20010100000aZ",
        ] {
            assert!(utc(bad).is_err(), "{bad}");
        }
        assert!(utc("200229000000Z").is_ok());
        assert!(generalized("19000229000000Z").is_err()); // 1900 is not a leap year
        assert!(generalized("20991231235959.5Z").is_err()); // fractional seconds
        assert!(generalized("991231235959Z").is_err());
        assert!(parse_time(tag::OCTET_STRING, b"200101000000Z").is_err());
    }
}
