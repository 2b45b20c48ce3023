package dev.driftwatch.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.ConfigService;
import dev.driftwatch.config.Secret;
import dev.driftwatch.testsupport.Await;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Log lines that nothing scrubbed before they were logged (a value or the API token logged as is, a JDK exception quoting its input, a
 * driver-like error, a JUL record, a secret cut to a prefix) reach the DEBUG log file with fingerprints, never secrets.
 */
@QuarkusTest
@WithTestResource(HostileResource.class)
class HostileLogTest {
    private static final Logger LOG = Logger.getLogger("dev.driftwatch.hostile.LibraryLike");

    @Inject
    ConfigService config;

    @Test
    void everyLogLineAndStackTraceCarriesFingerprintsInsteadOfConfiguredSecrets() {
        Await.until(Duration.ofSeconds(20), () -> config.status() != null && config.status().lastReloadSuccess(),
                ok -> ok, "the config with the planted secrets runs");
        String db = HostileResource.DB_PASSWORD;
        String url = HostileResource.URL_SECRET;
        String start = "log-probe-start-" + UUID.randomUUID();
        String end = "log-probe-end-" + UUID.randomUUID();
        LOG.debug(start);
        LOG.debugf("connecting with password=%s and ApplicationName=%s", db, url);
        LOG.debugf("Authorization: Bearer %s", HostileResource.TOKEN);
        LOG.debugf("a message cut short: %s", db.substring(0, 16));
        try {
            URI.create("http://db.example/" + db + " " + url);
            throw new AssertionError("accepted");
        } catch (IllegalArgumentException e) {
            LOG.debug("the JDK refused a URL", e);
        }
        SQLException driver = new SQLException("FATAL: password authentication failed (" + db + ")");
        driver.addSuppressed(new IOException("while closing " + url));
        LOG.warn("probe failed", new IllegalStateException("wrapped " + url, driver));
        java.util.logging.Logger.getLogger("dev.driftwatch.hostile.Jul").log(java.util.logging.Level.FINE, "jul {0}", db);
        LOG.debug(end);

        Path file = Path.of(ConfigProvider.getConfig().getValue("dwtest.log-file", String.class));
        String log = Await.until(Duration.ofSeconds(10), () -> read(file), text -> text.contains(end), "the lines are written");
        String lines = log.substring(log.indexOf(start), log.indexOf(end));
        // booleans, so that a failure does not print the secrets it found; the lines are printed below only once clean
        for (String secret : List.of(db, url, db.substring(0, 12), url.substring(0, 12), HostileResource.TOKEN)) {
            assertThat(lines.contains(secret)).as("a planted secret (or its first 12 characters) in the log").isFalse();
        }
        String dbPrint = Secret.fingerprintOf(db);
        String urlPrint = Secret.fingerprintOf(url);
        assertThat(lines).contains("connecting with password=" + dbPrint + " and ApplicationName=" + urlPrint)
                .contains("a message cut short: " + dbPrint + "…")
                .contains("Authorization: Bearer " + Secret.fingerprintOf(HostileResource.TOKEN))
                .contains("jul " + dbPrint);
        assertThat(lines).as("the stack traces keep their classes and frames")
                .contains("java.lang.IllegalArgumentException: Illegal character in path")
                .contains("Caused by: java.net.URISyntaxException: Illegal character in path")
                .contains("at java.base/java.net.URI.create")
                .contains("java.lang.IllegalStateException: wrapped " + urlPrint)
                .contains("Caused by: java.sql.SQLException: FATAL: password authentication failed (" + dbPrint + ")")
                .contains("Suppressed: java.io.IOException: while closing " + urlPrint)
                .contains("HostileLogTest.everyLogLineAndStackTraceCarriesFingerprints");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
