package dev.driftwatch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.probe.OutboundFailure;
import jakarta.ws.rs.ProcessingException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The pieces of an answer that the fake providers cannot produce on this machine (a failed DNS lookup, TLS) or that
 * deserve exact cases: Retry-After forms, error bodies, transport failures.
 */
class ProviderAnswersTest {
    private static final URI BASE = URI.create("https://api.example-llm.test/v1");

    @Test
    void aTransportFailureIsUnverifiable() {
        ProcessingException e = new ProcessingException(new UnknownHostException("api.example-llm.test: secret-ish detail"));
        String failure = OutboundFailure.of(e, OutboundFailure.hostPort(BASE), Duration.ofSeconds(4)).describe();
        assertThat(ResponseClassifier.classify(ProviderType.OPENAI, "/v1/models", HttpOutcome.failed(failure)).status())
                .isEqualTo(Verification.Status.UNVERIFIABLE);
    }

    @Test
    void retryAfterIsReadInSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(RetryAfter.parse("120", now)).isEqualTo(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse("Thu, 01 Jan 2026 00:00:30 GMT", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Wed, 31 Dec 2025 23:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", now)).isNull();
        assertThat(RetryAfter.parse(null, now)).isNull();
    }

    @Test
    void errorBodiesGiveTheirTypeAndNeverTheirMessage() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(ErrorBody.of(json.readTree("{\"error\": {\"message\": \"Incorrect API key provided: sk-abc\", "
                + "\"type\": \"invalid_request_error\", \"code\": \"invalid_api_key\"}}")).identifiers())
                .containsExactly("invalid_api_key", "invalid_request_error");
        assertThat(ErrorBody.of(json.readTree("{\"type\": \"error\", \"error\": {\"type\": \"authentication_error\", "
                + "\"message\": \"invalid x-api-key\"}}")).type()).isEqualTo("authentication_error");
        assertThat(ErrorBody.of(json.readTree("{\"error\": {\"code\": 401, \"message\": \"No auth credentials found\"}}")).type()).isNull();
        assertThat(ErrorBody.of(json.readTree("{\"error\": {\"type\": \"a value with spaces that is really a message\"}}")).type()).isNull();
        assertThat(ErrorBody.of(json.readTree("[1, 2]")).type()).isNull();
    }

    @Test
    void anUndocumentedStatusIsUnverifiableAndHintsAtTheBaseUrl() {
        Verification v = ResponseClassifier.classify(ProviderType.OPENAI_COMPATIBLE, "/v1/models",
                HttpOutcome.response(404, "<html>not found</html>", null));
        assertThat(v.status()).isEqualTo(Verification.Status.UNVERIFIABLE);
        assertThat(v.reason()).isEqualTo("cannot verify: openai-compatible answered 404 to GET /v1/models "
                + "(not an answer the provider documents for this request; is baseUrl right?)");
    }

    @Test
    void aSuccessWithoutTheDocumentedBodyIsUnverifiable() {
        Verification v = ResponseClassifier.classify(ProviderType.GEMINI, "/v1beta/models",
                HttpOutcome.response(200, "{\"data\": []}", null));
        assertThat(v.status()).isEqualTo(Verification.Status.UNVERIFIABLE);
        assertThat(v.reason()).isEqualTo("cannot verify: gemini answered 200 to GET /v1beta/models with a body that is not "
                + "the documented one (no models array)");
    }
}
