package dev.driftwatch.schema;

import dev.driftwatch.config.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares an expected snapshot with the live one; every difference names its kind, object, expected and actual.
 * Tables, columns, keys, RLS, indexes, policies, functions and enums here; constraints, triggers, views, sequences
 * and extensions in {@link ObjectComparator}; grants and function safety in {@link PrivilegeComparator}. A part the
 * expected snapshot does not record (a v1 contract) is not compared.
 */
public final class SchemaComparator {
    private final DifferenceList out = new DifferenceList();

    private SchemaComparator() {
    }

    /** The differences, most severe first, then by object name. */
    public static List<Difference> compare(SchemaSnapshot expected, SchemaSnapshot actual) {
        if (expected == actual) {
            return List.of(); // interned (SnapshotInterner): the same instance is the same schema
        }
        SchemaComparator c = new SchemaComparator();
        c.tables(expected.tables(), actual.tables());
        c.functions(expected.functions(), actual.functions());
        c.enums(expected.enums(), actual.enums());
        new ObjectComparator(c.out).compare(expected, actual);
        new PrivilegeComparator(c.out).compare(expected, actual);
        return c.out.sorted();
    }

    private void tables(Map<String, SchemaSnapshot.Table> expected, Map<String, SchemaSnapshot.Table> actual) {
        DifferenceList.both(expected, actual,
                (name, e) -> out.add(DifferenceKind.MISSING_TABLE, name, "table", null, name, null),
                (name, a) -> out.add(DifferenceKind.EXTRA_OBJECT, name, null, "table not in the contract", name, null),
                this::table);
    }

    private void table(String name, SchemaSnapshot.Table e, SchemaSnapshot.Table a) {
        DifferenceList.both(e.columns(), a.columns(),
                (col, ec) -> out.add(DifferenceKind.MISSING_COLUMN, name + "." + col, describe(ec), null, name, col),
                (col, ac) -> out.add(DifferenceKind.EXTRA_OBJECT, name + "." + col, null, "column " + describe(ac), name, col),
                (col, ec, ac) -> column(name, col, ec, ac));
        if (!e.primaryKey().equals(a.primaryKey())) {
            out.add(DifferenceKind.PRIMARY_KEY_MISMATCH, name, keyOf(e.primaryKey()), keyOf(a.primaryKey()), name, null);
        }
        if (e.rowLevelSecurity().enabled() && !a.rowLevelSecurity().enabled()) {
            out.add(DifferenceKind.RLS_DISABLED, name, "row level security enabled", "disabled", name, null);
        } else if (!e.rowLevelSecurity().enabled() && a.rowLevelSecurity().enabled()) {
            out.add(DifferenceKind.RLS_UNEXPECTED, name, "row level security disabled", "enabled", name, null);
        }
        if (e.rowLevelSecurity().forced() && !a.rowLevelSecurity().forced()) {
            out.add(DifferenceKind.RLS_NOT_FORCED, name, "forced", "not forced", name, null);
        }
        DifferenceList.both(e.indexes(), a.indexes(),
                (idx, ed) -> out.add(DifferenceKind.MISSING_INDEX, qualifiedIndex(name, idx), ed, null, name, idx),
                (idx, ad) -> out.add(DifferenceKind.EXTRA_OBJECT, qualifiedIndex(name, idx), null, ad, name, idx),
                (idx, ed, ad) -> {
                    if (!ed.equals(ad)) {
                        out.add(DifferenceKind.INDEX_MISMATCH, qualifiedIndex(name, idx), ed, ad, name, idx);
                    }
                });
        DifferenceList.both(e.policies(), a.policies(),
                (pol, ep) -> out.add(DifferenceKind.MISSING_POLICY, policy(name, pol), describe(ep), null, name, pol),
                (pol, ap) -> out.add(new Difference(DifferenceKind.EXTRA_OBJECT, Severity.WARNING,
                        policy(name, pol), null, "policy " + describe(ap)).at(name, pol)),
                (pol, ep, ap) -> {
                    if (!ep.equals(ap)) {
                        out.add(DifferenceKind.POLICY_MISMATCH, policy(name, pol), describe(ep), describe(ap), name, pol);
                    }
                });
    }

