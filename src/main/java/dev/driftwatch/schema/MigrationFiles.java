package dev.driftwatch.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The migrations a directory declares: {@code <version>_<name>.sql}, as the Supabase CLI names them. */
final class MigrationFiles {
    private static final Pattern FILE = Pattern.compile("(\\d+)_(.+)\\.sql");

    private MigrationFiles() {
    }

    /** Version to file name, sorted by version. */
    static Map<String, String> read(Path directory) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(p -> {
                Matcher m = FILE.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p)) {
                    out.put(m.group(1), p.getFileName().toString());
                }
            });
        }
        return out;
    }
}
