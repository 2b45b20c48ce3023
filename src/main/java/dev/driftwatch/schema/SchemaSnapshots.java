package dev.driftwatch.schema;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigService;
import dev.driftwatch.config.EnvironmentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/** Live snapshots on request (the schema endpoint), and the latest one each schema check took. */
@ApplicationScoped
public class SchemaSnapshots {
    private final ConfigService config;
    private final PgConnections connections;
    private final SnapshotInterner interner;

    @Inject
    public SchemaSnapshots(ConfigService config, PgConnections connections, SnapshotInterner interner) {
        this.config = config;
        this.connections = connections;
        this.interner = interner;
    }

    private final Map<String, SchemaSnapshot> latest = new ConcurrentHashMap<>();
    private final Map<String, SchemaSnapshot> expected = new ConcurrentHashMap<>();

    void rememberExpected(String environment, SchemaSnapshot snapshot) {
        expected.put(environment, snapshot);
    }

    /** The expected state the environment's schema check last compared with (contract, reference or migrations). */
    public Optional<SchemaSnapshot> expected(String environment) {
        return Optional.ofNullable(expected.get(environment));
    }

    void remember(String environment, SchemaSnapshot snapshot) {
        latest.put(environment, snapshot);
    }

    public Optional<SchemaSnapshot> latest(String environment) {
        return Optional.ofNullable(latest.get(environment));
    }

    /** The schema check of an environment, if it has one. */
    public Optional<CheckDefinition> schemaCheck(EnvironmentConfig env) {
        return env.checks().stream().filter(c -> c.settings() instanceof SchemaSettings).findFirst();
    }

    /** Reads the environment's schema now, over the connection its checks share. */
    public SchemaSnapshot live(CheckDefinition check) throws LiveSnapshotException {
        SchemaSettings s = check.settings(SchemaSettings.class);
        PgSession session = connections.acquire(s.database(), SchemaCheckGroup.statementTimeout(check.timeout()));
        try {
            SchemaSnapshot snapshot = interner.intern(session.run(check.timeout(), c -> CatalogReader.read(c, s.schemas(), s.roles())));
            latest.put(check.environment(), snapshot);
            return snapshot;
        } catch (SQLException | TimeoutException e) {
            throw new LiveSnapshotException(PgErrors.describe(s.database(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LiveSnapshotException("interrupted");
        } finally {
            connections.release(session);
        }
    }

    /** The live schema could not be read; the message is safe to show. */
    public static final class LiveSnapshotException extends Exception {
        public LiveSnapshotException(String message) {
            super(message);
        }
    }
}
