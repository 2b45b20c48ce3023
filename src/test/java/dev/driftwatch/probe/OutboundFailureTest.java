package dev.driftwatch.probe;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The one wording of outbound failures, from the exceptions each transport (JAX-RS client, java.net.http, Lettuce) wraps them in. */
class OutboundFailureTest {
    private static final String WHERE = OutboundFailure.hostPort(URI.create("https://api.example-llm.test/v1"));
    private static final Duration FOUR_SECONDS = Duration.ofSeconds(4);

    private static String described(Throwable failure) {
        return OutboundFailure.of(failure, WHERE, FOUR_SECONDS).describe();
    }

    @Test
    void theHostAndPortAreNamedWithTheSchemesDefaultPort() {
        assertThat(WHERE).isEqualTo("api.example-llm.test:443");
        assertThat(OutboundFailure.hostPort(URI.create("http://127.0.0.1/x"))).isEqualTo("127.0.0.1:80");
        assertThat(OutboundFailure.hostPort(URI.create("redis://10.0.0.1:6380"))).isEqualTo("10.0.0.1:6380");
    }

    @Test
    void aFailedDnsLookupIsNamedWithoutTheExceptionMessage() {
        assertThat(described(new ProcessingException(new UnknownHostException("api.example-llm.test: secret-ish detail"))))
                .isEqualTo("unknown host api.example-llm.test (DNS lookup failed)");
    }

    @Test
    void connectionFailuresNameTheHostAndPortOnly() {
        assertThat(described(new ProcessingException(new ConnectException("Connection refused: /10.1.2.3:443"))))
                .isEqualTo("cannot connect to api.example-llm.test:443 (connection refused)");
        assertThat(described(new ConnectException("Network is unreachable"))).isEqualTo("cannot connect to api.example-llm.test:443");
        assertThat(described(new ProcessingException(new SSLHandshakeException("PKIX path"))))
                .isEqualTo("TLS with api.example-llm.test:443 failed");
        assertThat(described(new IOException(new SocketException("Connection reset"))))
                .isEqualTo("the connection to api.example-llm.test:443 was closed before a complete response");
        assertThat(described(new IllegalStateException("https://user:pw@host/")))
                .isEqualTo("the request to api.example-llm.test:443 failed (IllegalStateException)");
        assertThat(described(new ProcessingException("x", new IllegalArgumentException("secret"))))
                .isEqualTo("the request to api.example-llm.test:443 failed (ProcessingException caused by IllegalArgumentException)");
    }

    @Test
    void timeoutsSayHowLongTheRequestWaited() {
        assertThat(described(new HttpConnectTimeoutException("HTTP connect timed out")))
                .isEqualTo("could not connect to api.example-llm.test:443 within 4s");
        assertThat(described(new HttpTimeoutException("request timed out"))).isEqualTo("no answer from api.example-llm.test:443 within 4s");
        assertThat(OutboundFailure.of(new java.util.concurrent.TimeoutException(), WHERE, Duration.ofMillis(800)).describe())
                .isEqualTo("no answer from api.example-llm.test:443 within 800ms");
    }

    @Test
    void aRequestInterruptedAtTheChecksDeadlineIsNamedAsNoAnswer() {
        OutboundFailure f = OutboundFailure.of(new ProcessingException(new InterruptedException()), WHERE, FOUR_SECONDS);
        assertThat(f.kind()).isEqualTo(OutboundFailure.Kind.INTERRUPTED);
        assertThat(f.describe()).isEqualTo("no answer from api.example-llm.test:443 before the check's timeout");
    }

    @Test
    void theIoBudgetLeavesTheRunnerAFifthOfTheTimeout() {
        assertThat(Probe.ioBudget(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(4));
        assertThat(Probe.ioBudget(Duration.ofMillis(50))).isEqualTo(Duration.ofMillis(100));
    }
}
