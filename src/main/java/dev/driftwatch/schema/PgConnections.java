package dev.driftwatch.schema;

import dev.driftwatch.platform.postgres.PostgresDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import jakarta.inject.Inject;

/**
 * The shared sessions, one per database target and statement timeout, counted by the probes that hold them. A kept
 * connection holds a few KB of heap and a backend on its server; a fleet can keep only some open between runs
 * ({@code driftwatch.schema.kept-connections}).
 */
@ApplicationScoped
public class PgConnections {
    private record Key(PostgresDatabase target, Duration statementTimeout) {
    }

    private static final class Entry {
        final PgSession session;
        int holders;

        Entry(PgSession session) {
            this.session = session;
        }
    }

    private final Map<Key, Entry> sessions = new HashMap<>();
    private final Semaphore kept;
    /**
     * The connections' own event loops, not Quarkus's: no HTTP request waits behind a catalog answer being decoded,
     * and Quarkus's Vert.x metrics binder registers no pool gauges for them (only {@code metrics} writes series).
     */
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));

    /** Every session keeps its connection between runs (tools and tests). */
    public PgConnections() {
        this(Integer.MAX_VALUE);
    }

    @Inject
    public PgConnections(SchemaConnectionSettings settings) {
        this(settings.keptConnections());
    }

    /** At most {@code kept} sessions keep their connection open between runs; the others connect for each run. */
    public PgConnections(int kept) {
        this.kept = new Semaphore(Math.max(0, kept));
    }

    public synchronized PgSession acquire(PostgresDatabase target, Duration statementTimeout) {
        Entry e = sessions.computeIfAbsent(new Key(target, statementTimeout), k -> new Entry(new PgSession(vertx, target, statementTimeout, kept)));
        e.holders++;
        return e.session;
    }

    public synchronized void release(PgSession session) {
        sessions.entrySet().removeIf(en -> {
            if (en.getValue().session != session) {
                return false;
            }
            if (--en.getValue().holders > 0) {
                return false;
            }
            session.close();
            return true;
        });
    }

    /** Closes every session and the event loops. */
    @PreDestroy
    public synchronized void close() {
        sessions.values().forEach(e -> e.session.close());
        sessions.clear();
        vertx.close();
    }
}
