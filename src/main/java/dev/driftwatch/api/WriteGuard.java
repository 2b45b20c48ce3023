package dev.driftwatch.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Token first, body after: a route that runs before the REST layer reads any request body checks the bearer token of
 * every write endpoint ({@code POST .../releases}, {@code POST .../probe}) and the announced body size. An
 * unauthenticated or oversized request is answered at once and its connection closed, so its body is never read.
 * A body without a length (chunked) from an authenticated caller is read here, up to the limit: one that goes over it
 * is answered 413 in JSON by the failure handler (the REST layer's own limit would answer with an empty body).
 */
@ApplicationScoped
public class WriteGuard {
    /** The largest body a write endpoint accepts: a release marker is well under 1 KB. */
    public static final int MAX_BODY = 16 * 1024;
    private static final Pattern WRITE_PATH = Pattern.compile("/api/v1/environments/[^/]+/(releases|probe)/?");

    private final ApiToken token;

    @Inject
    public WriteGuard(ApiToken token) {
        this.token = token;
    }

    private final BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(MAX_BODY);

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::guard);
    }

    void guard(RoutingContext ctx) {
        if (ctx.request().method() != HttpMethod.POST || !WRITE_PATH.matcher(ctx.normalizedPath()).matches()) {
            ctx.next();
            return;
        }
        try {
            token.verify(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        } catch (ApiException e) {
            refuse(ctx, e.status(), e.getMessage(), e.headers());
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            chunkedBodies.handle(ctx); // calls next() once the whole body is in, or fails the request with 413
            return;
        }
        if (!fits(length)) {
            refuse(ctx, 413, "the body is larger than " + MAX_BODY / 1024 + " KB, the most a write endpoint accepts", Map.of());
            return;
        }
        ctx.next();
    }

    private static boolean fits(String length) {
        try {
            return Long.parseLong(length.strip()) <= MAX_BODY;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void refuse(RoutingContext ctx, int status, String message, Map<String, String> headers) {
        headers.forEach((k, v) -> ctx.response().putHeader(k, v));
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        JsonErrors.send(ctx, status, message);
    }
}
