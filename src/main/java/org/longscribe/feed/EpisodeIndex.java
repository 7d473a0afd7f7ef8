package org.longscribe.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.longscribe.store.AtomicOutput;
import org.longscribe.store.TempFiles;

/**
 * OUT_DIR/{@value #FILE_NAME}: one JSON line per episode, keyed by GUID (one GUID, one row), for
 * downstream tools and for the next run's rerun rules. Rewritten whole and atomically after each
 * episode, so a killed run's index says what it finished.
 */
final class EpisodeIndex {
    static final String FILE_NAME = "episodes.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();

    private final Path file;
    private final Map<String, JsonNode> previous;
    private final Map<String, JsonNode> rows;

    private EpisodeIndex(Path file, Map<String, JsonNode> previous) {
        this.file = file;
        this.previous = previous;
        this.rows = new LinkedHashMap<>(previous);
    }

    /**
     * The index in {@code outDir} as the last run left it; empty when there is none, and when it is
     * unreadable ({@code unreadable} is then told, and every episode is checked again).
     */
    static EpisodeIndex read(Path outDir, Runnable unreadable) {
        Path file = outDir.resolve(FILE_NAME);
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        if (TempFiles.isRegularFile(file)) { // a link planted there is not read (and is replaced on write)
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        JsonNode row = JSON.readTree(line);
                        if (row.hasNonNull("guid")) {
                            rows.put(row.get("guid").asText(), row);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                unreadable.run();
                rows.clear();
            }
        }
        return new EpisodeIndex(file, rows);
    }

    Path file() {
        return file;
    }

    /** The row the last run left for {@code guid}. */
    Optional<JsonNode> before(String guid) {
        return Optional.ofNullable(previous.get(guid));
    }

    void put(String guid, Map<String, Object> row) {
        rows.put(guid, JSON.valueToTree(row));
    }

    /**
     * Writes the whole index: the episodes of {@code chosen} (GUIDs, newest first) first, then the
     * rows of episodes not looked at now (older, or gone from the feed) as they were.
     */
    void write(List<String> chosen) throws IOException {
        List<JsonNode> ordered = new ArrayList<>();
        Set<String> looked = new HashSet<>();
        for (String guid : chosen) {
            if (looked.add(guid) && rows.containsKey(guid)) {
                ordered.add(rows.get(guid));
            }
        }
        rows.forEach((guid, row) -> {
            if (!looked.contains(guid)) {
                ordered.add(row);
            }
        });
        try (AtomicOutput out = AtomicOutput.create(file)) {
            out.writeAndCommit(stream -> {
                for (JsonNode row : ordered) {
                    ByteArrayOutputStream line = new ByteArrayOutputStream();
                    try (JsonGenerator g = FACTORY.createGenerator(line)) {
                        g.setCodec(JSON);
                        g.writeTree(row);
                    }
                    stream.write(line.toByteArray());
                    stream.write('\n');
                }
            });
        }
    }

    static String text(JsonNode row, String field) {
        JsonNode v = row == null ? null : row.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
