package dev.driftwatch.platform.vercel;

import dev.driftwatch.config.Secret;
import java.net.URI;

/**
 * One Vercel project as driftwatch reaches it: the REST API base URL, the access token, the project and its team.
 * Records compare by value, so two checks of one project share one cached env list.
 */
public record VercelProject(URI baseUrl, Secret token, String projectId, String teamId) {
}
