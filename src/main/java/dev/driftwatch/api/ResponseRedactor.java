package dev.driftwatch.api;

import dev.driftwatch.config.ConfigService;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.config.Redactor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Scrubs the running config's secrets from error messages, which may quote what the caller sent. */
@ApplicationScoped
public class ResponseRedactor {
    private final ConfigService config;

    @Inject
    public ResponseRedactor(ConfigService config) {
        this.config = config;
    }

    private volatile MonitorConfig scrubbedFor;
    private volatile Redactor redactor = new Redactor(List.of());

    public String scrub(String message) {
        MonitorConfig running = config.current().orElse(null);
        if (running != null && running != scrubbedFor) {
            redactor = new Redactor(running.secrets());
            scrubbedFor = running;
        }
        return redactor.scrub(message);
    }
}
