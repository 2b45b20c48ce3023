package dev.driftwatch.platform.supabase;

/**
 * One database branch, as {@code GET /v1/projects/{ref}/branches} lists it (BranchResponse,
 * https://supabase.com/docs/reference/api/v1-list-all-branches).
 *
 * @param id        the branch's uuid
 * @param ref       {@code project_ref}: the ref of the branch's own project, its database's address
 * @param gitBranch {@code git_branch}, null when the branch is not linked to git
 * @param isDefault {@code is_default}: the project's production branch
 * @param status    CREATING_PROJECT, RUNNING_MIGRATIONS, MIGRATIONS_PASSED, MIGRATIONS_FAILED, FUNCTIONS_DEPLOYED,
 *                  FUNCTIONS_FAILED (or whatever Supabase adds)
 */
public record Branch(String id, String name, String ref, String gitBranch, boolean isDefault, String status) {

    /** The git branch it previews: {@code git_branch}, else its name. */
    public String branchName() {
        return gitBranch != null ? gitBranch : name;
    }
}
