package org.longscribe.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A recording's words in {@code docs/ID.CHUNK.js}, {@value Archive#CHUNK} words a file: the words
 * as recognised, their start times (milliseconds, as signed differences), the speaker turns, and
 * what a hit shows of its recording (title, page, media). Written once when the recording is
 * added; merges read the words back from here.
 */
final class DocFiles {
    private DocFiles() {
    }

    static Path file(Path docs, int id, int chunk) {
        return docs.resolve(id + "." + chunk + ".js");
    }

    static void write(Path docs, Archive.Entry entry, TranscriptWords t) throws IOException {
        int chunks = Math.max(1, (t.words().length + Archive.CHUNK - 1) / Archive.CHUNK);
        for (int c = 0; c < chunks; c++) {
            int from = c * Archive.CHUNK;
            int to = Math.min(t.words().length, from + Archive.CHUNK);
            ObjectNode d = SearchFiles.JSON.createObjectNode();
            d.put("id", entry.id());
            d.put("chunk", c);
            d.put("chunks", chunks);
            d.put("title", entry.title());
            d.put("json", entry.json());
            d.put("page", entry.page());
            d.put("media", entry.media());
            ArrayNode words = d.putArray("w");
            StringBuilder starts = new StringBuilder();
            ArrayNode turns = d.putArray("turns");
            long previous = 0;
            String speaker = null;
            for (int i = from; i < to; i++) {
                words.add(t.words()[i]);
                Varints.appendSigned(starts, t.startsMillis()[i] - previous);
                previous = t.startsMillis()[i];
                if (i == from || !Objects.equals(speaker, t.speakerOf()[i])) {
                    speaker = t.speakerOf()[i];
                    if (speaker != null) {
                        turns.addArray().add(i).add(speaker);
                    } else if (i > from) {
                        turns.addArray().add(i).addNull();
                    }
                }
            }
            d.put("s", starts.toString());
            SearchFiles.write(file(docs, entry.id(), c), "doc/" + entry.id() + "." + c, d);
        }
    }

    /** A chunk as written. */
    static JsonNode read(Path docs, int id, int chunk) throws IOException {
        return SearchFiles.read(file(docs, id, chunk));
    }

    /** The recording's terms in order, read back from its files (for a merge). */
    static String[] terms(Path docs, int id) throws IOException {
        List<String> terms = new ArrayList<>();
        int chunks = 1;
        for (int c = 0; c < chunks; c++) {
            JsonNode d = read(docs, id, c);
            chunks = d.path("chunks").asInt(1);
            d.path("w").forEach(w -> terms.add(Terms.of(w.asText()).intern()));
        }
        return terms.toArray(String[]::new);
    }

    /** Whether the file exists as a file of ours (for tests and checks). */
    static boolean exists(Path docs, int id, int chunk) {
        return Files.isRegularFile(file(docs, id, chunk), LinkOption.NOFOLLOW_LINKS);
    }
}
