package org.longscribe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.batch.BatchLock;
import org.longscribe.job.Journal;

/**
 * Symbolic links planted where longscribe creates, locks or cleans up: each must be removed or
 * refused as a link, never written, truncated or listed through. The victim is a file (or folder)
 * of the user's that the link points at; it must be as it was.
 */
class HostileFilesTest {
    @TempDir
    Path dir;
    Path victim;

    @BeforeEach
    void plantVictim() throws Exception {
        victim = Files.writeString(dir.resolve("victim.txt"), "precious");
    }

    private void victimUntouched() throws Exception {
        assertTrue(Files.isRegularFile(victim));
        assertEquals("precious", Files.readString(victim));
    }

    /**
     * In a folder that several machines write (an NFS mount shared by Spark executors), a temporary
     * of a process on another machine is never taken for a dead one's: only this machine's dead
     * processes' temporaries (and those of the older form, without a machine) are removed.
     */
    @Test
    void onlyThisMachinesDeadProcessesTemporariesAreRemoved() throws Exception {
        String other = AtomicOutput.HOST.equals("ffffff") ? "eeeeee" : "ffffff";
        Path elsewhere = Files.writeString(dir.resolve(".talk.json.999999999-" + other + ".1a2b.tmp"), "being written on another machine");
        Path mine = Files.writeString(dir.resolve(".talk.json.999999999-" + AtomicOutput.HOST + ".1a2b.tmp"), "a dead run's");
        Path older = Files.writeString(dir.resolve(".talk.json.999999999.1a2b.tmp"), "a dead run's, older form");
        try (AtomicOutput out = AtomicOutput.create(dir.resolve("talk.json"))) {
            out.writeAndCommit(o -> o.write("{}".getBytes(StandardCharsets.UTF_8)));
        }
        assertTrue(Files.exists(elsewhere), "another machine's temporary stays");
        assertFalse(Files.exists(mine));
        assertFalse(Files.exists(older));
        assertEquals("{}", Files.readString(dir.resolve("talk.json")));
    }

    @Test
    void aFollowableOutputsPartialIsCreatedAnewNotThroughALink() throws Exception {
        Path out = dir.resolve("talk.jsonl");
        Files.createSymbolicLink(dir.resolve("talk.jsonl.partial"), victim);
        try (AtomicOutput o = AtomicOutput.createForUser(out, true)) {
            o.writeAndCommit(s -> s.write("{}\n".getBytes(StandardCharsets.UTF_8)));
        }
        victimUntouched();
        assertEquals("{}\n", Files.readString(out));
    }

    @Test
    void aStoreOutputReplacesALinkAtItsNameInsteadOfWritingThroughIt() throws Exception {
        Path out = dir.resolve("talk.json");
        Files.createSymbolicLink(out, victim);
        new LocalStore(dir).write("talk.json", s -> s.write("{}".getBytes(StandardCharsets.UTF_8)));
        victimUntouched();
        assertFalse(Files.isSymbolicLink(out));
        assertEquals("{}", Files.readString(out));
    }

    @Test
    void theJournalsTemporaryIsCreatedAnewNotThroughALink() throws Exception {
        Path journal = Journal.beside(dir.resolve("talk.json"));
        Files.createSymbolicLink(journal.resolveSibling(journal.getFileName() + ".new"), victim);
        Journal.start(journal, Journal.Header.of(dir.resolve("talk.mp3").toString(), 1, 2, "model", "settings")).close();
        victimUntouched();
        assertTrue(Files.readString(journal).contains("\"settings\""));
    }

    @Test
    void aLinkPlantedAtTheJournalIsNotReadAsOne() throws Exception {
        Path journal = Journal.beside(dir.resolve("talk.json"));
        Journal.start(dir.resolve("other.journal"), Journal.Header.of(dir.resolve("talk.mp3").toString(), 1, 2, "model", "settings")).close();
        Files.createSymbolicLink(journal, dir.resolve("other.journal"));
        assertTrue(Journal.read(journal).isEmpty());
    }

