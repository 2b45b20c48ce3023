package dev.driftwatch.probe;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** {@code drift}: verifiably wrong. {@code unknown}: could not be verified (timeout, 5xx, 429). Never conflate the two. */
public enum Outcome {
    OK, DRIFT, UNKNOWN;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
