package dev.driftwatch.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftwatch.testsupport.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe workers: a fixed number of threads, runs queued per target, targets served in turn. */
class WorkerPoolTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private WorkerPool pool;

    @AfterEach
    void stop() {
        release.countDown();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private void await() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void targetsAreServedInTurnSoABusyTargetDoesNotGoFirstTwice() {
        pool = new WorkerPool(1, 1);
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch first = new CountDownLatch(1);
        pool.execute("x", () -> {
            order.add("x1");
            first.countDown();
            await();
        });
        Await.until(Duration.ofSeconds(5), first::getCount, n -> n == 0, "the first run on the only worker");
        pool.execute("x", () -> order.add("x2"));
        pool.execute("x", () -> order.add("x3"));
        pool.execute("y", () -> order.add("y1"));
        assertThat(pool.load("x")).isEqualTo(new WorkerPool.Load(1, 1, 1, 1, 2));
        release.countDown();
        Await.until(Duration.ofSeconds(5), order::size, n -> n == 4, "every run");
        assertThat(order).as("y waited less, yet x queued first: x had its turn").containsExactly("x1", "y1", "x2", "x3");
    }

    @Test
    void oneTargetNeverHoldsMoreThanItsShareWhileOthersStillRun() {
        pool = new WorkerPool(4, 2);
        AtomicInteger hungEntered = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            pool.execute("hung:5432", () -> {
                hungEntered.incrementAndGet();
                await();
            });
        }
        AtomicInteger others = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            pool.execute("ok:" + (i % 3), others::incrementAndGet);
        }
        Await.until(Duration.ofSeconds(5), others::get, n -> n == 20, "every run of the other targets");
        assertThat(hungEntered.get()).as("the hung target holds its share, no more").isEqualTo(2);
        assertThat(pool.load("hung:5432").queued()).isEqualTo(8);
        release.countDown();
        Await.until(Duration.ofSeconds(5), hungEntered::get, n -> n == 10, "the hung target's runs once it answers");
    }

    @Test
    void theCapCountsOnlySlowRunsSoAFastSharedTargetUsesEveryWorker() {
        pool = new WorkerPool(4, 1, Duration.ofMinutes(10));
        AtomicInteger entered = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            pool.execute("api.openai.com:443", () -> {
                entered.incrementAndGet();
                await();
            });
        }
        Await.until(Duration.ofSeconds(5), entered::get, n -> n == 4,
                "four runs of one target in flight at once: none has been slow yet, so its cap of 1 does not apply");
        assertThat(pool.load("api.openai.com:443").running()).as("slow runs").isZero();
    }

    @Test
    void runsThatTurnSlowFillTheCapAndAnEndMakesRoom() {
        pool = new WorkerPool(4, 2, Duration.ofMillis(200));
        AtomicInteger entered = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            pool.execute("hung:5432", () -> {
                entered.incrementAndGet();
                await();
            });
        }
        Await.until(Duration.ofSeconds(5), entered::get, n -> n == 3, "three runs started before any was slow");
        Await.until(Duration.ofSeconds(5), () -> pool.load("hung:5432").running(), n -> n == 3, "all three turned slow");
        pool.execute("hung:5432", entered::incrementAndGet);
        AtomicInteger other = new AtomicInteger();
        pool.execute("ok:1", other::incrementAndGet);
        Await.until(Duration.ofSeconds(5), other::get, n -> n == 1, "another target still finds the free worker");
        assertThat(entered.get()).as("the hung target's fourth run waits: its slow runs fill its share").isEqualTo(3);
        assertThat(pool.load("hung:5432").queued()).isEqualTo(1);
        release.countDown();
        Await.until(Duration.ofSeconds(5), entered::get, n -> n == 4, "an end made room for the queued run");
    }

    @Test
    void aQueuedJobTakenOutNeverRunsAndARunningOneIsInterrupted() {
        pool = new WorkerPool(1, 1);
        AtomicInteger interrupted = new AtomicInteger();
        CountDownLatch entered = new CountDownLatch(1);
        WorkerPool.Job running = pool.submit("a", job -> {
            entered.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
            }
        });
        AtomicInteger ran = new AtomicInteger();
        WorkerPool.Job queued = pool.submit("b", job -> ran.incrementAndGet());
        Await.until(Duration.ofSeconds(5), entered::getCount, n -> n == 0, "the first job on the only worker");
        assertThat(queued.queued()).isTrue();
        assertThat(queued.dequeue()).isTrue();
        assertThat(running.dequeue()).as("a running job is not dequeued").isFalse();
        assertThat(running.cancel(true)).isTrue();
        Await.until(Duration.ofSeconds(5), interrupted::get, n -> n == 1, "the interrupt");
        pool.execute("c", ran::incrementAndGet);
        Await.until(Duration.ofSeconds(5), ran::get, n -> n == 1, "the next job");
        assertThat(queued.queued()).isFalse();
        assertThat(pool.load("b").queued()).isZero();
    }

    @Test
    void aStoppedPoolRefusesWork() {
        pool = new WorkerPool(1, 1);
        pool.shutdownNow();
        assertThatThrownBy(() -> pool.execute("a", () -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> new WorkerPool(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
