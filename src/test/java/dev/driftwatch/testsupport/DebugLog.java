package dev.driftwatch.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Test-resource helpers for secret scans: every driftwatch and REST-client log line at DEBUG into one file the test
 * reads back ({@code dwtest.log-file}), closing a resource's servers, and removal of its temporary directory.
 */
public final class DebugLog {
    private DebugLog() {
    }

    /** Quarkus properties that write DEBUG logs of driftwatch and the REST client to {@code log}. */
    public static Map<String, String> toFile(Path log) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.log.console.level", "INFO");
        props.put("quarkus.log.file.enabled", "true");
        props.put("quarkus.log.file.path", log.toString());
        props.put("quarkus.log.file.level", "DEBUG");
        props.put("quarkus.log.category.\"dev.driftwatch\".level", "DEBUG");
        props.put("quarkus.log.category.\"io.quarkus.rest.client\".level", "DEBUG");
        props.put("quarkus.log.category.\"org.jboss.resteasy.reactive.client\".level", "DEBUG");
        props.put("dwtest.log-file", log.toString());
        return props;
    }

    /** Closes each of {@code resources} that is not null, in order; one that fails to close does not stop the rest. */
    public static void closeAll(Iterable<? extends AutoCloseable> resources) {
        for (AutoCloseable c : resources) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep stopping the others
            }
        }
    }

    /** Deletes a temporary directory and everything in it; one left behind is harmless. */
    public static void deleteDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
