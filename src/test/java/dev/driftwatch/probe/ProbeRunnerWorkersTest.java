package dev.driftwatch.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.config.Severity;
import dev.driftwatch.testsupport.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner on a bounded pool: runs queue for a worker, deadlines count from a run's start, targets share fairly. */
class ProbeRunnerWorkersTest {
    /** What each check's probe does, and the destination it says it connects to. */
    private record Behaviour(String destination, Probe body) {
    }

    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final List<Observation> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<ProbeRunner> runners = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    private ObservationStore store;

    @TempDir
    Path data;

    private final CheckGroup fakeKind = new FakeKind(check -> {
        Behaviour b = behaviours.get(check.target());
        return new Probe() {
            @Override
            public ProbeResult probe(Duration timeout) throws Exception {
                return b.body().probe(timeout);
            }

            @Override
            public String destination() {
                return b.destination();
            }
        };
    });

    @BeforeEach
    void start() {
        scheduler = DaemonScheduler.create();
        store = new ObservationStore(data, 10_000);
    }

    @AfterEach
    void stop() {
        release.countDown();
        runners.forEach(ProbeRunner::stop);
        scheduler.shutdownNow();
        store.close();
    }

    private ProbeRunner runner(int threads, int perTarget) {
        ProbeRunner r = new ProbeRunner(List.of(fakeKind), store, List.of((check, o) -> seen.add(o)), scheduler, threads, perTarget);
        runners.add(r);
        return r;
    }

    private static CheckDefinition check(String target, Duration interval, Duration timeout) {
        return new CheckDefinition("env", "fake", target, interval, timeout, Severity.CRITICAL, false, target);
    }

    private static void configure(ProbeRunner runner, List<CheckDefinition> checks) {
        runner.onConfig(new MonitorConfig(Map.of("env", new EnvironmentConfig("env", Map.of(), checks)), List.of()));
    }

    private List<Observation> of(String target) {
        return seen.stream().filter(o -> o.check().equals("fake/" + target)).toList();
    }

