package dev.driftwatch.platform.postgres;

import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;

/**
 * A pgjdbc URL ({@code jdbc:postgresql://host:port/database?param=value}) as the connect options of the Vert.x
 * client, with pgjdbc's meaning of each parameter it accepts: {@code sslmode} defaults to {@code prefer}; {@code
 * disable}, {@code allow}, {@code prefer} and {@code require} encrypt when they do without verifying the server's
 * certificate (pgjdbc's LibPQFactory verifies only under {@code verify-ca} and {@code verify-full}); those two trust
 * {@code sslrootcert} (a PEM file, default {@code ~/.postgresql/root.crt}, or {@code system} for the JDK's trust
 * store), and {@code verify-full} checks the host name too. {@code user} and {@code password} in the URL win over
 * the configured ones, as in pgjdbc. A parameter it does not know is refused by name rather than ignored: a client
 * certificate or a second host left unread would connect differently than the operator asked.
 */
public final class PgOptions {
    private static final String PREFIX = "jdbc:postgresql://";
    /** pgjdbc parameters whose job the client does its own way (timeouts from the check, one application name). */
    private static final Set<String> IGNORED = Set.of("applicationname", "connecttimeout", "logintimeout", "sockettimeout",
            "tcpkeepalive", "preparethreshold", "preferquerymode", "ssl");
    /** The parameters read here. */
    private static final Set<String> READ = Set.of("user", "password", "sslmode", "sslrootcert", "sslfactory");
    private static final String NON_VALIDATING = "org.postgresql.ssl.NonValidatingFactory";

    private PgOptions() {
    }

    /** Connect options for {@code target}; an unusable URL is an {@link SQLException} (08001) naming the part. */
    public static PgConnectOptions of(PostgresDatabase target, Duration connectTimeout) throws SQLException {
        String url = target.url();
        if (url == null || !url.startsWith(PREFIX)) {
            throw invalid("is not a PostgreSQL JDBC URL (expected jdbc:postgresql://host:port/database)");
        }
        URI uri;
        try {
            uri = new URI(url.substring("jdbc:".length()));
        } catch (Exception e) {
            throw invalid("cannot be parsed as a URL");
        }
        if (uri.getHost() == null) {
            throw invalid("names no single host (several hosts, or none, are not supported)");
        }
        Map<String, String> params = params(uri.getRawQuery());
        String path = uri.getPath() == null ? "" : uri.getPath();
        String user = params.getOrDefault("user", target.user());
        String password = params.containsKey("password") ? params.get("password")
                : target.password() == null ? null : target.password().reveal();
        PgConnectOptions o = new PgConnectOptions()
                .setHost(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : 5432)
                .setDatabase(path.length() > 1 ? path.substring(1) : user)
                .setUser(user == null ? "" : user)
                .setPassword(password == null ? "" : password)
                .setCachePreparedStatements(false)
                .setPipeliningLimit(1)
                .setReconnectAttempts(0)
                .setTcpKeepAlive(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .addProperty("application_name", "driftwatch");
        for (String name : params.keySet()) {
            if (!READ.contains(name) && !IGNORED.contains(name.toLowerCase(Locale.ROOT))) {
                throw invalid("has the parameter '" + name + "', which driftwatch does not support"
                        + (name.startsWith("ssl") ? " (client certificates are not)" : ""));
            }
        }
        ssl(o, params);
        return o;
    }

    private static void ssl(PgConnectOptions o, Map<String, String> params) throws SQLException {
        String mode = params.getOrDefault("sslmode", "prefer");
        String factory = params.get("sslfactory");
        if (factory != null && !factory.equals(NON_VALIDATING)) {
            throw invalid("has sslfactory=" + factory + "; only " + NON_VALIDATING + " is supported");
        }
        switch (mode) {
            case "disable" -> o.setSslMode(SslMode.DISABLE);
            case "allow" -> o.setSslMode(SslMode.ALLOW).setTrustAll(true);
            case "prefer" -> o.setSslMode(SslMode.PREFER).setTrustAll(true);
            case "require" -> o.setSslMode(SslMode.REQUIRE).setTrustAll(true);
            case "verify-ca", "verify-full" -> {
                if (factory != null) {
                    throw invalid("has sslmode=" + mode + " with a non-validating sslfactory");
                }
                o.setSslMode(mode.equals("verify-ca") ? SslMode.VERIFY_CA : SslMode.VERIFY_FULL).setTrustOptions(trust(params.get("sslrootcert")));
                if (mode.equals("verify-full")) {
                    o.setHostnameVerificationAlgorithm("HTTPS");
                }
            }
            default -> throw invalid("has sslmode=" + mode + " (expected disable, allow, prefer, require, verify-ca or verify-full)");
        }
    }

    private static TrustOptions trust(String rootCert) throws SQLException {
        if ("system".equals(rootCert)) {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                return TrustOptions.wrap(tmf.getTrustManagers()[0]);
            } catch (Exception e) {
                throw invalid("has sslrootcert=system but the JDK's trust store cannot be read");
            }
        }
        Path file = rootCert != null ? Path.of(rootCert) : Path.of(System.getProperty("user.home"), ".postgresql", "root.crt");
        if (!Files.isReadable(file)) {
            throw invalid("verifies the server's certificate, but its root certificate "
                    + (rootCert != null ? "sslrootcert=" + rootCert : "~/.postgresql/root.crt (no sslrootcert given)") + " is not a readable file");
        }
        return new PemTrustOptions().addCertPath(file.toString());
    }

    private static Map<String, String> params(String query) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                out.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw invalid("has a parameter that is not URL-encoded");
            }
        }
        return out;
    }

    private static SQLException invalid(String what) {
        return new SQLException("the database URL " + what, "08001");
    }
}
