package dev.driftwatch.config;

import java.time.Instant;
import java.util.List;

/** The outcome of the latest attempt to load the environments file. */
public record ConfigStatus(String path, boolean loaded, boolean lastReloadSuccess, Instant lastAttemptAt,
                           Instant lastSuccessAt, List<String> errors) {
}
