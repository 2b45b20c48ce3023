package dev.driftwatch.gate;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code driftwatch gate}: asks a driftwatch server whether an environment is healthy enough to release, prints the
 * reasons and exits 0 (pass; warn unless {@code --strict}), 1 (fail: verifiably wrong) or 2 (unknown: could not
 * verify, driftwatch unreachable, or a usage error). Self-contained on purpose: a CI job runs it with nothing but
 * a JDK 17+, without a build: {@code java GateCommand.java --url http://driftwatch:9464 --env production}.
 */
public final class GateCommand {
    public static final int PASS = 0;
    public static final int FAIL = 1;
    public static final int UNKNOWN = 2;
    /** The server's longest long poll; longer waits are several polls. */
    private static final Duration MAX_POLL = Duration.ofMinutes(5);
    private static final Duration PAUSE = Duration.ofSeconds(2);

    private final GateOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final int MAX_REDIRECTS = 5;
    /** Where the latest request was redirected (scheme and authority), null when the first address answered. */
    private String redirectedTo;

    private GateCommand(GateOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    public static void main(String... args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs the gate and returns its exit code; {@code environment} supplies the {@code DRIFTWATCH_*} defaults. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        GateOptions options;
        try {
            options = GateOptions.parse(args, environment);
        } catch (IllegalArgumentException e) {
            err.println("driftwatch gate: " + e.getMessage());
            err.println(GateOptions.USAGE);
            return UNKNOWN;
        }
        if (options.help()) {
            out.println(GateOptions.USAGE);
            return PASS;
        }
        try {
            return new GateCommand(options, out, err).gate();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("driftwatch gate: interrupted");
            return UNKNOWN;
        }
    }

    private int gate() throws InterruptedException {
        long deadline = System.nanoTime() + options.waitFor().toNanos();
        if (options.probe()) {
            Integer refused = probe();
            if (refused != null) {
                return refused;
            }
        }
        String lastVerdict = null;
        String lastProblem = null;
        while (true) {
            Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            Duration poll = remaining.compareTo(MAX_POLL) > 0 ? MAX_POLL : remaining;
            HttpResponse<String> response;
            try {
                response = send(HttpRequest.newBuilder(verdictUri(poll)).GET(), poll);
            } catch (IOException e) {
                lastProblem = unreachable() + ": " + describe(e);
                if (pause(deadline, lastProblem)) {
                    continue;
                }
                err.println("driftwatch gate: " + lastProblem);
                return UNKNOWN;
            }
            Map<String, Object> body = GateJson.object(response.body());
            Object verdict = body.get("verdict");
            if (verdict == null) {
                lastProblem = "driftwatch answered " + response.statusCode() + ": " + body.getOrDefault("error", response.body());
                if (response.statusCode() >= 500 && pause(deadline, lastProblem)) {
                    continue; // for example no environments file loaded yet: worth waiting for
                }
                err.println("driftwatch gate: " + lastProblem);
                return UNKNOWN;
            }
            int code = response.statusCode() == 200 ? PASS : exitCode(String.valueOf(verdict), body);
            List<String> unapplied = List.of();
            if (code == PASS && !options.migrations().isEmpty()) {
                MigrationsCheck check = migrations();
                code = check.code();
                unapplied = check.reasons();
            }
            if (code != PASS && System.nanoTime() < deadline) {
                String state = unapplied.isEmpty() ? String.valueOf(verdict) : String.join("; ", unapplied);
                if (!state.equals(lastVerdict)) {
                    err.println("driftwatch gate: " + options.env() + ": " + state + "; waiting up to "
                            + seconds(deadline) + "s for it to pass");
                    lastVerdict = state;
                }
                if (pause(deadline, null)) {
                    continue;
                }
            }
            report(response.body(), body, code, unapplied);
            return code;
        }
    }

    /** POST .../probe; null to go on to the verdict, else the exit code (the token or the request was refused). */
    private Integer probe() throws InterruptedException {
        String query = query(Map.of("checks", options.checks(), "strict", options.strict() ? "true" : ""));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/probe" + query))
                .header("Authorization", "Bearer " + options.token()).POST(HttpRequest.BodyPublishers.noBody());
        try {
            HttpResponse<String> response = send(request, Duration.ofMinutes(2));
            Map<String, Object> body = GateJson.object(response.body());
            switch (response.statusCode()) {
                case 200, 503 -> {
                    if (body.containsKey("verdict")) {
                        err.println("driftwatch gate: probed " + options.env() + " now");
                        return null;
                    }
                }
                case 429 -> {
                    err.println("driftwatch gate: " + options.env() + " was probed moments ago (429); using its latest observations");
                    return null;
                }
                default -> {
                }
            }
            err.println("driftwatch gate: probe refused (" + response.statusCode() + "): " + body.getOrDefault("error", response.body()));
            return UNKNOWN;
        } catch (IOException e) {
            err.println("driftwatch gate: probe failed, " + unreachable() + ": " + describe(e));
            return options.waitFor().isZero() ? Integer.valueOf(UNKNOWN) : null;
        }
    }

    /** Why a 503 verdict blocks: fail is drift (1); unknown, or a strict warn without drift, could not be verified (2). */
    static int exitCode(String verdict, Map<String, Object> body) {
        return switch (verdict) {
            case "pass" -> PASS;
            case "fail" -> FAIL;
            case "warn" -> GateJson.list(body.get("checks")).stream()
                    .anyMatch(c -> c instanceof Map<?, ?> m && "drift".equals(m.get("state"))) ? FAIL : UNKNOWN;
            default -> UNKNOWN;
        };
    }

    /** What {@code --migrations} found: the exit code and, unless it passed, why. */
    private record MigrationsCheck(int code, List<String> reasons) {
    }

    /**
     * Every migration file of the release must be among the versions the environment's migrations check saw applied,
     * whatever driftwatch's own copy of the directory holds.
     */
    private MigrationsCheck migrations() throws InterruptedException {
        List<String> local;
        try {
            local = GateOptions.migrationFiles(options.migrations());
        } catch (IOException e) {
            return new MigrationsCheck(UNKNOWN, List.of("--migrations: cannot list " + options.migrations() + ": " + describe(e)));
        }
        Map<String, Object> detail;
        try {
            detail = GateJson.object(send(HttpRequest.newBuilder(URI.create(base())).GET(), Duration.ZERO).body());
        } catch (IOException e) {
            return new MigrationsCheck(UNKNOWN, List.of(unreachable() + ": " + describe(e)));
        }
        List<String> applied = null;
        for (Object c : GateJson.list(detail.get("checks"))) {
            if (c instanceof Map<?, ?> check && "migrations".equals(check.get("kind"))
                    && check.get("observation") instanceof Map<?, ?> o && o.get("details") instanceof Map<?, ?> d
                    && d.get("appliedVersions") instanceof List<?> versions) {
                applied = versions.stream().map(String::valueOf).toList();
            }
        }
        if (applied == null) {
            return new MigrationsCheck(UNKNOWN, List.of("--migrations: " + options.env()
                    + " has no migrations check with a recent answer listing the applied versions"));
        }
        List<String> missing = new ArrayList<>();
        for (String file : local) {
            if (!applied.contains(file.substring(0, file.indexOf('_')))) {
                missing.add(file);
            }
        }
        return missing.isEmpty() ? new MigrationsCheck(PASS, List.of())
                : new MigrationsCheck(FAIL, List.of(missing.size() + " migration file(s) of this release not applied in "
                + options.env() + ": " + String.join(", ", missing)));
    }

    private void report(String raw, Map<String, Object> body, int code, List<String> extra) {
        if (options.json()) {
            out.println(raw);
            extra.forEach(err::println);
            return;
        }
        String verdict = String.valueOf(body.get("verdict"));
        String word;
        String what;
        switch (code) {
            case PASS -> {
                word = verdict.equals("warn") ? "WARN" : "PASS";
                what = "release may proceed";
            }
            case FAIL -> {
                word = "FAIL";
                what = "blocked: the environment is verifiably wrong";
            }
            default -> {
                word = "UNKNOWN";
                List<String> blind = blind(body);
                what = "blocked: cannot verify " + (!extra.isEmpty() ? "the migrations of this release"
                        : blind.isEmpty() ? "the environment" : String.join(", ", blind));
            }
        }
        out.println("driftwatch gate: " + body.get("environment") + ": " + word + " (exit " + code + ", " + what + ")");
        extra.forEach(reason -> out.println("  - " + reason));
        if (extra.isEmpty() || !verdict.equals("pass")) {
            for (Object reason : GateJson.list(body.get("reasons"))) {
                out.println("  - " + reason);
            }
        }
    }

    /** The checks of a verdict body that could not see: unknown, stale or missing. */
    static List<String> blind(Map<String, Object> body) {
        List<String> out = new ArrayList<>();
        for (Object c : GateJson.list(body.get("checks"))) {
            if (c instanceof Map<?, ?> m && List.of("unknown", "stale", "missing").contains(String.valueOf(m.get("state")))) {
                out.add(String.valueOf(m.get("check")));
            }
        }
        return out;
    }

    /**
     * Sends the request, following a sharded driftwatch's 307/308 to the replica that probes the environment with the
     * same method, headers (the token too: the replicas are one service) and body, at most {@value #MAX_REDIRECTS} times.
     */
    private HttpResponse<String> send(HttpRequest.Builder request, Duration serverWait) throws IOException, InterruptedException {
        request.timeout(serverWait.plusSeconds(30)).header("Accept", "application/json");
        HttpRequest next = request.build();
        redirectedTo = null;
        for (int hop = 0; ; hop++) {
            HttpResponse<String> response = http.send(next, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            int status = response.statusCode();
            java.util.Optional<String> location = response.headers().firstValue("Location");
            if ((status != 307 && status != 308) || location.isEmpty()) {
                return response;
            }
            URI to;
            try {
                to = next.uri().resolve(location.get().strip());
            } catch (IllegalArgumentException e) {
                throw new IOException("redirected to a bad Location (" + e.getMessage() + ")");
            }
            if (!"http".equals(to.getScheme()) && !"https".equals(to.getScheme())) {
                throw new IOException("redirected to a Location that is no http(s) URL");
            }
            if (hop == MAX_REDIRECTS) {
                throw new IOException("more than " + MAX_REDIRECTS + " redirects (replicas with different driftwatch.shards?)");
            }
            redirectedTo = to.getScheme() + "://" + to.getRawAuthority();
            next = HttpRequest.newBuilder(next, (name, value) -> true).uri(to).build();
        }
    }

    /** The address that did not answer: the owner's after a redirect, as the operator needs to know which replica is down. */
    private String unreachable() {
        return "driftwatch unreachable at " + (redirectedTo == null ? options.url()
                : redirectedTo + " (the replica that probes " + options.env() + ", redirected from " + options.url() + ")");
    }

    private URI verdictUri(Duration poll) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("checks", options.checks());
        params.put("maxAge", options.maxAge());
        params.put("since", options.since());
        params.put("strict", options.strict() ? "true" : "");
        params.put("wait", poll.toMillis() >= 1000 ? poll.toMillis() + "ms" : "");
        return URI.create(base() + "/verdict" + query(params));
    }

    private String base() {
        return options.url().replaceAll("/+$", "") + "/api/v1/environments/" + encode(options.env());
    }

    private static String query(Map<String, String> params) {
        List<String> parts = new ArrayList<>();
        params.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                parts.add(k + "=" + encode(v));
            }
        });
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Sleeps a little before the next try; false when the deadline leaves no time for one. */
    private boolean pause(long deadline, String problem) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        if (problem != null) {
            err.println("driftwatch gate: " + problem + "; retrying for " + seconds(deadline) + "s");
        }
        Thread.sleep(Math.max(1, Math.min(PAUSE.toMillis(), left / 1_000_000)));
        return true;
    }

    private static long seconds(long deadline) {
        return Math.max(0, (deadline - System.nanoTime()) / 1_000_000_000L);
    }

    /** Why a request failed, as a person fixing it needs it: the innermost cause with a message, named. */
    static String describe(Exception e) {
        Throwable cause = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof java.net.http.HttpConnectTimeoutException) {
                return "connection timed out";
            }
            if (t instanceof java.net.http.HttpTimeoutException) {
                return "no answer in time (" + t.getMessage() + ")";
            }
            if (t instanceof java.net.ConnectException && (t.getMessage() == null || t.getMessage().isBlank())) {
                cause = t; // the JDK's HTTP client says nothing more than the class for a refused connection
            } else if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return cause instanceof java.net.ConnectException ? "connection refused (nothing listening there, or a firewall)"
                : cause.getClass().getSimpleName();
    }
}

