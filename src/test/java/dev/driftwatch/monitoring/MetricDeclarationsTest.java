package dev.driftwatch.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.probe.Series;
import dev.driftwatch.testsupport.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md and the declared series cannot disagree: one table row per declaration, with the same type and
 * labels, and no row without a declaration. (RealPrometheusTest checks the HELP text in a real scrape.)
 */
class MetricDeclarationsTest {
    /** {@code | `driftwatch_x` | gauge | environment, target | meaning |} */
    private static final Pattern ROW = Pattern.compile("^\\| `(driftwatch_[a-z0-9_]+)` \\| (\\w+) \\| ([^|]*) \\|", Pattern.MULTILINE);

    private record Row(String type, Set<String> labels) {
    }

    private static Map<String, Row> documented() throws IOException {
        String doc = Files.readString(PostgresServer.PROJECT.resolve("docs/metrics.md"));
        Map<String, Row> rows = new TreeMap<>();
        Matcher m = ROW.matcher(doc);
        while (m.find()) {
            String labels = m.group(3).trim();
            rows.put(m.group(1), new Row(m.group(2), labels.equals("none") ? Set.of()
                    : Arrays.stream(labels.split(",")).map(String::trim).collect(Collectors.toCollection(TreeSet::new))));
        }
        return rows;
    }

    @Test
    void everyDeclaredSeriesHasItsRowAndEveryRowADeclaration() throws IOException {
        List<Series> declared = SeriesDeclarations.all();
        assertThat(declared).extracting(Series::name).contains("check_up", "schema_differences", "env_variables_missing",
                "deployment_ready", "smoke_fail_open", "redis_up", "provider_key_valid");
        Map<String, Row> rows = documented();
        Map<String, Row> expected = new TreeMap<>();
        for (Series s : declared) {
            expected.put(s.exported(), new Row(s.type().label(), new TreeSet<>(s.labels())));
            if (s.type() == Series.Type.HISTOGRAM) {
                // Micrometer's decaying maximum of a timer, exported beside the histogram
                expected.put(s.exported() + "_max", new Row("gauge", new TreeSet<>(s.labels())));
            }
        }
        assertThat(rows).as("docs/metrics.md rows against the declarations").isEqualTo(expected);
    }

    @Test
    void declarationsAreUniqueAndCarryHelp() {
        List<Series> declared = SeriesDeclarations.all();
        assertThat(declared).extracting(Series::name).doesNotHaveDuplicates();
        assertThat(declared).allSatisfy(s -> assertThat(s.help()).as(s.name()).isNotBlank());
        assertThat(MetricNames.EXPORTED).contains("driftwatch_check_duration_seconds", "driftwatch_smoke_latency_seconds");
    }
}
