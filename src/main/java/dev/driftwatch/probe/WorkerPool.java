package dev.driftwatch.probe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The probe workers: a fixed number of threads shared by every check, with runs queued per target (the host a run
 * connects to) and the targets served in turn. One target holds at most {@code perTarget} workers with <em>slow</em>
 * runs (in flight for {@code slowAfter} or longer), so a hung database behind a hundred checks delays those checks,
 * while every other target still finds a free worker; a healthy shared target (one provider API behind thousands of
 * keys, answering in milliseconds) is never held back by the cap, only by its turn.
 */
final class WorkerPool {
    private final int threads;
    private final int perTarget;
    private final long slowAfterNanos;
    private final ThreadPoolExecutor executor;
    private final Map<String, Target> targets = new HashMap<>();
    /** Targets with a queued run and room for one more in flight, in the order they are served. */
    private final ArrayDeque<Target> ready = new ArrayDeque<>();
    private int busy;
    private boolean shutdown;

    /**
     * What a target has in flight and queued, for the reason of a run that waited too long.
     *
     * @param running the target's slow runs, those counted against {@code perTarget}
     */
    record Load(int threads, int perTarget, int busy, int running, int queued) {
    }

    private final class Target {
        final String key;
        final ArrayDeque<Job> queue = new ArrayDeque<>();
        final java.util.Set<Job> inFlight = new java.util.LinkedHashSet<>();
        boolean inReady;

        Target(String key) {
            this.key = key;
        }

        int slow() {
            long now = System.nanoTime();
            int n = 0;
            for (Job j : inFlight) {
                if (now - j.startedNanos >= slowAfterNanos) {
                    n++;
                }
            }
            return n;
        }

        boolean full() {
            return inFlight.size() >= perTarget && slow() >= perTarget;
        }
    }

    private enum State { QUEUED, RUNNING, DONE, CANCELLED }

    /** One run handed to the pool: queued until a worker takes it, then running until its task returns. */
    final class Job {
        private final Target target;
        private final Consumer<Job> task;
        private State state = State.QUEUED;
        private Thread thread;
        private long startedNanos;

        private Job(Target target, Consumer<Job> task) {
            this.target = target;
            this.task = task;
        }

        /**
         * Takes a queued job out of its queue, or interrupts the worker running it when {@code interrupt}; false when
         * it had already ended or been cancelled. A worker is never interrupted once it has left this job.
         */
        boolean cancel(boolean interrupt) {
            synchronized (WorkerPool.this) {
                if (state == State.QUEUED) {
                    state = State.CANCELLED;
                    target.queue.remove(this);
                    forgetIfIdle(target);
                    return true;
                }
                if (state == State.RUNNING) {
                    if (thread == null) {
                        state = State.CANCELLED; // handed to a worker that has not begun it: it never will
                    } else if (interrupt) {
                        thread.interrupt();
                    }
                    return true;
                }
                return false;
            }
        }

        /** Takes the job out of its queue if no worker has begun it yet; false once one has. */
        boolean dequeue() {
            synchronized (WorkerPool.this) {
                if (state == State.QUEUED || state == State.RUNNING && thread == null) {
                    return cancel(false);
                }
                return false;
            }
        }

        /** True until a worker has taken the job. */
        boolean queued() {
            synchronized (WorkerPool.this) {
                return state == State.QUEUED;
            }
        }
    }

    /** A pool whose cap counts every run in flight, however short (as if every target were slow). */
    WorkerPool(int threads, int perTarget) {
        this(threads, perTarget, java.time.Duration.ZERO);
    }

    WorkerPool(int threads, int perTarget, java.time.Duration slowAfter) {
        if (threads < 1 || perTarget < 1) {
            throw new IllegalArgumentException("workers and workers per target must be at least 1");
        }
        this.threads = threads;
        this.perTarget = Math.min(perTarget, threads);
        this.slowAfterNanos = slowAfter.toNanos();
        executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                DaemonScheduler.threads("driftwatch-probe"));
        executor.allowCoreThreadTimeOut(true); // a small fleet keeps few threads
    }

    int threads() {
        return threads;
    }

    int perTarget() {
        return perTarget;
    }

    /** Queues {@code task} behind the target's earlier runs; it runs on a worker and receives its own job. */
    synchronized Job submit(String targetKey, Consumer<Job> task) {
        if (shutdown) {
            throw new RejectedExecutionException("the probe workers are stopped");
        }
        Target target = targets.computeIfAbsent(targetKey, Target::new);
        Job job = new Job(target, task);
        target.queue.add(job);
        markReady(target);
        dispatch();
        return job;
    }

    /** Runs {@code task} on a worker under its own target key (housekeeping, such as a history write). */
    void execute(String targetKey, Runnable task) {
        submit(targetKey, job -> task.run());
    }

    synchronized Load load(String targetKey) {
        Target t = targets.get(targetKey);
        return new Load(threads, perTarget, busy, t == null ? 0 : t.slow(), t == null ? 0 : t.queue.size());
    }

    boolean isShutdown() {
        return executor.isShutdown();
    }

    /** Drops every queued run and interrupts the running ones. */
    void shutdownNow() {
        List<Job> dropped = new ArrayList<>();
        synchronized (this) {
            shutdown = true;
            for (Target t : targets.values()) {
                dropped.addAll(t.queue);
                t.queue.clear();
            }
            ready.clear();
            dropped.forEach(j -> j.state = State.CANCELLED);
        }
        executor.shutdownNow();
    }

    /**
     * Puts a target with queued runs in line unless its slow runs fill its share. A target left out is put back when
     * one of its runs ends: runs only become slow while in flight, so the cap can only loosen at an end.
     */
    private void markReady(Target t) {
        if (!t.inReady && !t.queue.isEmpty() && !t.full()) {
            t.inReady = true;
            ready.add(t);
        }
    }

    private void dispatch() {
        while (busy < threads && !ready.isEmpty()) {
            Target t = ready.poll();
            t.inReady = false;
            if (t.full()) {
                continue; // its runs turned slow while it waited in line; an end puts it back
            }
            Job job = t.queue.poll();
            if (job == null) {
                continue;
            }
            job.startedNanos = System.nanoTime();
            t.inFlight.add(job);
            busy++;
            job.state = State.RUNNING;
            markReady(t); // back of the line: the next target is served before this one's next run
            try {
                executor.execute(() -> run(job));
            } catch (RejectedExecutionException stopped) {
                job.state = State.CANCELLED;
                t.inFlight.remove(job);
                busy--;
                return;
            }
        }
    }

    private void run(Job job) {
        boolean begin;
        synchronized (this) {
            begin = job.state == State.RUNNING;
            job.thread = begin ? Thread.currentThread() : null;
        }
        try {
            if (begin) {
                job.task.accept(job);
            }
        } finally {
            synchronized (this) {
                job.thread = null;
                job.state = State.DONE;
                Thread.interrupted(); // an interrupt meant for this job must not reach the next one
                job.target.inFlight.remove(job);
                busy--;
                markReady(job.target);
                forgetIfIdle(job.target);
                if (!shutdown) {
                    dispatch();
                }
            }
        }
    }

    private void forgetIfIdle(Target t) {
        if (t.inFlight.isEmpty() && t.queue.isEmpty()) {
            targets.remove(t.key, t);
        }
    }
}
