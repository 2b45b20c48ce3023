package dev.driftwatch.api;

import dev.driftwatch.config.ConfigService;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.config.Shards;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Looks environments up for the resources: 503 before any config is loaded, 404 for a name it does not have. */
@ApplicationScoped
public class Environments {
    private final ConfigService config;

    @Inject
    public Environments(ConfigService config) {
        this.config = config;
    }

    public MonitorConfig config() {
        return config.current().orElseThrow(() -> new ApiException(503,
                "no environments file is loaded yet: " + String.join("; ", config.status().errors())));
    }

    /** Every environment of the file, other shards' too. */
    public MonitorConfig fleet() {
        config();
        return config.fleet().orElseThrow();
    }

    public Shards shards() {
        return config.shards();
    }

    public EnvironmentConfig get(String name) {
        return config().environment(name).orElseThrow(() -> new ApiException(404,
                "no environment named '" + QueryParameters.quoted(name) + "' (GET /api/v1/environments lists them)"));
    }
}