    private void column(String table, String col, SchemaSnapshot.Column e, SchemaSnapshot.Column a) {
        String object = table + "." + col;
        if (!e.type().equals(a.type())) {
            out.add(DifferenceKind.TYPE_MISMATCH, object, e.type(), a.type(), table, col);
        }
        if (e.nullable() != a.nullable()) {
            out.add(DifferenceKind.NULLABILITY_MISMATCH, object, e.nullable() ? "null" : "not null",
                    a.nullable() ? "null" : "not null", table, col);
        }
        if (!Objects.equals(e.defaultValue(), a.defaultValue())) {
            out.add(DifferenceKind.DEFAULT_MISMATCH, object, orNone(e.defaultValue()), orNone(a.defaultValue()), table, col);
        }
    }

    private void functions(Map<String, SchemaSnapshot.Function> expected, Map<String, SchemaSnapshot.Function> actual) {
        List<String> changedNames = new ArrayList<>();
        DifferenceList.both(expected, actual,
                (sig, ef) -> {
                    String name = sig.substring(0, sig.indexOf('('));
                    List<String> others = actual.keySet().stream().filter(k -> k.startsWith(name + "(") && !expected.containsKey(k)).toList();
                    if (others.isEmpty()) {
                        out.add(DifferenceKind.MISSING_FUNCTION, sig, "returns " + ef.returns(), null, null, sig);
                    } else {
                        changedNames.addAll(others);
                        out.add(DifferenceKind.FUNCTION_MISMATCH, name, sig, String.join(" | ", others), null, sig);
                    }
                },
                (sig, af) -> {
                    if (!changedNames.contains(sig)) {
                        out.add(DifferenceKind.EXTRA_OBJECT, sig, null, "function not in the contract", null, sig);
                    }
                },
                (sig, ef, af) -> {
                    if (!ef.returns().equals(af.returns()) || !ef.language().equals(af.language())
                            || ef.securityDefiner() != af.securityDefiner()) {
                        out.add(DifferenceKind.FUNCTION_MISMATCH, sig, describe(ef), describe(af), null, sig);
                    } else if (!Objects.equals(ef.bodyHash(), af.bodyHash())) {
                        out.add(DifferenceKind.FUNCTION_BODY_MISMATCH, sig, "body md5 " + ef.bodyHash(),
                                "body md5 " + af.bodyHash(), null, sig);
                    }
                });
    }

    private void enums(Map<String, List<String>> expected, Map<String, List<String>> actual) {
        DifferenceList.both(expected, actual,
                (name, ev) -> out.add(DifferenceKind.MISSING_ENUM, name, String.join(", ", ev), null, null, name),
                (name, av) -> out.add(DifferenceKind.EXTRA_OBJECT, name, null, "enum " + String.join(", ", av), null, name),
                (name, ev, av) -> {
                    if (!av.containsAll(ev)) {
                        out.add(DifferenceKind.ENUM_MISMATCH, name, String.join(", ", ev), String.join(", ", av), null, name);
                    } else if (!ev.containsAll(av)) {
                        out.add(DifferenceKind.EXTRA_OBJECT, name, String.join(", ", ev), String.join(", ", av), null, name);
                    }
                });
    }

    private static String qualifiedIndex(String table, String index) {
        return table.substring(0, table.indexOf('.') + 1) + index;
    }

    private static String policy(String table, String name) {
        return table + " policy \"" + name + "\"";
    }

    private static String keyOf(List<String> cols) {
        return cols.isEmpty() ? "no primary key" : "(" + String.join(", ", cols) + ")";
    }

    private static String orNone(String s) {
        return s == null ? "no default" : s;
    }

    static String describe(SchemaSnapshot.Column c) {
        return c.type() + (c.nullable() ? "" : " not null") + (c.defaultValue() == null ? "" : " default " + c.defaultValue());
    }

    private static String describe(SchemaSnapshot.Policy p) {
        return (p.permissive() ? "permissive " : "restrictive ") + p.command() + " to " + String.join(", ", p.roles())
                + (p.using() == null ? "" : " using " + p.using()) + (p.withCheck() == null ? "" : " with check " + p.withCheck());
    }

    private static String describe(SchemaSnapshot.Function f) {
        return "returns " + f.returns() + " language " + f.language() + (f.securityDefiner() ? " security definer" : "");
    }
}
