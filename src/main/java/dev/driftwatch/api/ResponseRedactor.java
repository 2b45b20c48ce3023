package dev.driftwatch.api;

import dev.driftwatch.config.ConfigService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Scrubs the running config's secrets from error messages, which may quote what the caller sent. */
@ApplicationScoped
public class ResponseRedactor {
    private final ConfigService config;

    @Inject
    public ResponseRedactor(ConfigService config) {
        this.config = config;
    }

    public String scrub(String message) {
        return config.redactor().scrub(message);
    }
}
