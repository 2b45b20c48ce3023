package dev.driftwatch.config;

import java.util.List;

/** A configuration that cannot be used; every message names the path of the offending value. */
public final class ConfigException extends RuntimeException {
    private final List<String> errors;

    public ConfigException(List<String> errors) {
        super(errors.size() == 1 ? errors.get(0) : errors.size() + " configuration errors:\n  " + String.join("\n  ", errors));
        this.errors = List.copyOf(errors);
    }

    public ConfigException(String error) {
        this(List.of(error));
    }

    public List<String> errors() {
        return errors;
    }
}
