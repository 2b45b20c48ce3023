package dev.driftwatch.metrics;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.probe.Measurement;
import dev.driftwatch.probe.Observation;
import dev.driftwatch.probe.Outcome;
import dev.driftwatch.probe.Series;
import dev.driftwatch.verdict.VerdictStatus;
import io.prometheus.client.Collector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every check's and every environment's series, written from their latest state at each scrape, the way
 * blackbox_exporter writes {@code probe_success}. Held as Micrometer meters they cost ~17 meters per check: at 5,000
 * checks ~30 MB of heap and seconds per scrape. Label names are in alphabetical order, as Micrometer wrote them.
 */
final class FleetSeries extends Collector implements Collector.Describable {
    private static final List<String> CHECK_LABELS = List.of("check", "environment", "target");
    private static final List<String> OUTCOME_LABELS = List.of("check", "environment", "outcome", "target");
    private static final List<String> VERDICT_LABELS = List.of("environment", "verdict");
    private static final String UP = DaemonSeries.CHECK_UP.exported();
    private static final String OUTCOME = DaemonSeries.CHECK_OUTCOME.exported();
    private static final String LAST_RUN = DaemonSeries.CHECK_LAST_RUN.exported();
    private static final String LAST_OK = DaemonSeries.CHECK_LAST_OK.exported();
    private static final String INTERVAL = DaemonSeries.CHECK_INTERVAL.exported();
    private static final String DURATION = DaemonSeries.CHECK_DURATION.exported();
    private static final String VERDICT = DaemonSeries.VERDICT.exported();
    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final VerdictStatus[] VERDICTS = VerdictStatus.values();

    private final Function<String, Optional<VerdictStatus>> verdicts;
    private final Map<String, CheckRow> checks = new ConcurrentHashMap<>();
    /** Per environment, the label values of its verdict series, one per {@link VerdictStatus}. */
    private final Map<String, List<List<String>>> environments = new ConcurrentHashMap<>();

    /** {@code verdicts}: an environment's current verdict, empty while it has none. */
    FleetSeries(Function<String, Optional<VerdictStatus>> verdicts) {
        this.verdicts = verdicts;
    }

    /** One check: its label values, built once, and the latest values of its series. */
    private static final class CheckRow {
        final List<String> labels;
        final List<List<String>> outcomeLabels = new ArrayList<>();
        final double interval;
        volatile Outcome outcome;
        volatile double lastRun;
        volatile double lastOk;
        volatile double duration;
        /** The series the check's probe measured, by name and labels; each keeps its place once measured. */
        final Map<String, Measured> measured = new ConcurrentHashMap<>();

        CheckRow(CheckDefinition check) {
            labels = List.of(check.kind(), check.environment(), check.target());
            for (Outcome o : OUTCOMES) {
                outcomeLabels.add(List.of(check.kind(), check.environment(), o.label(), check.target()));
            }
            interval = check.interval().toMillis() / 1000.0;
        }
    }

    private static final class Measured {
        final Series series;
        final String name;
        final List<String> labelNames;
        final List<String> labelValues;
        volatile double value;

        Measured(Series series, List<String> labelNames, List<String> labelValues) {
            this.series = series;
            this.name = series.exported();
            this.labelNames = labelNames;
            this.labelValues = labelValues;
        }
    }

    void observed(CheckDefinition check, Observation o) {
        CheckRow row = checks.computeIfAbsent(key(check), k -> new CheckRow(check));
        double at = o.observedAt().toEpochMilli() / 1000.0;
        row.outcome = o.outcome();
        row.lastRun = at;
        if (o.outcome() == Outcome.OK) {
            row.lastOk = at;
        }
        row.duration = o.duration().toNanos() / 1e9;
        if (o.outcome() == Outcome.UNKNOWN && o.measurements().isEmpty()) {
            // A run that could not tell (timed out, the probe threw) says nothing: no series keeps the last run's value.
            row.measured.values().forEach(m -> m.value = Double.NaN);
        }
        for (Measurement m : o.measurements()) {
            Map<String, String> labels = new TreeMap<>(m.labels());
            labels.put("environment", check.environment());
            row.measured.computeIfAbsent(m.name() + labels, k -> new Measured(m.series(), List.copyOf(labels.keySet()),
                    List.copyOf(labels.values()))).value = m.value();
        }
    }

