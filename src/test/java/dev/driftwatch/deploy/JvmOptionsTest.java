package dev.driftwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.testsupport.Command;
import dev.driftwatch.testsupport.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every way the project starts the daemon uses the same JVM options: deploy/jvm.options, passed to java as an
 * argument file, and no start sets heap or GC options of its own that would differ.
 */
class JvmOptionsTest {
    private static final Path ROOT = PostgresServer.PROJECT;
    private static final Pattern OWN_SIZING = Pattern.compile("-Xm[xs]\\d|-XX:\\+Use\\w+GC|MaxRAMPercentage");

    private static String read(String path) throws IOException {
        return Files.readString(ROOT.resolve(path));
    }

    private static List<String> options() throws IOException {
        return Files.readAllLines(ROOT.resolve("deploy/jvm.options")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    @Test
    void theOptionsBoundHeapThreadsAndOffHeapMemoryAndThisJvmAcceptsThem() throws IOException {
        assertThat(options()).anyMatch(o -> o.startsWith("-Xmx")).anyMatch(o -> o.startsWith("-Xss"))
                .anyMatch(o -> o.startsWith("-XX:MaxMetaspaceSize=")).anyMatch(o -> o.startsWith("-XX:ReservedCodeCacheSize="))
                .anyMatch(o -> o.startsWith("-XX:MaxDirectMemorySize=")).contains("-XX:+ExitOnOutOfMemoryError");
        Command.Result version = Command.run(ROOT, List.of("java", "@deploy/jvm.options", "-version"));
        assertThat(version.ok()).as(version.output()).isTrue();
    }

    @Test
    void everyStartOfTheDaemonPassesTheOptionsFile() throws IOException {
        assertThat(read("bin/run-local")).contains("exec java @deploy/jvm.options ${JAVA_OPTS:-} -jar");
        assertThat(read("deploy/local/stack.sh")).contains("java @deploy/jvm.options ${JAVA_OPTS:-} -jar");
        String dockerfile = read("deploy/container/Dockerfile");
        assertThat(dockerfile).contains("COPY --chown=root:root deploy/jvm.options /opt/driftwatch/jvm.options")
                .contains("exec java @/opt/driftwatch/jvm.options $JAVA_OPTS -jar");
        assertThat(read("deploy/systemd/driftwatch.service"))
                .contains("ExecStart=/usr/bin/java @/opt/driftwatch/jvm.options $JAVA_OPTS -jar /opt/driftwatch/quarkus-run.jar");
        assertThat(read("README.md")).contains("java @deploy/jvm.options -jar target/quarkus-app/quarkus-run.jar")
                .contains("## Sizing");
        assertThat(read("deploy/kubernetes/deployment.yaml")).as("the image's entrypoint, with its options, is not replaced")
                .doesNotContainPattern("(?m)^\\s+(command|args):").doesNotContain("JAVA_OPTS");
    }

    @Test
    void noStartSizesTheJvmItsOwnWay() throws IOException {
        for (String path : List.of("bin/run-local", "deploy/local/stack.sh", "deploy/container/Dockerfile",
                "deploy/systemd/driftwatch.service", "deploy/kubernetes/deployment.yaml")) {
            String text = read(path).lines().filter(l -> !l.stripLeading().startsWith("#")).reduce("", (a, b) -> a + "\n" + b);
            assertThat(OWN_SIZING.matcher(text).find()).as(path + " sets JVM sizing outside deploy/jvm.options").isFalse();
        }
    }
}
