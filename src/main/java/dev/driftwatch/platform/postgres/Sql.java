package dev.driftwatch.platform.postgres;

import java.sql.SQLException;
import java.util.List;

/**
 * The statements a check sends on a read-only connection: PostgreSQL's own {@code $1, $2, …} placeholders, parameters
 * as text ({@code String}, or {@code String[]}/{@code List<String>} for a {@code text[]}, or null), every column of
 * the answer as text (null for SQL NULL). Failures are {@link SQLException}s carrying the server's SQLSTATE, or a
 * class 08 state when the connection failed.
 */
@FunctionalInterface
public interface Sql {
    List<String[]> rows(String statement, Object... parameters) throws SQLException;

    /** The first row of the answer; an answer without rows is an error. */
    default String[] row(String statement, Object... parameters) throws SQLException {
        List<String[]> rows = rows(statement, parameters);
        if (rows.isEmpty()) {
            throw new SQLException("the statement returned no row", "02000");
        }
        return rows.get(0);
    }
}
