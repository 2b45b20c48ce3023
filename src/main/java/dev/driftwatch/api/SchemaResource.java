package dev.driftwatch.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The live schema of an environment in the contract file format: save the body to make a contract. */
@Path("/api/v1/environments/{env}/schema")
@Produces(MediaType.APPLICATION_JSON)
public class SchemaResource {
    private final KindEndpoints endpoints;

    public SchemaResource(KindEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @GET
    @Operation(summary = "The live schema snapshot, in exactly the contract file format")
    public Response snapshot(@PathParam("env") String name) {
        return endpoints.get("schema", name);
    }
}
