package dev.driftwatch.monitoring;

import dev.driftwatch.probe.Series;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every {@link Series} declared in the main code: the {@code static final Series} constants of the
 * {@code <Kind>Series} classes (and {@code metrics/DaemonSeries}), read from the compiled classes.
 */
final class SeriesDeclarations {
    private static final Path CLASSES = Path.of("target/classes");

    private SeriesDeclarations() {
    }

    static List<Series> all() {
        List<Series> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES.resolve("dev/driftwatch"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("Series.class")).toList()) {
                String name = CLASSES.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                out.addAll(constants(Class.forName(name)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        out.sort(Comparator.comparing(Series::name));
        return out;
    }

    private static List<Series> constants(Class<?> type) {
        List<Series> out = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            if (field.getType() == Series.class && Modifier.isStatic(field.getModifiers())) {
                try {
                    field.setAccessible(true);
                    out.add((Series) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    /** The name of the series' family in the text format's {@code # HELP} line: a counter's is without {@code _total}. */
    static String family(Series s) {
        return s.type() == Series.Type.COUNTER ? s.exported().substring(0, s.exported().length() - "_total".length()) : s.exported();
    }

    /** The names Prometheus stores: a histogram's {@code _bucket}, {@code _sum} and {@code _count}, a gauge's own. */
    static List<String> scrapedNames(Series s) {
        return s.type() == Series.Type.HISTOGRAM
                ? List.of(s.exported() + "_bucket", s.exported() + "_sum", s.exported() + "_count")
                : List.of(s.exported());
    }
}
