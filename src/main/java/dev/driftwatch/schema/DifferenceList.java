package dev.driftwatch.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** The differences found so far, and the walk over two keyed maps that every comparison uses. */
final class DifferenceList {
    private final List<Difference> out = new ArrayList<>();

    interface TriConsumer<A, B, C> {
        void accept(A a, B b, C c);
    }

    void add(DifferenceKind kind, String object, String expected, String actual, String parent, String name) {
        out.add(Difference.of(kind, object, expected, actual).at(parent, name));
    }

    void add(Difference difference) {
        out.add(difference);
    }

    /** Most severe first, then by object name. */
    List<Difference> sorted() {
        out.sort(Comparator.comparing(Difference::severity).reversed().thenComparing(Difference::object));
        return List.copyOf(out);
    }

    /** Calls {@code missing}, {@code extra} or {@code present} for each key of either map. */
    static <V> void both(Map<String, V> expected, Map<String, V> actual, BiConsumer<String, V> missing,
                         BiConsumer<String, V> extra, TriConsumer<String, V, V> present) {
        expected.forEach((k, e) -> {
            V a = actual.get(k);
            if (a == null) {
                missing.accept(k, e);
            } else {
                present.accept(k, e, a);
            }
        });
        actual.forEach((k, a) -> {
            if (!expected.containsKey(k)) {
                extra.accept(k, a);
            }
        });
    }
}
