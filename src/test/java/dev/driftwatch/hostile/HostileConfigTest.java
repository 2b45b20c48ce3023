package dev.driftwatch.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.driftwatch.config.ConfigException;
import dev.driftwatch.config.EnvironmentsFileParser;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.probe.CheckGroup;
import dev.driftwatch.provider.ProviderKinds;
import dev.driftwatch.smoke.SmokeCheckGroup;
import dev.driftwatch.testsupport.ParsingGroups;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config fuzz: every value of a file that uses every key is replaced in turn by overflowing, huge, negative,
 * wrong-type and secret-bearing values. Each variant either loads or is rejected with errors that name a path,
 * and no error ever carries a value planted through an environment variable or a file.
 */
class HostileConfigTest {
    static final ObjectMapper YAML = new YAMLMapper();
    static final String ENV_SECRET = "planted-env-secret-7c1d9e2f4a";
    static final String FILE_SECRET = "planted-file-secret-5b8a0c3e6d";
    static final String URL_PASSWORD = "planted-url-password-91ab";

    @TempDir
    Path dir;

    static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("DB_PASSWORD", "db-password-value-0001");
        env.put("UPSTASH_TOKEN", "upstash-token-value-0002");
        env.put("OPENAI_KEY", "sk-openai-value-000000003");
        env.put("VERCEL_TOKEN", "vercel-token-value-0004");
        env.put("PLANTED", ENV_SECRET);
        env.put("PLANTED_URL", "postgresql://admin:" + URL_PASSWORD + "@db.example.com:5432/x?password=" + URL_PASSWORD);
        return env;
    }

    static EnvironmentsFileParser parser() {
        List<CheckGroup> kinds = List.of(ParsingGroups.schema(), ParsingGroups.ratelimit(), ProviderKinds.forParsing(),
                ParsingGroups.vercel(), new SmokeCheckGroup());
        return new EnvironmentsFileParser(kinds, environment()::get, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    List<JsonNode> hostileValues() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ArrayNode list = f.arrayNode().add("${PLANTED}").add(1);
        ObjectNode map = f.objectNode().put("x", "${PLANTED}");
        return List.of(f.textNode("9999999999999999h"), f.textNode("200000000000d"), f.textNode("366d"),
                f.textNode("-1"), f.textNode("-5s"), f.numberNode(-1), f.textNode("99999999999999999999999"),
                f.numberNode(Long.MAX_VALUE), f.textNode("x".repeat(100_000)), f.textNode(""), f.nullNode(),
                f.booleanNode(true), list, map, f.textNode("${PLANTED}"), f.textNode("prefix ${PLANTED} suffix"),
                f.textNode("${file:planted.txt}"), f.textNode("${file:environ}"), f.textNode("${PLANTED_URL}"),
                f.textNode("${NOT_SET}"), f.textNode("${file:/nonexistent/secret}"), f.textNode("\u0000\n\r'\"${"));
    }

    @Test
    void everyKeyWithEveryHostileValueLoadsOrNamesThePathWithoutAPlantedSecret() throws IOException {
        Files.writeString(dir.resolve("planted.txt"), FILE_SECRET + "\n");
        Files.writeString(dir.resolve("environ"), "HOME=/root\u0000DB_PASSWORD=" + FILE_SECRET + "\u0000PATH=/bin");
        JsonNode base = YAML.readTree(getClass().getResource("/hostile/every-key.yaml"));
        MonitorConfig valid = parser().parse(YAML.writeValueAsString(base), dir);
        assertThat(valid.checks()).hasSizeGreaterThanOrEqualTo(8);

        List<List<String>> paths = new ArrayList<>();
        leaves(base, new ArrayList<>(), paths);
        assertThat(paths).as("keys of every group").hasSizeGreaterThan(40);
        int rejected = 0;
        int variants = 0;
        for (List<String> path : paths) {
            for (JsonNode value : hostileValues()) {
                JsonNode variant = base.deepCopy();
                set(variant, path, value);
                variants++;
                try {
                    parser().parse(YAML.writeValueAsString(variant), dir);
                } catch (ConfigException e) {
                    rejected++;
                    assertThat(e.errors()).as(String.join(".", path) + " = " + shorten(value)).allSatisfy(error -> {
                        assertThat(error).matches("(\\(file\\)|environments|interval|timeout)[^:]*: .+");
                        assertThat(error).doesNotContain(ENV_SECRET).doesNotContain(FILE_SECRET).doesNotContain(URL_PASSWORD)
                                .doesNotContain("HOME=/root").doesNotContain("x".repeat(401));
                        assertThat(error.length()).isLessThan(600);
                    });
                    assertThat(e.getMessage()).doesNotContain(ENV_SECRET).doesNotContain(FILE_SECRET).doesNotContain(URL_PASSWORD);
                }
            }
        }
        assertThat(rejected).as("most hostile values are rejected").isGreaterThan(variants / 2);
    }

    @Test
    void durationsThatOverflowOrExceedAYearAreRejectedNamingThePath() {
        for (String huge : List.of("9999999999999999h", "200000000000d", "366d", "8761h", "99999999999999999999ms")) {
            String yaml = "interval: " + huge + "\nenvironments:\n  e:\n    schema: {url: 'jdbc:postgresql://h/db', user: u, schemas: [public]}\n";
            try {
                parser().parse(yaml, dir);
                throw new AssertionError(huge + " accepted");
            } catch (ConfigException e) {
                assertThat(e.errors()).singleElement().asString().startsWith("interval: ");
            }
        }
    }

    @Test
    void aYamlSyntaxErrorGivesKindAndPositionButNotTheLine() {
        String yaml = "environments:\n  e:\n    schema: {url: 'jdbc:postgresql://h/db', password: " + ENV_SECRET + ": x, user: u}\n";
        try {
            parser().parse(yaml, dir);
            throw new AssertionError("accepted");
        } catch (ConfigException e) {
            assertThat(e.errors()).singleElement().asString().startsWith("(file): not valid YAML at line 3, column")
                    .doesNotContain(ENV_SECRET);
        }
    }

    @Test
    void aContractFileThatIsNotJsonIsNotQuoted() throws IOException {
        for (String body : List.of("password=" + FILE_SECRET + "\nnot json", "{\"format\": \"" + FILE_SECRET + "\"}",
                "{\"" + FILE_SECRET + "\": 1}", FILE_SECRET, "[\"" + FILE_SECRET + "\"]", "{\"format\": " + FILE_SECRET + "}")) {
            Files.writeString(dir.resolve("contract.json"), body);
            String yaml = "environments:\n  e:\n    schema: {url: 'jdbc:postgresql://h/db', user: u, schemas: [public], contract: contract.json}\n";
            try {
                parser().parse(yaml, dir);
                throw new AssertionError("accepted " + body);
            } catch (ConfigException e) {
                assertThat(e.getMessage()).as(body).doesNotContain(FILE_SECRET).doesNotContain("planted")
                        .contains("environments.e.schema.contract: not a driftwatch contract");
            }
        }
    }

    private static String shorten(JsonNode value) {
        String s = value.toString();
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private static void leaves(JsonNode node, List<String> path, List<List<String>> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<String> next = new ArrayList<>(path);
                next.add(e.getKey());
                leaves(e.getValue(), next, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<String> next = new ArrayList<>(path);
                next.add("#" + i);
                leaves(node.get(i), next, out);
            }
            out.add(path);
        } else {
            out.add(path);
        }
    }

    private static void set(JsonNode root, List<String> path, JsonNode value) {
        JsonNode parent = root;
        for (int i = 0; i < path.size() - 1; i++) {
            String key = path.get(i);
            parent = key.startsWith("#") ? parent.get(Integer.parseInt(key.substring(1))) : parent.get(key);
        }
        String last = path.get(path.size() - 1);
        if (last.startsWith("#")) {
            ((ArrayNode) parent).set(Integer.parseInt(last.substring(1)), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }
}
