package dev.driftwatch.platform.vercel;

import dev.driftwatch.config.Secret;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest environment variables fetched per Vercel project, shared by the env check and by the checks that take
 * their credentials from Vercel ({@code fromVercel}, {@code keyFromVercel}), so that they test exactly what the
 * deployed app reads at the cost of one API request per project and interval. Only successful answers are kept.
 */
@ApplicationScoped
public class VercelEnvironments {
    private final VercelApi api;
    private final Clock clock;
    private final Map<VercelProject, Fetched> latest = new ConcurrentHashMap<>();
    private final Map<VercelProject, Object> locks = new ConcurrentHashMap<>();

    @Inject
    public VercelEnvironments(VercelApi api) {
        this(api, Clock.systemUTC());
    }

    VercelEnvironments(VercelApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    private record Fetched(Instant at, List<EnvVar> vars) {
    }

    /** Every variable of the project, fetched now unless the latest fetch is younger than {@code maxAge}. */
    public VercelAnswer<List<EnvVar>> variables(VercelProject project, Duration maxAge, Duration timeout) {
        synchronized (locks.computeIfAbsent(project, p -> new Object())) {
            Fetched f = latest.get(project);
            Instant now = clock.instant();
            if (f != null && f.at().plus(maxAge).isAfter(now)) {
                return VercelAnswer.of(f.vars());
            }
            VercelAnswer<List<EnvVar>> answer = api.envVars(project, timeout);
            if (answer.ok()) {
                latest.put(project, new Fetched(clock.instant(), answer.value()));
            }
            return answer;
        }
    }

    /**
     * The values of {@code names} in the connection's target; a name Vercel does not have for that target is absent
     * from the map, one whose value Vercel does not return (sensitive) maps to null.
     */
    public VercelAnswer<Map<String, Secret>> values(VercelConnection connection, List<String> names, Duration maxAge, Duration timeout) {
        VercelAnswer<List<EnvVar>> vars = variables(connection.project(), maxAge, timeout);
        if (!vars.ok()) {
            return vars.mapFailure();
        }
        Map<String, Secret> out = new LinkedHashMap<>();
        for (String name : names) {
            vars.value().stream().filter(v -> v.key().equals(name) && v.targets().contains(connection.vercelEnvironment()))
                    .findFirst().ifPresent(v -> out.put(name, v.value()));
        }
        return VercelAnswer.of(out);
    }
}
