package dev.driftwatch.provider;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The Gemini API's {@code GET /v1beta/models} (https://ai.google.dev/api/models#method:-models.list), the key in a
 * header rather than the URL so that it never reaches access logs.
 */
@RegisterRestClient
interface GeminiModelsClient {
    @GET
    @Path("/v1beta/models")
    @Produces(MediaType.APPLICATION_JSON)
    Response models(@HeaderParam("x-goog-api-key") String key, @QueryParam("pageSize") int pageSize);
}
