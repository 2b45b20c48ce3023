package dev.driftwatch.schema;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One instance per distinct schema: a fleet of environments built from the same migrations holds one snapshot (and
 * one parsed contract) in memory instead of one per environment. Entries go when no check holds the snapshot.
 */
@ApplicationScoped
public class SnapshotInterner {
    private final Map<SchemaSnapshot, WeakReference<SchemaSnapshot>> known = new WeakHashMap<>();

    public synchronized SchemaSnapshot intern(SchemaSnapshot snapshot) {
        WeakReference<SchemaSnapshot> ref = known.get(snapshot);
        SchemaSnapshot existing = ref == null ? null : ref.get();
        if (existing != null) {
            return existing;
        }
        known.put(snapshot, new WeakReference<>(snapshot));
        return snapshot;
    }
}
