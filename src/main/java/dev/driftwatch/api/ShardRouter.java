package dev.driftwatch.api;

import dev.driftwatch.config.ConfigService;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.config.Shards;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * With {@code driftwatch.shards} above 1, answers every request about an environment another shard probes with a
 * 307 to that shard's address plus the same path and query (307 keeps the method and body of a POST). It runs before
 * everything else, the token check of the write endpoints too: a redirect reads no body and tells nothing the list
 * does not, and the owner checks the token. An environment the file does not have is left to the resources (404).
 */
@ApplicationScoped
public class ShardRouter {
    private static final Pattern ENVIRONMENT_PATH = Pattern.compile("^/(?:api/v1/)?environments/([^/]+)(?:/.*)?$");

    private final ConfigService config;

    @Inject
    public ShardRouter(ConfigService config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        router.route().order(-1100).handler(this::route);
    }

    void route(RoutingContext ctx) {
        Shards shards = config.shards();
        Optional<Integer> owner = shards.sharded() ? ownerElsewhere(shards, ctx.normalizedPath()) : Optional.empty();
        if (owner.isEmpty()) {
            ctx.next();
            return;
        }
        String query = ctx.request().query();
        String location = shards.addressOf(owner.get()).orElseThrow() + ctx.request().path() + (query == null ? "" : "?" + query);
        ctx.response().putHeader(HttpHeaders.LOCATION, location);
        ctx.response().putHeader("X-Driftwatch-Shard", Integer.toString(owner.get()));
        if (ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close"); // its body is for the owner, not read here
        }
        ctx.response().setStatusCode(307).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("status", 307).put("shard", owner.get()).put("location", location).encode());
    }

    /** The shard that owns the environment named in the path, unless it is this one or the file has no such name. */
    private Optional<Integer> ownerElsewhere(Shards shards, String path) {
        Matcher m = ENVIRONMENT_PATH.matcher(path);
        Optional<MonitorConfig> fleet = config.fleet();
        if (!m.matches() || fleet.isEmpty()) {
            return Optional.empty();
        }
        String name;
        try {
            name = URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return Optional.empty(); // the resource answers it as any other bad name
        }
        if (fleet.get().environment(name).isEmpty() || shards.owns(name)) {
            return Optional.empty();
        }
        return Optional.of(shards.owner(name));
    }
}
