package dev.driftwatch.metrics;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigListener;
import dev.driftwatch.config.ConfigService;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.probe.Observation;
import dev.driftwatch.probe.ObservationListener;
import dev.driftwatch.probe.ObservationStore;
import dev.driftwatch.verdict.VerdictReport;
import dev.driftwatch.verdict.VerdictService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The only code that touches the MeterRegistry: turns observations, verdicts and config status into series. The
 * daemon's own are Micrometer meters; every check's and environment's are written at each scrape by {@link FleetSeries}.
 */
@io.quarkus.runtime.Startup
@ApplicationScoped
public class DriftMetrics implements ObservationListener, ConfigListener {
    private final PrometheusMeterRegistry registry;
    private final ConfigService config;
    private final ObservationStore store;
    private final String version;
    private final FleetSeries fleet;
    private final List<Meter> daemon = new ArrayList<>();

    /**
     * The series go straight to the Prometheus registry that {@code /q/metrics} scrapes, not through the composite
     * registry Quarkus injects as {@code MeterRegistry}, which keeps a second meter beside each real one.
     */
    @Inject
    public DriftMetrics(PrometheusMeterRegistry registry, VerdictService verdicts, ConfigService config, ObservationStore store,
                        @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.registry = registry;
        this.config = config;
        this.store = store;
        this.version = version;
        this.fleet = new FleetSeries(env -> verdicts == null ? java.util.Optional.empty()
                : verdicts.current(env).map(VerdictReport::verdict));
    }

    @PostConstruct
    void init() {
        registry.getPrometheusRegistry().register(fleet);
        daemon.add(Gauge.builder(DaemonSeries.meterName(DaemonSeries.BUILD_INFO), () -> 1).description(DaemonSeries.BUILD_INFO.help())
                .tags("version", version).strongReference(true).register(registry));
        daemon.add(Gauge.builder(DaemonSeries.meterName(DaemonSeries.CONFIG_RELOAD_SUCCESS), config,
                        c -> c.status() != null && c.status().lastReloadSuccess() ? 1 : 0)
                .description(DaemonSeries.CONFIG_RELOAD_SUCCESS.help()).register(registry));
        daemon.add(Gauge.builder(DaemonSeries.meterName(DaemonSeries.CONFIG_RELOAD_SUCCESS_TIME), config,
                        c -> c.status() == null || c.status().lastSuccessAt() == null ? 0 : c.status().lastSuccessAt().toEpochMilli() / 1000.0)
                .description(DaemonSeries.CONFIG_RELOAD_SUCCESS_TIME.help()).register(registry));
        daemon.add(FunctionCounter.builder(DaemonSeries.meterName(DaemonSeries.HISTORY_MALFORMED_LINES), store,
                        ObservationStore::historyMalformedLines)
                .description(DaemonSeries.HISTORY_MALFORMED_LINES.help()).register(registry));
        daemon.add(FunctionCounter.builder(DaemonSeries.meterName(DaemonSeries.HISTORY_WRITE_ERRORS), store,
                        ObservationStore::historyWriteErrors)
                .description(DaemonSeries.HISTORY_WRITE_ERRORS.help()).register(registry));
    }

    /** The registry can outlive this bean (several applications in one JVM, as in tests): leave nothing behind. */
    @jakarta.annotation.PreDestroy
    void removeAll() {
        daemon.forEach(registry::remove);
        registry.getPrometheusRegistry().unregister(fleet);
        fleet.clear();
    }

    @Override
    public void onObservation(CheckDefinition check, Observation o) {
        fleet.observed(check, o);
    }

    @Override
    public void onCheckRemoved(CheckDefinition check) {
        fleet.removed(check);
    }

    @Override
    public void onConfig(MonitorConfig config) {
        fleet.environments(config.environments().keySet());
    }
}
