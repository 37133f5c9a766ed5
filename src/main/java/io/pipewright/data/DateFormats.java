package io.pipewright.data;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;

/**
 * The date and time layouts type inference recognises. A column is a datetime column when one
 * layout reads every value. Local times are taken as UTC for statistics.
 */
public final class DateFormats {
    /** Returned by {@link Format#epochMillis} for text that does not fit. */
    public static final long NOT_A_DATE = Long.MIN_VALUE;

    /** One layout. */
    public interface Format {
        String pattern();

        long epochMillis(String text);
    }

    /** ISO 8601: {@code 2026-11-27}, {@code 2026-11-27T09:30}, {@code 2026-11-27 09:30:15.250+01:00}, {@code …Z}. */
    static final Format ISO = new Format() {
        @Override
        public String pattern() {
            return "ISO 8601";
        }

        @Override
        public long epochMillis(String text) {
            return iso(text);
        }
    };

    private static final List<Format> FORMATS = List.of(ISO,
            formatter("uuuu/MM/dd", false), formatter("MM/dd/uuuu", false), formatter("dd/MM/uuuu", false),
            formatter("dd.MM.uuuu", false), formatter("dd-MM-uuuu", false), formatter("d MMM uuuu", false),
            formatter("MMM d, uuuu", false), formatter("MM/dd/uuuu HH:mm[:ss]", true), formatter("dd/MM/uuuu HH:mm[:ss]", true),
            formatter("dd.MM.uuuu HH:mm[:ss]", true), formatter("uuuu/MM/dd HH:mm[:ss]", true));

    private DateFormats() {
    }

    public static List<Format> all() {
        return FORMATS;
    }

    /** A layout that tries all the others, for a column the person declared a datetime. */
    public static final Format ANY = new Format() {
        @Override
        public String pattern() {
            return "any";
        }

        @Override
        public long epochMillis(String text) {
            for (Format format : FORMATS) {
                long millis = format.epochMillis(text);
                if (millis != NOT_A_DATE) {
                    return millis;
                }
            }
            return NOT_A_DATE;
        }
    };

    private static Format formatter(String pattern, boolean withTime) {
        DateTimeFormatter formatter = new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                .toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
        return new Format() {
            @Override
            public String pattern() {
                return pattern;
            }

            @Override
            public long epochMillis(String text) {
                if (text.length() < 6 || !Character.isLetterOrDigit(text.charAt(0))) {
                    return NOT_A_DATE;
                }
                var position = new java.text.ParsePosition(0);
                if (formatter.parseUnresolved(text, position) == null || position.getIndex() != text.length()) {
                    return NOT_A_DATE; // cheap refusal, without an exception
                }
                try {
                    TemporalAccessor parsed = formatter.parse(text);
                    if (withTime) {
                        return LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC).toEpochMilli();
                    }
                    return LocalDate.from(parsed).toEpochDay() * 86_400_000L;
                } catch (java.time.DateTimeException e) {
                    return NOT_A_DATE;
                }
            }
        };
    }

    private static int digits(String text, int from, int count) {
        if (from + count > text.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * {@code yyyy-MM-dd} straight from ASCII bytes, the commonest date in data files; anything longer
     * or different gives {@link #NOT_A_DATE} and is read as text by {@link #iso(String)}.
     */
    static long isoDate(byte[] bytes, int start, int end) {
        if (end - start != 10 || bytes[start + 4] != '-' || bytes[start + 7] != '-') {
            return NOT_A_DATE;
        }
        int year = 0;
        for (int i = start; i < start + 4; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return NOT_A_DATE;
            }
            year = year * 10 + digit;
        }
        int m1 = bytes[start + 5] - '0';
        int m2 = bytes[start + 6] - '0';
        int d1 = bytes[start + 8] - '0';
        int d2 = bytes[start + 9] - '0';
        if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) {
            return NOT_A_DATE;
        }
        int month = m1 * 10 + m2;
        int day = d1 * 10 + d2;
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
            return NOT_A_DATE;
        }
        return epochDay(year, month, day) * 86_400_000L;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date, without allocating (Howard Hinnant's days_from_civil). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** A hand-written ISO reader: most dates in data are ISO, and it is ten times faster than java.time's. */
    static long iso(String text) {
        int length = text.length();
        if (length < 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return NOT_A_DATE;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return NOT_A_DATE;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        if (length == 10) {
            return epochDay * 86_400_000L;
        }
        char separator = text.charAt(10);
        if ((separator != 'T' && separator != ' ') || length < 16 || text.charAt(13) != ':') {
            return NOT_A_DATE;
        }
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            return NOT_A_DATE;
        }
        int i = 16;
        int second = 0;
        long nanos = 0;
        if (i < length && text.charAt(i) == ':') {
            second = digits(text, i + 1, 2);
            if (second < 0 || second > 59) {
                return NOT_A_DATE;
            }
            i += 3;
            if (i < length && (text.charAt(i) == '.' || text.charAt(i) == ',')) {
                int start = ++i;
                while (i < length && Character.isDigit(text.charAt(i)) && i - start < 9) {
                    nanos = nanos * 10 + (text.charAt(i) - '0');
                    i++;
                }
                if (i == start) {
                    return NOT_A_DATE;
                }
                for (int pad = i - start; pad < 9; pad++) {
                    nanos *= 10;
                }
            }
        }
        long millis = epochDay * 86_400_000L + hour * 3_600_000L + minute * 60_000L + second * 1000L + nanos / 1_000_000L;
        if (i == length) {
            return millis;
        }
        String zone = text.substring(i);
        if (zone.equals("Z")) {
            return millis;
        }
        try {
            return OffsetDateTime.parse(text.substring(0, i).replace(' ', 'T') + zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return NOT_A_DATE;
        }
    }
}
