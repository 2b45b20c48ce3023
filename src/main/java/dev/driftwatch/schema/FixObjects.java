package dev.driftwatch.schema;

import static dev.driftwatch.schema.SqlNames.function;
import static dev.driftwatch.schema.SqlNames.ident;
import static dev.driftwatch.schema.SqlNames.qualified;

import dev.driftwatch.schema.FixScript.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The statements that create one object as the expected state has it, and the commented drops of extra objects. */
final class FixObjects {
    private static final String DROPS = "dropping is destructive: drop it only once nothing uses it";
    private final FixScript script;

    FixObjects(FixScript script) {
        this.script = script;
    }

    /** A missing table and everything on it, each part in its own section. */
    void createTable(Difference d, String name, SchemaSnapshot.Table t) {
        List<String> parts = new ArrayList<>();
        t.columns().forEach((col, c) -> parts.add("  " + ident(col) + " " + c.type() + (c.nullable() ? "" : " NOT NULL")
                + (c.defaultValue() == null ? "" : " DEFAULT " + c.defaultValue())));
        if (!t.primaryKey().isEmpty()) {
            parts.add("  PRIMARY KEY (" + String.join(", ", t.primaryKey().stream().map(SqlNames::ident).toList()) + ")");
        }
        script.run(Section.TABLES, d, "CREATE TABLE " + qualified(name) + " (\n" + String.join(",\n", parts) + "\n)");
        String bare = name.substring(name.indexOf('.') + 1);
        if (t.constraints() != null && !t.constraints().isEmpty()) {
            script.run(Section.CONSTRAINTS, d, t.constraints().entrySet().stream()
                    .map(c -> constraint(name, c.getKey(), c.getValue())).toArray(String[]::new));
        }
        List<String> indexes = t.indexes().entrySet().stream()
                .filter(i -> !i.getKey().equals(bare + "_pkey") && (t.constraints() == null || !t.constraints().containsKey(i.getKey())))
                .map(Map.Entry::getValue).toList();
        if (!indexes.isEmpty()) {
            script.run(Section.INDEXES, d, indexes.toArray(String[]::new));
        }
        if (t.triggers() != null && !t.triggers().isEmpty()) {
            List<String> triggers = new ArrayList<>();
            t.triggers().forEach((n, tr) -> triggers.addAll(List.of(trigger(name, n, tr))));
            script.run(Section.TRIGGERS, d, triggers.toArray(String[]::new));
        }
        List<String> security = new ArrayList<>();
        if (t.rowLevelSecurity().enabled()) {
            security.add(FixRepairs.alter(name) + " ENABLE ROW LEVEL SECURITY");
        }
        if (t.rowLevelSecurity().forced()) {
            security.add(FixRepairs.alter(name) + " FORCE ROW LEVEL SECURITY");
        }
        t.policies().forEach((n, p) -> security.add(policy(name, n, p)));
        if (!security.isEmpty()) {
            script.run(Section.POLICIES, d, security.toArray(String[]::new));
        }
        grantsOf(d, "table " + name);
    }

    /** A function from its expected definition, and its grants when it was missing. */
    void createFunction(Difference d, String sig, SchemaSnapshot.Function f) {
        if (f == null || f.definition() == null) {
            script.commented(Section.FUNCTIONS, d, "the expected state records no definition (a v1 contract): "
                    + "re-apply the migration that creates it");
            return;
        }
        script.run(Section.FUNCTIONS, d, f.definition().strip());
        if (d.kind() == DifferenceKind.MISSING_FUNCTION || d.kind() == DifferenceKind.FUNCTION_MISMATCH) {
            grantsOf(d, "function " + sig);
        }
    }

    /**
     * The expected grants of a re-created object, after revoking what it got on creation (default privileges, a new
     * function's EXECUTE to PUBLIC) from every role the expected state has grants for.
     */
    private void grantsOf(Difference d, String object) {
        Map<String, Map<String, List<String>>> grants = script.expected.grants();
        if (grants == null) {
            return;
        }
        List<String> statements = new ArrayList<>();
        java.util.TreeSet<String> roles = new java.util.TreeSet<>();
        grants.values().forEach(r -> roles.addAll(r.keySet()));
        if (!roles.isEmpty()) {
            statements.add(grant(false, object, String.join(", ", roles), List.of("ALL")));
        }
        grants.getOrDefault(object, Map.of()).forEach((role, privileges) -> statements.add(grant(true, object, role, privileges)));
        if (!statements.isEmpty()) {
            script.run(Section.GRANTS, d, statements.toArray(String[]::new));
        }
    }

    String policy(String table, String name, SchemaSnapshot.Policy p) {
        return "CREATE POLICY " + ident(name) + " ON " + qualified(table) + " AS " + (p.permissive() ? "PERMISSIVE" : "RESTRICTIVE")
                + " FOR " + p.command() + " TO " + String.join(", ", p.roles().stream().map(FixObjects::role).toList())
                + (p.using() == null ? "" : " USING (" + p.using() + ")")
                + (p.withCheck() == null ? "" : " WITH CHECK (" + p.withCheck() + ")");
    }

    String constraint(String table, String name, SchemaSnapshot.Constraint c) {
        return FixRepairs.alter(table) + " ADD CONSTRAINT " + ident(name) + " " + c.definition() + (c.validated() ? "" : " NOT VALID");
    }

    String[] trigger(String table, String name, SchemaSnapshot.Trigger t) {
        return "enabled".equals(t.enabled()) ? new String[] {t.definition()}
                : new String[] {t.definition(), triggerState(table, name, t.enabled())};
    }

