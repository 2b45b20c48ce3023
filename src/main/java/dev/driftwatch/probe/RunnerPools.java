package dev.driftwatch.probe;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** The runner's timer thread (ticks and deadlines, never blocking work) and its probe workers. */
record RunnerPools(ScheduledExecutorService timers, ExecutorService workers) {
}
