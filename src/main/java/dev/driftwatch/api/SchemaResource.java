package dev.driftwatch.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The schema of an environment in the contract file format, as its schema check last read it (served by the schema kind). */
@Path("/api/v1/environments/{env}/schema")
@Produces(MediaType.APPLICATION_JSON)
public class SchemaResource {
    private final KindEndpoints endpoints;

    public SchemaResource(KindEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @GET
    @Operation(summary = "The schema as the schema check last read it, in exactly the contract file format")
    public Response snapshot(@PathParam("env") String name) {
        return endpoints.get("schema", name);
    }
}
