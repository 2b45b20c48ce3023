package dev.driftwatch.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.util.regex.Pattern;

/**
 * Describes a YAML syntax error by its kind and position only. The parser's own message quotes the offending line
 * (which may hold a password), so it is never passed on.
 */
final class YamlErrors {
    /** Problems worded by the YAML parser itself; anything else is reported as a syntax error. */
    private static final Pattern KIND = Pattern.compile("[a-z][a-z ,'()-]{2,80}");

    private YamlErrors() {
    }

    static String describe(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return "not valid YAML" + where + ": " + kind(e);
    }

    private static String kind(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.startsWith("Duplicate field")) {
            return "duplicate key";
        }
        Throwable cause = e.getCause();
        if (cause instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblem() != null
                && KIND.matcher(marked.getProblem()).matches()) {
            return marked.getProblem();
        }
        return e instanceof StreamReadException ? "syntax error" : "cannot be read";
    }
}
