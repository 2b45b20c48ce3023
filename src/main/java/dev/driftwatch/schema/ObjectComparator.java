package dev.driftwatch.schema;

import java.util.Map;

/** Constraints, triggers, views, sequences, extensions and function attributes: the parts a v1 contract lacks. */
final class ObjectComparator {
    private final DifferenceList out;

    ObjectComparator(DifferenceList out) {
        this.out = out;
    }

    void compare(SchemaSnapshot expected, SchemaSnapshot actual) {
        expected.tables().forEach((name, e) -> {
            SchemaSnapshot.Table a = actual.tables().get(name);
            if (a != null) {
                if (e.constraints() != null && a.constraints() != null) {
                    constraints(name, e.constraints(), a.constraints());
                }
                if (e.triggers() != null && a.triggers() != null) {
                    triggers(name, e.triggers(), a.triggers());
                }
            }
        });
        if (expected.views() != null && actual.views() != null) {
            views(expected.views(), actual.views());
        }
        if (expected.sequences() != null && actual.sequences() != null) {
            sequences(expected.sequences(), actual.sequences());
        }
        if (expected.extensions() != null && actual.extensions() != null) {
            extensions(expected.extensions(), actual.extensions());
        }
        expected.functions().forEach((sig, e) -> {
            SchemaSnapshot.Function a = actual.functions().get(sig);
            if (a != null && e.volatility() != null && a.volatility() != null && !attributes(e).equals(attributes(a))) {
                out.add(DifferenceKind.FUNCTION_ATTRIBUTES_MISMATCH, sig, attributes(e), attributes(a), null, sig);
            }
        });
    }

    private void constraints(String table, Map<String, SchemaSnapshot.Constraint> expected,
                             Map<String, SchemaSnapshot.Constraint> actual) {
        DifferenceList.both(expected, actual,
                (name, e) -> out.add(DifferenceKind.MISSING_CONSTRAINT, table + "." + name, e.definition(), null, table, name),
                (name, a) -> out.add(DifferenceKind.EXTRA_OBJECT, table + "." + name, null, "constraint " + a.definition(), table, name),
                (name, e, a) -> {
                    if (!e.type().equals(a.type()) || !e.definition().equals(a.definition())) {
                        out.add(DifferenceKind.CONSTRAINT_MISMATCH, table + "." + name, e.definition(), a.definition(), table, name);
                    } else if (e.validated() && !a.validated()) {
                        out.add(DifferenceKind.CONSTRAINT_NOT_VALIDATED, table + "." + name, "validated",
                                "NOT VALID: existing rows are not checked", table, name);
                    }
                });
    }

    private void triggers(String table, Map<String, SchemaSnapshot.Trigger> expected, Map<String, SchemaSnapshot.Trigger> actual) {
        DifferenceList.both(expected, actual,
                (name, e) -> out.add(DifferenceKind.MISSING_TRIGGER, table + "." + name, e.definition(), null, table, name),
                (name, a) -> out.add(DifferenceKind.EXTRA_OBJECT, table + "." + name, null, "trigger " + a.definition(), table, name),
                (name, e, a) -> {
                    if (!e.definition().equals(a.definition())) {
                        out.add(DifferenceKind.TRIGGER_MISMATCH, table + "." + name, e.definition(), a.definition(), table, name);
                    }
                    if (!e.enabled().equals(a.enabled())) {
                        DifferenceKind kind = "disabled".equals(a.enabled()) ? DifferenceKind.TRIGGER_DISABLED : DifferenceKind.TRIGGER_MISMATCH;
                        out.add(kind, table + "." + name, e.enabled(), a.enabled(), table, name);
                    }
                });
    }

    private void views(Map<String, SchemaSnapshot.View> expected, Map<String, SchemaSnapshot.View> actual) {
        DifferenceList.both(expected, actual,
                (name, e) -> out.add(DifferenceKind.MISSING_VIEW, name, kind(e), null, null, name),
                (name, a) -> out.add(DifferenceKind.EXTRA_OBJECT, name, null, kind(a) + " not in the contract", null, name),
                (name, e, a) -> {
                    if (e.materialized() != a.materialized() || !e.definition().equals(a.definition())) {
                        out.add(DifferenceKind.VIEW_MISMATCH, name, kind(e) + " " + e.definition(), kind(a) + " " + a.definition(), null, name);
                    }
                    if (e.securityInvoker() && !a.securityInvoker()) {
                        out.add(DifferenceKind.VIEW_SECURITY_INVOKER_OFF, name, "security_invoker = true", "false", null, name);
                    }
                });
    }

    private void sequences(Map<String, SchemaSnapshot.Sequence> expected, Map<String, SchemaSnapshot.Sequence> actual) {
        DifferenceList.both(expected, actual,
                (name, e) -> out.add(DifferenceKind.MISSING_SEQUENCE, name, describe(e), null, null, name),
                (name, a) -> out.add(DifferenceKind.EXTRA_OBJECT, name, null, "sequence " + describe(a), null, name),
                (name, e, a) -> {
                    if (!e.equals(a)) {
                        out.add(DifferenceKind.SEQUENCE_MISMATCH, name, describe(e), describe(a), null, name);
                    }
                });
    }

    private void extensions(Map<String, SchemaSnapshot.Extension> expected, Map<String, SchemaSnapshot.Extension> actual) {
        DifferenceList.both(expected, actual,
                (name, e) -> out.add(DifferenceKind.EXTENSION_MISMATCH, name, describe(e), "not installed", null, name),
                (name, a) -> out.add(DifferenceKind.EXTENSION_MISMATCH, name, "not installed", describe(a), null, name),
                (name, e, a) -> {
                    if (!e.equals(a)) {
                        out.add(DifferenceKind.EXTENSION_MISMATCH, name, describe(e), describe(a), null, name);
                    }
                });
    }

    static String attributes(SchemaSnapshot.Function f) {
        return f.volatility() + (Boolean.TRUE.equals(f.strict()) ? " strict" : "")
                + (f.config() == null || f.config().isEmpty() ? "" : " set " + String.join(", ", f.config()));
    }

    private static String kind(SchemaSnapshot.View v) {
        return v.materialized() ? "materialized view" : "view";
    }

    private static String describe(SchemaSnapshot.Sequence s) {
        return s.type() + " start " + s.start() + " increment " + s.increment() + " min " + s.min() + " max " + s.max()
                + (s.cycle() ? " cycle" : "");
    }

    private static String describe(SchemaSnapshot.Extension e) {
        return "version " + e.version() + " in schema " + e.schema();
    }
}
