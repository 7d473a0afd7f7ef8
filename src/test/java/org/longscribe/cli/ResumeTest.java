package org.longscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import org.longscribe.job.Journal;

/**
 * A long transcription stopped part way (SIGKILL, SIGTERM) and run again: it resumes from the
 * journal beside the output, reuses the decoded WAV, and ends with the transcript an uninterrupted
 * run writes; a changed input starts over; leftovers of killed runs are cleaned up.
 */
@Tag("slow") // spawns JVMs or runs for tens of seconds: left out by -DexcludedGroups=slow
class ResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path input;
    Path work;

    /** About 4 minutes of speech at 32 kHz, so that it is decoded (and the decoded WAV kept) like an mp3. */
    @BeforeEach
    void recording() throws IOException {
        short[] tile = TestAudio.readSamples(TestAudio.testData("weather.wav"));
        short[] all = TestAudio.tile(tile, 13, k -> 16000 * (k % 3) / 2 + 8000, null);
        short[] doubled = new short[all.length * 2];
        for (int i = 0; i < all.length; i++) {
            doubled[2 * i] = all[i];
            doubled[2 * i + 1] = all[i];
        }
        input = TestAudio.writeWav(dir.resolve("talk.wav"), doubled, 32000);
        work = Files.createDirectories(dir.resolve("work"));
    }

    @Test
    void aKilledRunResumesWithoutDecodingAgainAndEndsWithTheUninterruptedTranscript() throws Exception {
        Path full = dir.resolve("full.json");
        TranscribeCommandTest.Result whole = TranscribeCommandTest.run("transcribe", input.toString(), "-o", full.toString(),
                "--threads", "2", "--work-dir", work.toString());
        assertEquals(0, whole.code(), whole.err());

        Path out = dir.resolve("talk.json");
        Path journal = Journal.beside(out);
        Process child = child(out, "1");
        awaitSlices(child, journal, 30);
        child.destroyForcibly(); // SIGKILL: no shutdown hook, nothing cleaned up
        child.waitFor();

        assertFalse(Files.exists(out), "no transcript from a killed run");
        List<Path> kept = workDirs();
        assertEquals(1, kept.size(), "the decoded WAV is kept for the rerun: " + kept);
        Path wav = kept.get(0).resolve("decoded.wav");
        FileTime decodedAt = Files.getLastModifiedTime(wav);

        // --reproducible is accepted (existing crontabs) and is the default's schedule: the journal is resumed.
        TranscribeCommandTest.Result resumed = TranscribeCommandTest.run("transcribe", input.toString(), "-o", out.toString(),
                "--threads", "2", "--work-dir", work.toString(), "--reproducible");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming: "), resumed.err());
        assertFalse(resumed.err().contains("decoded in"), "nothing decoded again: " + resumed.err());

        JsonNode a = JSON.readTree(full.toFile());
        JsonNode b = JSON.readTree(out.toFile());
        assertTrue(b.path("timings").path("slices_resumed").asInt() >= 4, b.path("timings").toString());
        assertEquals(0, a.path("timings").path("slices_resumed").asInt());
        assertEquals(a.path("text"), b.path("text"));
        assertEquals(a.path("segments"), b.path("segments"), "word for word, time for time");
        assertEquals(a.path("source"), b.path("source"));
        assertEquals(a.path("duration"), b.path("duration"));

        assertFalse(Files.exists(journal), "journal removed on success");
        assertEquals(List.of(), workDirs(), "decoded WAV removed on success");
        assertTrue(decodedAt.toMillis() > 0);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
                    "no temporary files left beside the outputs");
        }
    }

    /**
     * Two workers taking slices as they come, killed with about 60 % of the slices heard: the rerun
     * takes every slice the journal holds, wherever it lies, recognises only the others, and the
     * transcript is the uninterrupted one, every field.
     */
    @Test
    void everySliceHeardBeforeAKillIsTakenAndOnlyTheRestIsRecognised() throws Exception {
        Path full = dir.resolve("full.json");
        assertEquals(0, TranscribeCommandTest.run("transcribe", input.toString(), "-o", full.toString(), "-q",
                "--threads", "2", "--work-dir", work.toString()).code());
        int slices = JSON.readTree(full.toFile()).path("timings").path("slices").asInt();

        Path out = dir.resolve("talk.json");
        Path journal = Journal.beside(out);
        Process child = child(out, "2");
        awaitSlices(child, journal, slices * 6 / 10);
        child.destroyForcibly();
        child.waitFor();
        java.util.Set<Integer> heard = new java.util.TreeSet<>();
        journaledBlocks(journal).values().forEach(heard::addAll);
        assertTrue(heard.size() >= slices * 6 / 10 && heard.size() < slices, heard.size() + " of " + slices);

        TranscribeCommandTest.Result resumed = TranscribeCommandTest.run("transcribe", input.toString(), "-o", out.toString(),
                "--threads", "2", "--work-dir", work.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming: " + heard.size() + " of " + slices + " slices"), resumed.err());
        JsonNode a = JSON.readTree(full.toFile());
        JsonNode b = JSON.readTree(out.toFile());
        assertEquals(heard.size(), b.path("timings").path("slices_resumed").asInt(), "every slice heard, and only those");
        assertEquals(a.path("segments"), b.path("segments"), "word for word, time for time");
        assertEquals(a.path("text"), b.path("text"));
        assertFalse(Files.exists(journal));
        assertEquals(List.of(), workDirs());
    }

    /** The slices (positions in the recording) in the journal at {@code journal}, by block, in the order written. */
    private static java.util.Map<Integer, List<Integer>> journaledBlocks(Path journal) throws IOException {
        java.util.Map<Integer, List<Integer>> blocks = new java.util.TreeMap<>();
        if (!Files.exists(journal)) {
            return blocks;
        }
        List<String> lines = Files.readAllLines(journal);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            JsonNode slice;
            try {
                slice = JSON.readTree(line);
            } catch (IOException e) {
                continue; // being written
            }
            blocks.computeIfAbsent(slice.path("block").asInt(), k -> new ArrayList<>()).add(slice.path("slice").asInt());
        }
        return blocks;
    }

    @Test
    void sigtermKeepsTheJournalAndAChangedInputStartsOver() throws Exception {
        Path out = dir.resolve("talk.json");
        Files.writeString(out, "an older transcript");
        Path journal = Journal.beside(out);
        Process child = child(out, "1");
        awaitSlices(child, journal, 2);
        child.destroy(); // SIGTERM
        assertEquals(143, child.waitFor());

        String log = Files.readString(dir.resolve("child.log"));
        assertTrue(log.contains("run the same command again to resume"), log);
        assertEquals("an older transcript", Files.readString(out), "the old output untouched");
        assertTrue(Files.exists(journal));
        List<Path> kept = workDirs();
        assertEquals(1, kept.size(), "SIGTERM keeps the decoded WAV for the journal: " + kept);

        Files.setLastModifiedTime(input, FileTime.fromMillis(Files.getLastModifiedTime(input).toMillis() + 60_000));
        TranscribeCommandTest.Result rerun = TranscribeCommandTest.run("transcribe", input.toString(), "-o", out.toString(),
                "--threads", "2", "--work-dir", work.toString(), "--reproducible");
        assertEquals(0, rerun.code(), rerun.err());
        assertTrue(rerun.err().contains("starting over"), rerun.err());
        assertTrue(rerun.err().contains("decoded in"), rerun.err());
        JsonNode t = JSON.readTree(out.toFile());
        assertEquals(0, t.path("timings").path("slices_resumed").asInt());
        assertTrue(t.path("segments").size() > 20, "got " + t.path("segments").size());
        assertFalse(Files.exists(journal));
        assertEquals(List.of(), workDirs(), "the old run's WAV is gone too");
    }

    @Test
    void aBatchKilledPartWayResumesThatRecordingOnItsNextRun() throws Exception {
        Path in = Files.createDirectories(dir.resolve("inbox"));
        Files.move(input, in.resolve("talk.wav"));
        input = in.resolve("talk.wav");
        Path out = dir.resolve("transcripts");
        Path journal = Journal.beside(out.resolve("talk.json"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlongscribe.models.dir=" + System.getProperty("longscribe.models.dir"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "batch", in.toString(), "-d", out.toString(), "--threads", "1", "--work-dir", work.toString()));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        awaitSlices(child, journal, 36); // past the first block (half of the 52 slices' speech)
        child.destroyForcibly();
        child.waitFor();
        assertFalse(Files.exists(out.resolve("talk.json")));

        TranscribeCommandTest.Result again = TranscribeCommandTest.run("batch", in.toString(), "-d", out.toString(),
                "--threads", "2", "--work-dir", work.toString());
        assertEquals(0, again.code(), again.err());
        JsonNode resumed = JSON.readTree(out.resolve("talk.json").toFile());
        assertTrue(resumed.path("timings").path("slices_resumed").asInt() >= 3, resumed.path("timings").toString());
        // Batch resumes at a block boundary of the default schedule; the words are the uninterrupted run's.
        Path full = dir.resolve("full.json");
        assertEquals(0, TranscribeCommandTest.run("transcribe", input.toString(), "-o", full.toString(), "-q",
                "--work-dir", work.toString()).code());
        JsonNode whole = JSON.readTree(full.toFile());
        assertEquals(whole.path("duration"), resumed.path("duration"));
        assertEquals(whole.path("timings").path("slices"), resumed.path("timings").path("slices"), "every slice is there");
        assertTrue(resumed.path("segments").size() > 20, "got " + resumed.path("segments").size());
        assertFalse(Files.exists(journal));
        assertEquals(List.of(), workDirs());
    }

    @Test
    void leftoversOfKilledRunsAreRemovedButNotWhatAJournalStillNeeds() throws Exception {
        long deadPid = 999_999_999L; // above Linux's pid_max: never a live process
        Path stale = Files.createDirectories(work.resolve("longscribe-" + deadPid + "-1"));
        Files.write(stale.resolve("decoded.wav"), new byte[1000]);
        Files.createFile(stale.resolve(org.longscribe.store.WorkDirs.MARKER));
        Path needed = Files.createDirectories(work.resolve("longscribe-" + deadPid + "-2"));
        Files.createFile(needed.resolve(org.longscribe.store.WorkDirs.MARKER));
        Path lookalike = Files.createDirectories(work.resolve("longscribe-" + deadPid + "-3"));
        Files.write(lookalike.resolve("mine.wav"), new byte[1000]);
        Path otherJournal = Files.writeString(dir.resolve("other.json" + Journal.SUFFIX), "{}\n");
        Files.writeString(needed.resolve("journal-path"), otherJournal.toString());
        Path notOurs = Files.createDirectories(work.resolve("longscribe-notes"));
        Path out = dir.resolve("w.json");
        Path staleTemp = Files.writeString(dir.resolve(".w.json." + deadPid + ".abc123.tmp"), "{\"half\":");

        TranscribeCommandTest.Result r = TranscribeCommandTest.run("transcribe", TestAudio.testData("weather.ogg").toString(),
                "-o", out.toString(), "--work-dir", work.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(stale), "a dead run's work dir is removed");
        assertTrue(Files.exists(needed), "kept while a journal needs it");
        assertTrue(Files.exists(notOurs), "a directory not named by longscribe is left alone");
        assertTrue(Files.exists(lookalike.resolve("mine.wav")), "named like ours, without the marker: left alone");
        assertFalse(Files.exists(staleTemp), "a dead run's temporary output is removed");
    }

    @Test
    void aSecondRunOnTheSameOutputIsRefusedWhileTheFirstHoldsTheJournal() throws Exception {
        Path out = dir.resolve("w.json");
        Files.writeString(out, "kept");
        try (Journal held = Journal.start(Journal.beside(out),
                Journal.Header.of(input.toAbsolutePath().toString(), 1, 1, "model", "settings"))) {
            TranscribeCommandTest.Result r = TranscribeCommandTest.run("transcribe", TestAudio.testData("weather.wav").toString(),
                    "-o", out.toString(), "--work-dir", work.toString());
            TranscribeCommandTest.assertOneLineError(r, 75, "w.json" + Journal.SUFFIX, "another longscribe run");
        }
        assertEquals("kept", Files.readString(out));
    }

    private Process child(Path out, String threads) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlongscribe.models.dir=" + System.getProperty("longscribe.models.dir"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "transcribe", input.toString(), "-o", out.toString(), "--threads", threads, "--work-dir", work.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }

    /** Waits until the child's journal holds {@code slices} finished slices (it flushes each as it completes). */
    private void awaitSlices(Process child, Path journal, int slices) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            assertTrue(child.isAlive(), "the child ended before it could be stopped: " + Files.readString(dir.resolve("child.log")));
            if (Files.exists(journal) && Files.readAllLines(journal).size() >= slices + 1) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no progress in the journal: " + Files.readString(dir.resolve("child.log")));
    }

    private List<Path> workDirs() throws IOException {
        try (Stream<Path> dirs = Files.list(work)) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("longscribe-")).sorted().toList();
        }
    }
}
