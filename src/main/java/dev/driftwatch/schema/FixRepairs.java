package dev.driftwatch.schema;

import static dev.driftwatch.schema.SqlNames.function;
import static dev.driftwatch.schema.SqlNames.ident;
import static dev.driftwatch.schema.SqlNames.literal;
import static dev.driftwatch.schema.SqlNames.qualified;

import dev.driftwatch.schema.FixScript.Section;
import java.util.ArrayList;
import java.util.List;

/** The repair of each difference kind, written into the script's sections. */
final class FixRepairs {
    private static final String DROPS = "dropping is destructive: drop it only once nothing uses it";
    private final FixScript script;
    private final SchemaSnapshot e;
    private final SchemaSnapshot a;
    private final FixObjects objects;

    FixRepairs(FixScript script) {
        this.script = script;
        this.e = script.expected;
        this.a = script.actual;
        this.objects = new FixObjects(script);
    }

    void repair(Difference d) {
        String p = d.parent();
        String n = d.name();
        switch (d.kind()) {
            case MISSING_TABLE -> objects.createTable(d, p, e.tables().get(p));
            case MISSING_COLUMN -> missingColumn(d, p, n, e.tables().get(p).columns().get(n));
            case TYPE_MISMATCH -> {
                String type = e.tables().get(p).columns().get(n).type();
                script.commented(Section.COLUMNS, d, "a type change rewrites the table and can fail or lose data; choose the USING conversion",
                        alter(p) + " ALTER COLUMN " + ident(n) + " TYPE " + type + " USING " + ident(n) + "::" + type);
            }
            case NULLABILITY_MISMATCH -> script.run(Section.COLUMNS, d, alter(p) + " ALTER COLUMN " + ident(n)
                    + (e.tables().get(p).columns().get(n).nullable() ? " DROP NOT NULL" : " SET NOT NULL"));
            case DEFAULT_MISMATCH -> {
                String def = e.tables().get(p).columns().get(n).defaultValue();
                script.run(Section.COLUMNS, d, alter(p) + " ALTER COLUMN " + ident(n) + (def == null ? " DROP DEFAULT" : " SET DEFAULT " + def));
            }
            case PRIMARY_KEY_MISMATCH -> primaryKey(d, p);
            case MISSING_INDEX -> missingIndex(d, p, n);
            case INDEX_MISMATCH -> script.run(Section.INDEXES, d, "DROP INDEX " + qualified(schema(p) + "." + n),
                    e.tables().get(p).indexes().get(n));
            case RLS_DISABLED -> script.run(Section.POLICIES, d, alter(p) + " ENABLE ROW LEVEL SECURITY");
            case RLS_NOT_FORCED -> script.run(Section.POLICIES, d, alter(p) + " FORCE ROW LEVEL SECURITY");
            case RLS_UNEXPECTED -> script.commented(Section.POLICIES, d, "disabling row level security opens every row to the granted roles",
                    alter(p) + " DISABLE ROW LEVEL SECURITY");
            case MISSING_POLICY -> script.run(Section.POLICIES, d, objects.policy(p, n, e.tables().get(p).policies().get(n)));
            case POLICY_MISMATCH -> script.run(Section.POLICIES, d, "DROP POLICY " + ident(n) + " ON " + qualified(p),
                    objects.policy(p, n, e.tables().get(p).policies().get(n)));
            case MISSING_FUNCTION, FUNCTION_BODY_MISMATCH, FUNCTION_ATTRIBUTES_MISMATCH -> objects.createFunction(d, n, e.functions().get(n));
            case FUNCTION_MISMATCH -> functionMismatch(d, n);
            case SEARCH_PATH_NOT_FIXED -> searchPath(d, n);
            case MISSING_ENUM -> script.run(Section.TYPES, d, "CREATE TYPE " + qualified(n) + " AS ENUM ("
                    + String.join(", ", e.enums().get(n).stream().map(SqlNames::literal).toList()) + ")");
            case ENUM_MISMATCH -> enumLabels(d, n);
            case MISSING_CONSTRAINT -> script.run(Section.CONSTRAINTS, d, objects.constraint(p, n, e.tables().get(p).constraints().get(n)));
            case CONSTRAINT_MISMATCH -> script.run(Section.CONSTRAINTS, d, alter(p) + " DROP CONSTRAINT " + ident(n),
                    objects.constraint(p, n, e.tables().get(p).constraints().get(n)));
            case CONSTRAINT_NOT_VALIDATED -> script.run(Section.CONSTRAINTS, d, alter(p) + " VALIDATE CONSTRAINT " + ident(n));
            case MISSING_TRIGGER -> script.run(Section.TRIGGERS, d, objects.trigger(p, n, e.tables().get(p).triggers().get(n)));
            case TRIGGER_MISMATCH, TRIGGER_DISABLED -> triggerMismatch(d, p, n);
            case MISSING_VIEW -> script.run(Section.VIEWS, d, objects.view(n, e.views().get(n)));
            case VIEW_MISMATCH -> viewMismatch(d, n);
            case VIEW_SECURITY_INVOKER_OFF -> script.run(Section.VIEWS, d, "ALTER VIEW " + qualified(n) + " SET (security_invoker = true)");
            case MISSING_SEQUENCE -> script.run(Section.SEQUENCES, d, "CREATE SEQUENCE " + qualified(n) + objects.sequence(e.sequences().get(n)),
                    "-- if columns already hold values from it: SELECT setval(" + literal(qualified(n)) + ", <highest value in use>)");
            case SEQUENCE_MISMATCH -> script.run(Section.SEQUENCES, d, "ALTER SEQUENCE " + qualified(n) + objects.sequence(e.sequences().get(n)));
            case EXTENSION_MISMATCH -> extension(d, n);
            case MISSING_GRANT -> script.run(Section.GRANTS, d, objects.grant(true, p, n, List.of(d.expected().split(", "))));
            case EXTRA_GRANT, ANON_EXPOSED -> script.run(Section.GRANTS, d, objects.grant(false, p, n, extra(p, n)));
            case DEFAULT_PRIVILEGES_MISMATCH -> objects.defaultPrivileges(d, p, n);
            case EXTRA_OBJECT -> objects.extra(d);
            case PENDING_MIGRATION, UNKNOWN_MIGRATION -> script.commented(Section.TABLES, d, "apply the migration files with the Supabase CLI");
            default -> throw new IllegalStateException("no repair for " + d.kind());
        }
    }

