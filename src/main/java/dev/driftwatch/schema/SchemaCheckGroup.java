package dev.driftwatch.schema;

import dev.driftwatch.platform.postgres.PostgresDatabase;
import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigNode;
import dev.driftwatch.config.GroupContext;
import dev.driftwatch.config.Secret;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.CheckGroup;
import dev.driftwatch.probe.Probe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code schema} group of an environment: a PostgreSQL database, compared with a contract or a reference
 * environment ({@code schema/<schemas>}), and optionally a migrations directory ({@code migrations/supabase}).
 */
@ApplicationScoped
public class SchemaCheckGroup implements CheckGroup {
    static final Set<String> KEYS = Set.of("url", "user", "password", "schemas", "contract", "reference", "migrations", "roles", "scratch", "scratchPassword", "before",
            "interval", "timeout", "severity");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]*");

    private final PgConnections connections;
    private final SchemaSnapshots snapshots;
    private final SnapshotInterner interner;

    @Inject
    public SchemaCheckGroup(PgConnections connections, SchemaSnapshots snapshots, SnapshotInterner interner) {
        this.connections = connections;
        this.snapshots = snapshots;
        this.interner = interner;
    }

    @Override
    public String configKey() {
        return "schema";
    }

    @Override
    public Set<String> kinds() {
        return Set.of("schema", "migrations");
    }

    @Override
    public List<CheckDefinition> parse(ConfigNode group, GroupContext context) {
        group.allowOnly(KEYS);
        PostgresDatabase target = target(group);
        List<String> schemas = schemas(group);
        Path contract = group.optString("contract").map(p -> context.baseDir().resolve(p).normalize()).orElse(null);
        if (contract != null) {
            try {
                ContractFile.parse(contract);
            } catch (IllegalArgumentException e) {
                group.error("contract", e.getMessage());
            }
        }
        String reference = group.optString("reference").orElse(null);
        PostgresDatabase referenceDatabase = null;
        if (reference != null) {
            if (contract != null) {
                group.error("reference", "contract and reference are exclusive: set one source of expected state");
            } else if (reference.equals(context.environment())) {
                group.error("reference", "an environment cannot be its own reference");
            } else if (!context.environmentNames().contains(reference)) {
                group.error("reference", "no environment named " + reference);
            } else {
                Optional<ConfigNode> peer = context.peerGroup(reference);
                if (peer.isEmpty()) {
                    group.error("reference", "environment " + reference + " has no schema group to compare with");
                } else {
                    referenceDatabase = target(peer.get());
                }
            }
        }
        SchemaSettings.FromMigrations fromMigrations = fromMigrations(group, context, contract != null || reference != null);
        List<CheckDefinition> out = new ArrayList<>();
        out.add(context.define(group, "schema", String.join("+", schemas), Severity.CRITICAL,
                new SchemaSettings(target, schemas, contract, reference, referenceDatabase, roles(group), fromMigrations)));
        group.optString("migrations").ifPresent(dir -> {
            Path path = context.baseDir().resolve(dir).normalize();
            if (!Files.isDirectory(path)) {
                group.error("migrations", path + " is not a directory");
            }
            out.add(context.define(group, "migrations", "supabase", Severity.CRITICAL, new MigrationsSettings(target, path)));
        });
        return out;
    }

    private static PostgresDatabase target(ConfigNode group) {
        String url = group.string("url");
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql://")) {
            group.error("url", "must be a PostgreSQL JDBC URL: jdbc:postgresql://host:port/database");
        }
        String user = group.optString("user").orElse(null);
        Secret password = group.optSecret("password").orElse(new Secret(""));
        return new PostgresDatabase(url, user, password);
    }

    /** {@code scratch}: the expected state is what {@code migrations} produce, built on that server. */
    private static SchemaSettings.FromMigrations fromMigrations(ConfigNode group, GroupContext context, boolean otherSource) {
        Optional<String> scratch = group.optString("scratch");
        if (scratch.isEmpty()) {
            return null;
        }
        if (otherSource) {
            group.error("scratch", "contract, reference and scratch (expected state from migrations) are exclusive");
        }
        if (!scratch.get().startsWith("jdbc:postgresql://")) {
            group.error("scratch", "must be a PostgreSQL JDBC URL: jdbc:postgresql://host:port/database?user=…");
        }
        Optional<String> dir = group.optString("migrations");
        if (dir.isEmpty()) {
            group.error("scratch", "needs migrations: the directory whose migrations give the expected state");
            return null;
        }
        List<Path> before = new ArrayList<>();
        for (String b : group.stringList("before", List.of())) {
            Path p = context.baseDir().resolve(b).normalize();
            if (!Files.isRegularFile(p)) {
                group.error("before", p + " is not a file");
            }
            before.add(p);
        }
        return new SchemaSettings.FromMigrations(context.baseDir().resolve(dir.get()).normalize(), scratch.get(),
                group.optSecret("scratchPassword").orElse(null), before);
    }

    private static List<String> roles(ConfigNode group) {
        List<String> roles = group.stringList("roles", CatalogReader.DEFAULT_ROLES);
        for (String r : roles) {
            if (r.isBlank() || r.length() > 63) {
                group.error("roles", "'" + r + "' is not a role name");
            }
        }
        return roles;
    }

    private static List<String> schemas(ConfigNode group) {
        List<String> schemas = group.stringList("schemas", List.of("public"));
        if (schemas.isEmpty()) {
            group.error("schemas", "must name at least one schema");
            return List.of("public");
        }
        for (String s : schemas) {
            if (!IDENTIFIER.matcher(s).matches()) {
                group.error("schemas", "'" + s + "' is not a lowercase schema name");
            }
        }
        return schemas;
    }

    @Override
    public Probe newProbe(CheckDefinition check) {
        Duration statementTimeout = statementTimeout(check.timeout());
        if (check.settings() instanceof MigrationsSettings m) {
            return new MigrationsProbe(check.target(), m, connections, statementTimeout);
        }
        SchemaSettings s = check.settings(SchemaSettings.class);
        return new SchemaProbe(check.target(), s, connections, statementTimeout, live -> snapshots.remember(check.environment(), live),
                interner, expected -> snapshots.rememberExpected(check.environment(), expected), check.environment());
    }

    /** The database cancels a slow query before the runner's deadline, so the reason says what was slow. */
    static Duration statementTimeout(Duration checkTimeout) {
        return Probe.ioBudget(checkTimeout);
    }
}
