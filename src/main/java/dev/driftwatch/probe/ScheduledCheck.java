package dev.driftwatch.probe;

import dev.driftwatch.config.CheckDefinition;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.driftwatch.config.Durations;
import java.util.function.Consumer;

/**
 * One check on its own schedule: interval with jitter, at most one run at a time, a deadline per run counted from
 * when a worker starts it. A run that outlives its timeout is reported {@code unknown} at the deadline; its late
 * answer is dropped. A run still queued for a worker when the next tick comes is reported {@code unknown} saying so,
 * and queued again.
 */
final class ScheduledCheck {
    private final CheckDefinition definition;
    private final Probe probe;
    private final RunnerPools pools;
    private final Consumer<ProbeOutcome> sink;
    private final String targetKey;
    private CompletableFuture<Observation> running;
    private WorkerPool.Job runningJob;
    private long runningQueuedAt;
    private long runningQueuedNanos;
    private ScheduledFuture<?> nextTick;
    private boolean closed;
    /** True while a worker thread is inside the probe, even past the run's deadline. */
    private final AtomicBoolean inFlight = new AtomicBoolean();

    /**
     * A finished run: what the probe said (or threw), when it started and how long it took. The sink completes
     * {@code completion} once the observation is recorded, so whoever waits on a run sees it in the store.
     */
    record ProbeOutcome(CheckDefinition check, ProbeResult result, long startedAtMillis, long durationNanos,
                        CompletableFuture<Observation> completion) {
    }

    ScheduledCheck(CheckDefinition definition, Probe probe, RunnerPools pools, Consumer<ProbeOutcome> sink) {
        this.definition = definition;
        this.probe = probe;
        this.pools = pools;
        this.sink = sink;
        String destination = null;
        try {
            destination = probe.destination();
        } catch (RuntimeException e) {
            // a probe that cannot name its destination is a target of its own
        }
        this.targetKey = destination != null ? destination : "check " + definition.environment() + "/" + definition.id();
    }

    CheckDefinition definition() {
        return definition;
    }

    /** The key its runs queue under: the probe's destination, or the check itself. */
    String targetKey() {
        return targetKey;
    }

    synchronized void schedule(Duration initialDelay) {
        if (!closed) {
            nextTick = pools.timers().schedule(this::tick, initialDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        synchronized (this) {
            if (closed) {
                return;
            }
            reportQueuedRun();
            if (running == null || running.isDone()) {
                runNow();
            }
            // else: the run in progress is still within its deadline; this tick has nothing to add
        }
        double jitter = 1 + ThreadLocalRandom.current().nextDouble(-0.1, 0.1);
        schedule(Duration.ofMillis((long) (definition.interval().toMillis() * jitter)));
    }

    /** A run that has waited a whole interval without a worker is reported as such, so its age never lies. */
    private void reportQueuedRun() {
        if (running == null || running.isDone() || runningJob == null || !runningJob.queued()) {
            return;
        }
        long waited = System.currentTimeMillis() - runningQueuedAt;
        if (waited < definition.interval().toMillis() * 8 / 10) {
            return; // queued since shortly before this tick (an on-demand run): not a whole interval yet
        }
        WorkerPool.Load load = pools.workers().load(targetKey);
        if (!runningJob.dequeue()) {
            return;
        }
        String reason = "not run: waited " + Durations.format(Duration.ofMillis(waited)) + " for a worker ("
                + (load.running() >= load.perTarget()
                ? load.running() + " slow runs against " + targetKey + " in progress, the most one target may hold"
                : "all " + load.threads() + " workers busy")
                + ", " + Math.max(0, load.queued() - 1) + " more queued for it)";
        finish(ProbeResult.unknown(reason), runningQueuedAt, runningQueuedNanos, running, new AtomicBoolean());
    }

    /** Starts a run now (queued for a worker), or joins the one in progress. */
    synchronized CompletableFuture<Observation> runNow() {
        if (running != null && !running.isDone()) {
            return running;
        }
        CompletableFuture<Observation> completion = new CompletableFuture<>();
        AtomicBoolean finished = new AtomicBoolean();
        long queuedAt = System.currentTimeMillis();
        long queuedNanos = System.nanoTime();
        if (inFlight.get()) {
            // A run that ignored its deadline still holds a worker: do not pile another on the same target.
            finish(ProbeResult.unknown("the previous run has not returned after its "
                    + Durations.format(definition.timeout()) + " timeout; target hung"), queuedAt, queuedNanos, completion, finished);
            return completion;
        }
        running = completion;
        runningJob = null;
        runningQueuedAt = queuedAt;
        runningQueuedNanos = queuedNanos;
        if (closed) {
            completion.cancel(false);
            return completion;
        }
        try {
            runningJob = pools.workers().submit(targetKey, job -> work(job, completion, finished));
        } catch (RejectedExecutionException e) {
            finish(ProbeResult.unknown("no worker free to run the probe"), queuedAt, queuedNanos, completion, finished);
        }
        return completion;
    }

    /** On a worker: the run proper, its deadline counted from now. */
    private void work(WorkerPool.Job job, CompletableFuture<Observation> completion, AtomicBoolean finished) {
        if (completion.isDone()) {
            return; // closed or reported while it waited
        }
        long startedAt = System.currentTimeMillis();
        long start = System.nanoTime();
        inFlight.set(true);
        ScheduledFuture<?> deadline;
        try {
            deadline = pools.timers().schedule(() -> {
                if (!completion.isDone() && finished.compareAndSet(false, true)) {
                    job.cancel(true); // claimed first, so the interrupt cannot reach a worker that is recording its answer
                    deliver(ProbeResult.unknown("timed out after " + Durations.format(definition.timeout())),
                            startedAt, start, completion);
                }
            }, definition.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            inFlight.set(false);
            return;
        }
        ProbeResult result;
        try {
            result = probe.probe(definition.timeout());
            if (result == null) {
                result = ProbeResult.unknown("probe returned no result");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception | LinkageError e) {
            result = ProbeResult.unknown("probe failed: " + describe(e));
        } finally {
            inFlight.set(false);
        }
        deadline.cancel(false);
        finish(result, startedAt, start, completion, finished);
    }

    /** Hands the first answer of a run (the probe's, or the deadline's) to the sink; later ones are dropped. */
    private void finish(ProbeResult result, long startedAt, long start, CompletableFuture<Observation> completion,
                        AtomicBoolean finished) {
        if (!completion.isDone() && finished.compareAndSet(false, true)) {
            deliver(result, startedAt, start, completion);
        }
    }

    private void deliver(ProbeResult result, long startedAt, long start, CompletableFuture<Observation> completion) {
        try {
            sink.accept(new ProbeOutcome(definition, result, startedAt, System.nanoTime() - start, completion));
        } finally {
            // a no-op when the sink completed it; otherwise no waiter is left hanging
            completion.completeExceptionally(new IllegalStateException("the run of " + definition.id() + " was not recorded"));
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message.lines().findFirst().orElse(""));
    }

    synchronized void close() {
        closed = true;
        if (nextTick != null) {
            nextTick.cancel(false);
        }
        if (running != null && !running.isDone()) {
            running.cancel(false);
        }
        try {
            probe.close();
        } catch (RuntimeException e) {
            // closing a probe must never stop a reload
        }
    }
}
