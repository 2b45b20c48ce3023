package dev.driftwatch.testsupport.providers;

import dev.driftwatch.provider.ProviderType;
import dev.driftwatch.testsupport.providers.ProviderFixtures.Answer;
import dev.driftwatch.testsupport.providers.ProviderFixtures.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One provider's API on 127.0.0.1 and a free port, answering {@link ProviderFixtures} by the key a request carries
 * (in the header that provider documents). A key it was not told about is refused as the provider refuses a wrong
 * key. It serves only the provider's documented endpoint (and OpenRouter's public model list), counts the requests per
 * key, and can reset connections.
 */
public final class FakeProviderServer implements AutoCloseable {
    private final ProviderType type;
    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-provider");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Scenario> scenarios = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, List<Instant>> arrivals = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, List<String>> listed = new ConcurrentHashMap<>();
    private final List<Instant> modelListArrivals = new CopyOnWriteArrayList<>();
    private volatile Answer openRouterModels = ProviderFixtures.openRouterModels(List.of());

    private FakeProviderServer(ProviderType type) throws IOException {
        this.type = type;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::acceptLoop);
    }

    public static FakeProviderServer start(ProviderType type) {
        try {
            return new FakeProviderServer(type);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a fake " + type.label(), e);
        }
    }

    public ProviderType type() {
        return type;
    }

    /** The base URL to configure, with the base path the provider's SDKs use. */
    public String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort() + ProviderFixtures.basePath(type);
    }

    public FakeProviderServer answer(String key, Scenario scenario) {
        scenarios.put(key, scenario);
        return this;
    }

    /** The model ids a 200 list answer to {@code key} holds (providers whose key check lists models). */
    public FakeProviderServer lists(String key, List<String> ids) {
        listed.put(key, List.copyOf(ids));
        return this;
    }

    /** What OpenRouter's public model list answers from now on. */
    public FakeProviderServer openRouterModels(Answer answer) {
        openRouterModels = answer;
        return this;
    }

    /** Requests to OpenRouter's public model list (they carry no key). */
    public int modelListRequests() {
        return modelListArrivals.size();
    }

    /** When each request to OpenRouter's public model list arrived, oldest first. */
    public List<Instant> modelListArrivals() {
        return List.copyOf(modelListArrivals);
    }

    /** Requests to the documented endpoint that carried {@code key}. */
    public int requests(String key) {
        AtomicInteger n = requests.get(key);
        return n == null ? 0 : n.get();
    }

    /** When each request with {@code key} arrived, oldest first. */
    public List<Instant> arrivals(String key) {
        return List.copyOf(arrivals.getOrDefault(key, List.of()));
    }

    /** Every request this server read, whatever it carried. */
    public int totalRequests() {
        return total.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                threads.submit(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(10_000);
            Request request = Request.read(client.getInputStream());
            if (request == null) {
                return;
            }
            total.incrementAndGet();
            String key = keyOf(request);
            Answer answer;
            boolean modelList = type == ProviderType.OPENROUTER && request.path().equals(ProviderFixtures.basePath(type) + "/models");
            if (modelList && "GET".equals(request.method())) {
                modelListArrivals.add(Instant.now());
                answer = openRouterModels;
            } else if (!request.path().equals(ProviderFixtures.basePath(type) + type.path()) || !"GET".equals(request.method())) {
                answer = ProviderFixtures.notFound();
            } else if (type == ProviderType.ANTHROPIC && request.header("anthropic-version") == null) {
                answer = Answer.json(400, "{\"type\": \"error\", \"error\": {\"type\": \"invalid_request_error\", "
                        + "\"message\": \"anthropic-version: header is required\"}}");
            } else {
                if (key != null) {
                    requests.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                    arrivals.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(Instant.now());
                }
                Scenario scenario = key == null ? null : scenarios.get(key);
                if (scenario == null) {
                    scenario = type == ProviderType.GEMINI ? Scenario.GEMINI_KEY_INVALID_400 : Scenario.UNAUTHORIZED_401;
                }
                if (scenario == Scenario.RESET) {
                    client.setSoLinger(true, 0);
                    return;
                }
                if (scenario == Scenario.SLOW) {
                    Thread.sleep(ProviderFixtures.SLOW_DELAY.toMillis());
                }
                answer = scenario == Scenario.MALFORMED_JSON ? ProviderFixtures.malformed(type)
                        : scenario == Scenario.OK && listed.containsKey(key) ? ProviderFixtures.modelList(type, listed.get(key))
                        : ProviderFixtures.answer(type, scenario, mask(key));
            }
            write(client.getOutputStream(), answer);
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String keyOf(Request request) {
        return switch (type) {
            case ANTHROPIC -> request.header("x-api-key");
            case GEMINI -> request.header("x-goog-api-key");
            default -> {
                String auth = request.header("authorization");
                yield auth != null && auth.startsWith("Bearer ") ? auth.substring("Bearer ".length()) : null;
            }
        };
    }

    /** The key as OpenAI echoes it in a 401: its start and its last four characters. */
    private static String mask(String key) {
        if (key == null || key.length() < 12) {
            return "***";
        }
        return key.substring(0, 3) + "*".repeat(key.length() - 7) + key.substring(key.length() - 4);
    }

    private static void write(OutputStream out, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 " + answer.status() + " " + reasonPhrase(answer.status()) + "\r\n");
        head.append("Content-Type: application/json\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: close\r\n");
        answer.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The request line and headers of one HTTP/1.1 request (GET: no body). */
    private record Request(String method, String path, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        static Request read(InputStream in) throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int matched = 0;
            int b;
            while (matched < 4 && (b = in.read()) != -1) {
                buf.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
                if (buf.size() > 64 * 1024) {
                    return null;
                }
            }
            if (matched < 4) {
                return null;
            }
            String[] lines = buf.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            String[] first = lines[0].split(" ");
            if (first.length < 2) {
                return null;
            }
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
            }
            String target = first[1];
            int query = target.indexOf('?');
            return new Request(first[0], query < 0 ? target : target.substring(0, query), headers);
        }
    }
}
