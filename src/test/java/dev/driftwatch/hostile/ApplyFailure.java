package dev.driftwatch.hostile;

import dev.driftwatch.config.ConfigListener;
import dev.driftwatch.config.MonitorConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A part of the daemon that cannot apply a config naming the environment {@value #TRIGGER}: told last (the lowest
 * priority), after the runner has already scheduled that config's checks. Inert for every other config.
 */
@ApplicationScoped
@Priority(-1000)
public class ApplyFailure implements ConfigListener {
    static final String TRIGGER = "apply-fails";

    @Override
    public void onConfig(MonitorConfig config) {
        if (config.environments().containsKey(TRIGGER)) {
            throw new IllegalStateException("injected: cannot apply " + TRIGGER);
        }
    }
}
