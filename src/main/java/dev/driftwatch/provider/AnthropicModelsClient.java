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
 * Anthropic's {@code GET /v1/models} (https://docs.anthropic.com/en/api/models-list): any page proves the key; the
 * largest page the API allows ({@code limit} 1000) lists every model, for the catalog check of the same key.
 */
@RegisterRestClient
interface AnthropicModelsClient {
    String VERSION = "2023-06-01";
    int LIMIT = 1000;

    @GET
    @Path("/v1/models")
    @Produces(MediaType.APPLICATION_JSON)
    Response models(@HeaderParam("x-api-key") String key, @HeaderParam("anthropic-version") String version,
                    @QueryParam("limit") int limit);
}
