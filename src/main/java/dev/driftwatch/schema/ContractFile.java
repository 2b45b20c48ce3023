package dev.driftwatch.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** A contract file on disk, re-read when it changes so that a new contract takes effect at the next run. */
final class ContractFile {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path path;
    private final java.util.function.UnaryOperator<SchemaSnapshot> interner;
    private FileTime loadedAt;
    private SchemaSnapshot contract;

    ContractFile(Path path, java.util.function.UnaryOperator<SchemaSnapshot> interner) {
        this.path = path;
        this.interner = interner;
    }

    /** Parses a contract; the message of the IllegalArgumentException says what is wrong and where. */
    static SchemaSnapshot parse(Path path) {
        try {
            return JSON.readValue(Files.readAllBytes(path), SchemaSnapshot.class);
        } catch (ValueInstantiationException e) {
            throw new IllegalArgumentException("not a driftwatch contract: " + e.getCause().getMessage());
        } catch (JsonProcessingException e) {
            // the parser quotes what it read (which may be anything the file holds): keep its words, not its quotes
            String problem = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("")
                    .replaceAll("'[^']*'|\"[^\"]*\"|`[^`]*`", "…");
            throw new IllegalArgumentException("not a driftwatch contract: " + (problem.length() > 120 ? problem.substring(0, 120) + "…" : problem)
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getClass().getSimpleName());
        }
    }

    synchronized SchemaSnapshot current() throws IOException {
        FileTime modified = Files.getLastModifiedTime(path);
        if (contract == null || !modified.equals(loadedAt)) {
            contract = interner.apply(parse(path));
            loadedAt = modified;
        }
        return contract;
    }
}
