package dev.driftwatch.provider;

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
 * Names a failed request by what went wrong and where (host and port), never by the exception's message, which may
 * carry a URL or header.
 */
final class TransportFailures {
    private TransportFailures() {
    }

    static String describe(Throwable failure, URI baseUrl, Duration timeout) {
        String where = hostPort(baseUrl);
        if (interrupted(failure)) {
            return "no answer from " + where + " before the check's timeout";
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof UnknownHostException) {
                return "unknown host " + baseUrl.getHost() + " (DNS lookup failed)";
            }
            if (name.endsWith("ConnectTimeoutException")) {
                return "could not connect to " + where + " within " + Durations.format(timeout);
            }
            if (t instanceof ConnectException) {
                return "cannot connect to " + where + (says(t, "refused") ? " (connection refused)" : "");
            }
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException || name.endsWith("TimeoutException")) {
                return "no answer from " + where + " within " + Durations.format(timeout);
            }
            if (t instanceof SSLException) {
                return "TLS with " + where + " failed";
            }
            if (name.endsWith("HttpClosedException") || says(t, "Connection was closed")
                    || (t instanceof SocketException && says(t, "reset"))) {
                return "the connection to " + where + " was closed before a complete response";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "the request to " + where + " failed (" + failure.getClass().getSimpleName()
                + (root == failure ? "" : " caused by " + root.getClass().getSimpleName()) + ")";
    }

    /** True when the request ended because its thread was interrupted (the runner's deadline), not by the provider. */
    static boolean interrupted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private static boolean says(Throwable t, String text) {
        return t.getMessage() != null && t.getMessage().contains(text);
    }

    static String hostPort(URI baseUrl) {
        int port = baseUrl.getPort() > 0 ? baseUrl.getPort() : "http".equalsIgnoreCase(baseUrl.getScheme()) ? 80 : 443;
        return baseUrl.getHost() + ":" + port;
    }
}
