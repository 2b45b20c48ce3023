package dev.driftwatch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON error bodies for what never reaches a resource: an unknown path (404) and a failure of the HTTP layer itself,
 * such as a body over the limit (413). Without these, the HTTP server answers them with an empty or HTML body.
 */
@ApplicationScoped
public class JsonErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UnexpectedErrors unexpected;
    private final ResponseRedactor redactor;

    @Inject
    public JsonErrors(UnexpectedErrors unexpected, ResponseRedactor redactor) {
        this.unexpected = unexpected;
        this.redactor = redactor;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MAX_VALUE - 1).handler(ctx -> send(ctx, 404,
                redactor.scrub("no such path: " + QueryParameters.quoted(ctx.normalizedPath()) + " (see /q/openapi)")));
        router.route().order(-1001).failureHandler(this::failed);
    }

    private void failed(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status >= 500) {
            unexpected.log(ctx.failure(), ctx.normalizedPath());
        }
        if (status == 413) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close"); // the rest of that body is not wanted
        }
        send(ctx, status, StatusMessages.of(status));
    }

    /** Ends the exchange with {@code {"status": ..., "error": ...}}. */
    static void send(RoutingContext ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            text = "{\"status\":" + status + "}";
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(text);
    }
}
