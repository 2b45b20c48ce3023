package dev.driftwatch.provider;

import dev.driftwatch.platform.postgres.PostgresDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.Driver;

/**
 * Reads the models the app sells with the catalog query, in a read-only transaction on a connection of its own that
 * lives for one run. Columns are found by name ({@code model_id} required; {@code input_price_per_million},
 * {@code output_price_per_million}, {@code context_length}, {@code max_output_tokens} when present); others are ignored.
 */
final class AppCatalog {
    static final int MAX_ROWS = 10_000;
    private static final Driver DRIVER = new Driver();
    private static final Pattern FROM = Pattern.compile("\\bfrom\\s+((?:\"?[A-Za-z_][\\w$]*\"?\\.)?\"?[A-Za-z_][\\w$]*\"?)",
            Pattern.CASE_INSENSITIVE);

    /** The catalog could not be read; the message is the reason an operator acts on (no URL, no credentials). */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private AppCatalog() {
    }

    static List<SoldModel> read(PostgresDatabase db, String query, Duration timeout) throws Unreadable {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        Properties props = new Properties();
        if (db.user() != null) {
            props.setProperty("user", db.user());
        }
        if (!db.password().isEmpty()) {
            props.setProperty("password", db.password().reveal());
        }
        props.setProperty("ApplicationName", "driftwatch catalog");
        props.setProperty("connectTimeout", Long.toString(seconds));
        props.setProperty("socketTimeout", Long.toString(seconds + 2));
        PostgresDatabase.boundCaches(props);
        try (Connection c = DRIVER.connect(db.url(), props)) {
            if (c == null) {
                throw new Unreadable("schema.url is not a PostgreSQL JDBC URL");
            }
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL statement_timeout = " + timeout.toMillis());
                s.setMaxRows(MAX_ROWS);
                try (ResultSet rows = s.executeQuery(query)) {
                    return rows(rows);
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new Unreadable(describe(db, query, e));
        }
    }

    private static List<SoldModel> rows(ResultSet rows) throws SQLException, Unreadable {
        Map<String, Integer> columns = new HashMap<>();
        ResultSetMetaData meta = rows.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.putIfAbsent(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
        }
        Integer id = columns.get("model_id");
        if (id == null) {
            throw new Unreadable("the catalog query returns no model_id column (columns: " + String.join(", ", columns.keySet()) + ")");
        }
        List<SoldModel> out = new ArrayList<>();
        while (rows.next()) {
            String model = rows.getString(id);
            if (model != null && !model.isBlank()) {
                out.add(new SoldModel(model.trim(), decimal(rows, columns.get("input_price_per_million")),
                        decimal(rows, columns.get("output_price_per_million")), whole(rows, columns.get("context_length")),
                        whole(rows, columns.get("max_output_tokens"))));
            }
        }
        return out;
    }

    private static BigDecimal decimal(ResultSet rows, Integer column) throws SQLException {
        return column == null ? null : rows.getBigDecimal(column);
    }

    private static Long whole(ResultSet rows, Integer column) throws SQLException {
        if (column == null) {
            return null;
        }
        long v = rows.getLong(column);
        return rows.wasNull() ? null : v;
    }

    private static String describe(PostgresDatabase db, String query, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String first = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        String role = db.user() == null ? "the role of schema.user" : db.user();
        if ("42501".equals(state)) {
            Matcher m = FROM.matcher(query);
            String table = m.find() ? m.group(1) : "the catalog table";
            return "cannot read the app's catalog on " + db.display() + ": " + first + " (grant select on " + table + " to " + role + ")";
        }
        if ("28P01".equals(state) || "28000".equals(state)) {
            return "cannot read the app's catalog: credentials for " + role + " rejected by " + db.display();
        }
        if (state.startsWith("08") || state.startsWith("57P")) {
            return "cannot read the app's catalog: cannot reach " + db.display() + ": " + first;
        }
        if ("57014".equals(state)) {
            return "cannot read the app's catalog: the query on " + db.display() + " exceeded the statement timeout";
        }
        return "cannot read the app's catalog: the query on " + db.display() + " failed (" + state + "): " + first;
    }
}
