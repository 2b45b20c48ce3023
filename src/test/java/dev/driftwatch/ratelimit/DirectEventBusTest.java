package dev.driftwatch.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.event.Event;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** Events published from many threads at once all reach a subscriber; a disposed subscriber gets no more. */
class DirectEventBusTest {
    private record Numbered(int n) implements Event {
    }

    @Test
    void concurrentPublishersLoseNothingAndDisposedSubscribersGetNothing() throws Exception {
        DirectEventBus bus = new DirectEventBus();
        List<Event> seen = new CopyOnWriteArrayList<>();
        Disposable subscription = bus.get().subscribe(seen::add);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            int base = t * 1000;
            threads.submit(() -> {
                for (int i = 0; i < 1000; i++) {
                    bus.publish(new Numbered(base + i));
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(8000).doesNotHaveDuplicates();

        subscription.dispose();
        bus.publish(new Numbered(-1));
        assertThat(seen).hasSize(8000);
    }
}
