package dev.driftwatch.platform.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link Sql} over a JDBC connection, for the command-line tools that already hold one (and tests): pgjdbc binds
 * {@code ?} by position, so each {@code $n} becomes one, bound to parameter n. The statements are driftwatch's own,
 * with no {@code $n} inside a literal.
 */
public final class JdbcSql implements Sql {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d+)");
    private final Connection connection;

    public JdbcSql(Connection connection) {
        this.connection = connection;
    }

    /** The statement with {@code ?} for each {@code $n}, and the n of each {@code ?} in order. */
    record Positional(String statement, List<Integer> order) {
        static Positional of(String statement) {
            Matcher m = PLACEHOLDER.matcher(statement);
            StringBuilder out = new StringBuilder();
            List<Integer> order = new ArrayList<>();
            while (m.find()) {
                order.add(Integer.parseInt(m.group(1)));
                m.appendReplacement(out, "?");
            }
            m.appendTail(out);
            return new Positional(out.toString(), order);
        }
    }

    @Override
    public List<String[]> rows(String statement, Object... parameters) throws SQLException {
        Positional positional = Positional.of(statement);
        try (PreparedStatement ps = connection.prepareStatement(positional.statement())) {
            for (int i = 0; i < positional.order().size(); i++) {
                int n = positional.order().get(i);
                if (n < 1 || n > parameters.length) {
                    throw new SQLException("the statement names $" + n + " but has " + parameters.length + " parameters", "07001");
                }
                Object p = parameters[n - 1];
                if (p instanceof List<?> list) {
                    p = list.toArray(String[]::new);
                }
                if (p instanceof String[] array) {
                    ps.setArray(i + 1, connection.createArrayOf("text", array));
                } else {
                    ps.setString(i + 1, (String) p);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                List<String[]> rows = new ArrayList<>();
                while (rs.next()) {
                    String[] row = new String[columns];
                    for (int c = 0; c < columns; c++) {
                        row[c] = rs.getString(c + 1);
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }
}
