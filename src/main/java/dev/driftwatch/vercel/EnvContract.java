package dev.driftwatch.vercel;

import dev.driftwatch.platform.vercel.EnvVar;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Compares a project's variables with an environment's contract. Pure: values are only looked at, never copied
 * into a finding; findings name variables, targets and fingerprints.
 */
final class EnvContract {
    private EnvContract() {
    }

    /** What is wrong with one required variable in the checked target. */
    enum Problem {
        MISSING("missing"), EMPTY("empty"), PLACEHOLDER("placeholder"), NOT_A_URL("not-a-url");

        final String label;

        Problem(String label) {
            this.label = label;
        }
    }

    /** One required variable as found. {@code foundIn}: the other targets that have it (for a missing one). */
    record Finding(String name, Problem problem, String detail, EnvVar variable, List<String> foundIn) {
        boolean ok() {
            return problem == null;
        }
    }

    static List<Finding> evaluate(List<EnvVar> vars, String target, EnvSettings settings) {
        List<Finding> out = new ArrayList<>();
        for (String name : settings.required()) {
            Optional<EnvVar> here = vars.stream().filter(v -> v.key().equals(name) && v.targets().contains(target)).findFirst();
            if (here.isEmpty()) {
                List<String> elsewhere = new ArrayList<>(new TreeSet<>(vars.stream().filter(v -> v.key().equals(name))
                        .flatMap(v -> v.targets().stream()).filter(t -> !t.equals(target)).toList()));
                out.add(new Finding(name, Problem.MISSING, null, null, elsewhere));
                continue;
            }
            EnvVar v = here.get();
            out.add(check(name, v, settings));
        }
        return out;
    }

    private static Finding check(String name, EnvVar v, EnvSettings settings) {
        if (!v.readable()) {
            return new Finding(name, null, "value not readable (" + v.type() + ")", v, List.of());
        }
        String value = v.value().reveal();
        if (value.isBlank()) {
            return new Finding(name, Problem.EMPTY, null, v, List.of());
        }
        String lower = value.toLowerCase(Locale.ROOT);
        for (String p : settings.placeholders()) {
            if (lower.contains(p.toLowerCase(Locale.ROOT))) {
                return new Finding(name, Problem.PLACEHOLDER, "contains '" + p + "'", v, List.of());
            }
        }
        if (settings.urls().contains(name) && !isUrl(value.trim())) {
            return new Finding(name, Problem.NOT_A_URL, null, v, List.of());
        }
        return new Finding(name, null, null, v, List.of());
    }

    static boolean isUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** One reason an operator can act on, e.g. {@code missing in production: ENCRYPTION_SECRET (set for preview)}. */
    static String reason(List<Finding> findings, String target) {
        List<String> parts = new ArrayList<>();
        List<String> missing = findings.stream().filter(f -> f.problem() == Problem.MISSING)
                .map(f -> f.name() + (f.foundIn().isEmpty() ? "" : " (set for " + String.join(", ", f.foundIn()) + ")")).toList();
        if (!missing.isEmpty()) {
            parts.add("missing in " + target + ": " + String.join(", ", missing));
        }
        for (Finding f : findings) {
            if (f.problem() == Problem.EMPTY) {
                parts.add(f.name() + " is empty in " + target);
            } else if (f.problem() == Problem.PLACEHOLDER) {
                parts.add(f.name() + " in " + target + " holds a placeholder (" + f.detail() + ", " + f.variable().value().fingerprint() + ")");
            } else if (f.problem() == Problem.NOT_A_URL) {
                parts.add(f.name() + " in " + target + " is not an http(s) URL (" + f.variable().value().fingerprint() + ")");
            }
        }
        return String.join("; ", parts);
    }

    /** Per variable: status, type, targets and fingerprint; never a value. */
    static Map<String, Object> details(List<Finding> findings) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Finding f : findings) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("status", f.ok() ? "ok" : f.problem().label);
            if (f.variable() != null) {
                d.put("type", f.variable().type());
                d.put("targets", f.variable().targets());
                d.put("fingerprint", f.variable().readable() ? f.variable().value().fingerprint() : null);
            }
            if (!f.foundIn().isEmpty()) {
                d.put("setFor", f.foundIn());
            }
            if (f.detail() != null) {
                d.put("note", f.detail());
            }
            out.put(f.name(), d);
        }
        return out;
    }
}
