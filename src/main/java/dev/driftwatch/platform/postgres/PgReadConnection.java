package dev.driftwatch.platform.postgres;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One connection to one database on the Vert.x client, used from a probe worker that waits for each answer. It holds
 * a few KB between runs (pgjdbc's connection held ~30–60 KB: stream buffers and a type cache of ~440 entries), and
 * every wait is bounded: connecting and logging in within the statement timeout (pgjdbc's loginTimeout), each
 * statement within the statement timeout and an eighth more (at most 2 s), so that the server's own cancel arrives
 * first when it can and a hung server is a lost connection (08006) before the check's timeout (the statement
 * timeout is 80 % of it, {@code Probe.ioBudget}).
 */
public final class PgReadConnection implements Sql, AutoCloseable {
    private static final long MAX_GRACE_MS = 2_000;

    private final PgConnection connection;
    private final long answerWithinMs;

    private PgReadConnection(PgConnection connection, long answerWithinMs) {
        this.connection = connection;
        this.answerWithinMs = answerWithinMs;
    }

    /**
     * Connects, then makes every transaction of the session read-only and bounds each statement by {@code
     * statementTimeout} on the server.
     */
    public static PgReadConnection open(Vertx vertx, PostgresDatabase target, Duration statementTimeout)
            throws SQLException, InterruptedException {
        long within = statementTimeout.toMillis() + Math.min(MAX_GRACE_MS, statementTimeout.toMillis() / 8);
        PgConnection c = await(PgConnection.connect(vertx, PgOptions.of(target, statementTimeout)), statementTimeout.toMillis(),
                "08001");
        // a failure between statements (the server restarted) is seen by the next statement; unhandled, Vert.x
        // would log it with a stack trace
        c.exceptionHandler(e -> { });
        PgReadConnection read = new PgReadConnection(c, within);
        try {
            await(c.query("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; SET statement_timeout = "
                    + statementTimeout.toMillis()).execute(), within, "08006");
        } catch (SQLException | InterruptedException | RuntimeException e) {
            read.close();
            throw e;
        }
        return read;
    }

    @Override
    public List<String[]> rows(String statement, Object... parameters) throws SQLException {
        Tuple tuple = Tuple.tuple();
        for (Object p : parameters) {
            tuple.addValue(p instanceof List<?> list ? list.toArray(String[]::new) : p);
        }
        RowSet<Row> answer;
        try {
            answer = await(connection.preparedQuery(statement).execute(tuple), answerWithinMs, "08006");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new SQLException("interrupted while waiting for an answer", "08006");
        }
        List<String[]> rows = new ArrayList<>(answer.size());
        int columns = answer.columnsNames() == null ? 0 : answer.columnsNames().size();
        for (Row r : answer) {
            String[] row = new String[columns];
            for (int i = 0; i < columns; i++) {
                Object v = r.getValue(i);
                row[i] = v == null ? null : v.toString();
            }
            rows.add(row);
        }
        return rows;
    }

    private static <T> T await(Future<T> future, long withinMs, String lostState)
            throws SQLException, InterruptedException {
        try {
            return future.toCompletionStage().toCompletableFuture().get(withinMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.onSuccess(PgReadConnection::closeLate);
            throw new SQLException("no answer within " + withinMs + " ms", lostState);
        } catch (InterruptedException e) {
            // the runner gave up on the check: a connection still coming (a frozen server that resumes) is closed
            // when it arrives, or each abandoned run would hold a backend until the server runs out of them
            future.onSuccess(PgReadConnection::closeLate);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PgException pg) {
                throw new SQLException(pg.getErrorMessage(), pg.getSqlState());
            }
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new SQLException(message.lines().findFirst().orElse(message), lostState);
        }
    }

    /** A connection that completed after its caller gave up is closed, not leaked. */
    private static void closeLate(Object late) {
        if (late instanceof PgConnection c) {
            c.close();
        }
    }

    /** Sends Terminate and waits for the socket to close, at most a second: a closed event loop then has nothing left. */
    @Override
    public void close() {
        try {
            connection.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // already broken, or the server does not answer: the socket is closed either way
        }
    }
}
