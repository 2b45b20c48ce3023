package dev.driftwatch.health;

import dev.driftwatch.probe.ProbeRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the scheduler thread ticks; never depends on the health of the monitored targets. */
@Liveness
@ApplicationScoped
public class SchedulerLiveness implements HealthCheck {
    private final ProbeRunner runner;

    @Inject
    public SchedulerLiveness(ProbeRunner runner) {
        this.runner = runner;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("scheduler").status(runner.alive()).build();
    }
}
