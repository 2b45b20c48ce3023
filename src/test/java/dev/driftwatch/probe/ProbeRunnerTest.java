package dev.driftwatch.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.config.Secret;
import dev.driftwatch.config.Severity;
import dev.driftwatch.testsupport.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner: schedules, deadlines, isolation between checks, no overlapping runs, exceptions as unknown. */
class ProbeRunnerTest {
    /** Probes by target, so each test says what its checks do. */
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<Observation> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private ProbeRunner runner;
    private ObservationStore store;

    @TempDir
    Path data;

    private final CheckGroup fakeKind = new FakeKind(check -> {
        Probe p = probes.get(check.target());
        AtomicInteger n = calls.computeIfAbsent(check.target(), t -> new AtomicInteger());
        return timeout -> {
            n.incrementAndGet();
            return p.probe(timeout);
        };
    });

    private java.util.concurrent.ScheduledExecutorService scheduler;

    @BeforeEach
    void start() {
        scheduler = DaemonScheduler.create();
        store = new ObservationStore(data, 1000);
        runner = new ProbeRunner(List.of(fakeKind), store, List.of((check, o) -> seen.add(o)), scheduler);
    }

    @AfterEach
    void stop() {
        release.countDown();
        runner.stop();
        scheduler.shutdownNow();
        store.close();
    }

    private static CheckDefinition check(String target, Duration interval, Duration timeout) {
        return new CheckDefinition("env", "fake", target, interval, timeout, Severity.CRITICAL, false, target);
    }

    private void configure(CheckDefinition... checks) {
        runner.onConfig(new MonitorConfig(Map.of("env", new EnvironmentConfig("env", Map.of(), List.of(checks))),
                List.of(new Secret("hunter2-secret"))));
    }

    private List<Observation> of(String target) {
        return seen.stream().filter(o -> o.check().equals("fake/" + target)).toList();
    }

    /** Blocks until released, ignoring interrupts, as a socket read without a timeout would. */
    private Probe hung() {
        return timeout -> {
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // a hung target does not listen to interrupts
                }
            }
            return ProbeResult.ok("finally");
        };
    }

    @Test
    void aHungTargetIsUnknownAtItsDeadlineAndNeverDelaysOtherChecks() {
        probes.put("hung", hung());
        probes.put("fast", timeout -> ProbeResult.ok("fine"));
        configure(check("hung", Duration.ofMillis(200), Duration.ofMillis(300)), check("fast", Duration.ofMillis(100), Duration.ofSeconds(1)));

        Observation timedOut = Await.until(Duration.ofSeconds(5), () -> of("hung"), l -> !l.isEmpty(), "the hung check's first observation").get(0);
        assertThat(timedOut.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(timedOut.reason()).isEqualTo("timed out after 300ms");

        int fastBefore = of("fast").size();
        Await.until(Duration.ofSeconds(5), () -> of("fast").size(), n -> n >= fastBefore + 5, "five more runs of the fast check");
        List<Observation> later = Await.until(Duration.ofSeconds(5), () -> of("hung"), l -> l.size() >= 3, "ticks of the hung check");
        assertThat(later.get(2).reason()).contains("has not returned").contains("target hung");
        assertThat(calls.get("hung").get()).as("no overlapping run on a hung target").isEqualTo(1);
        assertThat(of("fast")).allMatch(o -> o.outcome() == Outcome.OK);
    }

    @Test
    void anExceptionBecomesUnknownWithItsMessageAndSecretsScrubbed() {
        probes.put("broken", timeout -> {
            throw new IllegalStateException("boom while using hunter2-secret");
        });
        configure(check("broken", Duration.ofSeconds(30), Duration.ofSeconds(1)));
        Observation o = Await.until(Duration.ofSeconds(5), () -> of("broken"), l -> !l.isEmpty(), "an observation").get(0);
        assertThat(o.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(o.reason()).isEqualTo("probe failed: IllegalStateException: boom while using " + Secret.fingerprintOf("hunter2-secret"));
        assertThat(o.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void concurrentRequestsToRunNowShareOneRun() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        probes.put("slow", timeout -> {
            entered.countDown();
            go.await();
            return ProbeResult.drift(Severity.WARNING, "slow but sure");
        });
        configure(check("slow", Duration.ofHours(1), Duration.ofSeconds(10)));
        Await.until(Duration.ofSeconds(5), () -> calls.containsKey("slow") && calls.get("slow").get() == 1, b -> b, "the first scheduled run");
        entered.await();
        List<CompletableFuture<Observation>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            runs.addAll(runner.runNow("env", List.of("fake/slow")));
        }
        go.countDown();
        for (CompletableFuture<Observation> r : runs) {
            assertThat(r.get().reason()).isEqualTo("slow but sure");
        }
        assertThat(calls.get("slow").get()).isEqualTo(1);
        assertThat(runs.get(0).get().severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void aReloadRestartsChangedChecksAndForgetsRemovedOnes() {
        probes.put("a", timeout -> ProbeResult.ok("a"));
        probes.put("b", timeout -> ProbeResult.ok("b"));
        configure(check("a", Duration.ofMillis(100), Duration.ofSeconds(1)), check("b", Duration.ofMillis(100), Duration.ofSeconds(1)));
        Await.until(Duration.ofSeconds(5), () -> store.latest("env").keySet(), k -> k.containsAll(Set.of("fake/a", "fake/b")), "both checks observed");
        configure(check("a", Duration.ofMillis(100), Duration.ofSeconds(1)));
        assertThat(store.latest("env")).containsOnlyKeys("fake/a");
        assertThat(runner.definition("env", "fake/b")).isEmpty();
        int b = of("b").size();
        int a = of("a").size();
        Await.until(Duration.ofSeconds(5), () -> of("a").size(), n -> n >= a + 3, "check a keeps running");
        assertThat(of("b").size()).isLessThanOrEqualTo(b + 1);
    }

    @Test
    void onceShutdownBeginsARunIsNotRecorded() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean resourcesStopped = new java.util.concurrent.atomic.AtomicBoolean();
        probes.put("redis", timeout -> {
            if (resourcesStopped.get()) {
                throw new IllegalStateException("cannot be started once stopped");
            }
            return ProbeResult.ok("limits");
        });
        configure(check("redis", Duration.ofHours(1), Duration.ofSeconds(1)));
        assertThat(runner.runNow("env", List.of()).get(0).get().reason()).isEqualTo("limits");
        int recorded = of("redis").size();

        runner.onShutdown(new io.quarkus.runtime.ShutdownEvent());
        resourcesStopped.set(true); // a shared resource stops before the runner: the run fails, and says nothing
        runner.runNow("env", List.of()).get(0).get();
        assertThat(of("redis")).hasSize(recorded);
        assertThat(store.latest("env").get("fake/redis").reason()).isEqualTo("limits");
    }
}
