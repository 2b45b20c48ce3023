package dev.driftwatch.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Observation;
import dev.driftwatch.probe.ObservationStore;
import dev.driftwatch.probe.Outcome;
import dev.driftwatch.testsupport.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refresh tick: a verdict whose observations are all fresh is kept (re-stamped) until the first of them can go
 * stale, then it turns unknown on its own; a new observation starts the count again.
 */
class VerdictServiceTest {
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    /** Interval 10 s, timeout 2 s: the default max age is 22 s. */
    private static final CheckDefinition CHECK = new CheckDefinition("prod", "schema", "public", Duration.ofSeconds(10),
            Duration.ofSeconds(2), Severity.CRITICAL, false, null);
    private static final MonitorConfig CONFIG = new MonitorConfig(Map.of("prod", new EnvironmentConfig("prod", Map.of(),
            List.of(CHECK))), List.of());

    @TempDir
    Path data;
    private ObservationStore store;
    private final TestClock clock = new TestClock(T0);
    private VerdictService verdicts;

    @BeforeEach
    void start() {
        store = new ObservationStore(data, 1000);
        verdicts = new VerdictService(() -> Optional.of(CONFIG), store, clock);
        verdicts.onConfig(CONFIG);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private void observeOk(Instant at) {
        Observation o = new Observation("prod", CHECK.id(), Outcome.OK, Severity.CRITICAL, "ok", Map.of(), at,
                Duration.ofMillis(5), List.of());
        store.record(o);
        verdicts.onObservation(CHECK, o);
    }

    private VerdictReport tickAt(Instant now) {
        clock.set(now);
        verdicts.refreshAll();
        return verdicts.current("prod").orElseThrow();
    }

    @Test
    void aVerdictGoesUnknownOnItsOwnOnceItsObservationIsOlderThanTheMaxAge() {
        observeOk(T0);
        assertThat(verdicts.current("prod").orElseThrow().verdict()).isEqualTo(VerdictStatus.PASS);

        VerdictReport kept = tickAt(T0.plusSeconds(21));
        assertThat(kept.verdict()).isEqualTo(VerdictStatus.PASS);
        assertThat(kept.evaluatedAt()).as("re-stamped on the tick").isEqualTo(T0.plusSeconds(21));

        assertThat(tickAt(T0.plusSeconds(22)).verdict()).as("exactly the max age is still fresh").isEqualTo(VerdictStatus.PASS);
        VerdictReport stale = tickAt(T0.plusSeconds(22).plusMillis(1000));
        assertThat(stale.verdict()).isEqualTo(VerdictStatus.UNKNOWN);
        assertThat(stale.reasons()).containsExactly("schema/public: latest observation is 23s old (max age 22s)");
    }

    @Test
    void aNewObservationMovesTheMomentTheVerdictCanGoStale() {
        observeOk(T0);
        tickAt(T0.plusSeconds(15));
        observeOk(T0.plusSeconds(15));
        assertThat(tickAt(T0.plusSeconds(30)).verdict()).as("fresh again: 15 s old").isEqualTo(VerdictStatus.PASS);
        assertThat(tickAt(T0.plusSeconds(38)).verdict()).isEqualTo(VerdictStatus.UNKNOWN);
        observeOk(T0.plusSeconds(38));
        assertThat(tickAt(T0.plusSeconds(39)).verdict()).isEqualTo(VerdictStatus.PASS);
    }
}
