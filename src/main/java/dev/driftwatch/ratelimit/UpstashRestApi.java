package dev.driftwatch.ratelimit;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionStage;

/**
 * Upstash's Redis REST API (https://upstash.com/docs/redis/features/restapi): a command is a JSON array posted to
 * the database URL, answered {@code {"result": ...}} or {@code {"error": "..."}} (400); {@code /pipeline} takes an
 * array of commands and answers an array of those objects; a missing or wrong token answers 401.
 * Built per database by {@link UpstashRestTransport}; responses are read raw so that no status throws, and asynchronously
 * so that each call can be held to what is left of its limiter timeout.
 */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface UpstashRestApi {

    @POST
    @Path("/")
    CompletionStage<Response> command(@HeaderParam("Authorization") String authorization, String commandJson);

    @POST
    @Path("/pipeline")
    CompletionStage<Response> pipeline(@HeaderParam("Authorization") String authorization, String commandsJson);
}
