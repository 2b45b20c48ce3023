package dev.driftwatch.schema;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the schema and migrations checks hold their database connections ({@code driftwatch.schema.*}). */
@ConfigMapping(prefix = "driftwatch.schema")
public interface SchemaConnectionSettings {
    /**
     * How many databases keep their connection open between runs; the others connect for each run and close after
     * it. Each kept connection holds ~65 KB of the daemon's heap (and a backend process on its server); a connection
     * per run costs a connect, a login and a cold backend on the database each interval instead, which at 1,000
     * databases and 30 s cost more CPU (the daemon's and the servers') than the memory saved is worth. README, Sizing.
     */
    @WithDefault("1000")
    int keptConnections();
}
