package dev.driftwatch.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import dev.driftwatch.platform.postgres.Sql;
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

    /** Every part of the catalog the snapshot holds; parameters: schemas ($1), roles ($2). */
    static final String CATALOG_QUERY = resource("catalog.sql");

    /**
     * A fingerprint of every catalog row the catalog query (and the definition functions it calls) can read: each
     * catalog's row versions ({@code xmin}), and the roles' names. Any committed change to such a row writes a row
     * version with a transaction id not there before, and a deleted row leaves the list, so the fingerprint of a
     * changed catalog differs; a vacuum that freezes or moves rows changes it too, which costs a full read, never a
     * missed change. Only the rows of objects created after initdb ({@code oid >= 16384}, PostgreSQL's
     * FirstNormalObjectId, read through each catalog's oid index) are listed, except for the few small catalogs whose
     * built-in rows a schema can change ({@code public} is a built-in namespace): built-in types, functions and
     * operators change only by a superuser renaming them, which the full read every {@link #FULL_READ_EVERY} runs
     * sees. It builds no definition and reads a few pages per catalog: a fraction of the catalog query's cost in
     * the database (docs/configuration.md).
     */
    static final String FINGERPRINT_QUERY = resource("catalog-fingerprint.sql");

    /**
     * The catalog query wrapped so that the server hashes its answer and sends the JSON only when the hash differs
     * from the caller's previous one: an unchanged schema costs the query, not the transfer and parsing. The
     * fingerprint is taken in the same statement, so it is never newer than the answer it stands for. Parameters:
     * schemas, roles, the previous hash.
     * OFFSET 0 keeps the planner from evaluating the catalog query twice (once for the hash, once for the JSON).
     */
    static final String CHANGED_QUERY = "SELECT f, h, CASE WHEN h IS DISTINCT FROM $3 THEN j END FROM (SELECT ("
            + FINGERPRINT_QUERY + ") AS f, j, md5(j) AS h FROM (" + CATALOG_QUERY + " OFFSET 0) AS c(j)) AS x";

    /**
     * Even with an unchanged fingerprint, every this many reads the catalog query runs in full: a bound on how long
     * a change outside the fingerprinted catalogs could stay unseen.
     */
    static final int FULL_READ_EVERY = 20;

    /**
     * A read: the catalog's fingerprint, the hash of the catalog answer, the snapshot when it differs from the
     * previous read (else null), and how many reads in a row were answered by the fingerprint alone.
     */
    public record Read(String fingerprint, String hash, SchemaSnapshot snapshot, int byFingerprint) {
        /** This read with the previous read's snapshot, when it answered none (unchanged). */
        public Read withSnapshot(SchemaSnapshot kept) {
            return new Read(fingerprint, hash, kept, byFingerprint);
        }
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

    public static SchemaSnapshot read(Sql sql, List<String> schemas) throws SQLException {
        return read(sql, schemas, DEFAULT_ROLES);
    }

    public static SchemaSnapshot read(Sql sql, List<String> schemas, List<String> roles) throws SQLException {
        return readIfChanged(sql, schemas, roles, null).snapshot();
    }

    /** Reads the snapshot only if the catalog changed since {@code previous} (null: always). */
    public static Read readIfChanged(Sql sql, List<String> schemas, Read previous) throws SQLException {
        return readIfChanged(sql, schemas, DEFAULT_ROLES, previous);
    }

    /**
     * Reads the snapshot only if the catalog changed since {@code previous} (null: always). An unchanged catalog is
     * answered by its fingerprint alone (snapshot null), except every {@link #FULL_READ_EVERY}th read, which runs
     * the catalog query (and still sends no snapshot when the answer's hash is the previous one).
     */
    public static Read readIfChanged(Sql sql, List<String> schemas, List<String> roles, Read previous)
            throws SQLException {
        if (previous != null && previous.fingerprint() != null && previous.byFingerprint() < FULL_READ_EVERY - 1) {
            if (previous.fingerprint().equals(sql.row(FINGERPRINT_QUERY)[0])) {
                return new Read(previous.fingerprint(), previous.hash(), null, previous.byFingerprint() + 1);
            }
        }
        String previousHash = previous == null ? null : previous.hash();
        CatalogJson.InconsistentReadException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String fingerprint;
            String hash;
            String json;
            try {
                String[] row = sql.row(CHANGED_QUERY, schemas, roles, previousHash);
                fingerprint = row[0];
                hash = row[1];
                json = row[2];
            } catch (SQLException e) {
                if (!raced(e)) {
                    throw e;
                }
                last = new CatalogJson.InconsistentReadException(firstLine(e.getMessage()));
                continue;
            }
            if (json == null) {
                return new Read(fingerprint, hash, null, 0);
            }
            try {
                return new Read(fingerprint, hash, CatalogJson.toSnapshot(JSON.readTree(json), schemas), 0);
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
