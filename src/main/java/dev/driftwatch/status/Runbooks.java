package dev.driftwatch.status;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The runbook (docs/runbooks/&lt;Alert&gt;.md) for a check that is not ok: the one of the alert its state raises.
 * Links go to {@code driftwatch.status.runbook-base-url}, by default the copies the daemon serves under /runbooks/.
 */
@ApplicationScoped
public class Runbooks {
    private final String base;

    @jakarta.inject.Inject
    public Runbooks(StatusSettings settings) {
        String base = settings.runbookBaseUrl();
        this.base = base.endsWith("/") ? base : base + "/";
    }

    /** The runbook's name for a check of this kind in this state (ok: none). */
    static Optional<String> name(String kind, String state, String reason, Map<String, Object> details) {
        String text = (reason == null ? "" : reason).toLowerCase(Locale.ROOT);
        return Optional.ofNullable(switch (state) {
            case "ok" -> null;
            case "stale", "missing" -> "DriftwatchChecksStale";
            case "unknown" -> switch (kind) {
                case "ratelimit" -> "DriftwatchRedisUnreachable";
                case "provider" -> "DriftwatchProviderUnverifiable";
                default -> "DriftwatchEnvironmentFailing";
            };
            default -> switch (kind) {
                case "schema" -> "DriftwatchSchemaDrift";
                case "migrations" -> "DriftwatchMigrationsPending";
                case "ratelimit" -> "DriftwatchRateLimitFailOpen";
                case "provider" -> text.contains("quota") || text.contains("credit") || details != null
                        && String.valueOf(details.get("errorType")).contains("quota")
                        ? "DriftwatchProviderQuotaExhausted" : "DriftwatchProviderKeyRejected";
                default -> "DriftwatchEnvironmentFailing";
            };
        });
    }

    String url(String name) {
        return base + name + ".md";
    }
}
