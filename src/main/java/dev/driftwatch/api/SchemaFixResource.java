package dev.driftwatch.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The forward fix of an environment's schema, served by the schema kind (no token: it queries nothing). */
@Path("/api/v1/environments/{env}/schema/fix.sql")
@Produces(MediaType.TEXT_PLAIN)
public class SchemaFixResource {
    private final KindEndpoints endpoints;

    public SchemaFixResource(KindEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @GET
    @Operation(summary = "Forward-only SQL that brings the live schema back to the expected state (never executed by driftwatch)")
    public Response fix(@PathParam("env") String name) {
        return endpoints.get("schema/fix.sql", name);
    }
}
