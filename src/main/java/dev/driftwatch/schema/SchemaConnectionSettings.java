package dev.driftwatch.schema;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the schema and migrations checks hold their database connections ({@code driftwatch.schema.*}). */
@ConfigMapping(prefix = "driftwatch.schema")
public interface SchemaConnectionSettings {
    /**
     * How many databases keep their connection open between runs; the others connect for each run and close after
     * it. Each kept connection holds ~60 KB of the daemon's heap (and a backend process on its server); a connection
     * per run costs a connect and login each interval instead. README, Sizing.
     */
    @WithDefault("100")
    int keptConnections();
}
