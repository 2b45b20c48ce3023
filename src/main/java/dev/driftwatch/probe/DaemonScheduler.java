package dev.driftwatch.probe;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon's one scheduler for its periodic work: the runner's ticks, deadlines and heartbeat, config polling
 * ({@link ConfigWatch}) and verdict refresh. Tasks on it only trigger or do short work; probes run on the runner's
 * workers. It has two threads so that a reload that closes a replaced check's connections never delays a deadline.
 */
@ApplicationScoped
public class DaemonScheduler {
    static final int THREADS = 2;

    private final ScheduledExecutorService executor = create();

    /** The executor itself, for the runner's ticks and deadlines. */
    public ScheduledExecutorService executor() {
        return executor;
    }

    /** Runs {@code task} every {@code period}, the first time one period from now; a task that throws is run again. */
    public ScheduledFuture<?> every(Duration period, Runnable task) {
        long millis = period.toMillis();
        return executor.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }

    /** A scheduler like the daemon's, for code that runs without the container (tests, benchmarks). */
    public static ScheduledExecutorService create() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(THREADS, threads("driftwatch-scheduler"));
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
