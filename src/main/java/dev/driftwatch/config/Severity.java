package dev.driftwatch.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How much a drift matters: critical fails the verdict, warning and info only warn. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String text) {
        for (Severity s : values()) {
            if (s.label().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("must be one of critical, warning, info");
    }

    public Severity max(Severity other) {
        return other != null && other.compareTo(this) > 0 ? other : this;
    }
}
