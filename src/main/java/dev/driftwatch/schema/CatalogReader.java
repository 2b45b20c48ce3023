package dev.driftwatch.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads a {@link SchemaSnapshot} in one round trip: one statement whose single JSON value holds every part of the
 * catalog, so the cost in round trips is the same for 20 tables or 2,000.
 *
 * <p>The definition functions ({@code pg_get_indexdef}, {@code pg_get_constraintdef}, …) read the catalog caches,
 * not the statement's snapshot, so a read racing DDL can see a half-old picture: a definition that is null because
 * its object is already gone, an object whose table is not in the read, or a "cache lookup failed" error. Such a
 * read is thrown away and the statement re-run (at most {@link #ATTEMPTS} times), so no observation is ever made
 * from it; when every attempt raced, the read fails and the check is {@code unknown}, never a wrong difference.
 */
public final class CatalogReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int ATTEMPTS = 5;
    /** The roles whose grants are compared when the config names none: Supabase's API roles. */
    public static final List<String> DEFAULT_ROLES = List.of("anon", "authenticated", "service_role");

    /** Every part of the catalog the snapshot holds; parameters: schemas, roles. */
    static final String CATALOG_QUERY = resource("catalog.sql");

    /**
     * The catalog query wrapped so that the server hashes its answer and sends the JSON only when the hash differs
     * from the caller's previous one: an unchanged schema costs the query, not the transfer and parsing.
     * OFFSET 0 keeps the planner from evaluating the catalog query twice (once for the hash, once for the JSON).
     */
    static final String CHANGED_QUERY = "SELECT h, CASE WHEN h IS DISTINCT FROM ? THEN j END FROM (SELECT j, md5(j) AS h FROM ("
            + CATALOG_QUERY + " OFFSET 0) AS c(j)) AS x";

    /** The hash of the catalog answer, and the snapshot when it differs from the previous hash (else null). */
    public record Read(String hash, SchemaSnapshot snapshot) {
    }

    private CatalogReader() {
    }

    private static String resource(String name) {
        try (InputStream in = CatalogReader.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SchemaSnapshot read(Connection connection, List<String> schemas) throws SQLException {
        return read(connection, schemas, DEFAULT_ROLES);
    }

    public static SchemaSnapshot read(Connection connection, List<String> schemas, List<String> roles) throws SQLException {
        return readIfChanged(connection, schemas, roles, null).snapshot();
    }

    /** Reads the snapshot only if the catalog changed since the read that returned {@code previousHash} (null: always). */
    public static Read readIfChanged(Connection connection, List<String> schemas, String previousHash) throws SQLException {
        return readIfChanged(connection, schemas, DEFAULT_ROLES, previousHash);
    }

    public static Read readIfChanged(Connection connection, List<String> schemas, List<String> roles, String previousHash)
            throws SQLException {
        CatalogJson.InconsistentReadException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String hash;
            String json;
            try (PreparedStatement ps = connection.prepareStatement(CHANGED_QUERY)) {
                ps.setString(1, previousHash); // the hash's placeholder comes first in the statement's text
                ps.setArray(2, connection.createArrayOf("text", schemas.toArray()));
                ps.setArray(3, connection.createArrayOf("text", roles.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    hash = rs.getString(1);
                    json = rs.getString(2);
                }
            } catch (SQLException e) {
                if (!raced(e)) {
                    throw e;
                }
                last = new CatalogJson.InconsistentReadException(firstLine(e.getMessage()));
                continue;
            }
            if (json == null) {
                return new Read(hash, null);
            }
            try {
                return new Read(hash, CatalogJson.toSnapshot(JSON.readTree(json), schemas));
            } catch (IOException e) {
                throw new SQLException("the catalog query returned unreadable JSON: " + e.getMessage(), e);
            } catch (CatalogJson.InconsistentReadException e) {
                last = e;
                previousHash = null; // the next answer must carry its snapshot
            }
        }
        throw new SQLException("the catalog changed during each of " + ATTEMPTS + " reads (" + last.getMessage()
                + "); DDL is running", "40001");
    }

    /** A definition function found its object dropped after the statement's snapshot was taken. */
    static boolean raced(SQLException e) {
        return "XX000".equals(e.getSQLState()) && e.getMessage() != null && e.getMessage().contains("cache lookup failed");
    }

    private static String firstLine(String message) {
        return message.lines().findFirst().orElse(message);
    }
}