    private void missingColumn(Difference d, String table, String col, SchemaSnapshot.Column c) {
        String add = alter(table) + " ADD COLUMN " + ident(col) + " " + c.type() + (c.defaultValue() == null ? "" : " DEFAULT " + c.defaultValue());
        if (!c.nullable() && c.defaultValue() == null) {
            script.run(Section.COLUMNS, d, add, "-- existing rows need a value before: " + alter(table) + " ALTER COLUMN "
                    + ident(col) + " SET NOT NULL");
        } else {
            script.run(Section.COLUMNS, d, add + (c.nullable() ? "" : " NOT NULL"));
        }
    }

    private void primaryKey(Difference d, String table) {
        List<String> cols = e.tables().get(table).primaryKey();
        String add = alter(table) + " ADD PRIMARY KEY (" + String.join(", ", cols.stream().map(SqlNames::ident).toList()) + ")";
        if (a.tables().get(table).primaryKey().isEmpty() && !cols.isEmpty()) {
            script.run(Section.CONSTRAINTS, d, add);
        } else {
            script.commented(Section.CONSTRAINTS, d, "replacing a primary key drops the foreign keys that reference it",
                    alter(table) + " DROP CONSTRAINT " + ident(table.substring(table.indexOf('.') + 1) + "_pkey") + " CASCADE",
                    cols.isEmpty() ? "-- no primary key expected" : add);
        }
    }

    private void missingIndex(Difference d, String table, String index) {
        SchemaSnapshot.Table t = e.tables().get(table);
        boolean byConstraint = t.constraints() != null && t.constraints().containsKey(index);
        boolean byKey = index.equals(table.substring(table.indexOf('.') + 1) + "_pkey") && !t.primaryKey().equals(a.tables().get(table).primaryKey());
        if (byConstraint || byKey) {
            script.run(Section.INDEXES, d, "-- created with its " + (byKey ? "primary key" : "constraint " + index));
        } else {
            script.run(Section.INDEXES, d, t.indexes().get(index));
        }
    }

