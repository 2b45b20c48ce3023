package dev.driftwatch.testsupport;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: tests wait for behaviour, never sleep for luck. */
public final class Await {
    private Await() {
    }

    public static <T> T until(Duration deadline, Supplier<T> value, java.util.function.Predicate<T> done, String what) {
        long end = System.nanoTime() + deadline.toNanos();
        T last = null;
        while (System.nanoTime() < end) {
            last = value.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
        throw new AssertionError("not within " + deadline.toMillis() + " ms: " + what + "; last value: " + last);
    }
}
