package dev.driftwatch.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** A {@link ConfigNode} from a YAML snippet, for tests that parse one part of the environments file on its own. */
public final class TestNodes {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private TestNodes() {
    }

    /** The node of {@code yaml} at {@code path}, its errors collected in {@code problems}; {@code ${X}} read from {@code env}. */
    public static ConfigNode of(String yaml, String path, ConfigNode.Problems problems, Map<String, String> env) {
        try {
            return new ConfigNode(YAML.readTree(yaml), path, problems, new Placeholders(env::get, Path.of(".")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
