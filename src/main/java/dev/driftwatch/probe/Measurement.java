package dev.driftwatch.probe;

import java.util.Map;

/**
 * A number a probe read for one of its declared {@link Series}, exported by the metrics package as
 * {@code driftwatch_<name>} with the labels given plus {@code environment}; for example
 * {@code schema_differences{target,kind}}.
 */
public record Measurement(Series series, Map<String, String> labels, double value) {

    public Measurement {
        labels = Map.copyOf(labels);
        if (!labels.keySet().equals(series.probeLabels())) {
            throw new IllegalArgumentException(series.name() + " is declared with labels " + series.probeLabels()
                    + ", measured with " + labels.keySet());
        }
    }

    public String name() {
        return series.name();
    }
}
