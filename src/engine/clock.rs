//! The device's clock as the engine sees it (unix seconds) and as error
//! texts show it ("2000-01-01 00:00:05"), without a date library or
//! `core::fmt` (the ESP8266 firmware links neither).
//!
//! Why it matters: a board whose clock was never set (an ESP8266 before
//! `ntptime.settime()` says 2000-01-01) rejects every certificate as not
//! yet valid, and the error must say so with both dates.

use super::x509::time::days_from_civil;

/// Nanoseconds per second.
const NANOS: u64 = 1_000_000_000;
/// Seconds by which [`unix_seconds`] shifts a reading: as many as `i64`
/// nanoseconds can go below zero.
const SHIFT: u64 = i64::MAX as u64 / NANOS;
/// 0000-01-01 00:00:00.
const FIRST: i64 = -62_167_219_200;
/// Seconds from then to 9999-12-31 23:59:59.
const YEARS_0_TO_9999: u64 = 315_569_519_999;
/// Days from 0000-01-01 to 1970-01-01.
const DAYS_BEFORE_1970: i32 = 719_528;

/// Unix seconds from a port's clock: `port_nanos` since the port's epoch
/// (MicroPython's `mp_hal_time_ns()`), which is `port_epoch` unix seconds
/// (946,684,800 on ports whose epoch is 2000, such as the ESP8266; 0 on
/// unix).
///
/// The nanoseconds are read signed: a clock set before the epoch has
/// wrapped around the `u64` and is before it, not centuries after (an
/// unsigned read made 1969 look like an expired certificate's 2554).
/// Rounded down, so 23:59:59.5 is still 23:59:59.
pub fn unix_seconds(port_nanos: u64, port_epoch: i64) -> i64 {
    // Shifted by whole seconds to divide unsigned, which rounds down: one
    // division, as the LX106 does it in software. Exact for every signed
    // reading but those within a second of its minimum (year 1677).
    let shifted = port_nanos.wrapping_add(SHIFT * NANOS);
    (shifted / NANOS) as i64 - SHIFT as i64 + port_epoch
}

/// Writes `seconds` since 1970-01-01 00:00:00 UTC as `YYYY-MM-DD HH:MM:SS`
/// (proleptic Gregorian calendar) into `out` (an out-parameter: no copy of
/// a returned array on the LX106), for years 0000..=9999: what a
/// certificate can state, and far beyond the ±292 years around 1970 that
/// a 64-bit nanosecond clock reaches; other times show as the last second
/// of 9999. Panic-free: it runs while an exception text is being built.
pub fn format_utc(seconds: i64, out: &mut [u8; 19]) {
    // Counted from 0000-01-01 to split it unsigned (a time before wraps
    // to a large one), and in 128-second units (a day is 675 of them), so
    // that the division into days is 32-bit.
    let since_year_0 = (seconds.wrapping_sub(FIRST) as u64).min(YEARS_0_TO_9999);
    let units = (since_year_0 >> 7) as u32;
    let days = units / 675;
    let seconds_of_day = (units - days * 675) << 7 | since_year_0 as u32 & 127;
    let (year, month, day) = civil_from_days(days as i32 - DAYS_BEFORE_1970);
    let hour = seconds_of_day / 3_600;
    let seconds_of_hour = seconds_of_day - hour * 3_600;
    let minute = seconds_of_hour / 60;
    let mut value = (hour * 100 + minute) * 100 + seconds_of_hour - minute * 60;
    *out = *b"0000-00-00 00:00:00";
    // Digits from the right: hhmmss, then at the space yyyymmdd.
    for place in out.iter_mut().rev() {
        match *place {
            b'0' => {
                *place += (value % 10) as u8;
                value /= 10;
            }
            b' ' => value = (year * 100 + month) * 100 + day,
            _ => {}
        }
    }
}

