package dev.driftwatch.probe;

import java.util.concurrent.ScheduledExecutorService;

/** The daemon scheduler the runner ticks and keeps deadlines on (never blocking work there), and its probe workers. */
record RunnerPools(ScheduledExecutorService timers, WorkerPool workers) {
}
