package dev.driftwatch.health;

import dev.driftwatch.config.ConfigService;
import dev.driftwatch.config.ConfigStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once an environments file is loaded; a rejected reload keeps it ready on the last good one. */
@Readiness
@ApplicationScoped
public class ConfigReadiness implements HealthCheck {
    private final ConfigService config;

    @Inject
    public ConfigReadiness(ConfigService config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        ConfigStatus s = config.status();
        var response = HealthCheckResponse.named("config").status(s != null && s.loaded())
                .withData("lastReloadSuccess", s != null && s.lastReloadSuccess());
        if (s != null && !s.errors().isEmpty()) {
            response.withData("errors", String.join("; ", s.errors()));
        }
        return response.build();
    }
}
