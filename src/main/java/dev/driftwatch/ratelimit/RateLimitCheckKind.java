package dev.driftwatch.ratelimit;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigNode;
import dev.driftwatch.config.GroupContext;
import dev.driftwatch.config.Secret;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.CheckKind;
import dev.driftwatch.probe.Probe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code ratelimit} group: the app's Redis-backed limiter, over the Redis protocol ({@code redis:}) or Upstash's
 * REST API ({@code upstash:}), checked as {@code ratelimit/redis} or {@code ratelimit/upstash}. A missing, empty,
 * placeholder or malformed URL or token is not a config error: it is the app's fail-open state, reported by the check.
 */
@ApplicationScoped
public class RateLimitCheckKind implements CheckKind {
    static final List<String> DEFAULT_PLACEHOLDERS = List.of("your-redis", "your_redis", "your-upstash", "your-token", "changeme");
    private static final Set<String> KEYS = Set.of("upstash", "redis", "prefix", "algorithm", "limit", "window", "refillRate",
            "timeout", "placeholders", "canaryLimit", "interval", "probeTimeout", "severity");

    @Inject
    RedisResources resources;

    @Override
    public String configKey() {
        return "ratelimit";
    }

    @Override
    public Set<String> kinds() {
        return Set.of("ratelimit");
    }

    @Override
    public List<CheckDefinition> parse(ConfigNode group, GroupContext context) {
        group.allowOnly(KEYS);
        RateLimitSettings.Transport transport;
        Secret url;
        Secret token = new Secret("");
        Path ca = null;
        Optional<ConfigNode> upstash = group.object("upstash", false);
        if (group.has("upstash") == group.has("redis")) {
            group.error(null, "set exactly one of upstash (REST URL and token) or redis (a redis:// or rediss:// URL)");
        }
        if (upstash.isPresent()) {
            ConfigNode u = upstash.get();
            u.allowOnly(Set.of("url", "token"));
            transport = RateLimitSettings.Transport.UPSTASH;
            url = new Secret(u.optString("url").orElse(""));
            token = new Secret(u.optString("token").orElse(""));
        } else {
            transport = RateLimitSettings.Transport.REDIS;
            Optional<ConfigNode> redis = group.isMapping("redis") ? group.object("redis", false) : Optional.empty();
            if (redis.isPresent()) {
                redis.get().allowOnly(Set.of("url", "caCertificate"));
                url = new Secret(redis.get().optString("url").orElse(""));
                ca = redis.get().optString("caCertificate").map(p -> context.baseDir().resolve(p).normalize()).orElse(null);
                if (ca != null && !Files.isReadable(ca)) {
                    redis.get().error("caCertificate", ca + " is not a readable file");
                }
            } else {
                url = new Secret(group.optString("redis").orElse(""));
            }
        }
        String prefix = group.optString("prefix").orElse("@upstash/ratelimit");
        Algorithm algorithm = Algorithm.SLIDING_WINDOW;
        Optional<String> a = group.optString("algorithm");
        if (a.isPresent()) {
            try {
                algorithm = Algorithm.parse(a.get());
            } catch (IllegalArgumentException e) {
                group.error("algorithm", e.getMessage());
            }
        }
        int limit = group.integer("limit", 10, 1, 1_000_000_000);
        Duration window = group.duration("window", Duration.ofSeconds(10));
        int refillRate = group.integer("refillRate", limit, 1, 1_000_000_000);
        Duration limiterTimeout = group.duration("timeout", Duration.ofSeconds(5));
        List<String> placeholders = new ArrayList<>(DEFAULT_PLACEHOLDERS);
        placeholders.addAll(group.stringList("placeholders", List.of()));
        int canaryLimit = group.integer("canaryLimit", 2, 1, 100);
        Duration checkTimeout = group.duration("probeTimeout", max(context.defaultTimeout(), limiterTimeout.plusSeconds(1)));
        RateLimitSettings settings = new RateLimitSettings(transport, url, token, ca, prefix, algorithm, limit, window,
                refillRate, limiterTimeout, List.copyOf(placeholders), canaryLimit);
        boolean override = group.has("severity");
        return List.of(new CheckDefinition(context.environment(), "ratelimit", transport.label(),
                group.duration("interval", context.defaultInterval()), checkTimeout,
                group.severity("severity", Severity.CRITICAL), override, settings));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public Probe newProbe(CheckDefinition check) {
        return newProbe(check, () -> { });
    }

    @Override
    public Probe newProbe(CheckDefinition check, Runnable runNow) {
        return new RateLimitProbe(check.target(), (RateLimitSettings) check.settings(), resources, runNow);
    }
}
