package dev.driftwatch.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints durations written as Prometheus does: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1m30s}.
 * The one parser of the config, the API and the gate: anything above {@link #MAX} (one year) is refused, so no later
 * arithmetic on a parsed duration can overflow. Error messages never repeat the text, which may hold a secret.
 */
public final class Durations {
    /** The longest duration anything accepts. */
    public static final Duration MAX = Duration.ofDays(365);
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    static final String EXPECTED = "not a duration such as 500ms, 30s, 5m or 1h";
    static final String TOO_LONG = "longer than the longest duration accepted, 365d";

    private Durations() {
    }

    /** Parses {@code text}; throws IllegalArgumentException, without quoting the text, when it is not one or above a year. */
    public static Duration parse(String text) {
        if (text == null || text.isBlank() || text.length() > 64) {
            throw new IllegalArgumentException(EXPECTED);
        }
        String trimmed = text.trim();
        Matcher m = PART.matcher(trimmed);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            if (m.group(1).length() > 12) {
                throw new IllegalArgumentException(TOO_LONG);
            }
            long n = Long.parseLong(m.group(1));
            Duration part = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            total = total.plus(part);
            if (total.compareTo(MAX) > 0) {
                throw new IllegalArgumentException(TOO_LONG);
            }
            end = m.end();
        }
        if (end != trimmed.length() || end == 0) {
            throw new IllegalArgumentException(EXPECTED);
        }
        return total;
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0 && ms / 86_400_000 >= 7) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
