package dev.driftwatch.schema;

import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Measurement;
import dev.driftwatch.probe.Probe;
import dev.driftwatch.probe.ProbeResult;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

/**
 * Compares the migration files of a directory with the versions recorded as applied. Pending versions are critical
 * drift (the code expects a schema the database does not have); applied versions without a file are a warning.
 */
final class MigrationsProbe implements Probe {
    /** Applied versions; the table is absent until the first {@code supabase db push}. */
    static final String APPLIED_QUERY = "SELECT version FROM supabase_migrations.schema_migrations";
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String UNDEFINED_SCHEMA = "3F000";
    private static final int LISTED = 10;

    private final String target;
    private final MigrationsSettings settings;
    private final PgConnections connections;
    private final PgSession session;

    MigrationsProbe(String target, MigrationsSettings settings, PgConnections connections, Duration statementTimeout) {
        this.target = target;
        this.settings = settings;
        this.connections = connections;
        this.session = connections.acquire(settings.database(), statementTimeout);
    }

    @Override
    public String destination() {
        return settings.database().destination();
    }

    @Override
    public ProbeResult probe(Duration timeout) throws Exception {
        Map<String, String> files;
        try {
            files = MigrationFiles.read(settings.directory());
        } catch (IOException e) {
            return ProbeResult.unknown("cannot list migrations directory " + settings.directory() + ": " + e.getClass().getSimpleName());
        }
        Optional<List<String>> applied;
        try {
            applied = session.run(timeout, sql -> {
                try {
                    List<String> versions = new ArrayList<>();
                    for (String[] row : sql.rows(APPLIED_QUERY)) {
                        versions.add(row[0]);
                    }
                    return Optional.of(versions);
                } catch (SQLException e) {
                    if (UNDEFINED_TABLE.equals(e.getSQLState()) || UNDEFINED_SCHEMA.equals(e.getSQLState())) {
                        return Optional.<List<String>>empty();
                    }
                    throw e;
                }
            });
        } catch (SQLException | TimeoutException e) {
            return ProbeResult.unknown(PgErrors.describe(settings.database(), e));
        }
        TreeSet<String> pending = new TreeSet<>(files.keySet());
        applied.ifPresent(pending::removeAll);
        TreeSet<String> unknown = new TreeSet<>(applied.orElse(List.of()));
        unknown.removeAll(files.keySet());

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("database", settings.database().display());
        details.put("directory", settings.directory().getFileName().toString());
        details.put("files", files.size());
        details.put("applied", applied.map(List::size).orElse(0));
        details.put("pending", pending.stream().map(files::get).toList());
        details.put("appliedWithoutFile", List.copyOf(unknown));
        // every applied version, so a release gate can check its own migration files whatever this directory holds
        details.put("appliedVersions", List.copyOf(new TreeSet<>(applied.orElse(List.of()))));
        List<Measurement> measurements = List.of(
                SchemaSeries.DIFFERENCES.measure(pending.size(), "target", target, "kind", DifferenceKind.PENDING_MIGRATION.label()),
                SchemaSeries.DIFFERENCES.measure(unknown.size(), "target", target, "kind", DifferenceKind.UNKNOWN_MIGRATION.label()));

        if (!pending.isEmpty()) {
            String where = applied.isEmpty() ? " (supabase_migrations.schema_migrations does not exist)" : "";
            return ProbeResult.drift(Severity.CRITICAL, pending.size() + (pending.size() == 1 ? " migration" : " migrations")
                            + " pending" + where + ": " + list(pending.stream().map(files::get).toList())
                            + (unknown.isEmpty() ? "" : "; applied without a file: " + list(List.copyOf(unknown))))
                    .withDetails(details).withMeasurements(measurements);
        }
        if (!unknown.isEmpty()) {
            return ProbeResult.drift(Severity.WARNING, unknown.size() + " applied " + (unknown.size() == 1 ? "migration has" : "migrations have")
                            + " no file in " + settings.directory().getFileName() + ": " + list(List.copyOf(unknown)))
                    .withDetails(details).withMeasurements(measurements);
        }
        return ProbeResult.ok("all " + files.size() + " migrations applied").withDetails(details).withMeasurements(measurements);
    }

    private static String list(List<String> items) {
        String shown = String.join(", ", items.subList(0, Math.min(LISTED, items.size())));
        return items.size() > LISTED ? shown + " and " + (items.size() - LISTED) + " more" : shown;
    }

    @Override
    public void close() {
        connections.release(session);
    }
}