/** The gate's command line: flags, with {@code DRIFTWATCH_URL}, {@code DRIFTWATCH_ENV} and {@code DRIFTWATCH_API_TOKEN} as defaults. */
record GateOptions(String url, String env, String checks, String maxAge, String since, Duration waitFor, boolean strict,
                   boolean probe, String token, boolean json, String migrations, boolean help) {
    private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h|d))+");
    private static final Duration MAX_DURATION = Duration.ofDays(365);
    static final String USAGE = """
            usage: driftwatch gate --url URL --env ENV [--checks IDS] [--max-age DUR] [--since TIME|now] [--wait DUR]
                                   [--strict] [--probe] [--token TOKEN] [--migrations DIR] [--json]
              --url       driftwatch base URL (default $DRIFTWATCH_URL), e.g. http://driftwatch:9464
              --env       environment name (default $DRIFTWATCH_ENV)
              --checks    comma-separated check ids or kinds that count, e.g. schema,migrations (default: all)
              --max-age   observations older than this count as unknown (default: each check's 2 x interval + timeout)
              --since     RFC 3339 time or 'now': only observations made after it count (a gate after a deploy)
              --wait      keep asking for up to this long until the verdict passes (e.g. 5m; default: ask once)
              --strict    warn blocks too
              --probe     run the checks now first (POST .../probe; needs the token)
              --token     API bearer token for --probe (default $DRIFTWATCH_API_TOKEN; prefer the variable)
              --migrations  also require every DIR/<version>_<name>.sql of this release to be applied,
                          as the environment's migrations check last saw (e.g. supabase/migrations)
              --json      print the verdict body as JSON instead of the summary
            exit: 0 pass (or warn without --strict), 1 fail (drift), 2 unknown, driftwatch unreachable, or bad usage""";

    static GateOptions parse(String[] args, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> flags = List.of("--strict", "--probe", "--json", "--help", "-h");
        List<String> valued = List.of("--url", "--env", "--checks", "--max-age", "--since", "--wait", "--token", "--migrations");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            if (flags.contains(name) && eq < 0) {
                values.put(name, "true");
            } else if (valued.contains(name)) {
                if (eq < 0 && i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                values.put(name, eq > 0 ? arg.substring(eq + 1) : args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        boolean help = values.containsKey("--help") || values.containsKey("-h");
        String url = values.getOrDefault("--url", environment.getOrDefault("DRIFTWATCH_URL", ""));
        String env = values.getOrDefault("--env", environment.getOrDefault("DRIFTWATCH_ENV", ""));
        String token = values.getOrDefault("--token", environment.getOrDefault("DRIFTWATCH_API_TOKEN", ""));
        boolean probe = values.containsKey("--probe");
        if (!help) {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("--url: '" + url + "' is not an http(s) URL (or set DRIFTWATCH_URL)");
            }
            if (env.isBlank()) {
                throw new IllegalArgumentException("--env: required (or set DRIFTWATCH_ENV)");
            }
            if (probe && token.isBlank()) {
                throw new IllegalArgumentException("--probe: needs the API token (--token or DRIFTWATCH_API_TOKEN)");
            }
        }
        String maxAge = values.getOrDefault("--max-age", "");
        if (!maxAge.isEmpty()) {
            duration("--max-age", maxAge);
        }
        Duration wait = values.containsKey("--wait") ? duration("--wait", values.get("--wait")) : Duration.ZERO;
        return new GateOptions(url, env, values.getOrDefault("--checks", ""), maxAge, since(values.getOrDefault("--since", "")),
                wait, values.containsKey("--strict"), probe, token, values.containsKey("--json"),
                values.getOrDefault("--migrations", ""), help);
    }

    /** The {@code <version>_<name>.sql} files of a migrations directory, as the Supabase CLI names them, sorted. */
    static List<String> migrationFiles(String directory) throws IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(java.nio.file.Path.of(directory))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+_.+\\.sql")).sorted().toList();
        }
    }

    static String since(String value) {
        if (value.isEmpty()) {
            return "";
        }
        if (value.equals("now")) {
            return Instant.now().toString();
        }
        try {
            OffsetDateTime.parse(value);
            return value;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since: '" + value + "' is not 'now' or an RFC 3339 time such as 2026-11-26T10:00:00Z");
        }
    }

    /**
     * The daemon's duration syntax and bound (dev.driftwatch.config.Durations: at most 365d, numbers of at most 12
     * digits); repeated here because the gate runs as a single source file without the daemon's classes.
     */
    static Duration duration(String flag, String value) {
        if (!DURATION.matcher(value).matches()) {
            throw new IllegalArgumentException(flag + ": '" + value + "' is not a duration such as 90s, 5m or 1h");
        }
        Duration total = Duration.ZERO;
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(value);
        while (m.find()) {
            long n = m.group(1).length() > 12 ? Long.MAX_VALUE : Long.parseLong(m.group(1));
            total = n > 999_999_999_999L ? MAX_DURATION.plusDays(1) : total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            if (total.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(flag + ": '" + value + "' is longer than the longest duration accepted, 365d");
            }
        }
        return total;
    }

    @Override
    public String toString() {
        return "GateOptions[url=" + url + ", env=" + env + ", token=" + (token.isEmpty() ? "none" : "set") + "]";
    }
}

