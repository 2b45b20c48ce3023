package dev.driftwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.testsupport.Command;
import dev.driftwatch.testsupport.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The container image definition, the systemd unit and the local stack script agree with how driftwatch runs. */
class DeployFilesTest {
    private static final Path DEPLOY = PostgresServer.PROJECT.resolve("deploy");

    /** Dockerfile instructions in order (continuation lines joined), as {instruction, arguments}. */
    private static List<String[]> dockerfile() throws IOException {
        List<String[]> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DEPLOY.resolve("container/Dockerfile"))) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            current.append(line.strip());
            if (line.endsWith("\\")) {
                current.setLength(current.length() - 1);
                current.append(' ');
                continue;
            }
            String[] parts = current.toString().split("\\s+", 2);
            out.add(new String[] {parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""});
            current.setLength(0);
        }
        return out;
    }

    private static String last(List<String[]> instructions, String name) {
        return instructions.stream().filter(i -> i[0].equals(name)).reduce((a, b) -> b).map(i -> i[1]).orElse(null);
    }

    @Test
    void theImageRunsTheJvmBuildAsNonRootWithAHealthCheckOnTheServedPort() throws IOException {
        List<String[]> d = dockerfile();
        assertThat(d.get(0)[0]).isEqualTo("FROM");
        assertThat(d.get(0)[1]).contains("17");
        assertThat(last(d, "USER")).isNotNull().doesNotStartWith("root").doesNotStartWith("0");
        assertThat(d.stream().filter(i -> i[0].equals("COPY")).map(i -> i[1]))
                .anyMatch(a -> a.contains("target/quarkus-app/lib/"))
                .anyMatch(a -> a.contains("target/quarkus-app/app/"))
                .anyMatch(a -> a.contains("target/quarkus-app/quarkus/"))
                .anyMatch(a -> a.contains("deploy/container/healthcheck.sh"));
        assertThat(last(d, "HEALTHCHECK")).contains("healthcheck.sh");
        assertThat(last(d, "EXPOSE")).isEqualTo("9464");
        assertThat(last(d, "ENV")).contains("DRIFTWATCH_PORT=9464").contains("DRIFTWATCH_CONFIG=").contains("DRIFTWATCH_DATA_DIR=");
        assertThat(last(d, "ENTRYPOINT")).contains("quarkus-run.jar");
        assertThat(DEPLOY.resolve("container/healthcheck.sh")).isRegularFile();
    }

    /** The unit's sections and their keys; repeated keys (Environment=) keep every value, in order. */
    private static Map<String, Map<String, List<String>>> unit() throws IOException {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> section = null;
        for (String line : Files.readAllLines(DEPLOY.resolve("systemd/driftwatch.service"))) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.startsWith("[")) {
                section = sections.computeIfAbsent(l.substring(1, l.length() - 1), k -> new LinkedHashMap<>());
                continue;
            }
            assertThat(section).as("key outside a section: " + l).isNotNull();
            int eq = l.indexOf('=');
            assertThat(eq).as("not key=value: " + l).isPositive();
            section.computeIfAbsent(l.substring(0, eq), k -> new ArrayList<>()).add(l.substring(eq + 1));
        }
        return sections;
    }

    @Test
    void theSystemdUnitRunsTheJarUnprivilegedWithStateAndConfigWhereDriftwatchLooksForThem() throws IOException {
        Map<String, Map<String, List<String>>> u = unit();
        assertThat(u).containsKeys("Unit", "Service", "Install");
        Map<String, List<String>> s = u.get("Service");
        assertThat(s.get("ExecStart")).singleElement().asString().contains("-jar").endsWith("quarkus-run.jar");
        assertThat(s.get("DynamicUser")).containsExactly("yes");
        assertThat(s.get("NoNewPrivileges")).containsExactly("yes");
        assertThat(s.get("ProtectSystem")).containsExactly("strict");
        assertThat(s.get("StateDirectory")).containsExactly("driftwatch");
        assertThat(s.get("Environment")).contains("DRIFTWATCH_DATA_DIR=/var/lib/driftwatch", "DRIFTWATCH_CONFIG=/etc/driftwatch/driftwatch.yaml");
        assertThat(s.get("EnvironmentFile")).singleElement().asString().contains("/etc/driftwatch/");
        assertThat(s.get("Restart")).containsExactly("on-failure");
        assertThat(u.get("Install").get("WantedBy")).containsExactly("multi-user.target");
    }

    @Test
    void theLocalStackScriptParsesAndWiresDriftwatchPrometheusAndAlertmanagerOnLoopback() throws IOException {
        Path script = DEPLOY.resolve("local/stack.sh");
        Command.Result syntax = Command.run(PostgresServer.PROJECT, List.of("bash", "-n", script.toString()));
        assertThat(syntax.ok()).as(syntax.output()).isTrue();
        assertThat(Files.isExecutable(script)).isTrue();
        String text = Files.readString(script);
        assertThat(text).contains("job_name: driftwatch", "metrics_path: /q/metrics", "alerts/driftwatch.rules.yml",
                "deploy/local/setup-db.sh", "deploy/local/setup-redis.sh", "QUARKUS_HTTP_HOST=127.0.0.1", "--web.listen-address=\"127.0.0.1:",
                "--cluster.listen-address=");
        assertThat(text).doesNotContain("0.0.0.0");
    }
}
