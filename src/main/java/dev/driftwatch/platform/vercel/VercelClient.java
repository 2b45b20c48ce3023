package dev.driftwatch.platform.vercel;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The three read-only calls driftwatch makes to Vercel's REST API (https://vercel.com/docs/rest-api), with the
 * access token as {@code Authorization: Bearer}; {@code teamId} is left out when null. Built per base URL by
 * {@link VercelApi}.
 */
@RegisterRestClient
interface VercelClient {

    /** https://vercel.com/docs/rest-api/projects/retrieve-the-environment-variables-of-a-project-by-id-or-name */
    @GET
    @Path("/v10/projects/{idOrName}/env")
    @Produces(MediaType.APPLICATION_JSON)
    Response env(@PathParam("idOrName") String project, @QueryParam("decrypt") String decrypt,
                 @QueryParam("teamId") String teamId, @QueryParam("until") Long until,
                 @HeaderParam("Authorization") String authorization);

    /** https://vercel.com/docs/rest-api/aliases/get-an-alias */
    @GET
    @Path("/v4/aliases/{idOrAlias}")
    @Produces(MediaType.APPLICATION_JSON)
    Response alias(@PathParam("idOrAlias") String alias, @QueryParam("projectId") String projectId,
                   @QueryParam("teamId") String teamId, @HeaderParam("Authorization") String authorization);

    /** https://vercel.com/docs/rest-api/deployments/get-a-deployment-by-id-or-url */
    @GET
    @Path("/v13/deployments/{idOrUrl}")
    @Produces(MediaType.APPLICATION_JSON)
    Response deployment(@PathParam("idOrUrl") String id, @QueryParam("teamId") String teamId,
                        @HeaderParam("Authorization") String authorization);
}
