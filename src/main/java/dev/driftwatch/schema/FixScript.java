package dev.driftwatch.schema;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The forward fix: SQL that brings the live schema back to the expected state, for every difference, in dependency
 * order (types and sequences, tables, columns, constraints, indexes, functions, views, triggers, policies, grants).
 * Each repair is preceded by a comment naming its difference. Repairs that would drop or rewrite data, or open
 * access, are written commented out with the reason; repairs that only check data (SET NOT NULL, ADD CONSTRAINT,
 * VALIDATE) run, and fail without harm when rows violate them. driftwatch never executes it.
 */
public final class FixScript {
    /** The order repairs run in: each section's objects can depend on those of the sections before it. */
    enum Section { EXTENSIONS, TYPES, SEQUENCES, TABLES, COLUMNS, CONSTRAINTS, INDEXES, FUNCTIONS, VIEWS, TRIGGERS, POLICIES, GRANTS }

    private final Map<Section, List<String>> sections = new EnumMap<>(Section.class);
    final SchemaSnapshot expected;
    final SchemaSnapshot actual;

    private FixScript(SchemaSnapshot expected, SchemaSnapshot actual) {
        this.expected = expected;
        this.actual = actual;
    }

    /** The fix for every difference between {@code expected} and {@code actual}; {@code header} becomes its first comment. */
    public static String of(SchemaSnapshot expected, SchemaSnapshot actual, String header) {
        List<Difference> differences = SchemaComparator.compare(expected, actual);
        FixScript script = new FixScript(expected, actual);
        FixRepairs repairs = new FixRepairs(script);
        differences.forEach(repairs::repair);
        return script.render(header, differences.size());
    }

    /** Statements that run. */
    void run(Section section, Difference d, String... statements) {
        List<String> lines = sections.computeIfAbsent(section, s -> new ArrayList<>());
        lines.add("-- " + oneLine(d.describe()));
        for (String s : statements) {
            lines.add(s.endsWith(";") ? s : s + ";");
        }
        lines.add("");
    }

    /** Statements written commented out, with why a person must decide. */
    void commented(Section section, Difference d, String why, String... statements) {
        List<String> lines = sections.computeIfAbsent(section, s -> new ArrayList<>());
        lines.add("-- " + oneLine(d.describe()));
        lines.add("-- NOT RUN: " + why);
        for (String s : statements) {
            (s.endsWith(";") ? s : s + ";").lines().forEach(l -> lines.add("-- " + l));
        }
        lines.add("");
    }

    private String render(String header, int differences) {
        StringBuilder out = new StringBuilder();
        header.lines().forEach(l -> out.append("-- ").append(l).append('\n'));
        if (differences == 0) {
            return out.append("-- no differences: nothing to fix\n").toString();
        }
        out.append("-- ").append(differences).append(differences == 1 ? " difference" : " differences")
                .append(". Forward-only: review, then apply with psql -v ON_ERROR_STOP=1 -1 -f fix.sql\n\n");
        sections.forEach((section, lines) -> {
            out.append("-- ==== ").append(section.name().toLowerCase(java.util.Locale.ROOT)).append(" ====\n\n");
            lines.forEach(l -> out.append(l).append('\n'));
        });
        return out.toString();
    }

    private static String oneLine(String s) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() > 400 ? flat.substring(0, 400) + " …" : flat;
    }
}
