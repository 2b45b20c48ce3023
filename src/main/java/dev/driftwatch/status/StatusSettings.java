package dev.driftwatch.status;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The status page's settings ({@code driftwatch.status.*}). */
@ConfigMapping(prefix = "driftwatch.status")
public interface StatusSettings {
    /** How often an open page fetches its content again (and, without JavaScript, reloads). */
    @WithDefault("10s")
    Duration refresh();

    /** Where runbook links point: by default the copies of docs/runbooks/ the daemon serves at /runbooks/. */
    @WithDefault("/runbooks/")
    String runbookBaseUrl();

    /** The daemon's URL as CI reaches it, for the gate commands shown (default: the URL the page was asked at). */
    Optional<String> publicUrl();
}
