package dev.driftwatch.schema;

import dev.driftwatch.platform.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.postgresql.Driver;

/**
 * One read-only connection to one database, shared by the checks of an environment: opened on first use, reused
 * between runs while the session holds one of the kept connections ({@code driftwatch.schema.kept-connections}),
 * else closed after each run; reopened after a failure (once within the same run, so a restarted server is seen at
 * once).
 */
public final class PgSession implements AutoCloseable {
    private static final Driver DRIVER = new Driver();

    private final PostgresDatabase target;
    private final Duration statementTimeout;
    private final ReentrantLock lock = new ReentrantLock();
    /** The permits of connections kept open between runs, shared by every session. */
    private final Semaphore kept;
    private boolean keeps;
    private Connection connection;
    private int connects;

    /** Work done on the connection; the lock is held throughout. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    PgSession(PostgresDatabase target, Duration statementTimeout, Semaphore kept) {
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

    private Connection open() throws SQLException {
        long seconds = Math.max(1, (statementTimeout.toMillis() + 999) / 1000);
        Properties props = new Properties();
        if (target.user() != null) {
            props.setProperty("user", target.user());
        }
        if (target.password() != null && !target.password().isEmpty()) {
            props.setProperty("password", target.password().reveal());
        }
        props.setProperty("ApplicationName", "driftwatch");
        props.setProperty("connectTimeout", Long.toString(seconds));
        props.setProperty("loginTimeout", Long.toString(seconds));
        props.setProperty("socketTimeout", Long.toString(seconds + 2));
        props.setProperty("tcpKeepAlive", "true");
        PostgresDatabase.boundCaches(props);
        Connection c = DRIVER.connect(target.url(), props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL (expected jdbc:postgresql://host:port/database)", "08001");
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; SET statement_timeout = "
                    + statementTimeout.toMillis());
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        connects++;
        return c;
    }

    static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P");
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // already broken
            }
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
