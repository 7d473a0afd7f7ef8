package org.longscribe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.store.AtomicOutput;
import org.longscribe.store.LocalStore;
import org.longscribe.store.OutputStore;

/**
 * The store's copy of a journal follows the local one on a timer: lines the workers journal while no
 * result is merged (a block finished while the first one still runs) reach the store all the same.
 */
class JournalCopyTest {
    private static final String NAME = ExecutorPipeline.JOURNALS + "/talk.json.longscribe-journal";

    @TempDir
    Path dir;

    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static boolean within(long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void linesJournaledWhileNothingIsMergedReachTheStore() throws Exception {
        Path local = dir.resolve("recording.longscribe-journal");
        Path kept = dir.resolve("out").resolve(NAME);
        try (JournalCopy copy = new JournalCopy(new LocalStore(dir.resolve("out")), NAME, local, 0.05)) {
            append(local, "{\"header\":1}");
            append(local, "{\"slice\":7,\"block\":1}");
            assertTrue(within(5_000, () -> read(kept).contains("\"slice\":7")), "copied without a merge: " + read(kept));
            append(local, "{\"slice\":8,\"block\":1}");
            assertTrue(within(5_000, () -> read(kept).contains("\"slice\":8")), "and again as it grows: " + read(kept));
            copy.segment(null); // no copy failed
        }
        assertEquals(read(local), read(kept));
    }

    @Test
    void onceClosedNoCopyBringsBackTheJournalTheTaskRemoved() throws Exception {
        Path local = dir.resolve("recording.longscribe-journal");
        OutputStore store = new LocalStore(dir.resolve("out"));
        Path kept = dir.resolve("out").resolve(NAME);
        JournalCopy copy = new JournalCopy(store, NAME, local, 0.01);
        append(local, "{\"header\":1}");
        assertTrue(within(5_000, () -> Files.isRegularFile(kept)));
        copy.close();
        store.delete(NAME); // the recording is done
        append(local, "{\"slice\":0,\"block\":0}");
        Thread.sleep(300);
        assertTrue(Files.notExists(kept), "a finished recording's journal stays removed");
    }

    @Test
    void aCopyThatFailsFailsTheNextMergeNamingWhy() throws Exception {
        Path local = dir.resolve("recording.longscribe-journal");
        OutputStore full = new OutputStore() {
            @Override
            public void write(String name, AtomicOutput.Writer writer) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public boolean exists(String name) {
                return false;
            }

            @Override
            public Optional<InputStream> read(String name) {
                return Optional.empty();
            }

            @Override
            public void delete(String name) {
            }

            @Override
            public Optional<Path> localPath(String name) {
                return Optional.empty();
            }
        };
        try (JournalCopy copy = new JournalCopy(full, NAME, local, 0.01)) {
            append(local, "{\"header\":1}");
            assertTrue(within(5_000, () -> {
                try {
                    copy.segment(null);
                    return false;
                } catch (IOException e) {
                    return true;
                }
            }), "the failure is reported");
            IOException e = assertThrows(IOException.class, () -> copy.segment(null));
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        }
    }

    @Test
    void aLinkPlantedWhereTheStoreKeepsTheJournalIsReplacedNotFollowed() throws Exception {
        Path local = dir.resolve("recording.longscribe-journal");
        Path victim = Files.writeString(dir.resolve("victim.txt"), "someone else's");
        Path kept = dir.resolve("out").resolve(NAME);
        Files.createDirectories(kept.getParent());
        Files.createSymbolicLink(kept, victim);
        try (JournalCopy copy = new JournalCopy(new LocalStore(dir.resolve("out")), NAME, local, 0.01)) {
            append(local, "{\"header\":1}");
            assertTrue(within(5_000, () -> !Files.isSymbolicLink(kept) && read(kept).contains("header")), read(kept));
        }
        assertEquals("someone else's", Files.readString(victim));
    }
}
