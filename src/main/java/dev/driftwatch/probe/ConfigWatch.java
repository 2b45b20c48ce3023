package dev.driftwatch.probe;

import dev.driftwatch.config.ConfigService;
import dev.driftwatch.config.ServerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ScheduledFuture;

/** Polls the environments file on the daemon scheduler every {@code driftwatch.reload-interval}. */
@ApplicationScoped
public class ConfigWatch {
    private final ConfigService config;
    private final ServerConfig server;
    private final DaemonScheduler scheduler;
    private ScheduledFuture<?> watch;

    public ConfigWatch(ConfigService config, ServerConfig server, DaemonScheduler scheduler) {
        this.config = config;
        this.server = server;
        this.scheduler = scheduler;
    }

    void start(@Observes StartupEvent event) {
        watch = scheduler.every(server.reloadInterval(), config::reloadQuietly);
    }

    void stop(@Observes ShutdownEvent event) {
        if (watch != null) {
            watch.cancel(false);
        }
    }
}
