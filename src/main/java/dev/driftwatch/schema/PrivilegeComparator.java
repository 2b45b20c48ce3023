package dev.driftwatch.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the API roles reach: grants on tables, views, sequences and functions, default privileges, and security
 * definer functions whose names can be shadowed by the caller (no fixed {@code search_path}).
 */
final class PrivilegeComparator {
    /** Roles that reach an API table with the public anon key: anon itself, and PUBLIC, which anon is a member of. */
    static final java.util.Set<String> ANON = java.util.Set.of("anon", "public");
    private final DifferenceList out;

    PrivilegeComparator(DifferenceList out) {
        this.out = out;
    }

    void compare(SchemaSnapshot expected, SchemaSnapshot actual) {
        if (actual.grants() != null) {
            grants(expected, actual);
        }
        if (expected.defaultPrivileges() != null && actual.defaultPrivileges() != null) {
            defaults(expected.defaultPrivileges(), actual.defaultPrivileges());
        }
        actual.functions().forEach((sig, f) -> {
            if (f.securityDefiner() && f.config() != null && !f.fixedSearchPath()) {
                SchemaSnapshot.Function e = expected.functions().get(sig);
                out.add(DifferenceKind.SEARCH_PATH_NOT_FIXED, sig,
                        e != null && e.fixedSearchPath() ? "set " + String.join(", ", e.config()) : "a fixed search_path",
                        "security definer, search_path from the caller", null, sig);
            }
        });
    }

    private void grants(SchemaSnapshot expected, SchemaSnapshot actual) {
        Map<String, Map<String, List<String>>> e = expected.grants();
        Map<String, Map<String, List<String>>> a = actual.grants();
        TreeSet<String> objects = new TreeSet<>(a.keySet());
        if (e != null) {
            objects.addAll(e.keySet());
        }
        for (String object : objects) {
            boolean known = e != null && exists(expected, object);
            if (!exists(actual, object)) {
                continue; // the object itself is missing: reported as such, its grants come with its repair
            }
            Map<String, List<String>> held = a.getOrDefault(object, Map.of());
            Map<String, List<String>> wanted = known ? e.getOrDefault(object, Map.of()) : Map.of();
            TreeSet<String> roles = new TreeSet<>(held.keySet());
            roles.addAll(wanted.keySet());
            for (String role : roles) {
                List<String> has = held.getOrDefault(role, List.of());
                List<String> wants = wanted.getOrDefault(role, List.of());
                List<String> missing = minus(wants, has);
                List<String> extra = minus(has, wants);
                String name = object + " to " + role;
                if (!missing.isEmpty()) {
                    out.add(DifferenceKind.MISSING_GRANT, name, String.join(", ", missing), held(has), object, role);
                }
                if (!extra.isEmpty() && ANON.contains(role) && unprotectedTable(actual, object)) {
                    out.add(DifferenceKind.ANON_EXPOSED, name, held(wants), String.join(", ", extra)
                            + " without row level security: readable with the public anon key", object, role);
                } else if (!extra.isEmpty() && known) {
                    out.add(DifferenceKind.EXTRA_GRANT, name, held(wants), String.join(", ", extra), object, role);
                }
            }
        }
    }

    private void defaults(Map<String, Map<String, List<String>>> expected, Map<String, Map<String, List<String>>> actual) {
        TreeSet<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            Map<String, List<String>> e = expected.getOrDefault(key, Map.of());
            Map<String, List<String>> a = actual.getOrDefault(key, Map.of());
            TreeSet<String> roles = new TreeSet<>(e.keySet());
            roles.addAll(a.keySet());
            for (String role : roles) {
                List<String> wants = e.getOrDefault(role, List.of());
                List<String> has = a.getOrDefault(role, List.of());
                if (!wants.equals(has)) {
                    out.add(DifferenceKind.DEFAULT_PRIVILEGES_MISMATCH, "default privileges of " + key + " to " + role,
                            held(wants), held(has), key, role);
                }
            }
        }
    }

    /** Whether {@code object} ("table public.x", "function public.f(a int)") is in the snapshot. */
    static boolean exists(SchemaSnapshot s, String object) {
        int space = object.indexOf(' ');
        String kind = object.substring(0, space);
        String name = object.substring(space + 1);
        return switch (kind) {
            case "table" -> s.tables().containsKey(name);
            case "view" -> s.views() != null && s.views().containsKey(name);
            case "sequence" -> s.sequences() != null && s.sequences().containsKey(name);
            case "function" -> s.functions().containsKey(name);
            default -> false;
        };
    }

    private static boolean unprotectedTable(SchemaSnapshot s, String object) {
        if (!object.startsWith("table ")) {
            return false;
        }
        SchemaSnapshot.Table t = s.tables().get(object.substring("table ".length()));
        return t != null && !t.rowLevelSecurity().enabled();
    }

    private static List<String> minus(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.removeAll(b);
        return out;
    }

    private static String held(List<String> privileges) {
        return privileges.isEmpty() ? "no privileges" : String.join(", ", privileges);
    }
}
