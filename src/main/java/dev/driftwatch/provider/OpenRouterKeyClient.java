package dev.driftwatch.provider;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * OpenRouter's {@code GET /api/v1/key} (https://openrouter.ai/docs/api-reference/api-keys/get-current-key): the key's
 * validity and, for free, its credit limit, usage and remaining credit.
 */
@RegisterRestClient
interface OpenRouterKeyClient {
    @GET
    @Path("/key")
    @Produces(MediaType.APPLICATION_JSON)
    Response key(@HeaderParam("Authorization") String authorization);
}
