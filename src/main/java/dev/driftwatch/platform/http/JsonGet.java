package dev.driftwatch.platform.http;

import dev.driftwatch.config.Secret;
import dev.driftwatch.probe.OutboundFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Authenticated GETs to a platform's management API (Vercel's deployment list, Supabase's branches) through one shared
 * {@link HttpClient}: the whole exchange, body included, within the time given, and a body cut off at
 * {@link #MAX_BODY} bytes (a runaway answer must not fill the heap). The token goes into the Authorization header only;
 * failures are worded by {@link OutboundFailure}, which never quotes the URL or a header.
 */
@ApplicationScoped
public class JsonGet {
    /** The largest body read: a list of 100 deployments is about 100 KiB. */
    public static final int MAX_BODY = 4 * 1024 * 1024;

    /**
     * What came back: a status and its body, or no answer ({@code failure} set, {@code status} 0).
     *
     * @param headers the response headers (Retry-After, X-RateLimit-Reset), empty when no answer came
     */
    public record Answer(int status, String body, HttpHeaders headers, String failure) {
        public boolean answered() {
            return failure == null;
        }

        public String header(String name) {
            return headers == null ? null : headers.firstValue(name).orElse(null);
        }

        /** The status and the body's size: a body may hold credentials (a branch's database password). */
        @Override
        public String toString() {
            return failure != null ? "no answer: " + failure : "HTTP " + status + ", " + (body == null ? 0 : body.length()) + " characters";
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** {@code GET uri} with {@code Authorization: Bearer <token>}; never throws except when interrupted. */
    public Answer get(URI uri, Secret token, Duration timeout) throws InterruptedException {
        String where = OutboundFailure.hostPort(uri);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                    .header("Authorization", "Bearer " + token.reveal()).GET().build();
        } catch (IllegalArgumentException e) {
            return new Answer(0, null, null, "cannot request " + where + " (the URL or the token is not valid in a request)");
        }
        CompletableFuture<HttpResponse<String>> future = client.sendAsync(request, info -> new Capped());
        try {
            HttpResponse<String> response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), response.body(), response.headers(), null);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Answer(0, null, null, OutboundFailure.of(e, where, timeout).describe());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TooLarge) {
                return new Answer(0, null, null, "the answer of " + where + " is larger than " + MAX_BODY / (1024 * 1024) + " MiB");
            }
            return new Answer(0, null, null, OutboundFailure.of(e.getCause() == null ? e : e.getCause(), where, timeout).describe());
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        }
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("body over the cap", null);
        }
    }

    /** Collects the body as UTF-8 text, failing (and cancelling the download) past {@link #MAX_BODY} bytes. */
    private static final class Capped implements HttpResponse.BodySubscriber<String> {
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (bytes.size() + b.remaining() > MAX_BODY) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
