package dev.driftwatch.provider;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * {@code GET /models} with a bearer key: OpenAI, Groq, Mistral, Together and OpenAI-compatible APIs. Listing models
 * costs no tokens. Shared per base URL by {@link ProviderApi}.
 */
@RegisterRestClient
interface BearerModelsClient {
    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    Response models(@HeaderParam("Authorization") String authorization);
}
