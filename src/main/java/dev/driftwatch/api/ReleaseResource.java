package dev.driftwatch.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Release markers: CI posts the commit it released to an environment; the {@code deployment} check then expects the
 * production alias to serve exactly that commit. Posting needs the same bearer token as the probe endpoint.
 */
@Path("/api/v1/environments/{env}/releases")
@Produces(MediaType.APPLICATION_JSON)
public class ReleaseResource {
    private final KindEndpoints endpoints;

    public ReleaseResource(KindEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Record what CI released (needs the bearer token): body {\"commit\": \"<sha>\", "
            + "\"deploymentUrl\"?: \"<host>\", \"at\"?: \"<ISO-8601 instant>\"}; answers 201 with the stored marker")
    public Response post(@PathParam("env") String name, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        return endpoints.post("releases", name, authorization, body);
    }

    @GET
    @Operation(summary = "The latest release marker of the environment; 404 when CI has posted none")
    public Response latest(@PathParam("env") String name) {
        return endpoints.get("releases", name);
    }
}
