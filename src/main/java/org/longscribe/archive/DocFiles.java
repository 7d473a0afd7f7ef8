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

    /**
     * Writes the recording's files from its transcript at {@code json}, streamed ({@value Archive#CHUNK}
     * words in memory at a time); returns its terms in order, for its segment.
     */
    static String[] write(Path docs, Archive.Entry entry, TranscriptWords t, Path json) throws IOException, TranscriptWords.Unsound {
        int chunks = (int) Math.max(1, (t.words() + Archive.CHUNK - 1) / Archive.CHUNK);
        String[] terms = new String[(int) t.words()];
        Chunk[] chunk = {new Chunk(entry, 0, chunks)};
        int[] at = {0};
        TranscriptWords.words(json, (word, startMillis, speaker) -> {
            if (at[0] >= terms.length) {
                throw new IOException(json + " changed while it was indexed");
            }
            terms[at[0]] = Terms.of(word).intern(); // one string per term, however many recordings are held
            chunk[0].add(at[0]++, word, startMillis, speaker);
            if (at[0] % Archive.CHUNK == 0 && at[0] < terms.length) {
                chunk[0].write(docs);
                chunk[0] = new Chunk(entry, at[0] / Archive.CHUNK, chunks);
            }
        });
        if (at[0] != terms.length) {
            throw new IOException(json + " changed while it was indexed");
        }
        chunk[0].write(docs);
        return terms;
    }

    /** One file's worth of a recording's words, as they come. */
    private static final class Chunk {
        private final Archive.Entry entry;
        private final int index;
        private final ObjectNode d = SearchFiles.JSON.createObjectNode();
        private final ArrayNode words;
        private final ArrayNode turns;
        private final StringBuilder starts = new StringBuilder();
        private long previous;
        private String speaker;
        private boolean first = true;

        Chunk(Archive.Entry entry, int index, int chunks) {
            this.entry = entry;
            this.index = index;
            d.put("id", entry.id());
            d.put("chunk", index);
            d.put("chunks", chunks);
            d.put("title", entry.title());
            d.put("json", entry.json());
            d.put("page", entry.page());
            d.put("media", entry.media());
            words = d.putArray("w");
            turns = d.putArray("turns");
        }

        void add(int i, String word, long startMillis, String speakerOf) {
            words.add(word);
            Varints.appendSigned(starts, startMillis - previous);
            previous = startMillis;
            if (first || !Objects.equals(speaker, speakerOf)) {
                speaker = speakerOf;
                if (speaker != null) {
                    turns.addArray().add(i).add(speaker);
                } else if (!first) {
                    turns.addArray().add(i).addNull();
                }
            }
            first = false;
        }

        void write(Path docs) throws IOException {
            d.put("s", starts.toString());
            SearchFiles.write(file(docs, entry.id(), index), "doc/" + entry.id() + "." + index, d);
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