    /** Blocks until the test ends, ignoring interrupts, as a read from a SIGSTOP'd server without a timeout would. */
    private Probe hung(AtomicInteger entered) {
        return timeout -> {
            entered.incrementAndGet();
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
    void theDefaultPoolScalesWithCoresAndGivesOneTargetAQuarter() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(ProbeRunner.workers(OptionalInt.empty())).isEqualTo(32 * cores);
        assertThat(ProbeRunner.perTarget(OptionalInt.of(32), OptionalInt.empty())).isEqualTo(8);
        assertThat(ProbeRunner.perTarget(OptionalInt.of(4), OptionalInt.empty())).isEqualTo(2);
        assertThat(ProbeRunner.perTarget(OptionalInt.of(32), OptionalInt.of(3))).isEqualTo(3);
    }

    @Test
    void noMoreRunsProceedAtOnceThanThereAreWorkers() throws Exception {
        ProbeRunner runner = runner(2, 2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<CheckDefinition> checks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            behaviours.put("c" + i, new Behaviour("host" + i + ":5432", timeout -> {
                most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                try {
                    go.await();
                } finally {
                    inside.decrementAndGet();
                }
                return ProbeResult.ok("done");
            }));
            checks.add(check("c" + i, Duration.ofHours(1), Duration.ofSeconds(30)));
        }
        configure(runner, checks);
        List<CompletableFuture<Observation>> runs = runner.runNow("env", List.of());
        Await.until(Duration.ofSeconds(5), inside::get, n -> n == 2, "both workers busy");
        go.countDown();
        for (CompletableFuture<Observation> run : runs) {
            assertThat(run.get().outcome()).isEqualTo(Outcome.OK);
        }
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void aRunsDeadlineCountsFromItsStartNotFromWhenItWasQueued() throws Exception {
        ProbeRunner runner = runner(1, 1);
        Duration shortTimeout = Duration.ofMillis(200);
        CountDownLatch slowEntered = new CountDownLatch(1);
        behaviours.put("slow", new Behaviour("a:1", timeout -> {
            slowEntered.countDown();
            Thread.sleep(shortTimeout.toMillis() * 3); // the slow target's own answer time, longer than the next check's timeout
            return ProbeResult.ok("slow");
        }));
        behaviours.put("quick", new Behaviour("b:1", timeout -> ProbeResult.ok("quick")));
        configure(runner, List.of(check("slow", Duration.ofHours(1), Duration.ofSeconds(30)),
                check("quick", Duration.ofHours(1), shortTimeout)));
        CompletableFuture<Observation> slow = runner.runNow("env", List.of("fake/slow")).get(0);
        slowEntered.await();
        CompletableFuture<Observation> quick = runner.runNow("env", List.of("fake/quick")).get(0);
        assertThat(quick.get().reason()).as("queued longer than its timeout, yet answered").isEqualTo("quick");
        assertThat(quick.get().outcome()).isEqualTo(Outcome.OK);
        assertThat(slow.get().reason()).isEqualTo("slow");
        assertThat(quick.get().observedAt()).isAfterOrEqualTo(slow.get().observedAt().plus(slow.get().duration()));
    }

    @Test
    void aRunThatWaitsAWholeIntervalForAWorkerIsReportedUnknownSayingSo() {
        ProbeRunner runner = runner(1, 1);
        AtomicInteger entered = new AtomicInteger();
        behaviours.put("hung", new Behaviour("db:5432", hung(entered)));
        behaviours.put("waiting", new Behaviour("other:5432", timeout -> ProbeResult.ok("never")));
        configure(runner, List.of(check("hung", Duration.ofHours(1), Duration.ofMillis(200))));
        Await.until(Duration.ofSeconds(5), entered::get, n -> n == 1, "the hung run holds the only worker");
        configure(runner, List.of(check("hung", Duration.ofHours(1), Duration.ofMillis(200)),
                check("waiting", Duration.ofMillis(200), Duration.ofSeconds(1))));
        Observation o = Await.until(Duration.ofSeconds(10), () -> of("waiting"), l -> !l.isEmpty(), "the waiting check's report").get(0);
        assertThat(o.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(o.reason()).startsWith("not run: waited ").contains("for a worker (all 1 workers busy");
    }

    @Test
    void aHungTargetHoldsItsShareOfWorkersAndTheRestOfTheFleetKeepsItsSweep() {
        ProbeRunner runner = runner(4, 2);
        AtomicInteger hungEntered = new AtomicInteger();
        List<CheckDefinition> checks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            behaviours.put("hung" + i, new Behaviour("stopped-db:5432", hung(hungEntered)));
            checks.add(check("hung" + i, Duration.ofMillis(200), Duration.ofMillis(200)));
        }
        for (int i = 0; i < 3; i++) {
            behaviours.put("fast" + i, new Behaviour("healthy-db:5432", timeout -> ProbeResult.ok("fine")));
            checks.add(check("fast" + i, Duration.ofMillis(100), Duration.ofSeconds(1)));
        }
        configure(runner, checks);
        for (int i = 0; i < 3; i++) {
            String target = "fast" + i;
            Await.until(Duration.ofSeconds(20), () -> of(target).size(), n -> n >= 8, "eight runs of " + target);
        }
        assertThat(hungEntered.get()).as("the hung target holds two workers, never more").isEqualTo(2);
        for (int i = 0; i < 3; i++) {
            assertThat(of("fast" + i)).allMatch(o -> o.outcome() == Outcome.OK);
        }
        List<Observation> hung = seen.stream().filter(o -> o.check().startsWith("fake/hung")).toList();
        assertThat(hung).isNotEmpty().allMatch(o -> o.outcome() == Outcome.UNKNOWN);
        assertThat(hung).anyMatch(o -> o.reason().contains("2 slow runs against stopped-db:5432 in progress"));
    }
}
