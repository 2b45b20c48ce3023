package dev.driftwatch.schema;

import dev.driftwatch.probe.Series;

/** The series the schema and migrations checks set. */
final class SchemaSeries {
    static final Series DIFFERENCES = Series.gauge("schema_differences", "",
            "How many differences of this kind the latest run found", "target", "kind");

    private SchemaSeries() {
    }
}
