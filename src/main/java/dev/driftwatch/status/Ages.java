package dev.driftwatch.status;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as a person reads them at 3 a.m.: "2026-11-30 03:12:09 UTC" and "4m 10s". */
final class Ages {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Ages() {
    }

    static String clock(Instant at) {
        return at == null ? "" : CLOCK.format(at);
    }

    static String iso(Instant at) {
        return at == null ? "" : at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    /** The time from {@code from} to {@code now} in its two largest units; "0s" for the future. */
    static String between(Instant from, Instant now) {
        if (from == null) {
            return "";
        }
        long s = Math.max(0, Duration.between(from, now).toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s";
        }
        if (s < 86400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 86400 + "d " + s % 86400 / 3600 + "h";
    }
}
