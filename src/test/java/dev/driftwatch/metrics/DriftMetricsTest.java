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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
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

    private double series(String name) {
        return registry.get("driftwatch." + name).tags("environment", "env", "target", "redis").gauge().value();
    }

    private double outcome(String outcome) {
        return registry.get("driftwatch.check_outcome").tags("check", "fake", "outcome", outcome).gauge().value();
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
        assertThat(registry.get("driftwatch.check_up").gauge().value()).isZero();

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
}
