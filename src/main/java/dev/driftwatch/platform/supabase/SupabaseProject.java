package dev.driftwatch.platform.supabase;

import dev.driftwatch.config.Secret;
import java.net.URI;

/**
 * A Supabase project as the Management API reaches it: the API's base URL ({@code https://api.supabase.com}), a
 * personal access token and the project's ref (the 20-letter id in its URL).
 */
public record SupabaseProject(URI baseUrl, Secret token, String ref) {
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.supabase.com");
}
