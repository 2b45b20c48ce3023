package dev.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftwatch.testsupport.ParsingGroups;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file under invalid-config/ is rejected with a message naming the offending path (its first line says which). */
class InvalidConfigTest {
    static final Map<String, String> ENV = Map.of("PROD_DB_PASSWORD", "correct-horse-battery-staple");

    static EnvironmentsFileParser parser() {
        return new EnvironmentsFileParser(List.of(ParsingGroups.schema()), ENV::get, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    static Path dir() throws URISyntaxException {
        return Paths.get(InvalidConfigTest.class.getResource("/invalid-config").toURI());
    }

    static Stream<Path> invalidFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir())) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yaml).hasSizeGreaterThanOrEqualTo(10);
            return yaml.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void isRejectedNamingThePath(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String firstLine = text.lines().findFirst().orElseThrow();
        assertThat(firstLine).startsWith("# expect: ");
        String expected = firstLine.substring("# expect: ".length());
        assertThatThrownBy(() -> parser().parse(text, file.getParent()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).anySatisfy(err -> assertThat(err).startsWith(expected)));
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnce() throws Exception {
        String yaml = """
                interval: soon
                environments:
                  production:
                    schema: {user: ro, severity: high, extra: 1}
                """;
        assertThatThrownBy(() -> parser().parse(yaml, dir()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
                        "interval: 'soon' is not a duration such as 500ms, 30s, 5m or 1h",
                        "environments.production.schema.extra: unknown key (expected one of before, contract, interval, migrations, "
                                + "password, reference, roles, schemas, scratch, scratchPassword, severity, timeout, url, user)",
                        "environments.production.schema.url: required",
                        "environments.production.schema.severity: must be one of critical, warning, info"));
    }

    @Test
    void aSecretNeverAppearsInAnError() throws Exception {
        String yaml = """
                environments:
                  production:
                    schema: {url: "jdbc:postgresql://db/postgres", password: "${PROD_DB_PASSWORD}", reference: nowhere}
                """;
        assertThatThrownBy(() -> parser().parse(yaml, dir()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ENV.get("PROD_DB_PASSWORD")));
    }
}
