package dev.driftwatch.probe;

import dev.driftwatch.config.Durations;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Why an outbound request (HTTP, Redis, a platform API) got no answer, in the one wording every transport uses:
 * what went wrong and where ({@code host:port}), never the exception's message, which may carry a URL or a header.
 *
 * @param kind   what went wrong
 * @param where  {@code host:port} of the server asked
 * @param within how long the request could wait ({@code 4s}, {@code the limiter timeout (800ms)}), for the timeouts
 * @param cause  the exception's class (and its root cause's) for {@link Kind#OTHER}, empty otherwise
 */
public record OutboundFailure(Kind kind, String where, String within, String cause) {

    public enum Kind {
        /** The host name does not resolve. */
        DNS,
        /** The server refused the connection (nothing listens on the port). */
        REFUSED,
        /** No connection for another reason (unreachable network, reset while connecting). */
        UNREACHABLE,
        /** No connection within the time allowed. */
        CONNECT_TIMEOUT,
        /** Connected, but no complete answer within the time allowed. */
        TIMEOUT,
        /** The request's thread was interrupted: the runner gave up on the check. */
        INTERRUPTED,
        /** The TLS handshake failed (an untrusted certificate, no common protocol). */
        TLS,
        /** The connection closed before a complete response. */
        CLOSED,
        /** Anything else. */
        OTHER
    }

    /** Classifies a failure by walking its cause chain; {@code timeout} is what the request was allowed. */
    public static OutboundFailure of(Throwable failure, String where, Duration timeout) {
        return of(failure, where, Durations.format(timeout));
    }

    /** As {@link #of(Throwable, String, Duration)}, with the allowance already in words. */
    public static OutboundFailure of(Throwable failure, String where, String within) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException) {
                return new OutboundFailure(Kind.INTERRUPTED, where, within, "");
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (t instanceof UnknownHostException) {
                return new OutboundFailure(Kind.DNS, where, within, "");
            }
            if (name.endsWith("ConnectTimeoutException")) {
                return new OutboundFailure(Kind.CONNECT_TIMEOUT, where, within, "");
            }
            if (t instanceof ConnectException) {
                return new OutboundFailure(says(t, "refused") ? Kind.REFUSED : Kind.UNREACHABLE, where, within, "");
            }
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException || name.endsWith("TimeoutException")) {
                return new OutboundFailure(Kind.TIMEOUT, where, within, "");
            }
            if (t instanceof SSLException) {
                return new OutboundFailure(Kind.TLS, where, within, "");
            }
            if (name.endsWith("HttpClosedException") || says(t, "Connection was closed") || says(t, "Connection closed")
                    || (t instanceof SocketException && says(t, "reset"))) {
                return new OutboundFailure(Kind.CLOSED, where, within, "");
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new OutboundFailure(Kind.OTHER, where, within, failure.getClass().getSimpleName()
                + (root == failure ? "" : " caused by " + root.getClass().getSimpleName()));
    }

    /** {@code host:port} of a URL, with the scheme's default port when it names none. */
    public static String hostPort(URI url) {
        int port = url.getPort() > 0 ? url.getPort() : "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
        return url.getHost() + ":" + port;
    }

    /** The one wording users read in reasons. */
    public String describe() {
        return switch (kind) {
            case DNS -> "unknown host " + host() + " (DNS lookup failed)";
            case REFUSED -> "cannot connect to " + where + " (connection refused)";
            case UNREACHABLE -> "cannot connect to " + where;
            case CONNECT_TIMEOUT -> "could not connect to " + where + " within " + within;
            case TIMEOUT -> "no answer from " + where + " within " + within;
            case INTERRUPTED -> "no answer from " + where + " before the check's timeout";
            case TLS -> "TLS with " + where + " failed";
            case CLOSED -> "the connection to " + where + " was closed before a complete response";
            case OTHER -> "the request to " + where + " failed (" + cause + ")";
        };
    }

    private String host() {
        int colon = where.lastIndexOf(':');
        return colon > 0 ? where.substring(0, colon) : where;
    }

    private static boolean says(Throwable t, String text) {
        return t.getMessage() != null && t.getMessage().contains(text);
    }

    @Override
    public String toString() {
        return describe();
    }
}
