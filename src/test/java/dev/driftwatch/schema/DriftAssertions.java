package dev.driftwatch.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Outcome;
import dev.driftwatch.probe.ProbeResult;
import java.util.List;

/** What every schema test asserts of a drift: the outcome, the difference with its kind, severity and object, its metric. */
final class DriftAssertions {
    private DriftAssertions() {
    }

    @SuppressWarnings("unchecked")
    static List<Difference> differences(ProbeResult r) {
        return (List<Difference>) r.details().get("differences");
    }

    static void assertDrift(ProbeResult r, DifferenceKind kind, Severity severity, String object) {
        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.DRIFT);
        assertThat(differences(r)).as(r.reason()).anySatisfy(d -> {
            assertThat(d.kind()).isEqualTo(kind);
            assertThat(d.severity()).isEqualTo(severity);
            assertThat(d.object()).isEqualTo(object);
        });
        assertThat(r.severity()).isEqualTo(differences(r).stream().map(Difference::severity).max(Enum::compareTo).orElseThrow());
        assertThat(r.measurements()).anySatisfy(m -> {
            assertThat(m.labels()).containsEntry("kind", kind.label());
            assertThat(m.value()).isGreaterThanOrEqualTo(1.0);
        });
    }
}
