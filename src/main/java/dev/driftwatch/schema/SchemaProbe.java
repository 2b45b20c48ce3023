package dev.driftwatch.schema;

import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Measurement;
import dev.driftwatch.probe.Probe;
import dev.driftwatch.probe.ProbeResult;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Compares the live schema of an environment with its contract or its reference environment. */
final class SchemaProbe implements Probe {
    /** The kinds this probe can find. */
    static final Set<DifferenceKind> KINDS = Set.of(DifferenceKind.values()).stream()
            .filter(k -> k != DifferenceKind.PENDING_MIGRATION && k != DifferenceKind.UNKNOWN_MIGRATION)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final int LISTED = 5;

    private final String target;
    /** The kinds this probe has exported: each keeps its series, at 0 once no longer found. */
    private final Set<DifferenceKind> exported = java.util.Collections.synchronizedSet(java.util.EnumSet.noneOf(DifferenceKind.class));
    private final SchemaSettings settings;
    private final PgSession session;
    private final PgSession reference;
    private final ContractFile contract;
    private final MigrationsContract fromMigrations;
    private final Consumer<SchemaSnapshot> expectedStates;
    /** Where the forward fix of this check's differences is served; null when the environment is not known. */
    private final String fixPath;
    private final PgConnections connections;
    private final Consumer<SchemaSnapshot> snapshots;
    private final SnapshotInterner interner;
    /** The latest catalog read of the live database and of the reference, by hash: unchanged ones are not re-parsed. */
    private volatile CatalogReader.Read lastLive;
    private volatile CatalogReader.Read lastReference;

    /** A catalog read that is kept for the next run when its answer is unchanged. */
    private interface Reader {
        CatalogReader.Read read(CatalogReader.Read previous) throws SQLException, TimeoutException, InterruptedException;
    }

    SchemaProbe(String target, SchemaSettings settings, PgConnections connections, Duration statementTimeout,
                Consumer<SchemaSnapshot> snapshots) {
        this(target, settings, connections, statementTimeout, snapshots, new SnapshotInterner());
    }

    SchemaProbe(String target, SchemaSettings settings, PgConnections connections, Duration statementTimeout,
                Consumer<SchemaSnapshot> snapshots, SnapshotInterner interner) {
        this(target, settings, connections, statementTimeout, snapshots, interner, expected -> { }, null);
    }

    /** {@code expectedStates} receives the expected snapshot each run compared with (for the forward fix). */
    SchemaProbe(String target, SchemaSettings settings, PgConnections connections, Duration statementTimeout,
                Consumer<SchemaSnapshot> snapshots, SnapshotInterner interner, Consumer<SchemaSnapshot> expectedStates,
                String environment) {
        this.interner = interner;
        this.fixPath = environment == null ? null : "/api/v1/environments/" + environment + "/schema/fix.sql";
        this.expectedStates = expectedStates;
        SchemaSettings.FromMigrations m = settings.fromMigrations();
        this.fromMigrations = m == null ? null : new MigrationsContract(new ContractCommand.Options(m.migrations(), m.scratch(),
                m.before(), settings.schemas(), settings.roles()), m.password() == null ? null : m.password().reveal(), interner::intern);
        this.target = target;
        this.settings = settings;
        this.connections = connections;
        this.snapshots = snapshots;
        this.session = connections.acquire(settings.database(), statementTimeout);
        this.reference = settings.referenceDatabase() == null ? null : connections.acquire(settings.referenceDatabase(), statementTimeout);
        this.contract = settings.contract() == null ? null : new ContractFile(settings.contract(), interner::intern);
    }

    @Override
    public String destination() {
        return settings.database().destination();
    }

