package dev.driftwatch.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code optional} key every check group accepts: {@code true} marks every check of the group optional, a list
 * marks the checks it names by id ({@code schema/public}), kind ({@code migrations}) or target ({@code anthropic}).
 * An optional check that cannot see only warns; any other critical check that cannot see makes the verdict unknown.
 */
final class OptionalChecks {
    static final String KEY = "optional";

    private OptionalChecks() {
    }

    /** The group's checks with {@code optional} applied, every name of the list matched or reported. */
    static List<CheckDefinition> apply(ConfigNode group, List<CheckDefinition> checks) {
        if (!group.has(KEY)) {
            return checks;
        }
        List<String> names = group.isList(KEY) ? group.stringList(KEY, List.of()) : null;
        boolean all = names == null && group.bool(KEY, false);
        List<CheckDefinition> out = new ArrayList<>();
        for (CheckDefinition check : checks) {
            out.add(all || (names != null && names.stream().anyMatch(n -> matches(n, check))) ? check.withOptional(true) : check);
        }
        if (names != null) {
            for (String name : names) {
                if (checks.stream().noneMatch(c -> matches(name, c))) {
                    group.error(KEY, "'" + name + "' names no check of this group (checks: "
                            + String.join(", ", checks.stream().map(CheckDefinition::id).toList()) + ")");
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean matches(String name, CheckDefinition check) {
        return name.equals(check.id()) || name.equals(check.kind()) || name.equals(check.target());
    }
}
