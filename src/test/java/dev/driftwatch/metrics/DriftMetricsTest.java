package dev.driftwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.CheckGroup;
import dev.driftwatch.probe.DaemonScheduler;
import dev.driftwatch.probe.FakeKind;
import dev.driftwatch.probe.Measurement;
import dev.driftwatch.probe.Observation;
import dev.driftwatch.probe.ObservationStore;
import dev.driftwatch.probe.Probe;
import dev.driftwatch.probe.ProbeResult;
import dev.driftwatch.probe.ProbeRunner;
import dev.driftwatch.probe.Series;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that cannot tell (the runner's deadline, a probe that throws) leaves the check's own series NaN, not stale. */
class DriftMetricsTest {
    private static final Map<String, String> LABELS = Map.of("target", "redis");
    private static final Series FAIL_OPEN = Series.gauge("ratelimit_fail_open", "", "1 when the limiter fails open", "target");
    private static final Series LIMITER_TIMEOUT = Series.gauge("ratelimit_limiter_timeout_seconds", "seconds",
            "The configured limiter timeout", "target");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private DriftMetrics metrics;
    private ScheduledExecutorService scheduler;
    private final CountDownLatch release = new CountDownLatch(1);
    /** What the next run of the check does. */
    private volatile Probe next;
    private ProbeRunner runner;
    private ObservationStore store;

    @TempDir
    Path data;

    private final CheckGroup kind = new FakeKind(check -> timeout -> next.probe(timeout));

    @BeforeEach
    void start() {
        store = new ObservationStore(data, 1000);
        metrics = new DriftMetrics(registry, null, null, store, "test");
        metrics.init();
        scheduler = DaemonScheduler.create();
        runner = new ProbeRunner(List.of(kind), store, List.of(metrics), scheduler);
        CheckDefinition check = new CheckDefinition("env", "fake", "redis", Duration.ofHours(1), Duration.ofMillis(300),
                Severity.CRITICAL, false, "settings");
        runner.onConfig(new MonitorConfig(Map.of("env", new EnvironmentConfig("env", Map.of(), List.of(check))), List.of()));
    }

    @AfterEach
    void stop() {
        release.countDown();
        runner.stop();
        scheduler.shutdownNow();
        store.close();
    }

    private static Probe measuring(double failOpen) {
        return timeout -> ProbeResult.ok("limits").withMeasurements(List.of(
                new Measurement(FAIL_OPEN, LABELS, failOpen),
                new Measurement(LIMITER_TIMEOUT, LABELS, 5)));
    }

    private Observation run() {
        try {
            return runner.runNow("env", List.of()).get(0).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the run did not end", e);
        }
    }

    /** The value of one series in a scrape of the registry, as Prometheus reads it. */
    private double scraped(String series) {
        String text = registry.scrape(io.prometheus.client.exporter.common.TextFormat.CONTENT_TYPE_OPENMETRICS_100);
        return text.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .orElseThrow(() -> new AssertionError(series + " not in the scrape:\n" + text));
    }

    private double series(String name) {
        return scraped("driftwatch_" + name + "{environment=\"env\",target=\"redis\"}");
    }

    private double outcome(String outcome) {
        return scraped("driftwatch_check_outcome{check=\"fake\",environment=\"env\",outcome=\"" + outcome + "\",target=\"redis\"}");
    }

    @Test
    void aTimedOutRunLeavesTheChecksSeriesNaNUntilARunMeasuresAgain() throws Exception {
        next = measuring(0);
        run();
        assertThat(series("ratelimit_fail_open")).isZero();

        next = timeout -> {
            release.await(); // a hung target: the runner gives up at the deadline
            return ProbeResult.ok("too late");
        };
        Observation timedOut = run();
        assertThat(timedOut.reason()).isEqualTo("timed out after 300ms");
        assertThat(series("ratelimit_fail_open")).isNaN();
        assertThat(series("ratelimit_limiter_timeout_seconds")).isNaN();
        assertThat(outcome("unknown")).isEqualTo(1.0);
        assertThat(outcome("ok")).isZero();
        assertThat(scraped("driftwatch_check_up{check=\"fake\",environment=\"env\",target=\"redis\"}")).isZero();
        assertThat(scraped("driftwatch_check_duration_seconds{check=\"fake\",environment=\"env\",target=\"redis\"}"))
                .as("the timed-out run's duration: up to its deadline").isGreaterThanOrEqualTo(0.3);

        next = measuring(1);
        release.countDown();
        // the hung run still holds its worker until it returns; the run after it measures again
        Observation back = dev.driftwatch.testsupport.Await.until(Duration.ofSeconds(5), this::run,
                o -> o.reason().equals("limits"), "a run after the hung one returned");
        assertThat(back.outcome().label()).isEqualTo("ok");
        assertThat(series("ratelimit_fail_open")).isEqualTo(1.0);
    }

    @Test
    void aProbeThatThrowsLeavesTheSeriesNaN() throws Exception {
        next = measuring(1);
        run();
        assertThat(series("ratelimit_fail_open")).isEqualTo(1.0);
        next = timeout -> {
            throw new IllegalStateException("a bug in the probe");
        };
        assertThat(run().reason()).startsWith("probe failed: IllegalStateException");
        assertThat(series("ratelimit_fail_open")).isNaN();
    }

    @Test
    void anUnknownThatCarriesItsOwnMeasurementsIsExportedAsReported() throws Exception {
        next = measuring(0);
        run();
        next = timeout -> ProbeResult.unknown("driftwatch cannot read its CA certificate").withMeasurements(List.of(
                new Measurement(FAIL_OPEN, LABELS, Double.NaN),
                new Measurement(LIMITER_TIMEOUT, LABELS, 5)));
        run();
        assertThat(series("ratelimit_fail_open")).isNaN();
        assertThat(series("ratelimit_limiter_timeout_seconds")).isEqualTo(5.0);
    }

    @Test
    void aRemovedCheckLeavesNoSeries() {
        next = measuring(0);
        run();
        assertThat(registry.scrape(io.prometheus.client.exporter.common.TextFormat.CONTENT_TYPE_OPENMETRICS_100)).contains("driftwatch_ratelimit_fail_open{environment=\"env\",target=\"redis\"} 0.0")
                .contains("driftwatch_check_last_run_timestamp_seconds{check=\"fake\",environment=\"env\",target=\"redis\"}");
        runner.onConfig(new MonitorConfig(Map.of(), List.of()));
        metrics.onCheckRemoved(new CheckDefinition("env", "fake", "redis", Duration.ofHours(1), Duration.ofMillis(300),
                Severity.CRITICAL, false, "settings"));
        assertThat(registry.scrape()).doesNotContain("environment=\"env\"");
    }
}