    void removed(CheckDefinition check) {
        checks.remove(key(check));
    }

    /** The environments with a verdict series: exactly these. */
    void environments(Set<String> names) {
        environments.keySet().retainAll(names);
        for (String env : names) {
            environments.computeIfAbsent(env, e -> {
                List<List<String>> labels = new ArrayList<>();
                for (VerdictStatus status : VERDICTS) {
                    labels.add(List.of(e, status.label()));
                }
                return labels;
            });
        }
    }

    void clear() {
        checks.clear();
        environments.clear();
    }

    private static String key(CheckDefinition check) {
        return check.environment() + "\u0000" + check.id();
    }

    @Override
    public List<MetricFamilySamples> describe() {
        List<MetricFamilySamples> out = new ArrayList<>();
        for (Series s : List.of(DaemonSeries.CHECK_UP, DaemonSeries.CHECK_OUTCOME, DaemonSeries.CHECK_LAST_RUN,
                DaemonSeries.CHECK_LAST_OK, DaemonSeries.CHECK_INTERVAL, DaemonSeries.CHECK_DURATION, DaemonSeries.VERDICT)) {
            out.add(family(s, List.of()));
        }
        return out;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        int n = checks.size();
        List<MetricFamilySamples.Sample> up = new ArrayList<>(n);
        List<MetricFamilySamples.Sample> outcome = new ArrayList<>(n * OUTCOMES.length);
        List<MetricFamilySamples.Sample> lastRun = new ArrayList<>(n);
        List<MetricFamilySamples.Sample> lastOk = new ArrayList<>(n);
        List<MetricFamilySamples.Sample> interval = new ArrayList<>(n);
        List<MetricFamilySamples.Sample> duration = new ArrayList<>(n);
        Map<Series, List<MetricFamilySamples.Sample>> measured = new LinkedHashMap<>();
        for (CheckRow row : checks.values()) {
            Outcome current = row.outcome;
            up.add(sample(UP, CHECK_LABELS, row.labels, current == Outcome.OK ? 1 : 0));
            for (Outcome o : OUTCOMES) {
                outcome.add(sample(OUTCOME, OUTCOME_LABELS, row.outcomeLabels.get(o.ordinal()), o == current ? 1 : 0));
            }
            lastRun.add(sample(LAST_RUN, CHECK_LABELS, row.labels, row.lastRun));
            lastOk.add(sample(LAST_OK, CHECK_LABELS, row.labels, row.lastOk));
            interval.add(sample(INTERVAL, CHECK_LABELS, row.labels, row.interval));
            duration.add(sample(DURATION, CHECK_LABELS, row.labels, row.duration));
            for (Measured m : row.measured.values()) {
                measured.computeIfAbsent(m.series, s -> new ArrayList<>()).add(sample(m.name, m.labelNames, m.labelValues, m.value));
            }
        }
        List<MetricFamilySamples.Sample> verdict = new ArrayList<>(environments.size() * VERDICTS.length);
        environments.forEach((env, labels) -> {
            VerdictStatus status = verdicts.apply(env).orElse(VerdictStatus.UNKNOWN);
            for (VerdictStatus v : VERDICTS) {
                verdict.add(sample(VERDICT, VERDICT_LABELS, labels.get(v.ordinal()), v == status ? 1 : 0));
            }
        });
        List<MetricFamilySamples> out = new ArrayList<>(List.of(family(DaemonSeries.CHECK_UP, up),
                family(DaemonSeries.CHECK_OUTCOME, outcome), family(DaemonSeries.CHECK_LAST_RUN, lastRun),
                family(DaemonSeries.CHECK_LAST_OK, lastOk), family(DaemonSeries.CHECK_INTERVAL, interval),
                family(DaemonSeries.CHECK_DURATION, duration), family(DaemonSeries.VERDICT, verdict)));
        measured.forEach((series, samples) -> out.add(family(series, samples)));
        return out;
    }

    private static MetricFamilySamples.Sample sample(String name, List<String> names, List<String> values, double value) {
        return new MetricFamilySamples.Sample(name, names, values, value);
    }

    /** Every per-check series is a gauge: what a probe measures is a level, not a count. */
    private static MetricFamilySamples family(Series series, List<MetricFamilySamples.Sample> samples) {
        return new MetricFamilySamples(series.exported(), Type.GAUGE, series.help(), samples);
    }
}
