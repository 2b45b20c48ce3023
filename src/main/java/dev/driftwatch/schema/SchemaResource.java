package dev.driftwatch.schema;

import dev.driftwatch.api.ApiException;
import dev.driftwatch.api.Environments;
import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.EnvironmentConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The schema of an environment in the contract file format, as its schema check last read it: save the body to make
 * a contract. It never queries the database itself, so an unauthenticated caller cannot make driftwatch query the
 * monitored database; a fresh read goes through the token-protected {@code POST .../probe?checks=schema}.
 */
@Path("/api/v1/environments/{env}/schema")
@Produces(MediaType.APPLICATION_JSON)
public class SchemaResource {
    @Inject
    Environments environments;
    @Inject
    SchemaSnapshots snapshots;

    @GET
    @Operation(summary = "The schema as the schema check last read it, in exactly the contract file format")
    public String snapshot(@PathParam("env") String name) throws com.fasterxml.jackson.core.JsonProcessingException {
        EnvironmentConfig env = environments.get(name);
        CheckDefinition check = snapshots.schemaCheck(env)
                .orElseThrow(() -> new ApiException(404, "environment " + name + " has no schema check"));
        SchemaSnapshot latest = snapshots.latest(check.environment()).orElseThrow(() -> new ApiException(503,
                "the schema check of " + name + " has not read the schema yet: wait for its first run, or run it now with "
                        + "POST /api/v1/environments/" + name + "/probe?checks=schema (needs the token)", java.util.Map.of("Retry-After", "5")));
        return ContractFile.JSON.writeValueAsString(latest) + "\n";
    }
}
