package dev.driftwatch.probe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The declaration of one exported series, kept beside the code that sets it (a kind's {@code <Kind>Series} class,
 * {@code metrics/DaemonSeries}): exported as {@code driftwatch_<name>} with {@code help} as its Prometheus HELP.
 * docs/metrics.md has one row per declaration, and a test fails when they disagree.
 *
 * @param name   the name after {@code driftwatch_}, ending in its unit when it has one ({@code redis_round_trip_seconds})
 * @param unit   the unit the name ends with ({@code seconds}), empty for counts, flags and states
 * @param labels every label of the series, {@code environment} first
 */
public record Series(String name, Type type, String unit, String help, List<String> labels) {

    public enum Type {
        GAUGE, HISTOGRAM, COUNTER;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Series {
        labels = List.copyOf(labels);
        if (type == Type.COUNTER && !name.endsWith("_total")) {
            throw new IllegalArgumentException(name + " is a counter: its name ends with _total");
        }
        if (!unit.isEmpty() && !name.endsWith("_" + unit)) {
            throw new IllegalArgumentException(name + " must end with its unit " + unit);
        }
        if (help == null || help.isBlank()) {
            throw new IllegalArgumentException(name + " needs help text");
        }
    }

    /** A gauge a probe sets per check, labelled {@code environment} plus {@code labels}. */
    public static Series gauge(String name, String unit, String help, String... labels) {
        List<String> all = new java.util.ArrayList<>(List.of("environment"));
        all.addAll(List.of(labels));
        return new Series(name, Type.GAUGE, unit, help, all);
    }

    /** The Prometheus name, {@code driftwatch_<name>}. */
    public String exported() {
        return "driftwatch_" + name;
    }

    /** A value of this series; {@code labelPairs} name and value every label but {@code environment}, in pairs. */
    public Measurement measure(double value, String... labelPairs) {
        Map<String, String> labelValues = new LinkedHashMap<>();
        for (int i = 0; i + 1 < labelPairs.length; i += 2) {
            labelValues.put(labelPairs[i], labelPairs[i + 1]);
        }
        return new Measurement(this, labelValues, value);
    }

    /** The labels a probe gives: all but {@code environment}, which the metrics package adds. */
    Set<String> probeLabels() {
        return Set.copyOf(labels.subList(1, labels.size()));
    }
}
