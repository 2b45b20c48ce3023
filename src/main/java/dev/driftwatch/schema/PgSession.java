package dev.driftwatch.schema;

import dev.driftwatch.platform.postgres.PgReadConnection;
import dev.driftwatch.platform.postgres.PostgresDatabase;
import dev.driftwatch.platform.postgres.Sql;
import io.vertx.core.Vertx;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One read-only connection to one database, shared by the checks of an environment: opened on first use, reused
 * between runs while the session holds one of the kept connections ({@code driftwatch.schema.kept-connections}),
 * else closed after each run; reopened after a failure (once within the same run, so a restarted server is seen at
 * once).
 */
public final class PgSession implements AutoCloseable {
    private final Vertx vertx;
    private final PostgresDatabase target;
    private final Duration statementTimeout;
    private final ReentrantLock lock = new ReentrantLock();
    /** The permits of connections kept open between runs, shared by every session. */
    private final Semaphore kept;
    private boolean keeps;
    private PgReadConnection connection;
    private int connects;

    /** Work done on the connection; the lock is held throughout. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Sql sql) throws SQLException;
    }

    PgSession(Vertx vertx, PostgresDatabase target, Duration statementTimeout, Semaphore kept) {
        this.vertx = vertx;
        this.target = target;
        this.statementTimeout = statementTimeout;
        this.kept = kept;
    }

    public PostgresDatabase target() {
        return target;
    }

    /** How many connections this session has opened: one, unless the database failed in between. */
    public int connects() {
        return connects;
    }

    public <T> T run(Duration wait, SqlWork<T> work) throws SQLException, TimeoutException, InterruptedException {
        if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("the connection to " + target.display() + " is busy with another check");
        }
        try {
            for (int attempt = 0; ; attempt++) {
                boolean fresh = connection == null;
                if (fresh) {
                    connection = open();
                }
                try {
                    return work.apply(connection);
                } catch (SQLException e) {
                    if (!connectionLost(e)) {
                        throw e;
                    }
                    closeQuietly();
                    if (fresh || attempt > 0) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    closeQuietly();
                    throw e;
                }
            }
        } finally {
            if (connection != null && !keeps) {
                keeps = kept.tryAcquire();
                if (!keeps) {
                    closeQuietly();
                }
            }
            lock.unlock();
        }
    }

    private PgReadConnection open() throws SQLException, InterruptedException {
        PgReadConnection c = PgReadConnection.open(vertx, target, statementTimeout);
        connects++;
        return c;
    }

    static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P");
    }

    private void closeQuietly() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
        if (keeps) {
            keeps = false;
            kept.release();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeQuietly();
        } finally {
            lock.unlock();
        }
    }
}
