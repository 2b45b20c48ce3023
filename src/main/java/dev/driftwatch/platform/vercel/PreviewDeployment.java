package dev.driftwatch.platform.vercel;

/**
 * A READY preview deployment, as {@code GET /v6/deployments} lists it
 * (https://vercel.com/docs/rest-api/deployments/list-deployments).
 *
 * @param uid     {@code uid} ({@code dpl_…})
 * @param url     the deployment's host without a scheme ({@code docs-9jaeg38me.vercel.app}), as Vercel returns it
 * @param branch  {@code meta.githubCommitRef} (or the GitLab/Bitbucket equivalent); null when not made from git
 * @param sha     {@code meta.githubCommitSha} (or the equivalent); null when not made from git
 * @param created {@code created}, milliseconds since the epoch
 */
public record PreviewDeployment(String uid, String url, String branch, String sha, long created) {
}
