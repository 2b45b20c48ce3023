package dev.driftwatch.monitoring;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The series names alerts and dashboards may use: every declared series (docs/metrics.md lists the same, see
 * MetricDeclarationsTest). RealPrometheusTest checks that every one of them is scraped.
 */
final class MetricNames {
    /** Generated from the declarations ({@link SeriesDeclarations}); MetricDeclarationsTest keeps docs/metrics.md in step. */
    static final Set<String> EXPORTED = SeriesDeclarations.all().stream().flatMap(s -> SeriesDeclarations.scrapedNames(s).stream())
            .collect(Collectors.toCollection(TreeSet::new));

    /** Series Prometheus itself writes. */
    static final Set<String> PROMETHEUS = Set.of("up", "ALERTS");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern DRIFTWATCH = Pattern.compile("\\bdriftwatch_[a-z0-9_]+\\b");
    private static final Pattern BUILTIN = Pattern.compile("\\b(up|ALERTS)\\s*\\{");

    private MetricNames() {
    }

    static Set<String> known() {
        return Stream.of(EXPORTED, PROMETHEUS).flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The series names a PromQL expression selects (string literals, such as label values, are ignored). */
    static Set<String> referencedBy(String promql) {
        String code = STRING.matcher(promql).replaceAll("\"\"");
        Set<String> names = new TreeSet<>();
        Matcher m = DRIFTWATCH.matcher(code);
        while (m.find()) {
            names.add(m.group());
        }
        m = BUILTIN.matcher(code);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
