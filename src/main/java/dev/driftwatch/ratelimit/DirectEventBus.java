package dev.driftwatch.ratelimit;

import io.lettuce.core.event.Event;
import io.lettuce.core.event.EventBus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Lettuce's event bus without its busy wait: {@code DefaultEventBus.publish} spins on {@code tryEmitNext} while
 * another thread emits ({@code FAIL_NON_SERIALIZED}), and every limiter run's fresh connection publishes several
 * events from whichever thread connects; on a loaded machine the spinning threads took more CPU than the runs. Here
 * each subscriber's serialized sink queues concurrent events instead, and they are delivered on the publishing
 * thread (the only subscriber, LettuceTransport's reconnect watch, only wakes checks).
 */
final class DirectEventBus implements EventBus {
    private final List<FluxSink<Event>> sinks = new CopyOnWriteArrayList<>();

    @Override
    public Flux<Event> get() {
        return Flux.create(sink -> {
            sinks.add(sink);
            sink.onDispose(() -> sinks.remove(sink));
        }, FluxSink.OverflowStrategy.DROP);
    }

    @Override
    public void publish(Event event) {
        for (FluxSink<Event> sink : sinks) {
            sink.next(event);
        }
    }
}
