package dev.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class RedactingLogFilterTest {
    private final Secret password = new Secret("hunter2-correct-horse");
    private final Redactor redactor = new Redactor(List.of(password));

    @Test
    void aFormattedMessageLosesTheSecretAndItsParameters() {
        ExtLogRecord record = new ExtLogRecord(Level.FINE, "login with %s failed", ExtLogRecord.FormatStyle.PRINTF, "x");
        record.setParameters(new Object[] {password.reveal()});
        RedactingLogFilter.scrub(record, redactor);
        assertThat(record.getFormattedMessage()).isEqualTo("login with " + password.fingerprint() + " failed");
        assertThat(record.getParameters()).isNull();
    }

    @Test
    void aLineWithoutASecretIsLeftAlone() {
        Object[] parameters = {"public"};
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "schema %s ok", ExtLogRecord.FormatStyle.PRINTF, "x");
        record.setParameters(parameters);
        IllegalStateException thrown = new IllegalStateException("nothing secret");
        record.setThrown(thrown);
        RedactingLogFilter.scrub(record, redactor);
        assertThat(record.getMessage()).isEqualTo("schema %s ok");
        assertThat(record.getParameters()).isSameAs(parameters);
        assertThat(record.getThrown()).isSameAs(thrown);
    }

    @Test
    void aJulRecordIsFormattedThenScrubbed() {
        LogRecord record = new LogRecord(Level.WARNING, "key {0} refused");
        record.setParameters(new Object[] {password.reveal()});
        RedactingLogFilter.scrub(record, redactor);
        assertThat(record.getMessage()).isEqualTo("key " + password.fingerprint() + " refused");
        assertThat(record.getParameters()).isNull();
    }

    @Test
    void aThrownChainWithCyclesKeepsItsClassesAndFramesAndLosesTheSecret() {
        IllegalStateException top = new IllegalStateException("wrapped " + password.reveal());
        java.io.IOException cause = new java.io.IOException("cut " + password.reveal().substring(0, 14));
        top.initCause(cause);
        cause.addSuppressed(top); // a cycle a careless library can build
        ExtLogRecord record = new ExtLogRecord(Level.SEVERE, "failed", ExtLogRecord.FormatStyle.NO_FORMAT, "x");
        record.setThrown(top);
        RedactingLogFilter.scrub(record, redactor);
        Throwable copy = record.getThrown();
        assertThat(copy).isNotSameAs(top).hasMessage("wrapped " + password.fingerprint());
        assertThat(copy.getStackTrace()).isEqualTo(top.getStackTrace());
        StringWriter text = new StringWriter();
        copy.printStackTrace(new PrintWriter(text));
        assertThat(text.toString()).doesNotContain(password.reveal()).doesNotContain(password.reveal().substring(0, 12))
                .startsWith("java.lang.IllegalStateException: wrapped " + password.fingerprint())
                .contains("Caused by: java.io.IOException: cut " + password.fingerprint() + "…")
                .contains("CIRCULAR REFERENCE")
                .contains("at dev.driftwatch.config.RedactingLogFilterTest.aThrownChainWithCycles");
    }

    @Test
    void outsideTheDaemonNothingIsKnownAndEveryLinePasses() {
        LogRecord record = new LogRecord(Level.INFO, "plain");
        assertThat(new RedactingLogFilter().isLoggable(record)).isTrue();
        assertThat(record.getMessage()).isEqualTo("plain");
    }
}
