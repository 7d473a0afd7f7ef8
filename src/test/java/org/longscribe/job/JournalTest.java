package org.longscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.asr.Utterance;
import org.longscribe.asr.Word;
import org.longscribe.store.Owner;

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
        String old = "{\"slice\":1,\"start\":16000,\"end\":24000,\"utterances\":[]}";
        String cut = "{\"slice\":3,\"block\":1,\"start\":48000,\"end\":56";
        StringBuilder lines = new StringBuilder("not json\n");
        for (String line : List.of(old, "{\"slice\":0,\"block\":9,\"start\":0,\"end\":1,\"utterances\":[]}",
                "{\"slice\":-1,\"block\":0,\"start\":0,\"end\":1,\"utterances\":[]}",
                "{\"slice\":2147483647,\"block\":0,\"start\":0,\"end\":1,\"utterances\":[]}",
                "{\"slice\":5,\"block\":0,\"start\":0,\"end\":1,\"utterances\":[null]}")) {
            lines.append(Journal.signedSlice(HEADER, line)).append('\n');
        }
        Files.writeString(path, lines + cut, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Journal.Previous read = Journal.read(path).orElseThrow();
        assertEquals(List.of(0, 1, 2, Integer.MAX_VALUE), read.slices().stream().map(Journal.Slice::slice).toList());
        assertEquals(slice(0, 0), read.slice(0), "the first line for a slice stands");
        assertEquals(0, read.slice(1).block(), "a journal from before blocks");
        assertEquals(slice(2, 1), read.slice(2));
    }

    /**
     * Lines are believed only with this user's proof: a well-formed line without one, a line whose
     * words were changed, a line proven for another job, and a header edited to name another WAV are
     * someone else's, and said so.
     */
    @Test
    void linesWithoutThisUsersProofAreNotTaken() throws Exception {
        Path path = started(slice(0, 0), slice(1, 0));
        List<String> lines = Files.readAllLines(path);
        String planted = "{\"slice\":2,\"block\":0,\"start\":0,\"end\":1,\"utterances\":[]}";
        String otherJob = Journal.signedSlice(Journal.Header.of("/other.mp3", 10, 20, "model", "settings"),
                "{\"slice\":3,\"block\":0,\"start\":0,\"end\":1,\"utterances\":[]}");
        Files.write(path, List.of(lines.get(0), lines.get(1).replace("word0", "their0"), lines.get(2), planted, otherJob));
        List<String> notes = new java.util.ArrayList<>();
        Journal.Previous read = Journal.read(path, notes::add).orElseThrow();
        assertEquals(List.of(1), read.slices().stream().map(Journal.Slice::slice).toList());
        assertEquals(List.of("3 lines of " + path + " not written by this user's longscribe: not taken"), notes);

        Files.write(path, List.of(lines.get(0).replace("\"wav\":null", "\"wav\":\"/tmp/theirs/decoded.wav\""), lines.get(1)));
        notes.clear();
        assertEquals(java.util.Optional.empty(), Journal.read(path, notes::add));
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("not resuming: " + path + " was not written by this user's longscribe"), notes.get(0));
    }

    /** A journal others may write (group or world), or that another user owns, is not read at all. */
    @Test
    void aJournalOthersMayWriteOrOwnIsNotRead() throws Exception {
        Path path = started(slice(0, 0));
        assertEquals(java.util.Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(path), "written for this user alone");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-r--"));
        List<String> notes = new java.util.ArrayList<>();
        assertEquals(java.util.Optional.empty(), Journal.read(path, notes::add));
        assertEquals(List.of("not resuming: " + path + " was not written by this user (its owner or mode); starting clean"), notes);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        assertTrue(Journal.read(path).isPresent());
        if (Owner.uid() == 0) { // CI: a genuine journal of ours, copied by another user, is theirs
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path copy = dir.resolve("copy" + Journal.SUFFIX);
            Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", "-c",
                    "umask 077; cat > '" + copy + "'").redirectInput(path.toFile()).start();
            assertEquals(0, p.waitFor());
            assertEquals(65534, Owner.ownerOf(copy));
            notes.clear();
            assertEquals(java.util.Optional.empty(), Journal.read(copy, notes::add));
            assertEquals(1, notes.size(), notes.toString());
        }
    }

    private static final Journal.Header HEADER = Journal.Header.of("/in.mp3", 10, 20, "model", "settings");
}
