package dev.driftwatch.ratelimit;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigNode;
import dev.driftwatch.config.GroupContext;
import dev.driftwatch.config.Secret;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.CheckGroup;
import dev.driftwatch.probe.Probe;
import dev.driftwatch.platform.vercel.VercelConnection;
import dev.driftwatch.platform.vercel.VercelCredentialsProbe;
import dev.driftwatch.platform.vercel.VercelCredentialsProbe.Resolved;
import dev.driftwatch.platform.vercel.VercelEnvironments;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code ratelimit} group: the app's Redis-backed limiter, over the Redis protocol ({@code redis:}) or Upstash's
 * REST API ({@code upstash:}), checked as {@code ratelimit/redis} or {@code ratelimit/upstash}. A missing, empty,
 * placeholder or malformed URL or token is not a config error: it is the app's fail-open state, reported by the check.
 */
@ApplicationScoped
public class RateLimitCheckGroup implements CheckGroup {
    static final List<String> DEFAULT_PLACEHOLDERS = List.of("your-redis", "your_redis", "your-upstash", "your-token", "changeme");
    private static final Set<String> KEYS = Set.of("upstash", "redis", "prefix", "algorithm", "limit", "window", "refillRate",
            "timeout", "placeholders", "canaryLimit", "interval", "probeTimeout", "severity");

    static final String URL_VARIABLE = "UPSTASH_REDIS_REST_URL";
    static final String TOKEN_VARIABLE = "UPSTASH_REDIS_REST_TOKEN";

    private final RedisResources resources;
    private final VercelEnvironments vercel;

    @Inject
    public RateLimitCheckGroup(RedisResources resources, VercelEnvironments vercel) {
        this.resources = resources;
        this.vercel = vercel;
    }

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
        VercelConnection fromVercel = null;
        Optional<ConfigNode> upstash = group.object("upstash", false);
        if (group.has("upstash") == group.has("redis")) {
            group.error(null, "set exactly one of upstash (REST URL and token) or redis (a redis:// or rediss:// URL)");
        }
        if (upstash.isPresent()) {
            ConfigNode u = upstash.get();
            u.allowOnly(Set.of("url", "token", "fromVercel"));
            transport = RateLimitSettings.Transport.UPSTASH;
            url = new Secret(u.optString("url").orElse(""));
            token = new Secret(u.optString("token").orElse(""));
            if (u.bool("fromVercel", false)) {
                fromVercel = vercelConnection(u, context);
            }
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
        RateLimitSettings settings = new RateLimitSettings(transport, url, token, ca, prefix, algorithm, limit, window,
                refillRate, limiterTimeout, List.copyOf(placeholders), canaryLimit, fromVercel);
        // The run must fit every limiter call at the app's own timeout, or a slow but working limiter reads as unknown.
        Duration budget = settings.budget().total().plus(fromVercel == null ? Duration.ZERO : context.defaultTimeout());
        Duration checkTimeout = group.duration("probeTimeout", max(context.defaultTimeout(), budget));
        if (checkTimeout.compareTo(budget) < 0) {
            group.error("probeTimeout", "must be at least " + dev.driftwatch.config.Durations.format(budget) + ": "
                    + (canaryLimit + 1) + " limiter calls of up to " + dev.driftwatch.config.Durations.format(limiterTimeout)
                    + " each, plus housekeeping");
        }
        boolean override = group.has("severity");
        return List.of(new CheckDefinition(context.environment(), "ratelimit", transport.label(),
                group.duration("interval", context.defaultInterval()), checkTimeout,
                group.severity("severity", Severity.CRITICAL), override, settings));
    }

    private static VercelConnection vercelConnection(ConfigNode upstash, GroupContext context) {
        if (upstash.has("url") || upstash.has("token")) {
            upstash.error("fromVercel", "set either url and token or fromVercel: true, not both");
        }
        Optional<ConfigNode> group = context.sibling("vercel");
        if (group.isEmpty()) {
            upstash.error("fromVercel", "needs a vercel: group in environment " + context.environment()
                    + " (token, projectId, target) to read " + URL_VARIABLE + " and " + TOKEN_VARIABLE + " from");
            return null;
        }
        return VercelConnection.read(group.get(), context.environment());
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
        RateLimitSettings settings = check.settings(RateLimitSettings.class);
        if (settings.fromVercel() == null) {
            return new RateLimitProbe(check.target(), settings, resources, runNow);
        }
        // A run that cannot read the variables cannot tell: its measurements are NaN, never the last run's values.
        LimiterReport report = new LimiterReport(check.target(), settings);
        return new VercelCredentialsProbe<>(settings.fromVercel(), (connection, timeout) -> {
            var answer = vercel.values(connection, List.of(URL_VARIABLE, TOKEN_VARIABLE), check.interval(), timeout);
            if (!answer.ok()) {
                return Resolved.report(report.unknown("cannot read " + URL_VARIABLE + " and " + TOKEN_VARIABLE + " from "
                        + connection.describe() + ": " + answer.failure(), null));
            }
            Map<String, Secret> values = answer.value();
            for (String name : List.of(URL_VARIABLE, TOKEN_VARIABLE)) {
                if (values.containsKey(name) && values.get(name) == null) {
                    return Resolved.report(report.unknown(name + " is a sensitive variable in " + connection.describe()
                            + ": Vercel does not return its value, so the limiter cannot be checked with it", null));
                }
            }
            // A variable Vercel lacks is empty here: the probe reports it as the app's fail-open state, as if configured so.
            return Resolved.use(settings.withCredentials(values.getOrDefault(URL_VARIABLE, new Secret("")),
                    values.getOrDefault(TOKEN_VARIABLE, new Secret(""))));
        }, s -> new RateLimitProbe(check.target(), s, resources, runNow));
    }
}
