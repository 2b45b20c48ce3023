package dev.driftwatch.smoke;

import dev.driftwatch.config.HasSecrets;
import dev.driftwatch.config.Secret;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One declared HTTP request and what its answers must look like.
 *
 * @param headers       request headers; all values are {@link Secret}s ({@code Authorization: Bearer ${KEY}}), and
 *                      those of credential headers ({@link #secrets()}) are scrubbed from every output
 * @param repeat        how many requests to send in a row (2 for "the second request of an rpm-1 key is 429")
 * @param expect        what every answer but a separately expected last one must look like
 * @param expectLast    what the last of {@code repeat} answers must look like; null when {@code expect} covers it
 */
public record SmokeSettings(String method, URI url, Map<String, Secret> headers, String body, int repeat,
                            Expectation expect, Expectation expectLast, boolean followRedirects) implements HasSecrets {

    /** The URL as reasons show it: no user info, no query (either may carry a credential). */
    public String display() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                + (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath());
    }

    /** A header whose name says it carries a credential. Other header values (Origin, methods) are not scrubbed. */
    static boolean credential(String header) {
        String h = header.toLowerCase(java.util.Locale.ROOT);
        return h.equals("authorization") || h.equals("proxy-authorization") || h.equals("cookie")
                || h.contains("key") || h.contains("token") || h.contains("secret");
    }

    @Override
    public List<Secret> secrets() {
        return headers.entrySet().stream().filter(e -> credential(e.getKey())).flatMap(e -> {
            String v = e.getValue().reveal();
            // "Bearer sk-..." : the credential alone must be scrubbed too, wherever it shows up
            int space = v.indexOf(' ');
            return space > 0 ? java.util.stream.Stream.of(e.getValue(), new Secret(v.substring(space + 1))) : java.util.stream.Stream.of(e.getValue());
        }).toList();
    }
}
