package dev.driftwatch.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A tiny tmpfs to play a full disk (needs root, as the build runs here; tests assume it and skip otherwise). */
final class TinyDisk {
    private TinyDisk() {
    }

    static boolean mount(Path dir, String size) {
        return run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
    }

    static void unmount(Path dir) {
        run("umount", dir.toString());
    }

    /** Writes until the file system is full. */
    static void fill(Path file) throws IOException {
        byte[] block = new byte[1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 1_000_000; i++) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            return;
        }
        throw new IllegalStateException("the disk never filled up");
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
