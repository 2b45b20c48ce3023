package dev.driftwatch.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/** Compares an expected snapshot with the live one; every difference names its kind, object, expected and actual. */
public final class SchemaComparator {
    private final List<Difference> out = new ArrayList<>();

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
        c.out.sort(Comparator.comparing(Difference::severity).reversed().thenComparing(Difference::object));
        return List.copyOf(c.out);
    }

    private void add(DifferenceKind kind, String object, String expected, String actual) {
        out.add(Difference.of(kind, object, expected, actual));
    }

    private void tables(Map<String, SchemaSnapshot.Table> expected, Map<String, SchemaSnapshot.Table> actual) {
        both(expected, actual, (name, e) -> add(DifferenceKind.MISSING_TABLE, name, "table", null),
                (name, a) -> add(DifferenceKind.EXTRA_OBJECT, name, null, "table not in the contract"),
                this::table);
    }

    private void table(String name, SchemaSnapshot.Table e, SchemaSnapshot.Table a) {
        both(e.columns(), a.columns(),
                (col, ec) -> add(DifferenceKind.MISSING_COLUMN, name + "." + col, describe(ec), null),
                (col, ac) -> add(DifferenceKind.EXTRA_OBJECT, name + "." + col, null, "column " + describe(ac)),
                (col, ec, ac) -> column(name + "." + col, ec, ac));
        if (!e.primaryKey().equals(a.primaryKey())) {
            add(DifferenceKind.PRIMARY_KEY_MISMATCH, name, keyOf(e.primaryKey()), keyOf(a.primaryKey()));
        }
        if (e.rowLevelSecurity().enabled() && !a.rowLevelSecurity().enabled()) {
            add(DifferenceKind.RLS_DISABLED, name, "row level security enabled", "disabled");
        } else if (!e.rowLevelSecurity().enabled() && a.rowLevelSecurity().enabled()) {
            add(DifferenceKind.RLS_UNEXPECTED, name, "row level security disabled", "enabled");
        }
        if (e.rowLevelSecurity().forced() && !a.rowLevelSecurity().forced()) {
            add(DifferenceKind.RLS_NOT_FORCED, name, "forced", "not forced");
        }
        both(e.indexes(), a.indexes(),
                (idx, ed) -> add(DifferenceKind.MISSING_INDEX, qualifiedIndex(name, idx), ed, null),
                (idx, ad) -> add(DifferenceKind.EXTRA_OBJECT, qualifiedIndex(name, idx), null, ad),
                (idx, ed, ad) -> {
                    if (!ed.equals(ad)) {
                        add(DifferenceKind.INDEX_MISMATCH, qualifiedIndex(name, idx), ed, ad);
                    }
                });
        both(e.policies(), a.policies(),
                (pol, ep) -> add(DifferenceKind.MISSING_POLICY, policy(name, pol), describe(ep), null),
                (pol, ap) -> out.add(new Difference(DifferenceKind.EXTRA_OBJECT, dev.driftwatch.config.Severity.WARNING,
                        policy(name, pol), null, "policy " + describe(ap))),
                (pol, ep, ap) -> {
                    if (!ep.equals(ap)) {
                        add(DifferenceKind.POLICY_MISMATCH, policy(name, pol), describe(ep), describe(ap));
                    }
                });
    }

    private void column(String object, SchemaSnapshot.Column e, SchemaSnapshot.Column a) {
        if (!e.type().equals(a.type())) {
            add(DifferenceKind.TYPE_MISMATCH, object, e.type(), a.type());
        }
        if (e.nullable() != a.nullable()) {
            add(DifferenceKind.NULLABILITY_MISMATCH, object, e.nullable() ? "null" : "not null", a.nullable() ? "null" : "not null");
        }
        if (!Objects.equals(e.defaultValue(), a.defaultValue())) {
            add(DifferenceKind.DEFAULT_MISMATCH, object, orNone(e.defaultValue()), orNone(a.defaultValue()));
        }
    }

    private void functions(Map<String, SchemaSnapshot.Function> expected, Map<String, SchemaSnapshot.Function> actual) {
        List<String> changedNames = new ArrayList<>();
        both(expected, actual,
                (sig, ef) -> {
                    String name = sig.substring(0, sig.indexOf('('));
                    List<String> others = actual.keySet().stream().filter(k -> k.startsWith(name + "(") && !expected.containsKey(k)).toList();
                    if (others.isEmpty()) {
                        add(DifferenceKind.MISSING_FUNCTION, sig, "returns " + ef.returns(), null);
                    } else {
                        changedNames.addAll(others);
                        add(DifferenceKind.FUNCTION_MISMATCH, name, sig, String.join(" | ", others));
                    }
                },
                (sig, af) -> {
                    if (!changedNames.contains(sig)) {
                        add(DifferenceKind.EXTRA_OBJECT, sig, null, "function not in the contract");
                    }
                },
                (sig, ef, af) -> {
                    if (!ef.returns().equals(af.returns()) || !ef.language().equals(af.language())
                            || ef.securityDefiner() != af.securityDefiner()) {
                        add(DifferenceKind.FUNCTION_MISMATCH, sig, describe(ef), describe(af));
                    } else if (!Objects.equals(ef.bodyHash(), af.bodyHash())) {
                        add(DifferenceKind.FUNCTION_BODY_MISMATCH, sig, "body md5 " + ef.bodyHash(), "body md5 " + af.bodyHash());
                    }
                });
    }

    private void enums(Map<String, List<String>> expected, Map<String, List<String>> actual) {
        both(expected, actual,
                (name, ev) -> add(DifferenceKind.MISSING_ENUM, name, String.join(", ", ev), null),
                (name, av) -> add(DifferenceKind.EXTRA_OBJECT, name, null, "enum " + String.join(", ", av)),
                (name, ev, av) -> {
                    if (!av.containsAll(ev)) {
                        add(DifferenceKind.ENUM_MISMATCH, name, String.join(", ", ev), String.join(", ", av));
                    } else if (!ev.containsAll(av)) {
                        add(DifferenceKind.EXTRA_OBJECT, name, String.join(", ", ev), String.join(", ", av));
                    }
                });
    }

    private interface TriConsumer<A, B, C> {
        void accept(A a, B b, C c);
    }

    private static <V> void both(Map<String, V> expected, Map<String, V> actual, BiConsumer<String, V> missing,
                                 BiConsumer<String, V> extra, TriConsumer<String, V, V> present) {
        expected.forEach((k, e) -> {
            V a = actual.get(k);
            if (a == null) {
                missing.accept(k, e);
            } else {
                present.accept(k, e, a);
            }
        });
        actual.forEach((k, a) -> {
            if (!expected.containsKey(k)) {
                extra.accept(k, a);
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

    private static String describe(SchemaSnapshot.Column c) {
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
