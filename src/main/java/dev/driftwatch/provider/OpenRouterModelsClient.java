package dev.driftwatch.provider;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * OpenRouter's public {@code GET /api/v1/models} (https://openrouter.ai/docs/api-reference/models/get-models): every
 * model with its per-token prices. It takes no key, so none is sent.
 */
@RegisterRestClient
interface OpenRouterModelsClient {
    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    Response models();
}
