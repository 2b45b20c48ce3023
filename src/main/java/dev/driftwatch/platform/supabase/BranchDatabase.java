package dev.driftwatch.platform.supabase;

import dev.driftwatch.config.Secret;

/**
 * A branch's database, as {@code GET /v1/branches/{branch_id_or_ref}} describes it (BranchDetailResponse,
 * https://supabase.com/docs/reference/api/v1-get-a-branch-config). The password becomes a {@link Secret} while the
 * JSON is parsed; the answer's {@code jwt_secret} is never read.
 *
 * @param user     {@code db_user}, null when not returned
 * @param password {@code db_pass}, null when not returned
 * @param status   ACTIVE_HEALTHY, ACTIVE_UNHEALTHY, COMING_UP, GOING_DOWN, INACTIVE, INIT_FAILED, REMOVED, RESTORING,
 *                 UPGRADING, PAUSING, RESTORE_FAILED, RESTARTING, PAUSE_FAILED, RESIZING, UNKNOWN
 */
public record BranchDatabase(String ref, String host, int port, String user, Secret password, String status) {
}
