package dev.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code optional:} in a check group: every check of it, or the checks a list names; a name that matches none is an error. */
class OptionalChecksTest {
    private static final String FILE = """
            environments:
              production:
                schema:
                  url: jdbc:postgresql://db.example.supabase.co:5432/postgres
                  migrations: supabase/migrations
                  optional: %s
              staging:
                schema:
                  url: jdbc:postgresql://staging.example.supabase.co:5432/postgres
            """;

    private static MonitorConfig parse(Path dir, String optional) throws Exception {
        Files.createDirectories(dir.resolve("supabase/migrations"));
        return InvalidConfigTest.parser().parse(FILE.formatted(optional), dir);
    }

    private static boolean optional(MonitorConfig config, String env, String check) {
        return config.environment(env).orElseThrow().checks().stream().filter(c -> c.id().equals(check)).findFirst().orElseThrow().optional();
    }

    @Test
    void trueMarksEveryCheckOfTheGroupAndOtherEnvironmentsStayCritical(@TempDir Path dir) throws Exception {
        MonitorConfig config = parse(dir, "true");
        assertThat(optional(config, "production", "schema/public")).isTrue();
        assertThat(optional(config, "production", "migrations/supabase")).isTrue();
        assertThat(optional(config, "staging", "schema/public")).isFalse();
        assertThat(optional(parse(dir, "false"), "production", "schema/public")).isFalse();
    }

    @Test
    void aListMarksTheChecksItNamesByIdKindOrTarget(@TempDir Path dir) throws Exception {
        MonitorConfig config = parse(dir, "[migrations]");
        assertThat(optional(config, "production", "migrations/supabase")).isTrue();
        assertThat(optional(config, "production", "schema/public")).isFalse();
        assertThat(optional(parse(dir, "[schema/public]"), "production", "schema/public")).isTrue();
    }

    @Test
    void aNameThatMatchesNoCheckOrANonBooleanIsAnErrorNamingTheKey(@TempDir Path dir) {
        assertThatThrownBy(() -> parse(dir, "[ratelimit]")).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                .containsExactly("environments.production.schema.optional: 'ratelimit' names no check of this group (checks: schema/public, migrations/supabase)"));
        assertThatThrownBy(() -> parse(dir, "sometimes")).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                .containsExactly("environments.production.schema.optional: must be true or false"));
    }
}