    @Test
    void theOutputDirectorysLockIsNotTakenThroughALink() throws Exception {
        Files.createSymbolicLink(dir.resolve(BatchLock.FILE_NAME), victim);
        try (BatchLock lock = BatchLock.tryAcquire(dir).orElseThrow()) {
            victimUntouched();
            assertFalse(Files.isSymbolicLink(dir.resolve(BatchLock.FILE_NAME)));
        }
    }

    @Test
    void aCleanupNeverListsThroughALinkNorRemovesFoldersOrOthersNames() throws Exception {
        Path theirs = Files.createDirectories(dir.resolve("theirs"));
        Files.writeString(theirs.resolve("ours.partial"), "theirs");
        Path link = Files.createSymbolicLink(dir.resolve("linked"), theirs);
        assertEquals(0, TempFiles.deleteOwn(link, n -> true));
        assertTrue(Files.exists(theirs.resolve("ours.partial")));

        Path real = Files.createDirectories(dir.resolve("real"));
        Files.createDirectories(real.resolve("a.partial"));
        Files.writeString(real.resolve("b.partial"), "ours");
        Files.writeString(real.resolve("keep.txt"), "not ours");
        Files.createSymbolicLink(real.resolve("c.partial"), victim);
        assertEquals(2, TempFiles.deleteOwn(real, n -> n.endsWith(".partial")));
        assertTrue(Files.isDirectory(real.resolve("a.partial")), "a folder is never removed");
        assertTrue(Files.exists(real.resolve("keep.txt")));
        assertFalse(Files.exists(real.resolve("b.partial")));
        assertFalse(Files.exists(real.resolve("c.partial"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        victimUntouched();
    }

    @Test
    void aStaleWorkDirectoryIsRemovedOnlyWithOurMarkerAndNeverThroughALink() throws Exception {
        Path mine = Files.createDirectories(dir.resolve("longscribe-999999-mine"));
        Files.writeString(mine.resolve("song.wav"), "RIFF");
        Path ours = WorkDirs.create(dir);
        Path dead = Files.move(ours, dir.resolve("longscribe-999998-ours"));
        Path linked = Files.createSymbolicLink(dir.resolve("longscribe-999997-link"), dead);
        WorkDirs.removeStale(dir);
        assertTrue(Files.exists(mine.resolve("song.wav")), "no marker: not ours");
        assertTrue(Files.isSymbolicLink(linked), "a link is not a work directory");
        assertFalse(Files.exists(dead), "ours, its process gone: removed");
    }

    @Test
    void aWavNamedByAJournalMustBeTheOneKeptForThatJournal() throws Exception {
        Path journal = Journal.beside(dir.resolve("talk.json"));
        Path kept = Files.createDirectories(dir.resolve("longscribe-4242-abc"));
        Path wav = Files.writeString(kept.resolve("audio.wav"), "RIFF");
        Files.createFile(kept.resolve(WorkDirs.MARKER));
        assertFalse(WorkDirs.keptFor(wav, journal), "no journal-path: not kept for anyone");
        WorkDirs.keepFor(kept, journal);
        assertTrue(WorkDirs.keptFor(wav, journal));
        assertFalse(WorkDirs.keptFor(wav, Journal.beside(dir.resolve("other.json"))), "kept for another output");
        Path user = Files.createDirectories(dir.resolve("longscribe-1-mine"));
        Files.writeString(user.resolve("song.wav"), "RIFF");
        Files.writeString(user.resolve(WorkDirs.JOURNAL_LINK), journal.toString());
        assertFalse(WorkDirs.keptFor(user.resolve("song.wav"), journal), "a folder that only looks like ours");
        Path linked = Files.createSymbolicLink(dir.resolve("longscribe-4243-lnk"), kept);
        assertFalse(WorkDirs.keptFor(linked.resolve("audio.wav"), journal), "through a link");
        assertFalse(WorkDirs.keptFor(kept.resolve("../longscribe-1-mine/song.wav"), journal), "through ..");
    }
}
