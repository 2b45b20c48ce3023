package dev.driftwatch.api;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.Durations;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.probe.Observation;
import dev.driftwatch.probe.ObservationStore;
import dev.driftwatch.probe.Transition;
import dev.driftwatch.verdict.VerdictOptions;
import dev.driftwatch.verdict.VerdictReport;
import dev.driftwatch.verdict.VerdictService;
import dev.driftwatch.verdict.VerdictStatus;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Environments, their verdicts, their checks' latest observations and their history. */
@Path("/api/v1/environments")
@Produces(MediaType.APPLICATION_JSON)
public class EnvironmentsResource {
    private final Environments environments;
    private final VerdictService verdicts;
    private final ObservationStore store;
    private final VerdictWaiters waiters;

    @Inject
    public EnvironmentsResource(Environments environments, VerdictService verdicts, ObservationStore store, VerdictWaiters waiters) {
        this.environments = environments;
        this.verdicts = verdicts;
        this.store = store;
        this.waiters = waiters;
    }

    /** The longest long poll: CI gates loop for longer waits, and proxies tend to cut idle requests after minutes. */
    static final Duration MAX_WAIT = Duration.ofMinutes(5);

    /** One line of the environment list; {@code discoveredBy} names the {@code discover:} source, null for the file's. */
    public record EnvironmentSummary(String name, Map<String, String> labels, String discoveredBy, VerdictStatus verdict,
                                     Instant evaluatedAt, List<String> reasons, int checks) {
    }

    /** A check with its schedule and latest observation. */
    public record CheckView(String id, String kind, String target, String interval, String timeout, String severity,
                            Observation observation) {
    }

    public record EnvironmentDetail(String name, Map<String, String> labels, String discoveredBy, VerdictReport verdict,
                                    List<CheckView> checks) {
    }

    public record History(String environment, List<Transition> transitions) {
    }

    @GET
    @Operation(summary = "Every environment with its verdict")
    public Map<String, List<EnvironmentSummary>> list() {
        List<EnvironmentSummary> out = environments.config().environments().values().stream().map(env -> {
            VerdictReport v = verdicts.current(env.name()).orElseThrow();
            return new EnvironmentSummary(env.name(), env.labels(), env.discoveredBy(), v.verdict(), v.evaluatedAt(), v.reasons(), env.checks().size());
        }).toList();
        return Map.of("environments", out);
    }

    @GET
    @Path("/{env}")
    @Operation(summary = "An environment's verdict and every check's latest observation")
    public EnvironmentDetail detail(@PathParam("env") String name) {
        EnvironmentConfig env = environments.get(name);
        Map<String, Observation> latest = store.latest(name);
        List<CheckView> checks = env.checks().stream().map(c -> view(c, latest.get(c.id()))).toList();
        return new EnvironmentDetail(env.name(), env.labels(), env.discoveredBy(), verdicts.current(name).orElseThrow(), checks);
    }

    private static CheckView view(CheckDefinition c, Observation o) {
        return new CheckView(c.id(), c.kind(), c.target(), Durations.format(c.interval()), Durations.format(c.timeout()),
                c.severity().label(), o);
    }

    @GET
    @Path("/{env}/verdict")
    @Operation(summary = "Release gate: 200 for pass (and warn unless strict), 503 otherwise; the body carries the reasons")
    public CompletionStage<Response> verdict(@PathParam("env") String name,
                            @Parameter(description = "Observations older than this count as missing, e.g. 90s (default: twice each check's interval plus its timeout)")
                            @QueryParam("maxAge") String maxAge,
                            @Parameter(description = "Comma-separated check ids or kinds that count (default: all)")
                            @QueryParam("checks") String checks,
                            @Parameter(description = "true: warn answers 503 too") @QueryParam("strict") String strict,
                            @Parameter(description = "RFC 3339 time: only observations made after it count") @QueryParam("since") String since,
                            @Parameter(description = "Long poll, at most 5m: answer as soon as every counted check has an observation satisfying since and maxAge, or when the wait ends")
                            @QueryParam("wait") String wait,
                            @Parameter(description = "'verdict' (default): 200 or 503 by verdict; '200': always 200, the verdict only in the body (Argo Rollouts' web provider)")
                            @QueryParam("status") String status,
                            @Context RoutingContext http) {
        EnvironmentConfig env = environments.get(name);
        VerdictOptions options = new VerdictOptions(QueryParameters.duration("maxAge", maxAge),
                QueryParameters.checks("checks", checks, env), QueryParameters.instant("since", since));
        boolean strictly = QueryParameters.bool("strict", strict);
        Duration waitFor = QueryParameters.waitAtMost("wait", wait, MAX_WAIT);
        boolean always200 = QueryParameters.always200("status", status);
        VerdictWaiters.Client client = new VerdictWaiters.Client(http.request().remoteAddress() == null ? "?"
                : http.request().remoteAddress().hostAddress(), () -> http.response().closed());
        return waiters.await(env, options, waitFor, client).thenApply(report -> VerdictResponses.of(report, strictly, always200));
    }

    @GET
    @Path("/{env}/history")
    @Operation(summary = "Transitions of checks and verdicts, newest first")
    public History history(@PathParam("env") String name,
                           @Parameter(description = "Only this check id, or 'verdict' for verdict transitions") @QueryParam("check") String check,
                           @Parameter(description = "RFC 3339 time: only transitions after it") @QueryParam("since") String since,
                           @Parameter(description = "At most this many (1 to 1000, default 100)") @QueryParam("limit") String limit) {
        EnvironmentConfig env = environments.get(name);
        int max = QueryParameters.integer("limit", limit, 100, 1, 1000);
        Optional<Instant> after = QueryParameters.instant("since", since);
        Optional<String> only = Optional.ofNullable(check).filter(c -> !c.isBlank());
        if (only.isPresent() && !only.get().equals("verdict")
                && env.checks().stream().noneMatch(c -> c.id().equals(only.get()))) {
            Set<String> known = new java.util.TreeSet<>(env.checks().stream().map(CheckDefinition::id).toList());
            throw ApiException.badParameter("check", "environment " + name + " has no check '" + only.get() + "' (it has "
                    + String.join(", ", known) + ", or use 'verdict')");
        }
        List<Transition> transitions = store.history(name, t -> after.map(a -> t.at().isAfter(a)).orElse(true)
                && only.map(c -> c.equals("verdict") ? t.check() == null : c.equals(t.check())).orElse(true), max);
        return new History(name, transitions);
    }
}
