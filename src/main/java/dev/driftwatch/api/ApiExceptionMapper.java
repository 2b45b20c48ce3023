package dev.driftwatch.api;

import dev.driftwatch.probe.EnvironmentEndpoint;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** Every API error, and every refusal of a kind's endpoint, is JSON: {@code {"status": 400, "error": "..."}}. */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<EnvironmentEndpoint.Refusal> {
    private final ResponseRedactor redactor;

    @Inject
    public ApiExceptionMapper(ResponseRedactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public Response toResponse(EnvironmentEndpoint.Refusal e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("status", e.status(), "error", redactor.scrub(e.getMessage())));
        e.headers().forEach(response::header);
        return response.build();
    }
}