    private void functionMismatch(Difference d, String sig) {
        SchemaSnapshot.Function f = e.functions().get(sig);
        if (a.functions().containsKey(sig)) {
            script.commented(Section.FUNCTIONS, d, "a changed return type, language or security needs the function dropped first, "
                    + "which drops the triggers and policies that use it", "DROP FUNCTION " + function(sig));
        } else {
            String name = sig.substring(0, sig.indexOf('('));
            List<String> drops = new ArrayList<>();
            a.functions().keySet().stream().filter(k -> k.startsWith(name + "(") && !e.functions().containsKey(k))
                    .forEach(k -> drops.add("DROP FUNCTION " + function(k)));
            script.commented(Section.FUNCTIONS, d, "callers may use the other signature: " + DROPS, drops.toArray(String[]::new));
        }
        objects.createFunction(d, sig, f);
    }

    private void searchPath(Difference d, String sig) {
        SchemaSnapshot.Function f = e.functions().get(sig);
        String fixed = f == null || !f.fixedSearchPath() ? null
                : f.config().stream().filter(c -> c.startsWith("search_path=")).findFirst().orElseThrow().substring("search_path=".length());
        if (fixed != null) {
            script.run(Section.FUNCTIONS, d, "ALTER FUNCTION " + function(sig) + " SET search_path = " + fixed);
        } else {
            script.commented(Section.FUNCTIONS, d, "no expected search_path: an empty one is safe only once every name in the body is schema-qualified",
                    "ALTER FUNCTION " + function(sig) + " SET search_path = ''");
        }
    }

    private void enumLabels(Difference d, String type) {
        List<String> want = e.enums().get(type);
        List<String> has = a.enums().get(type);
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < want.size(); i++) {
            if (!has.contains(want.get(i))) {
                statements.add("ALTER TYPE " + qualified(type) + " ADD VALUE IF NOT EXISTS " + literal(want.get(i))
                        + (i == 0 ? "" : " AFTER " + literal(want.get(i - 1))));
            }
        }
        script.run(Section.TYPES, d, statements.toArray(String[]::new));
    }

    private void triggerMismatch(Difference d, String table, String name) {
        SchemaSnapshot.Trigger want = e.tables().get(table).triggers().get(name);
        SchemaSnapshot.Trigger has = a.tables().get(table).triggers().get(name);
        if (!want.definition().equals(has.definition())) {
            List<String> statements = new ArrayList<>(List.of("DROP TRIGGER " + ident(name) + " ON " + qualified(table)));
            statements.addAll(List.of(objects.trigger(table, name, want)));
            script.run(Section.TRIGGERS, d, statements.toArray(String[]::new));
        } else {
            script.run(Section.TRIGGERS, d, FixObjects.triggerState(table, name, want.enabled()));
        }
    }

    private void viewMismatch(Difference d, String name) {
        SchemaSnapshot.View v = e.views().get(name);
        if (v.materialized() || a.views().get(name).materialized()) {
            script.commented(Section.VIEWS, d, "re-creating a materialized view drops it and its data and the objects that depend on it",
                    "DROP " + (a.views().get(name).materialized() ? "MATERIALIZED VIEW " : "VIEW ") + qualified(name), objects.view(name, v));
        } else {
            script.run(Section.VIEWS, d, objects.view(name, v).replaceFirst("^CREATE VIEW", "CREATE OR REPLACE VIEW"));
        }
    }

    private void extension(Difference d, String name) {
        SchemaSnapshot.Extension want = e.extensions().get(name);
        SchemaSnapshot.Extension has = a.extensions().get(name);
        if (want != null && has == null) {
            script.run(Section.EXTENSIONS, d, "CREATE EXTENSION IF NOT EXISTS " + ident(name) + " WITH SCHEMA " + ident(want.schema())
                    + " VERSION " + literal(want.version()));
        } else if (want == null) {
            script.commented(Section.EXTENSIONS, d, DROPS, "DROP EXTENSION " + ident(name));
        } else {
            script.commented(Section.EXTENSIONS, d, "extension versions follow the platform's upgrades; an update cannot be undone",
                    "ALTER EXTENSION " + ident(name) + " UPDATE TO " + literal(want.version()));
        }
    }

    private List<String> extra(String object, String role) {
        List<String> has = new ArrayList<>(a.grants().getOrDefault(object, java.util.Map.of()).getOrDefault(role, List.of()));
        if (e.grants() != null && PrivilegeComparator.exists(e, object)) {
            has.removeAll(e.grants().getOrDefault(object, java.util.Map.of()).getOrDefault(role, List.of()));
        }
        return has;
    }

    static String alter(String table) {
        return "ALTER TABLE " + qualified(table);
    }

    private static String schema(String table) {
        return table.substring(0, table.indexOf('.'));
    }
}
