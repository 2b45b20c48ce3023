package dev.driftwatch.metrics;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigListener;
import dev.driftwatch.config.ConfigService;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.probe.Measurement;
import dev.driftwatch.probe.Observation;
import dev.driftwatch.probe.ObservationListener;
import dev.driftwatch.probe.ObservationStore;
import dev.driftwatch.probe.Outcome;
import dev.driftwatch.probe.Series;
import dev.driftwatch.verdict.VerdictService;
import dev.driftwatch.verdict.VerdictStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The only code that touches the MeterRegistry: turns observations, verdicts and config status into series. */
@io.quarkus.runtime.Startup
@ApplicationScoped
public class DriftMetrics implements ObservationListener, ConfigListener {
    /**
     * Six buckets, a factor of about 5 apart: enough for the dashboards' p95 per check, at 9 series per check instead
     * of 15 (5,000 checks scrape in a third less). Each run's exact duration is in the API ({@code durationSeconds}).
     */
    private static final Duration[] DURATION_BUCKETS = {
            Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(30)};

    private final MeterRegistry registry;
    private final VerdictService verdicts;
    private final ConfigService config;
    private final ObservationStore store;
    private final String version;

    /**
     * The series go straight to the Prometheus registry that {@code /q/metrics} scrapes, not through the composite
     * registry Quarkus injects as {@code MeterRegistry}: the composite keeps a second meter, with its own id and
     * tags, beside each real one, which at 5,000 checks is tens of megabytes of heap for nothing.
     */
    @Inject
    public DriftMetrics(PrometheusMeterRegistry registry, VerdictService verdicts, ConfigService config, ObservationStore store,
                        @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this((MeterRegistry) registry, verdicts, config, store, version);
    }

    /** Series in any registry (tests). */
    public DriftMetrics(MeterRegistry registry, VerdictService verdicts, ConfigService config, ObservationStore store,
                        String version) {
        this.registry = registry;
        this.verdicts = verdicts;
        this.config = config;
        this.store = store;
        this.version = version;
    }

    /** Per check (environment + id): the holder its gauges read, and every meter registered for it. */
    private final Map<String, CheckSeries> checks = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> environments = new ConcurrentHashMap<>();
    private final List<Meter> daemon = new ArrayList<>();

    /** A mutable number a gauge reads; the map above holds it strongly, as Micrometer only holds it weakly. */
    static final class Value {
        volatile double value;
    }

    private final class CheckSeries {
        final Tags tags;
        final Value up = new Value();
        final Map<Outcome, Value> outcome = new TreeMap<>();
        final Value lastRun = new Value();
        final Value lastOk = new Value();
        final Timer duration;
        final Map<String, Value> measured = new ConcurrentHashMap<>();
        final List<Meter> meters = new ArrayList<>();

        CheckSeries(CheckDefinition check) {
            tags = Tags.of("environment", check.environment(), "check", check.kind(), "target", check.target());
            meters.add(gauge(DaemonSeries.CHECK_UP, tags, up));
            for (Outcome o : Outcome.values()) {
                Value v = new Value();
                outcome.put(o, v);
                meters.add(gauge(DaemonSeries.CHECK_OUTCOME, tags.and("outcome", o.label()), v));
            }
            meters.add(gauge(DaemonSeries.CHECK_LAST_RUN, tags, lastRun));
            meters.add(gauge(DaemonSeries.CHECK_LAST_OK, tags, lastOk));
            meters.add(gauge(DaemonSeries.CHECK_INTERVAL, tags, constant(check.interval().toMillis() / 1000.0)));
            duration = Timer.builder(DaemonSeries.meterName(DaemonSeries.CHECK_DURATION)).description(DaemonSeries.CHECK_DURATION.help())
                    .tags(tags).serviceLevelObjectives(DURATION_BUCKETS).register(registry);
            meters.add(duration);
        }
    }

