package dev.driftwatch.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns the catalog query's JSON into a snapshot, refusing a read that cannot be a state the database was in. */
final class CatalogJson {
    private static final Map<String, String> COMMANDS = Map.of("*", "ALL", "r", "SELECT", "a", "INSERT", "w", "UPDATE", "d", "DELETE");
    private static final Map<String, String> CONSTRAINTS = Map.of("c", "check", "f", "foreign key", "u", "unique", "x", "exclude");
    private static final Map<String, String> TRIGGER_STATES = Map.of("O", "enabled", "D", "disabled", "R", "replica", "A", "always");
    private static final Map<String, String> VOLATILITY = Map.of("i", "immutable", "s", "stable", "v", "volatile");
    private static final Map<String, String> DEFAULT_ACL_TYPES = Map.of("r", "tables", "S", "sequences", "f", "functions",
            "T", "types", "n", "schemas");

    /** The read mixes two states of the catalog (a definition of a dropped object, a part of a table not read). */
    static final class InconsistentReadException extends RuntimeException {
        InconsistentReadException(String message) {
            super(message);
        }
    }

    private CatalogJson() {
    }

    static SchemaSnapshot toSnapshot(JsonNode root, List<String> schemas) {
        Map<String, TableBuilder> tables = new TreeMap<>();
        for (JsonNode t : root.get("tables")) {
            TableBuilder b = new TableBuilder();
            b.rls = new SchemaSnapshot.RowLevelSecurity(t.get(2).asBoolean(), t.get(3).asBoolean());
            tables.put(qualified(t), b);
        }
        for (JsonNode c : root.get("columns")) {
            table(tables, c).columns.put(c.get(2).asText(),
                    new SchemaSnapshot.Column(c.get(3).asText(), c.get(4).asBoolean(), text(c.get(5))));
        }
        for (JsonNode pk : root.get("primaryKeys")) {
            List<String> cols = new ArrayList<>();
            pk.get(2).forEach(n -> cols.add(n.asText()));
            table(tables, pk).primaryKey = cols;
        }
        for (JsonNode k : root.get("constraints")) {
            table(tables, k).constraints.put(k.get(2).asText(), new SchemaSnapshot.Constraint(
                    CONSTRAINTS.get(k.get(3).asText()), withoutNotValid(definition(k, 4, "constraint")), k.get(5).asBoolean()));
        }
        for (JsonNode i : root.get("indexes")) {
            table(tables, i).indexes.put(i.get(2).asText(), definition(i, 3, "index"));
        }
        for (JsonNode t : root.get("triggers")) {
            table(tables, t).triggers.put(t.get(2).asText(), new SchemaSnapshot.Trigger(definition(t, 3, "trigger"),
                    TRIGGER_STATES.getOrDefault(t.get(4).asText(), t.get(4).asText())));
        }
        for (JsonNode p : root.get("policies")) {
            List<String> roles = new ArrayList<>();
            p.get(5).forEach(n -> roles.add(n.asText()));
            table(tables, p).policies.put(p.get(2).asText(), new SchemaSnapshot.Policy(
                    COMMANDS.getOrDefault(p.get(3).asText(), p.get(3).asText()), p.get(4).asBoolean(), roles,
                    text(p.get(6)), text(p.get(7))));
        }
        Map<String, SchemaSnapshot.View> views = new TreeMap<>();
        for (JsonNode v : root.get("views")) {
            views.put(qualified(v), new SchemaSnapshot.View(v.get(2).asBoolean(), definition(v, 3, "view"), v.get(4).asBoolean()));
        }
        Map<String, SchemaSnapshot.Sequence> sequences = new TreeMap<>();
        for (JsonNode s : root.get("sequences")) {
            sequences.put(qualified(s), new SchemaSnapshot.Sequence(s.get(2).asText(), s.get(3).asLong(), s.get(4).asLong(),
                    s.get(5).asLong(), s.get(6).asLong(), s.get(7).asBoolean()));
        }
        Map<String, SchemaSnapshot.Function> functions = new TreeMap<>();
        for (JsonNode f : root.get("functions")) {
            List<String> config = new ArrayList<>();
            f.get(9).forEach(n -> config.add(n.asText()));
            functions.put(qualified(f) + "(" + f.get(2).asText() + ")", new SchemaSnapshot.Function(
                    definition(f, 3, "function result"), f.get(4).asText(), f.get(5).asBoolean(), f.get(6).asText(),
                    VOLATILITY.get(f.get(7).asText()), f.get(8).asBoolean(), config, definition(f, 10, "function")));
        }
        Map<String, List<String>> enums = new TreeMap<>();
        for (JsonNode e : root.get("enums")) {
            enums.put(qualified(e), strings(e.get(2)));
        }
        Map<String, SchemaSnapshot.Extension> extensions = new TreeMap<>();
        for (JsonNode e : root.get("extensions")) {
            extensions.put(e.get(0).asText(), new SchemaSnapshot.Extension(e.get(1).asText(), e.get(2).asText()));
        }
        Map<String, Map<String, List<String>>> grants = new TreeMap<>();
        for (JsonNode g : root.get("grants")) {
            grants.computeIfAbsent(g.get(0).asText() + " " + g.get(1).asText(), k -> new TreeMap<>())
                    .put(g.get(2).asText(), strings(g.get(3)).stream().sorted().toList());
        }
        Map<String, Map<String, List<String>>> defaults = new TreeMap<>();
        for (JsonNode d : root.get("defaultPrivileges")) {
            String type = DEFAULT_ACL_TYPES.getOrDefault(d.get(2).asText(), d.get(2).asText());
            String key = d.get(0).asText() + (d.get(1).isNull() ? "" : " in schema " + d.get(1).asText()) + " on " + type;
            defaults.computeIfAbsent(key, k -> new TreeMap<>()).put(d.get(3).asText(), strings(d.get(4)).stream().sorted().toList());
        }
        Map<String, SchemaSnapshot.Table> built = new HashMap<>();
        tables.forEach((name, b) -> built.put(name, b.build()));
        return new SchemaSnapshot(SchemaSnapshot.FORMAT, schemas, built, views, sequences, functions, enums, extensions,
                grants, defaults);
    }

    private static TableBuilder table(Map<String, TableBuilder> tables, JsonNode row) {
        TableBuilder b = tables.get(qualified(row));
        if (b == null) {
            throw new InconsistentReadException("a part of table " + qualified(row) + " without the table");
        }
        return b;
    }

    private static String definition(JsonNode row, int index, String what) {
        JsonNode n = row.get(index);
        if (n == null || n.isNull()) {
            throw new InconsistentReadException("no definition for " + what + " " + qualified(row));
        }
        return n.asText();
    }

    private static String withoutNotValid(String definition) {
        return definition.endsWith(" NOT VALID") ? definition.substring(0, definition.length() - " NOT VALID".length()) : definition;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String qualified(JsonNode row) {
        return row.get(0).asText() + "." + row.get(1).asText();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static final class TableBuilder {
        SchemaSnapshot.RowLevelSecurity rls;
        final Map<String, SchemaSnapshot.Column> columns = new TreeMap<>();
        List<String> primaryKey = List.of();
        final Map<String, String> indexes = new TreeMap<>();
        final Map<String, SchemaSnapshot.Policy> policies = new TreeMap<>();
        final Map<String, SchemaSnapshot.Constraint> constraints = new TreeMap<>();
        final Map<String, SchemaSnapshot.Trigger> triggers = new TreeMap<>();

        SchemaSnapshot.Table build() {
            return new SchemaSnapshot.Table(rls, columns, primaryKey, indexes, policies, constraints, triggers);
        }
    }
}
