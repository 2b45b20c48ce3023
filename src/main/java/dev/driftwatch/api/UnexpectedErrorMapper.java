package dev.driftwatch.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** Anything a resource did not expect: a 500 in JSON without a stack trace, logged once per kind per minute. */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {
    private final UnexpectedErrors errors;

    @Inject
    public UnexpectedErrorMapper(UnexpectedErrors errors) {
        this.errors = errors;
    }
    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Throwable e) {
        errors.log(e, uri == null ? "?" : "/" + uri.getPath().replaceFirst("^/", ""));
        return Response.status(500).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("status", 500, "error", StatusMessages.of(500))).build();
    }
}
