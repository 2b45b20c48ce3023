package dev.driftwatch.status;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The status page: {@code /} (every environment × its checks, worst first) and {@code /environments/{env}}. Read-only
 * and public like the API's read endpoints. {@code partial=1} answers only the page's content, which the page's
 * script swaps in every refresh. Each answer says how long it took to build and render in {@code Server-Timing}.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class StatusResource {
    private final Clock clock = Clock.systemUTC();

    private final StatusBoard board;
    private final EnvironmentPages pages;
    @Location("status/index.html")
    Template index;
    @Location("status/grid.html")
    Template grid;
    @Location("status/environment.html")
    Template environment;
    @Location("status/environment-body.html")
    Template environmentBody;
    @Location("status/error.html")
    Template error;
    private final StatusSettings settings;
    /** Error messages may quote what the caller sent: scrubbed of the running config's secrets, as the API's are. */
    private final dev.driftwatch.api.ResponseRedactor redactor;

    @Inject
    public StatusResource(StatusBoard board, EnvironmentPages pages, StatusSettings settings, dev.driftwatch.api.ResponseRedactor redactor) {
        this.board = board;
        this.pages = pages;
        this.settings = settings;
        this.redactor = redactor;
    }

    @GET
    @Operation(summary = "Status page: every environment's checks, worst first (HTML)")
    public Response grid(@QueryParam("q") String q, @QueryParam("state") String state, @QueryParam("partial") String partial) {
        return render(() -> {
            Grid g = board.grid(Filter.of(q, state), clock.instant(), refreshSeconds());
            return (partial(partial) ? grid : index).data("grid", g).render();
        });
    }

    @GET
    @Path("environments/{env}")
    @Operation(summary = "Status page of one environment: checks, details, runbooks, transitions, the gate's answer (HTML)")
    public Response environment(@PathParam("env") String name, @QueryParam("partial") String partial, @Context UriInfo uri) {
        return render(() -> {
            EnvironmentView view = pages.view(name, baseUrl(uri), clock.instant(), refreshSeconds());
            return (partial(partial) ? environmentBody : environment).data("env", view).render();
        });
    }

    private Response render(Supplier<String> page) {
        long start = System.nanoTime();
        String html;
        int status = 200;
        try {
            html = page.get();
        } catch (StatusException e) {
            status = e.status();
            html = error.data("status", status).data("message", redactor.scrub(e.getMessage())).render();
        }
        double ms = (System.nanoTime() - start) / 1e6;
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html)
                .header("Server-Timing", String.format(java.util.Locale.ROOT, "render;dur=%.1f", ms))
                .header("Cache-Control", "no-store").build();
    }

    private static boolean partial(String value) {
        return "1".equals(value) || "true".equals(value);
    }

    private int refreshSeconds() {
        return (int) Math.max(1, settings.refresh().toSeconds());
    }

    private String baseUrl(UriInfo uri) {
        String base = settings.publicUrl().filter(u -> !u.isBlank()).orElse(uri.getBaseUri().toString());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