    @PostConstruct
    void init() {
        daemon.add(gauge(DaemonSeries.BUILD_INFO, Tags.of("version", version), constant(1)));
        daemon.add(Gauge.builder(DaemonSeries.meterName(DaemonSeries.CONFIG_RELOAD_SUCCESS), config,
                        c -> c.status() != null && c.status().lastReloadSuccess() ? 1 : 0)
                .description(DaemonSeries.CONFIG_RELOAD_SUCCESS.help()).register(registry));
        daemon.add(Gauge.builder(DaemonSeries.meterName(DaemonSeries.CONFIG_RELOAD_SUCCESS_TIME), config,
                        c -> c.status() == null || c.status().lastSuccessAt() == null ? 0 : c.status().lastSuccessAt().toEpochMilli() / 1000.0)
                .description(DaemonSeries.CONFIG_RELOAD_SUCCESS_TIME.help()).register(registry));
        daemon.add(FunctionCounter.builder(DaemonSeries.meterName(DaemonSeries.HISTORY_MALFORMED_LINES), store,
                        ObservationStore::historyMalformedLines)
                .description(DaemonSeries.HISTORY_MALFORMED_LINES.help()).register(registry));
        daemon.add(FunctionCounter.builder(DaemonSeries.meterName(DaemonSeries.HISTORY_WRITE_ERRORS), store,
                        ObservationStore::historyWriteErrors)
                .description(DaemonSeries.HISTORY_WRITE_ERRORS.help()).register(registry));
    }

    /** The registry can outlive this bean (several applications in one JVM, as in tests): leave nothing behind. */
    @jakarta.annotation.PreDestroy
    void removeAll() {
        daemon.forEach(registry::remove);
        checks.values().forEach(s -> s.meters.forEach(registry::remove));
        environments.values().forEach(meters -> meters.forEach(registry::remove));
        checks.clear();
        environments.clear();
    }

    private static Value constant(double v) {
        Value value = new Value();
        value.value = v;
        return value;
    }

    private Gauge gauge(Series series, Tags tags, Value value) {
        return Gauge.builder(DaemonSeries.meterName(series), value, v -> v.value).description(series.help()).tags(tags)
                .strongReference(true).register(registry);
    }

    @Override
    public void onObservation(CheckDefinition check, Observation o) {
        CheckSeries s = checks.computeIfAbsent(key(check), k -> new CheckSeries(check));
        s.up.value = o.outcome() == Outcome.OK ? 1 : 0;
        s.outcome.forEach((outcome, v) -> v.value = outcome == o.outcome() ? 1 : 0);
        double at = o.observedAt().toEpochMilli() / 1000.0;
        s.lastRun.value = at;
        if (o.outcome() == Outcome.OK) {
            s.lastOk.value = at;
        }
        s.duration.record(o.duration());
        if (o.outcome() == Outcome.UNKNOWN && o.measurements().isEmpty()) {
            // A run that could not tell (timed out, the probe threw) says nothing: no series keeps the last run's value.
            s.measured.values().forEach(v -> v.value = Double.NaN);
        }
        for (Measurement m : o.measurements()) {
            Tags tags = Tags.of("environment", check.environment());
            for (Map.Entry<String, String> l : new TreeMap<>(m.labels()).entrySet()) {
                tags = tags.and(l.getKey(), l.getValue());
            }
            String id = m.name() + tags;
            Tags finalTags = tags;
            s.measured.computeIfAbsent(id, k -> {
                Value v = new Value();
                s.meters.add(gauge(m.series(), finalTags, v));
                return v;
            }).value = m.value();
        }
    }

    @Override
    public void onCheckRemoved(CheckDefinition check) {
        CheckSeries s = checks.remove(key(check));
        if (s != null) {
            s.meters.forEach(registry::remove);
        }
    }

    @Override
    public void onConfig(MonitorConfig config) {
        Set<String> names = config.environments().keySet();
        environments.keySet().stream().filter(e -> !names.contains(e)).toList()
                .forEach(e -> environments.remove(e).forEach(registry::remove));
        for (String env : names) {
            environments.computeIfAbsent(env, e -> {
                List<Meter> meters = new ArrayList<>();
                for (VerdictStatus status : VerdictStatus.values()) {
                    meters.add(Gauge.builder(DaemonSeries.meterName(DaemonSeries.VERDICT), verdicts,
                                    v -> v.current(e).map(r -> r.verdict() == status ? 1.0 : 0.0).orElse(status == VerdictStatus.UNKNOWN ? 1.0 : 0.0))
                            .description(DaemonSeries.VERDICT.help())
                            .tags("environment", e, "verdict", status.label()).register(registry));
                }
                return meters;
            });
        }
    }

    private static String key(CheckDefinition check) {
        return check.environment() + "\u0000" + check.id();
    }
}
