package dev.driftwatch.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Reads a file_sd file: the whole file each interval, at most 1 MiB. */
final class FileSource implements DiscoverySource {
    private final Path path;
    private final Duration interval;

    FileSource(Path path, Duration interval) {
        this.path = path;
        this.interval = interval;
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public List<DiscoveredTarget> discover(Duration timeout) throws DiscoveryException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(TargetGroups.MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new DiscoveryException("file " + path + ": does not exist");
        } catch (IOException e) {
            throw new DiscoveryException("file " + path + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return TargetGroups.parseYaml(bytes, "file " + path);
    }
}
