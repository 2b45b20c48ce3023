package dev.driftwatch.metrics;

import dev.driftwatch.discovery.DiscoveryListener;
import dev.driftwatch.discovery.DiscoverySeries;
import dev.driftwatch.discovery.DiscoveryService;
import dev.driftwatch.discovery.SourceStatus;
import dev.driftwatch.probe.Series;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/** The series of the {@code discover:} sources: registered when a source is configured, removed with it. */
@ApplicationScoped
public class DiscoveryMetrics implements DiscoveryListener {
    private final MeterRegistry registry;
    private final DiscoveryService discovery;
    private final Map<String, List<Meter>> sources = new ConcurrentHashMap<>();

    @Inject
    public DiscoveryMetrics(MeterRegistry registry, DiscoveryService discovery) {
        this.registry = registry;
        this.discovery = discovery;
    }

    @Override
    public synchronized void onSources(Set<String> names) {
        sources.keySet().stream().filter(s -> !names.contains(s)).toList()
                .forEach(s -> sources.remove(s).forEach(registry::remove));
        for (String name : names) {
            sources.computeIfAbsent(name, s -> List.of(
                    gauge(DiscoverySeries.UP, s, st -> st.up() ? 1 : 0),
                    gauge(DiscoverySeries.ENVIRONMENTS, s, st -> st.environments().size()),
                    gauge(DiscoverySeries.LAST_SUCCESS, s, st -> st.lastSuccessAt() == null ? 0 : st.lastSuccessAt().toEpochMilli() / 1000.0)));
        }
    }

    private Meter gauge(Series series, String source, ToDoubleFunction<SourceStatus> value) {
        return Gauge.builder(DaemonSeries.meterName(series), discovery,
                        d -> d.status(source).map(value::applyAsDouble).orElse(Double.NaN))
                .description(series.help()).tags("source", source).strongReference(true).register(registry);
    }

    @PreDestroy
    synchronized void removeAll() {
        new ArrayList<>(sources.values()).forEach(meters -> meters.forEach(registry::remove));
        sources.clear();
    }
}