    static String triggerState(String table, String name, String state) {
        String how = switch (state) {
            case "disabled" -> " DISABLE TRIGGER ";
            case "replica" -> " ENABLE REPLICA TRIGGER ";
            case "always" -> " ENABLE ALWAYS TRIGGER ";
            default -> " ENABLE TRIGGER ";
        };
        return FixRepairs.alter(table) + how + ident(name);
    }

    String view(String name, SchemaSnapshot.View v) {
        String body = v.definition().strip();
        body = body.endsWith(";") ? body.substring(0, body.length() - 1) : body;
        return "CREATE " + (v.materialized() ? "MATERIALIZED VIEW " : "VIEW ") + qualified(name)
                + (v.securityInvoker() ? " WITH (security_invoker = true)" : "") + " AS\n" + body;
    }

    String sequence(SchemaSnapshot.Sequence s) {
        return " AS " + s.type() + " INCREMENT BY " + s.increment() + " MINVALUE " + s.min() + " MAXVALUE " + s.max()
                + " START WITH " + s.start() + (s.cycle() ? " CYCLE" : " NO CYCLE");
    }

    /** {@code GRANT}/{@code REVOKE} on an object keyed as the snapshot's grants are ("table public.x"). */
    String grant(boolean grant, String object, String role, List<String> privileges) {
        int space = object.indexOf(' ');
        String kind = object.substring(0, space);
        String name = object.substring(space + 1);
        String target = switch (kind) {
            case "function" -> "FUNCTION " + function(name);
            case "sequence" -> "SEQUENCE " + qualified(name);
            default -> "TABLE " + qualified(name);
        };
        return (grant ? "GRANT " : "REVOKE ") + String.join(", ", privileges) + " ON " + target + (grant ? " TO " : " FROM ") + role(role);
    }

    /** Default privileges keyed "owner in schema s on tables" or "owner on tables". */
    void defaultPrivileges(Difference d, String key, String role) {
        List<String> want = script.expected.defaultPrivileges().getOrDefault(key, Map.of()).getOrDefault(role, List.of());
        List<String> has = script.actual.defaultPrivileges().getOrDefault(key, Map.of()).getOrDefault(role, List.of());
        int on = key.lastIndexOf(" on ");
        String type = key.substring(on + 4).toUpperCase(java.util.Locale.ROOT);
        String head = key.substring(0, on);
        int in = head.indexOf(" in schema ");
        String prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + ident(in < 0 ? head : head.substring(0, in))
                + (in < 0 ? "" : " IN SCHEMA " + ident(head.substring(in + " in schema ".length())));
        List<String> statements = new ArrayList<>();
        List<String> grant = new ArrayList<>(want);
        grant.removeAll(has);
        List<String> revoke = new ArrayList<>(has);
        revoke.removeAll(want);
        if (!grant.isEmpty()) {
            statements.add(prefix + " GRANT " + String.join(", ", grant) + " ON " + type + " TO " + role(role));
        }
        if (!revoke.isEmpty()) {
            statements.add(prefix + " REVOKE " + String.join(", ", revoke) + " ON " + type + " FROM " + role(role));
        }
        script.run(Section.GRANTS, d, statements.toArray(String[]::new));
    }

    /** An object the expected state lacks: its drop, commented out. */
    void extra(Difference d) {
        String actual = d.actual() == null ? "" : d.actual();
        String p = d.parent();
        String n = d.name();
        if (p == null && script.expected.enums().containsKey(n) || actual.startsWith("enum ")) {
            if (d.expected() != null) {
                script.commented(Section.TYPES, d, "PostgreSQL cannot drop an enum label; leave it, or re-create the type");
            } else {
                script.commented(Section.TYPES, d, DROPS, "DROP TYPE " + qualified(n));
            }
        } else if (actual.startsWith("table ")) {
            script.commented(Section.TABLES, d, DROPS + " (and its rows are lost)", "DROP TABLE " + qualified(p));
        } else if (actual.startsWith("column ")) {
            script.commented(Section.COLUMNS, d, DROPS + " (and its values are lost)", FixRepairs.alter(p) + " DROP COLUMN " + ident(n));
        } else if (actual.startsWith("policy ")) {
            script.commented(Section.POLICIES, d, "an extra permissive policy widens access; drop it unless it was added on purpose",
                    "DROP POLICY " + ident(n) + " ON " + qualified(p));
        } else if (actual.startsWith("constraint ")) {
            script.commented(Section.CONSTRAINTS, d, "dropping a constraint stops checking its rule", FixRepairs.alter(p) + " DROP CONSTRAINT " + ident(n));
        } else if (actual.startsWith("trigger ")) {
            script.commented(Section.TRIGGERS, d, DROPS, "DROP TRIGGER " + ident(n) + " ON " + qualified(p));
        } else if (actual.startsWith("function ")) {
            script.commented(Section.FUNCTIONS, d, DROPS, "DROP FUNCTION " + function(n));
        } else if (actual.startsWith("sequence ")) {
            script.commented(Section.SEQUENCES, d, DROPS, "DROP SEQUENCE " + qualified(n));
        } else if (actual.startsWith("view ") || actual.startsWith("materialized view ")) {
            script.commented(Section.VIEWS, d, DROPS, "DROP " + (actual.startsWith("view") ? "VIEW " : "MATERIALIZED VIEW ") + qualified(n));
        } else {
            script.commented(Section.INDEXES, d, DROPS, "DROP INDEX " + qualified(p.substring(0, p.indexOf('.')) + "." + n));
        }
    }

    /** One role, or several joined by ", ". */
    private static String role(String roles) {
        return String.join(", ", java.util.Arrays.stream(roles.split(", ")).map(r -> "public".equals(r) ? "PUBLIC" : ident(r)).toList());
    }
}
