package dev.driftwatch.api;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.Durations;
import dev.driftwatch.config.EnvironmentConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.DateTimeException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Parses query parameters strictly; a bad value is a 400 that names the parameter and what it accepts. */
final class QueryParameters {
    private QueryParameters() {
    }

    static Optional<Duration> duration(String name, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        Duration d;
        try {
            d = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            String problem = e.getMessage().startsWith("not ") ? "not a duration such as 90s, 5m or 1h" : e.getMessage();
            throw ApiException.badParameter(name, "'" + quoted(value) + "' is " + problem);
        }
        if (d.isZero()) {
            throw ApiException.badParameter(name, "must be greater than zero");
        }
        return Optional.of(d);
    }

    /** A parameter value as an error message quotes it: at most 40 characters. */
    /** A value as one path segment of a URL. */
    static String pathSegment(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String quoted(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    /** A wait of at most {@code max}; absent means no wait. */
    static Duration waitAtMost(String name, String value, Duration max) {
        Duration d = duration(name, value).orElse(Duration.ZERO);
        if (d.compareTo(max) > 0) {
            throw ApiException.badParameter(name, "'" + quoted(value) + "' is longer than the longest wait, " + Durations.format(max));
        }
        return d;
    }

    /** {@code status=verdict} (default): the HTTP status follows the verdict; {@code status=200}: always 200. */
    static boolean always200(String name, String value) {
        if (value == null || value.isEmpty() || value.equals("verdict")) {
            return false;
        }
        if (value.equals("200")) {
            return true;
        }
        throw ApiException.badParameter(name, "'" + quoted(value) + "' is not 'verdict' (200 or 503 by verdict) or '200' (always 200)");
    }

    static boolean bool(String name, String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        return switch (value) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ApiException.badParameter(name, "'" + quoted(value) + "' is not true or false");
        };
    }

    static Optional<Instant> instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeException e) {
            throw ApiException.badParameter(name, "'" + quoted(value) + "' is not an RFC 3339 time such as 2026-11-26T10:00:00Z");
        }
    }

    static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badParameter(name, "'" + quoted(value) + "' is not a whole number from " + min + " to " + max);
    }

    /**
     * Check ids from a comma-separated list; a kind alone ({@code schema}) selects every check of that kind.
     * An id the environment does not have is a 400 listing the ones it has.
     */
    static Set<String> checks(String name, String value, EnvironmentConfig env) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String item : value.split(",")) {
            String wanted = item.trim();
            if (wanted.isEmpty()) {
                continue;
            }
            List<String> matched = env.checks().stream().map(CheckDefinition::id)
                    .filter(id -> id.equals(wanted) || id.startsWith(wanted + "/")).toList();
            if (matched.isEmpty()) {
                throw ApiException.badParameter(name, "environment " + env.name() + " has no check '" + quoted(wanted) + "' (it has "
                        + String.join(", ", env.checks().stream().map(CheckDefinition::id).toList()) + ")");
            }
            out.addAll(matched);
        }
        return out;
    }
}
