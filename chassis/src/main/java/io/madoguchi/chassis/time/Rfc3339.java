package io.madoguchi.chassis.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as text, written and read for every event ({@code ce_time}, the times in its data): the JDK's formatter takes
 * microseconds where the common shapes need a few character comparisons. Writes what
 * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} writes for a UTC instant ({@code 2026-12-07T06:26:09.1234Z}: seconds
 * always, the fraction without trailing zeros); reads {@code yyyy-MM-ddTHH:mm:ss[.f…]} with {@code Z} or
 * {@code ±HH:MM} itself and leaves any other shape to the JDK's parser, so what it accepts and refuses is the JDK's.
 */
public final class Rfc3339 {

    private static final int[] POWERS = { 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1 };

    private Rfc3339() {
    }

    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
        }
        StringBuilder text = new StringBuilder(30);
        digits(text, t.getYear(), 4).append('-');
        digits(text, t.getMonthValue(), 2).append('-');
        digits(text, t.getDayOfMonth(), 2).append('T');
        digits(text, t.getHour(), 2).append(':');
        digits(text, t.getMinute(), 2).append(':');
        digits(text, t.getSecond(), 2);
        int nano = t.getNano();
        if (nano != 0) {
            text.append('.');
            for (int i = 0; nano != 0; i++) {
                int digit = nano / POWERS[i];
                text.append((char) ('0' + digit));
                nano -= digit * POWERS[i];
            }
        }
        return text.append('Z').toString();
    }

    /** As {@link OffsetDateTime#parse(CharSequence)}, refusals included (the JDK's parser makes them). */
    public static OffsetDateTime parse(String text) {
        OffsetDateTime time = parseUsual(text);
        return time != null ? time : OffsetDateTime.parse(text);
    }

    /**
     * The time {@code text} names when it has the usual shape and names a valid time; null otherwise, for the caller's
     * own parser to read or refuse.
     */
    public static OffsetDateTime parseUsual(String text) {
        try {
            return usual(text);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** @return null for any other shape than the usual one; @throws DateTimeException for the usual shape with a field out of range */
    private static OffsetDateTime usual(String text) {
        int n = text.length();
        if (n < 20 || !fixed(text)) {
            return null;
        }
        int end = 19;
        int nano = 0;
        if (text.charAt(end) == '.') {
            int digits = 0;
            for (end++; end < n && isDigit(text.charAt(end)); end++, digits++) {
                if (digits == 9) {
                    return null;
                }
                nano += (text.charAt(end) - '0') * POWERS[digits];
            }
            if (digits == 0) {
                return null;
            }
        }
        ZoneOffset offset;
        if (end == n - 1 && text.charAt(end) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (end == n - 6 && (text.charAt(end) == '+' || text.charAt(end) == '-') && text.charAt(end + 3) == ':'
                && isDigit(text, end + 1, 2) && isDigit(text, end + 4, 2) && number(text, end + 4, 2) < 60) {
            int seconds = number(text, end + 1, 2) * 3600 + number(text, end + 4, 2) * 60;
            offset = ZoneOffset.ofTotalSeconds(text.charAt(end) == '-' ? -seconds : seconds);
        } else {
            return null;
        }
        return OffsetDateTime.of(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2), number(text, 11, 2), number(text, 14, 2),
                number(text, 17, 2), nano, offset);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss}: digits and separators where they belong. */
    private static boolean fixed(String text) {
        return isDigit(text, 0, 4) && text.charAt(4) == '-' && isDigit(text, 5, 2) && text.charAt(7) == '-' && isDigit(text, 8, 2)
                && text.charAt(10) == 'T' && isDigit(text, 11, 2) && text.charAt(13) == ':' && isDigit(text, 14, 2)
                && text.charAt(16) == ':' && isDigit(text, 17, 2);
    }

    private static StringBuilder digits(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isDigit(String text, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }
}