    @Override
    public ProbeResult probe(Duration timeout) throws Exception {
        SchemaSnapshot live;
        try {
            lastLive = read(lastLive, previous -> session.run(timeout, c -> CatalogReader.readIfChanged(c, settings.schemas(), settings.roles(), previous)));
            live = lastLive.snapshot();
        } catch (SQLException | TimeoutException e) {
            return ProbeResult.unknown(PgErrors.describe(settings.database(), e));
        }
        snapshots.accept(live);
        SchemaSnapshot expected;
        String source;
        if (contract != null) {
            try {
                expected = contract.current();
            } catch (IllegalArgumentException | java.io.IOException e) {
                return ProbeResult.unknown("contract " + settings.contract().getFileName() + " unusable: " + e.getMessage());
            }
            source = "contract " + settings.contract().getFileName();
        } else if (reference != null) {
            try {
                lastReference = read(lastReference, previous -> reference.run(timeout,
                        c -> CatalogReader.readIfChanged(c, settings.schemas(), settings.roles(), previous)));
                expected = lastReference.snapshot();
            } catch (SQLException | TimeoutException e) {
                return ProbeResult.unknown("reference environment " + settings.referenceEnvironment() + ": "
                        + PgErrors.describe(settings.referenceDatabase(), e));
            }
            source = "reference environment " + settings.referenceEnvironment();
        } else if (fromMigrations != null) {
            String dir = settings.fromMigrations().migrations().getFileName().toString();
            try {
                java.util.Optional<SchemaSnapshot> built = fromMigrations.current();
                if (built.isEmpty()) {
                    return ProbeResult.unknown("building the expected state from migrations " + dir + " in a scratch database");
                }
                expected = built.get();
            } catch (IllegalStateException | java.io.IOException e) {
                return ProbeResult.unknown("expected state from migrations " + dir + " unusable: " + e.getMessage());
            }
            source = "migrations " + dir;
        } else {
            return ProbeResult.ok("no expected state: snapshot only (" + live.tables().size() + " tables); "
                    + "save GET /api/v1/environments/{env}/schema as a contract to compare")
                    .withDetails(summary(live, "none", List.of()))
                    .withMeasurements(measurements(List.of()));
        }
        expectedStates.accept(expected);
        List<Difference> differences = SchemaComparator.compare(expected, live);
        Map<String, Object> details = summary(live, source, differences);
        List<Measurement> measurements = measurements(differences);
        if (differences.isEmpty()) {
            return ProbeResult.ok("matches " + source + " (" + live.tables().size() + " tables)")
                    .withDetails(details).withMeasurements(measurements);
        }
        Severity worst = differences.stream().map(Difference::severity).max(Enum::compareTo).orElseThrow();
        return ProbeResult.drift(worst, reason(differences, source)).withDetails(details).withMeasurements(measurements);
    }

    /** The new read, with the previous snapshot when the catalog answered unchanged; the snapshot kept is interned. */
    private CatalogReader.Read read(CatalogReader.Read previous, Reader reader) throws SQLException, TimeoutException, InterruptedException {
        CatalogReader.Read read = reader.read(previous);
        if (read.snapshot() == null && previous != null && read.hash().equals(previous.hash())) {
            return read.withSnapshot(previous.snapshot());
        }
        if (read.snapshot() == null) {
            throw new SQLException("the catalog query answered no snapshot", "XX000");
        }
        return read.withSnapshot(interner.intern(read.snapshot()));
    }

    static String reason(List<Difference> differences, String source) {
        long critical = differences.stream().filter(d -> d.severity() == Severity.CRITICAL).count();
        StringBuilder s = new StringBuilder();
        s.append(differences.size()).append(differences.size() == 1 ? " difference" : " differences")
                .append(" from ").append(source);
        if (critical > 0) {
            s.append(" (").append(critical).append(" critical)");
        }
        s.append(": ");
        List<String> listed = differences.stream().limit(LISTED).map(Difference::describe).toList();
        s.append(String.join("; ", listed));
        if (differences.size() > LISTED) {
            s.append("; and ").append(differences.size() - LISTED).append(" more");
        }
        return s.toString();
    }

    private Map<String, Object> summary(SchemaSnapshot live, String source, List<Difference> differences) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("database", settings.database().display());
        d.put("schemas", settings.schemas());
        d.put("expected", source);
        d.put("tables", live.tables().size());
        d.put("columns", live.tables().values().stream().mapToInt(t -> t.columns().size()).sum());
        d.put("functions", live.functions().size());
        d.put("differences", new ArrayList<>(differences));
        if (!differences.isEmpty() && fixPath != null) {
            d.put("fix", fixPath);
        }
        return d;
    }

    /**
     * The count of every kind found, and a zero for every kind found before (so that its series drops to 0 instead of
     * keeping its last count). A kind never found is not exported: 35 zeros per environment were a third of a
     * 1,000-environment daemon's series, and the alerts and dashboards read only counts above zero.
     */
    private List<Measurement> measurements(List<Difference> differences) {
        Map<DifferenceKind, Integer> counts = new EnumMap<>(DifferenceKind.class);
        exported.forEach(k -> counts.put(k, 0));
        differences.forEach(d -> counts.merge(d.kind(), 1, Integer::sum));
        exported.addAll(counts.keySet());
        List<Measurement> out = new ArrayList<>();
        counts.forEach((k, n) -> out.add(SchemaSeries.DIFFERENCES.measure(n, "target", target, "kind", k.label())));
        return out;
    }

    @Override
    public void close() {
        if (fromMigrations != null) {
            fromMigrations.close();
        }
        connections.release(session);
        if (reference != null) {
            connections.release(reference);
        }
    }
}