/// The date `days` after 1970-01-01, for years 0..=9999, with the
/// certificate parser's own day count: the last year, then the last month,
/// that starts on or before it (less code than inverting the calendar).
fn civil_from_days(days: i32) -> (u32, u32, u32) {
    let mut year = 0;
    let mut step = 8_192;
    while step > 0 {
        if year + step <= 9_999 && days_from_civil(year + step, 1, 1) <= days {
            year += step;
        }
        step /= 2;
    }
    let mut month = 1;
    while month < 12 && days_from_civil(year, month + 1, 1) <= days {
        month += 1;
    }
    let day = days - days_from_civil(year, month, 1) + 1;
    (year as u32, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(seconds: i64) -> String {
        let mut out = [0; 19];
        format_utc(seconds, &mut out);
        String::from_utf8(out.to_vec()).unwrap()
    }

    /// Against Python's `datetime.datetime(1970, 1, 1) +
    /// datetime.timedelta(seconds=s)` (year 0, which it lacks: 60 days of
    /// a leap year's January and February before 0000-03-01).
    #[test]
    fn known_dates() {
        for (seconds, text) in [
            (0, "1970-01-01 00:00:00"),
            (-1, "1969-12-31 23:59:59"),
            (-86_400, "1969-12-31 00:00:00"),
            (-86_401, "1969-12-30 23:59:59"),
            (946_684_800, "2000-01-01 00:00:00"),
            (946_684_805, "2000-01-01 00:00:05"),
            (951_782_400, "2000-02-29 00:00:00"),
            (951_868_799, "2000-02-29 23:59:59"),
            (951_868_800, "2000-03-01 00:00:00"),
            (1_609_459_200, "2021-01-01 00:00:00"),
            (1_748_779_200, "2025-06-01 12:00:00"),
            (2_147_483_647, "2038-01-19 03:14:07"),
            (2_147_483_648, "2038-01-19 03:14:08"),
            (3_786_912_000, "2090-01-01 00:00:00"),
            (4_107_456_000, "2100-02-28 00:00:00"),
            (4_107_542_400, "2100-03-01 00:00:00"),
            (4_294_967_296, "2106-02-07 06:28:16"),
            (13_574_563_200, "2400-02-29 00:00:00"),
            (-2_203_891_200, "1900-03-01 00:00:00"),
            (-2_208_988_800, "1900-01-01 00:00:00"),
            (-11_670_998_400, "1600-02-29 00:00:00"),
            (-62_162_035_200, "0000-03-01 00:00:00"),
            (-62_167_219_200, "0000-01-01 00:00:00"),
            (253_402_300_799, "9999-12-31 23:59:59"),
        ] {
            assert_eq!(utc(seconds), text, "{seconds}");
        }
    }

    /// Every day from 1968 to 2101, and every 7th from year 0 to 9999,
    /// against the day counting of the certificate time parser.
    #[test]
    fn agrees_with_the_certificate_time_parser() {
        let parse = |text: &str| {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            // 0x18: GeneralizedTime.
            crate::engine::x509::time::parse_time(0x18, (digits + "Z").as_bytes()).unwrap()
        };
        let days = (-731..48_000).chain((-719_528..2_932_897).step_by(7));
        for day in days {
            let seconds = day * 86_400 + 12 * 3_600 + 34 * 60 + 56;
            assert_eq!(parse(&utc(seconds)), seconds, "{}", utc(seconds));
        }
    }

    /// Times out of years 0..=9999 give the last second of 9999, and no
    /// panic (nor overflow in a debug build).
    #[test]
    fn out_of_range_is_panic_free() {
        for seconds in [i64::MIN, FIRST - 1, 253_402_300_800, i64::MAX] {
            assert_eq!(utc(seconds), "9999-12-31 23:59:59");
        }
    }

    #[test]
    fn port_clocks() {
        let epoch_2000 = 946_684_800;
        // An ESP8266 five seconds after a reset that never set its clock.
        assert_eq!(utc(unix_seconds(5_000_000_000, epoch_2000)), "2000-01-01 00:00:05");
        assert_eq!(unix_seconds(1_700_000_000_999_999_999, 0), 1_700_000_000);
        // A clock set before the epoch: negative, rounded down.
        let before = |nanos: i64| unix_seconds(nanos as u64, 0);
        assert_eq!(before(-1), -1);
        assert_eq!(before(-1_000_000_000), -1);
        assert_eq!(before(-1_000_000_001), -2);
        assert_eq!(utc(before(-60_000_000_000)), "1969-12-31 23:59:00");
        assert_eq!(utc(unix_seconds((-1i64) as u64, epoch_2000)), "1999-12-31 23:59:59");
        // The ends of a signed 64-bit reading (1677 and 2262).
        assert_eq!(before(-9_223_372_036_000_000_000), -9_223_372_036);
        assert_eq!(unix_seconds(i64::MAX as u64, 0), 9_223_372_036);
    }
}
