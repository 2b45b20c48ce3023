package dev.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.schema.MigrationsSettings;
import dev.driftwatch.schema.SchemaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentsFileParserTest {

    @Test
    void aFleetFileOfSeveralMegabytesIsReadWhole(@TempDir Path dir) throws Exception {
        StringBuilder yaml = new StringBuilder("environments:\n");
        int n = 0;
        while (yaml.length() < 4 * 1024 * 1024) { // past SnakeYAML's default limit of 3 MiB
            yaml.append("  env").append(++n).append(":\n    schema:\n      url: jdbc:postgresql://db")
                    .append(n).append(".example.com:5432/postgres\n      user: driftwatch_ro\n      reference: env")
                    .append(n == 1 ? 2 : 1).append("\n");
        }
        MonitorConfig config = InvalidConfigTest.parser().parse(yaml.toString(), dir);
        assertThat(config.environments()).hasSize(n).containsKey("env" + n);
    }

    @Test
    void aValidFileBecomesChecksWithDefaultsOverridesAndExpandedSecrets(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("supabase/migrations"));
        Path secretFile = dir.resolve("staging-password");
        Files.writeString(secretFile, "from-a-file\n");
        String yaml = """
                interval: 20s
                environments:
                  production:
                    labels: {tier: prod}
                    schema:
                      url: jdbc:postgresql://db.example.supabase.co:5432/postgres?sslmode=require
                      user: driftwatch_ro
                      password: ${PROD_DB_PASSWORD}
                      reference: staging
                      migrations: supabase/migrations
                      timeout: 3s
                      severity: warning
                  staging:
                    schema:
                      url: jdbc:postgresql://staging.example.supabase.co:5432/postgres
                      password: ${file:%s}
                      schemas: [public, auth]
                """.formatted(secretFile);
        MonitorConfig config = InvalidConfigTest.parser().parse(yaml, dir);

        assertThat(config.environments()).containsOnlyKeys("production", "staging");
        EnvironmentConfig prod = config.environment("production").orElseThrow();
        assertThat(prod.labels()).containsEntry("tier", "prod");
        assertThat(prod.checks()).extracting(CheckDefinition::id).containsExactly("schema/public", "migrations/supabase");
        CheckDefinition schema = prod.checks().get(0);
        assertThat(schema.interval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(schema.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(schema.severity()).isEqualTo(Severity.WARNING);
        assertThat(schema.severityOverride()).isTrue();
        SchemaSettings settings = (SchemaSettings) schema.settings();
        assertThat(settings.database().password().reveal()).isEqualTo("correct-horse-battery-staple");
        assertThat(settings.referenceEnvironment()).isEqualTo("staging");
        assertThat(settings.referenceDatabase().password().reveal()).isEqualTo("from-a-file");
        assertThat(((MigrationsSettings) prod.checks().get(1).settings()).directory()).isEqualTo(dir.resolve("supabase/migrations"));

        CheckDefinition staging = config.environment("staging").orElseThrow().checks().get(0);
        assertThat(staging.id()).isEqualTo("schema/public+auth");
        assertThat(staging.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(staging.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(staging.severityOverride()).isFalse();

        assertThat(config.secrets()).extracting(Secret::reveal).contains("correct-horse-battery-staple", "from-a-file");
        assertThat(settings.toString()).doesNotContain("correct-horse-battery-staple")
                .contains(Secret.fingerprintOf("correct-horse-battery-staple"));
    }

    @Test
    void aDoubledDollarIsALiteral() {
        Placeholders p = new Placeholders(name -> null, Path.of("."));
        assertThat(p.expand("pa$${ss}")).isEqualTo("pa${ss}");
    }

    @Test
    void durationsReadAndPrintLikePrometheus() {
        assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void aFingerprintIsTheFirstEightHexOfSha256() {
        // sha256("abc") = ba7816bf8f01cfea...
        assertThat(new Secret("abc").fingerprint()).isEqualTo("sha256:ba7816bf");
        assertThat(new Secret("abc").toString()).isEqualTo("sha256:ba7816bf");
    }
}
