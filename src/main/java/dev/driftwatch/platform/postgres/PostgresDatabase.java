package dev.driftwatch.platform.postgres;

import dev.driftwatch.config.Secret;
import java.net.URI;
import java.util.Properties;

/** Where a database is and who driftwatch connects as. Equal databases share one connection. */
public record PostgresDatabase(String url, String user, Secret password) {

    /**
     * pgjdbc's per-connection caches, bounded: a check sends a handful of statements, so the defaults (256 prepared
     * statements and 5 MiB, 65,536 metadata fields and 5 MiB, per connection) only cost memory across 1,000 connections.
     */
    public static void boundCaches(Properties props) {
        props.setProperty("preparedStatementCacheQueries", "16");
        props.setProperty("preparedStatementCacheSizeMiB", "1");
        props.setProperty("databaseMetadataCacheFields", "1024");
        props.setProperty("databaseMetadataCacheFieldsMiB", "1");
    }

    /** host:port/database, for reasons and logs: never the URL itself, which may carry credentials. */
    public String display() {
        try {
            URI uri = URI.create(url.substring("jdbc:".length()));
            String db = uri.getPath() == null ? "" : uri.getPath();
            return (uri.getHost() == null ? "?" : uri.getHost()) + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + db;
        } catch (RuntimeException e) {
            return "postgres";
        }
    }

    /** host:port of the server (5432 when the URL names no port), null when the URL names no host. */
    public String destination() {
        try {
            URI uri = URI.create(url.substring("jdbc:".length()));
            return uri.getHost() == null ? null : uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 5432);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Never the URL: its parameters and user info may carry credentials. */
    @Override
    public String toString() {
        return "PostgresDatabase[" + display() + ", user=" + user + ", password=" + password + "]";
    }
}
