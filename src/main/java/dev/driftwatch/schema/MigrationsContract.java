package dev.driftwatch.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * The expected state "what the migrations produce": the contract {@link ContractCommand} builds in a scratch
 * database, rebuilt in the background whenever a migration or {@code before} file changes. A build takes seconds,
 * longer than a check's timeout, so the check never waits for one: until it is done the expected state is absent.
 */
final class MigrationsContract implements AutoCloseable {
    private final ContractCommand.Options options;
    private final String password;
    private final UnaryOperator<SchemaSnapshot> interner;
    private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "driftwatch-contract-build");
        t.setDaemon(true);
        return t;
    });
    private String buildingFrom;
    private CompletableFuture<SchemaSnapshot> building;

    MigrationsContract(ContractCommand.Options options, String password, UnaryOperator<SchemaSnapshot> interner) {
        this.options = options;
        this.password = password;
        this.interner = interner;
    }

    /**
     * The contract of the files as they are now, or empty while it is being built.
     *
     * @throws IllegalStateException the files do not build (the message names file and line) or the scratch server failed
     */
    synchronized Optional<SchemaSnapshot> current() throws IOException {
        String files = fingerprint();
        if (building == null || !files.equals(buildingFrom)) {
            buildingFrom = files;
            building = CompletableFuture.supplyAsync(() -> {
                try {
                    return interner.apply(ContractCommand.build(options, password));
                } catch (ContractCommand.MigrationException | java.sql.SQLException | IOException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }, builder);
        }
        if (!building.isDone()) {
            return Optional.empty();
        }
        try {
            return Optional.of(building.get());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Names, sizes and modification times of every file the build reads. */
    private String fingerprint() throws IOException {
        List<Path> files = new ArrayList<>(options.before());
        for (String f : MigrationFiles.read(options.migrations()).values()) {
            files.add(options.migrations().resolve(f));
        }
        StringBuilder s = new StringBuilder();
        for (Path p : files) {
            s.append(p).append(' ').append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis()).append('\n');
        }
        return s.toString();
    }

    @Override
    public void close() {
        builder.shutdownNow();
    }
}
