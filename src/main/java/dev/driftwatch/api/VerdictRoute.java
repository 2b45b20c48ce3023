package dev.driftwatch.api;

import dev.driftwatch.config.ConfigService;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.verdict.VerdictOptions;
import dev.driftwatch.verdict.VerdictReport;
import dev.driftwatch.verdict.VerdictService;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * {@code GET .../verdict} without parameters, the request gates and probes repeat most, answered on the event loop
 * before the REST layer: evaluated fresh like any verdict request, with the body of {@link VerdictBodies}. Anything
 * else (a parameter, an unknown environment, no config yet, an escaped name, an Accept to negotiate) goes on to
 * {@link EnvironmentsResource#verdict}, which answers the same request the same way. Ordered after
 * {@link ShardRouter}, so another shard's environment is still redirected.
 */
@ApplicationScoped
public class VerdictRoute {
    static final String PATH = "/api/v1/environments/:env/verdict";
    /** What the REST layer sends for the resource's {@code @Produces(APPLICATION_JSON)}. */
    static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("application/json;charset=UTF-8");

    private final ConfigService config;
    private final VerdictService verdicts;
    private final VerdictBodies bodies;

    @Inject
    public VerdictRoute(ConfigService config, VerdictService verdicts, VerdictBodies bodies) {
        this.config = config;
        this.verdicts = verdicts;
        this.bodies = bodies;
    }

    void install(@Observes Router router) {
        router.get(PATH).order(-900).handler(this::serve);
    }

    void serve(RoutingContext ctx) {
        EnvironmentConfig env = plainRequest(ctx) ? environment(ctx.pathParam("env")) : null;
        if (env == null) {
            ctx.next();
            return;
        }
        VerdictReport report = verdicts.evaluate(env, VerdictOptions.DEFAULT);
        ctx.response().setStatusCode(VerdictResponses.healthy(report, false) ? 200 : 503)
                .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
                .end(bodies.of(report));
    }

    private static boolean plainRequest(RoutingContext ctx) {
        return ctx.request().query() == null && ctx.request().path().indexOf('%') < 0
                && acceptsJson(ctx.request().getHeader(HttpHeaders.ACCEPT));
    }

    /** A plain Accept that takes JSON; anything finer (a q-value, only text/html) is negotiated by the REST layer. */
    static boolean acceptsJson(String accept) {
        if (accept == null) {
            return true;
        }
        if (accept.indexOf(';') >= 0) {
            return false;
        }
        for (String type : accept.split(",")) {
            String t = type.strip();
            if (t.equals("*/*") || t.equals("application/*") || t.equals("application/json")) {
                return true;
            }
        }
        return false;
    }

    private EnvironmentConfig environment(String name) {
        MonitorConfig current = config.current().orElse(null);
        return current == null || name == null ? null : current.environment(name).orElse(null);
    }
}
