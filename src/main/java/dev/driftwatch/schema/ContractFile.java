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

    /**
     * A parser's message without what it quoted from the file, which may be anything the file holds (a password
     * pasted by mistake): quotes longer than a format name become "…", and only the first line is kept.
     */
    private static String unquoted(String message) {
        String first = String.valueOf(message).lines().findFirst().orElse("")
                .replaceAll("'[^']{25,}'|\"[^\"]{25,}\"|`[^`]{25,}`|'[^']*$|\"[^\"]*$", "…");
        return first.length() > 160 ? first.substring(0, 160) + "…" : first;
    }

    /** Parses a contract; the message of the IllegalArgumentException says what is wrong and where. */
    static SchemaSnapshot parse(Path path) {
        try {
            return JSON.readValue(Files.readAllBytes(path), SchemaSnapshot.class);
        } catch (ValueInstantiationException e) {
            throw new IllegalArgumentException("not a driftwatch contract: " + unquoted(e.getCause().getMessage()));
        } catch (JsonProcessingException e) {
            String problem = e instanceof com.fasterxml.jackson.core.JsonParseException ? "not valid JSON" : unquoted(e.getOriginalMessage());
            throw new IllegalArgumentException("not a driftwatch contract: " + problem
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
