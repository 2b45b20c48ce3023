package dev.driftwatch.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The shape of a database's schemas as driftwatch compares it. The JSON form of this record is the contract file
 * format and the body of {@code GET /api/v1/environments/{env}/schema}, so saving that body gives a contract.
 * Maps are sorted so that two snapshots of the same schema are byte-identical and contract diffs are readable.
 */
@JsonPropertyOrder({"format", "schemas", "tables", "functions", "enums"})
public record SchemaSnapshot(String format, List<String> schemas, Map<String, Table> tables,
                             Map<String, Function> functions, Map<String, List<String>> enums) {
    public static final String FORMAT = "driftwatch.schema/v1";

    public SchemaSnapshot {
        if (format == null) {
            throw new IllegalArgumentException("format is required (\"" + FORMAT + "\")");
        }
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format \"" + format + "\" is not supported (expected \"" + FORMAT + "\")");
        }
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        tables = sorted(tables);
        functions = sorted(functions);
        enums = sorted(enums);
    }

    static <V> SortedMap<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableSortedMap(map == null ? new TreeMap<>() : new TreeMap<>(map));
    }

    /** A table: row level security, columns by name, primary key columns in key order, indexes and policies by name. */
    @JsonPropertyOrder({"rowLevelSecurity", "columns", "primaryKey", "indexes", "policies"})
    public record Table(RowLevelSecurity rowLevelSecurity, Map<String, Column> columns, List<String> primaryKey,
                        Map<String, String> indexes, Map<String, Policy> policies) {
        public Table {
            rowLevelSecurity = rowLevelSecurity == null ? new RowLevelSecurity(false, false) : rowLevelSecurity;
            columns = sorted(columns);
            primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
            indexes = sorted(indexes);
            policies = sorted(policies);
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
     * A function, keyed in the snapshot by {@code schema.name(identity arguments)}.
     * {@code bodyHash} is the MD5 of its source, to tell a changed body from a changed signature.
     */
    @JsonPropertyOrder({"returns", "language", "securityDefiner", "bodyHash"})
    public record Function(String returns, String language, boolean securityDefiner, String bodyHash) {
    }
}
