package dev.driftwatch.api;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.EnvironmentConfig;
import dev.driftwatch.verdict.VerdictOptions;
import dev.driftwatch.verdict.VerdictService;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Runs an environment's checks now and answers with the fresh verdict: bearer token, rate limit, shared runs. */
@Path("/api/v1/environments/{env}/probe")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {
    private final ApiToken token;
    private final Environments environments;
    private final ProbeRequests probes;
    private final VerdictService verdicts;

    @Inject
    public ProbeResource(ApiToken token, Environments environments, ProbeRequests probes, VerdictService verdicts) {
        this.token = token;
        this.environments = environments;
        this.probes = probes;
        this.verdicts = verdicts;
    }

    @POST
    @Operation(summary = "Run the checks now (needs the bearer token; rate limited; concurrent requests share one run) "
            + "and answer like GET .../verdict: 200 for pass (and warn unless strict), 503 otherwise")
    public CompletionStage<Response> probe(@PathParam("env") String name,
                                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                           @Parameter(description = "Comma-separated check ids or kinds to run and count (default: all)")
                                           @QueryParam("checks") String checks,
                                           @Parameter(description = "true: warn answers 503 too") @QueryParam("strict") String strict,
                                           @Parameter(description = "verdict (default): 200 or 503; 200: always 200, the verdict only in the body")
                                           @QueryParam("status") String status) {
        token.verify(authorization); // before anything else: an unauthenticated caller learns nothing, not even environment names
        EnvironmentConfig env = environments.get(name);
        Set<String> selected = QueryParameters.checks("checks", checks, env);
        boolean strictly = QueryParameters.bool("strict", strict);
        boolean always200 = QueryParameters.always200("status", status);
        List<String> ids = new ArrayList<>(selected);
        if (ids.isEmpty()) {
            env.checks().stream().map(CheckDefinition::id).forEach(ids::add);
        }
        VerdictOptions options = new VerdictOptions(Optional.empty(), selected, Optional.empty());
        return probes.run(name, ids).thenApply(v -> VerdictResponses.of(verdicts.evaluate(env, options), strictly, always200));
    }
}
