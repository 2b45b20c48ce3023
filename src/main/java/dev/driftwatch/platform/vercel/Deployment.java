package dev.driftwatch.platform.vercel;

/**
 * The deployment an alias points at, as {@code GET /v13/deployments/{idOrUrl}} describes it.
 *
 * @param readyState QUEUED, BUILDING, INITIALIZING, READY, ERROR, CANCELED (or whatever Vercel adds)
 * @param vercelTarget the deployment's {@code target} as Vercel returns it ({@code production}, or null)
 * @param commitSha  {@code meta.githubCommitSha} (or the GitLab/Bitbucket equivalent, or {@code gitSource.sha}); null when
 *                   the deployment was not made from git
 */
public record Deployment(String alias, String id, String url, String readyState, String commitSha, String vercelTarget) {
}
