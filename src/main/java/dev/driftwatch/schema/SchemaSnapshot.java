package dev.driftwatch.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The shape of a database's schemas as driftwatch compares it. The JSON form of this record is the contract file
 * format and the body of {@code GET /api/v1/environments/{env}/schema}, so saving that body gives a contract.
 * Maps are sorted so that two snapshots of the same schema are byte-identical and contract diffs are readable.
 * A {@code v1} contract has no views, sequences, extensions, grants, constraints, triggers or function attributes:
 * those parts are null and not compared.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "schemas", "tables", "views", "sequences", "functions", "enums", "extensions", "grants",
        "defaultPrivileges"})
public record SchemaSnapshot(String format, List<String> schemas, Map<String, Table> tables, Map<String, View> views,
                             Map<String, Sequence> sequences, Map<String, Function> functions,
                             Map<String, List<String>> enums, Map<String, Extension> extensions,
                             Map<String, Map<String, List<String>>> grants,
                             Map<String, Map<String, List<String>>> defaultPrivileges) {
    public static final String FORMAT = "driftwatch.schema/v2";
    public static final String FORMAT_V1 = "driftwatch.schema/v1";
    private static final Set<String> READ = Set.of(FORMAT, FORMAT_V1);

    public SchemaSnapshot {
        if (format == null) {
            throw new IllegalArgumentException("format is required (\"" + FORMAT + "\")");
        }
        if (!READ.contains(format)) {
            throw new IllegalArgumentException("format \"" + format + "\" is not supported (expected \"" + FORMAT
                    + "\" or \"" + FORMAT_V1 + "\")");
        }
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        tables = sorted(tables);
        functions = sorted(functions);
        enums = sorted(enums);
        views = sortedOrNull(views);
        sequences = sortedOrNull(sequences);
        extensions = sortedOrNull(extensions);
        grants = sortedOrNull(grants);
        defaultPrivileges = sortedOrNull(defaultPrivileges);
    }

    /** A v1 snapshot (the tables, functions and enums alone), as contracts written before v2 hold. */
    static SchemaSnapshot v1(List<String> schemas, Map<String, Table> tables, Map<String, Function> functions,
                             Map<String, List<String>> enums) {
        return new SchemaSnapshot(FORMAT_V1, schemas, tables, null, null, functions, enums, null, null, null);
    }

    static <V> SortedMap<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableSortedMap(map == null ? new TreeMap<>() : new TreeMap<>(map));
    }

    static <V> SortedMap<String, V> sortedOrNull(Map<String, V> map) {
        return map == null ? null : sorted(map);
    }

    /**
     * A table: row level security, columns by name, primary key columns in key order, indexes, policies,
     * constraints other than the primary key and NOT NULL, and user triggers, by name.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"rowLevelSecurity", "columns", "primaryKey", "constraints", "indexes", "triggers", "policies"})
    public record Table(RowLevelSecurity rowLevelSecurity, Map<String, Column> columns, List<String> primaryKey,
                        Map<String, String> indexes, Map<String, Policy> policies, Map<String, Constraint> constraints,
                        Map<String, Trigger> triggers) {
        public Table {
            rowLevelSecurity = rowLevelSecurity == null ? new RowLevelSecurity(false, false) : rowLevelSecurity;
            columns = sorted(columns);
            primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
            indexes = sorted(indexes);
            policies = sorted(policies);
            constraints = sortedOrNull(constraints);
            triggers = sortedOrNull(triggers);
        }
    }

    public record RowLevelSecurity(boolean enabled, boolean forced) {
    }

    /** A column: its type as {@code format_type} prints it, nullability, and its default expression if any. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "nullable", "default"})
    public record Column(String type, boolean nullable, @JsonProperty("default") String defaultValue) {
    }

    /** A row level security policy. {@code command} is ALL, SELECT, INSERT, UPDATE or DELETE. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"command", "permissive", "roles", "using", "withCheck"})
    public record Policy(String command, boolean permissive, List<String> roles, String using, String withCheck) {
        public Policy {
            roles = roles == null ? List.of() : roles.stream().sorted().toList();
        }
    }

    /**
     * A CHECK, FOREIGN KEY, UNIQUE or EXCLUDE constraint. {@code definition} is {@code pg_get_constraintdef}'s
     * normalised text without {@code NOT VALID} (a foreign key's columns, referenced table and columns, actions and
     * deferrability are all in it); {@code validated} is false for a constraint added {@code NOT VALID}.
     */
    @JsonPropertyOrder({"type", "definition", "validated"})
    public record Constraint(String type, String definition, boolean validated) {
    }

    /** A user trigger: {@code pg_get_triggerdef}, and {@code enabled}: enabled, disabled, replica or always. */
    @JsonPropertyOrder({"definition", "enabled"})
    public record Trigger(String definition, String enabled) {
    }

    /** A view or materialized view: {@code pg_get_viewdef}'s normalised query and the security_invoker option. */
    @JsonPropertyOrder({"materialized", "definition", "securityInvoker"})
    public record View(boolean materialized, String definition, boolean securityInvoker) {
    }

    @JsonPropertyOrder({"type", "start", "increment", "min", "max", "cycle"})
    public record Sequence(String type, long start, long increment, long min, long max, boolean cycle) {
    }

    /** An installed extension: informational, since an extension's version changes with platform upgrades. */
    @JsonPropertyOrder({"schema", "version"})
    public record Extension(String schema, String version) {
    }

    /**
     * A function, keyed in the snapshot by {@code schema.name(identity arguments)}.
     * {@code bodyHash} is the MD5 of its source, to tell a changed body from a changed signature. {@code volatility}
     * (immutable, stable, volatile), {@code strict}, {@code config} (its {@code SET} clauses, such as
     * {@code search_path=public}) and {@code definition} ({@code pg_get_functiondef}, what the forward fix re-creates
     * it from) are absent from v1 contracts.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"returns", "language", "securityDefiner", "bodyHash", "volatility", "strict", "config", "definition"})
    public record Function(String returns, String language, boolean securityDefiner, String bodyHash, String volatility,
                           Boolean strict, List<String> config, String definition) {
        public Function {
            config = config == null ? null : List.copyOf(config);
        }

        /** Whether a {@code SET search_path} clause pins the names its body resolves. */
        public boolean fixedSearchPath() {
            return config != null && config.stream().anyMatch(c -> c.startsWith("search_path="));
        }
    }
}
