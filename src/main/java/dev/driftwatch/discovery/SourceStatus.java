package dev.driftwatch.discovery;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /api/v1/discovery} shows of one source.
 *
 * @param up            true when the latest read succeeded (false before the first)
 * @param lastRunAt     the latest read, null before the first
 * @param lastSuccessAt the latest read that succeeded
 * @param error         why the latest read failed (the last list is kept), null when it succeeded
 * @param environments  the environments the source adds to the running config now (vanished ones within their grace
 *                      included)
 * @param problems      targets left out: past the cap, no valid name, a template that does not expand, a name the file
 *                      lists itself
 */
public record SourceStatus(String name, String type, String interval, String grace, int max, boolean up,
                           Instant lastRunAt, Instant lastSuccessAt, String error, List<String> environments,
                           List<String> problems) {
}
