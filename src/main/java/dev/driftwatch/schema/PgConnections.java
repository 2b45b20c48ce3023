package dev.driftwatch.schema;

import dev.driftwatch.platform.postgres.PostgresDatabase;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The shared sessions, one per database target and statement timeout, counted by the probes that hold them. */
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

    public synchronized PgSession acquire(PostgresDatabase target, Duration statementTimeout) {
        Entry e = sessions.computeIfAbsent(new Key(target, statementTimeout), k -> new Entry(new PgSession(target, statementTimeout)));
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
