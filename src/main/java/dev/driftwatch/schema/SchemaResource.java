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

/** The live schema of an environment in the contract file format: save the body to make a contract. */
@Path("/api/v1/environments/{env}/schema")
@Produces(MediaType.APPLICATION_JSON)
public class SchemaResource {
    @Inject
    Environments environments;
    @Inject
    SchemaSnapshots snapshots;

    @GET
    @Operation(summary = "The live schema snapshot, in exactly the contract file format")
    public String snapshot(@PathParam("env") String name) throws com.fasterxml.jackson.core.JsonProcessingException {
        EnvironmentConfig env = environments.get(name);
        CheckDefinition check = snapshots.schemaCheck(env)
                .orElseThrow(() -> new ApiException(404, "environment " + name + " has no schema check"));
        try {
            return ContractFile.JSON.writeValueAsString(snapshots.live(check)) + "\n";
        } catch (SchemaSnapshots.LiveSnapshotException e) {
            throw new ApiException(503, "cannot read the schema of " + name + ": " + e.getMessage());
        }
    }
}
