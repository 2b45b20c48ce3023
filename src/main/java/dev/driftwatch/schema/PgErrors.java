package dev.driftwatch.schema;

import dev.driftwatch.platform.postgres.PostgresDatabase;
import java.sql.SQLException;

/** Turns JDBC failures into reasons an operator can act on; never includes the URL or credentials. */
final class PgErrors {
    private PgErrors() {
    }

    static String describe(PostgresDatabase target, Exception e) {
        if (e instanceof SQLException s) {
            String state = s.getSQLState() == null ? "" : s.getSQLState();
            String message = s.getMessage() == null ? "" : s.getMessage().lines().findFirst().orElse("");
            if ("57014".equals(state)) {
                return "query on " + target.display() + " exceeded the statement timeout";
            }
            if ("28P01".equals(state) || "28000".equals(state)) {
                return "credentials rejected by " + target.display() + ": " + message;
            }
            if (state.startsWith("08") || state.startsWith("57P")) {
                return "cannot reach " + target.display() + ": " + message;
            }
            return "query on " + target.display() + " failed (" + state + "): " + message;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
