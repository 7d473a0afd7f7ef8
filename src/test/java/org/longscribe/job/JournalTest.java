package org.longscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.asr.Utterance;
import org.longscribe.asr.Word;

/**
 * The journal as workers write it (in the order slices finish, from several threads) and as a rerun
 * reads it: every line on its own, whatever came before it.
 */
class JournalTest {
    @TempDir
    Path dir;

    private static Journal.Slice slice(int index, int block) {
        Utterance u = new Utterance(index, index + 0.5, "word" + index, List.of(new Word("word" + index, index, index + 0.5, 1.0)),
                List.of(), null);
        return new Journal.Slice(index, block, index * 16_000L, index * 16_000L + 8_000, List.of(u));
    }

    private Path started(Journal.Slice... slices) throws Exception {
        Path path = dir.resolve("t.json" + Journal.SUFFIX);
        try (Journal journal = Journal.start(path, Journal.Header.of("/in.mp3", 10, 20, "model", "settings"))) {
            for (Journal.Slice s : slices) {
                journal.append(s);
            }
        }
        return path;
    }

    @Test
    void slicesWrittenOutOfOrderAreReadBackByPosition() throws Exception {
        Path path = started(slice(5, 1), slice(6, 1), slice(0, 0), slice(7, 1), slice(1, 0));
        Journal.Previous read = Journal.read(path).orElseThrow();
        assertEquals(List.of(0, 1, 5, 6, 7), read.slices().stream().map(Journal.Slice::slice).toList());
        assertEquals(slice(6, 1), read.slice(6));
        assertEquals(1, read.slice(6).block());
        assertNull(read.slice(2), "not finished");
        assertNull(read.slice(8));
    }

    @Test
    void aSliceIsWrittenOnce() throws Exception {
        Path path = dir.resolve("t.json" + Journal.SUFFIX);
        try (Journal journal = Journal.start(path, Journal.Header.of("/in.mp3", 10, 20, "model", "settings"))) {
            journal.append(slice(3, 0));
            assertThrows(IllegalArgumentException.class, () -> journal.append(slice(3, 0)));
            assertEquals(1, journal.slices());
        }
    }

    @Test
    void workersAppendingAtOnceLeaveWholeLines() throws Exception {
        Path path = dir.resolve("t.json" + Journal.SUFFIX);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Journal journal = Journal.start(path, Journal.Header.of("/in.mp3", 10, 20, "model", "settings"))) {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                done.add(pool.submit(() -> {
                    for (int i = worker; i < 400; i += 4) {
                        journal.append(slice(i, worker));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        Journal.Previous read = Journal.read(path).orElseThrow();
        assertEquals(400, read.slices().size());
        for (int i = 0; i < 400; i++) {
            assertEquals(slice(i, i % 4), read.slice(i));
        }
    }

    /**
     * A kill cuts the last line short; a line in the middle that does not parse (the Spark merge puts
     * parts' lines together), a repeated slice, a slice with a null utterance, or an old journal's
     * line without a block do not hide the lines after them, nor does a slice numbered 2^31-1.
     */
    @Test
    void everyWholeLineCountsWhateverIsAroundIt() throws Exception {
        Path path = started(slice(2, 1), slice(0, 0));
        String old = "{\"slice\":1,\"start\":16000,\"end\":24000,\"utterances\":[]}\n";
        String cut = "{\"slice\":3,\"block\":1,\"start\":48000,\"end\":56";
        Files.writeString(path, "not json\n" + old + "{\"slice\":0,\"block\":9,\"start\":0,\"end\":1,\"utterances\":[]}\n"
                + "{\"slice\":-1,\"block\":0,\"start\":0,\"end\":1,\"utterances\":[]}\n"
                + "{\"slice\":2147483647,\"block\":0,\"start\":0,\"end\":1,\"utterances\":[]}\n"
                + "{\"slice\":5,\"block\":0,\"start\":0,\"end\":1,\"utterances\":[null]}\n" + cut,
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Journal.Previous read = Journal.read(path).orElseThrow();
        assertEquals(List.of(0, 1, 2, Integer.MAX_VALUE), read.slices().stream().map(Journal.Slice::slice).toList());
        assertEquals(slice(0, 0), read.slice(0), "the first line for a slice stands");
        assertEquals(0, read.slice(1).block(), "a journal from before blocks");
        assertEquals(slice(2, 1), read.slice(2));
    }
}
