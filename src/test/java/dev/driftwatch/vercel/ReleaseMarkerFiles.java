package dev.driftwatch.vercel;

import java.nio.file.Path;
import java.time.Instant;

/** Release markers stored in a file, for tests outside this package: record one, then read the file as a restart would. */
public final class ReleaseMarkerFiles {
    private ReleaseMarkerFiles() {
    }

    public static String recordAndReload(Path file, String environment, String commit) {
        ReleaseMarkers markers = new ReleaseMarkers(file);
        try {
            markers.record(environment, new ReleaseMarker(commit, null, Instant.now()));
        } catch (ReleaseMarkers.NotStored e) {
            return "refused: " + e.getMessage() + "; kept: " + markers.latest(environment).isPresent();
        }
        return "stored; after restart: " + new ReleaseMarkers(file).latest(environment).map(ReleaseMarker::commit).orElse("none");
    }
}
