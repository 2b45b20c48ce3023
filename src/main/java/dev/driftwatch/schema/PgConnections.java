package dev.driftwatch.schema;

import dev.driftwatch.platform.postgres.PostgresDatabase;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import jakarta.inject.Inject;

/**
 * The shared sessions, one per database target and statement timeout, counted by the probes that hold them. A kept
 * pgjdbc connection holds ~65 KB of heap (its stream buffers, type cache and statement cache), so a fleet of
 * thousands keeps only some open between runs.
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
        Entry e = sessions.computeIfAbsent(new Key(target, statementTimeout), k -> new Entry(new PgSession(target, statementTimeout, kept)));
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

    @PreDestroy
    synchronized void closeAll() {
        sessions.values().forEach(e -> e.session.close());
        sessions.clear();
    }
}
