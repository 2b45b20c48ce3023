package dev.driftwatch.provider;

import dev.driftwatch.config.Secret;
import java.net.URI;

/** The environment's database as its {@code schema:} group names it, read for the app's catalog. */
record AppDatabase(String url, String user, Secret password) {

    /** host:port/database for reasons: never the URL itself, which may carry credentials. */
    String display() {
        try {
            URI uri = URI.create(url.substring("jdbc:".length()));
            return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + (uri.getPath() == null ? "" : uri.getPath());
        } catch (RuntimeException e) {
            return "the database of schema.url";
        }
    }
}
