package dev.driftwatch.discovery;

import dev.driftwatch.testsupport.DaemonResource;
import dev.driftwatch.testsupport.DebugLog;
import dev.driftwatch.testsupport.PostgresServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A daemon for the preview source: a private PostgreSQL standing in for staging's database ({@code app}) and for
 * every Supabase branch's database ({@code preview_feat_a}, {@code preview_feat_b}, built from the same migrations),
 * and an environments file with staging alone, which the test replaces once its Vercel and Supabase fixtures run.
 * Every driftwatch log line goes to a file ({@code dwtest.log-file}) for the secret scan.
 */
public class VercelSupabaseDaemonResource extends DaemonResource {
    static final String INITIAL_CONFIG = """
            interval: 1s
            timeout: 2s
            environments:
              staging:
                schema: {url: "jdbc:postgresql://127.0.0.1:%d/app", user: postgres}
            """;

    public VercelSupabaseDaemonResource() {
        super("driftwatch-previews-");
    }

    @Override
    protected String environments(Path dir, Map<String, String> properties) throws IOException {
        PostgresServer pg = own(PostgresServer.start());
        pg.createReferenceDatabase("app", PostgresServer.MIGRATIONS);
        pg.createReferenceDatabase("preview_feat_a", PostgresServer.MIGRATIONS);
        pg.createReferenceDatabase("preview_feat_b", PostgresServer.MIGRATIONS);
        properties.put("dwtest.pg-port", Integer.toString(pg.port()));
        properties.putAll(DebugLog.toFile(dir.resolve("driftwatch.log")));
        return INITIAL_CONFIG.formatted(pg.port());
    }
}