/** Just enough JSON for verdict bodies: objects, arrays, strings, numbers, booleans and null. */
final class GateJson {
    private final String text;
    private int at;

    private GateJson(String text) {
        this.text = text;
    }

    /** The body as an object; anything else (HTML from a proxy, an empty body) is an empty map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String text) {
        try {
            GateJson p = new GateJson(text == null ? "" : text);
            Object v = p.value();
            p.space();
            return v instanceof Map<?, ?> && p.at == p.text.length() ? (Map<String, Object>) v : Map.of();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    private Object value() {
        space();
        char c = text.charAt(at);
        switch (c) {
            case '{' -> {
                Map<String, Object> map = new LinkedHashMap<>();
                at++;
                space();
                if (text.charAt(at) == '}') {
                    at++;
                    return map;
                }
                do {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    map.put(key, value());
                    space();
                } while (text.charAt(at++) == ',');
                if (text.charAt(at - 1) != '}') {
                    throw new IllegalArgumentException("expected } at " + (at - 1));
                }
                return map;
            }
            case '[' -> {
                List<Object> list = new ArrayList<>();
                at++;
                space();
                if (text.charAt(at) == ']') {
                    at++;
                    return list;
                }
                do {
                    list.add(value());
                    space();
                } while (text.charAt(at++) == ',');
                if (text.charAt(at - 1) != ']') {
                    throw new IllegalArgumentException("expected ] at " + (at - 1));
                }
                return list;
            }
            case '"' -> {
                return string();
            }
            default -> {
                int start = at;
                while (at < text.length() && "{}[],: \t\r\n".indexOf(text.charAt(at)) < 0) {
                    at++;
                }
                String word = text.substring(start, at);
                return switch (word) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    case "null" -> null;
                    default -> Double.valueOf(word);
                };
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = text.charAt(at++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = text.charAt(at++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> sb.append(e);
            }
        }
    }

    private void expect(char c) {
        if (text.charAt(at) != c) {
            throw new IllegalArgumentException("expected " + c + " at " + at);
        }
        at++;
    }

    private void space() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }
}
