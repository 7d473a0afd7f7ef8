package org.longscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import org.longscribe.archive.Archive;
import org.longscribe.archive.ArchiveChecks;
import org.longscribe.batch.BatchLock;

/**
 * {@code longscribe search} on archives that batch wrote from test-data's recordings: hits as the
 * JSON transcripts have them, grep's exit codes, the search data built when missing, and an
 * archive whole at any moment of a batch or an indexing run killed part way.
 */
class SearchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path archive() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in/sub"));
        Files.copy(TestAudio.testData("lecture.mp3"), dir.resolve("in/lecture.mp3"));
        Files.copy(TestAudio.testData("interview.mp3"), dir.resolve("in/interview.mp3"));
        Files.copy(TestAudio.testData("weather.ogg"), in.resolve("weather.ogg"));
        Path out = dir.resolve("out");
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("batch", dir.resolve("in").toString(), "-d", out.toString(),
                "--format", "json,html", "--work-dir", dir.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        return out;
    }

    /** "recording@milliseconds" of each line that search printed. */
    private static List<String> places(Path out, String output) throws Exception {
        List<String> places = new ArrayList<>();
        for (String line : output.lines().toList()) {
            String[] f = line.split("\t");
            assertEquals(4, f.length, line);
            assertTrue(f[1].matches("\\d+:\\d\\d:\\d\\d"), line);
            places.add(f[0]);
        }
        return places;
    }

    @Test
    void findsWhatTheTranscriptsSayWithGrepsExitCodes() throws Exception {
        Path out = archive();
        assertTrue(Files.readString(out.resolve(Archive.PAGE)).contains("interview.mp3"), "batch keeps the listing");
        for (String phrase : List.of("rain in the", "mister john dash", "the", "Remote,", "clubs nothing ")) {
            TranscribeCommandTest.Result r = TranscribeCommandTest.run("search", out.toString(), phrase);
            List<String> want = ArchiveChecks.expected(out, phrase);
            assertEquals(want.isEmpty() ? 1 : 0, r.code(), phrase + ": " + r.err());
            assertEquals(want.stream().map(p -> p.substring(0, p.indexOf('@'))).toList(), places(out, r.out()), phrase);
        }
        // --json: the same hits, with their times to the millisecond, page and media.
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("search", out.toString(), "chance", "of", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = JSON.readTree(r.out());
        List<String> got = new ArrayList<>();
        j.path("hits").forEach(h -> got.add(h.path("recording").asText() + "@" + Math.round(h.path("seconds").asDouble() * 1000)));
        assertEquals(ArchiveChecks.expected(out, "chance of"), got);
        assertEquals("sub/weather.html", j.path("hits").get(0).path("page").asText());
        assertEquals("../in/sub/weather.ogg", j.path("hits").get(0).path("media").asText());
        assertTrue(j.path("hits").get(0).path("match").asText().startsWith("chance of"));
        // --limit
        r = TranscribeCommandTest.run("search", out.toString(), "the", "--limit", "2");
        assertEquals(2, r.out().lines().count());
        // Nothing said: 1; no phrase: 2; no archive: 66.
        r = TranscribeCommandTest.run("search", out.toString(), "zebra crossing");
        assertEquals(1, r.code());
        assertEquals("", r.out());
        r = TranscribeCommandTest.run("search", out.toString(), "?!");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("has no word to search for"), r.err());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("settings.json"), "{}");
        r = TranscribeCommandTest.run("search", empty.toString(), "the");
        assertEquals(66, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("has no transcripts to search"), r.err());
        assertFalse(Files.exists(empty.resolve(Archive.DIR)), "nothing written where there is no archive");
        r = TranscribeCommandTest.run("search", dir.resolve("nowhere").toString(), "the");
        assertEquals(66, r.code());
    }

    @Test
    void missingOrStaleSearchDataIsBuiltFromTheTranscripts() throws Exception {
        Path out = archive();
        String before = TranscribeCommandTest.run("search", out.toString(), "the").out();
        ArchiveTestFiles.deleteTree(out.resolve(Archive.DIR));
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("search", out.toString(), "the");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("indexing 3 transcripts under"), r.err());
        assertEquals(before, r.out());
        // A transcript written since (transcribe -o into the archive) is found; a removed one is not.
        assertEquals(0, TranscribeCommandTest.run("transcribe", TestAudio.testData("panel.mp3").toString(), "-o",
                out.resolve("panel.json").toString(), "-q").code());
        Files.delete(out.resolve("lecture.json"));
        r = TranscribeCommandTest.run("search", out.toString(), "the");
        assertTrue(r.err().contains("1 transcripts added, 1 removed"), r.err());
        assertEquals(ArchiveChecks.expected(out, "the").stream().map(p -> p.substring(0, p.indexOf('@'))).toList(), places(out, r.out()));
        assertTrue(Files.readString(out.resolve(Archive.PAGE)).contains("panel.mp3"), "our listing kept in step");
        // While a batch holds OUT_DIR, the data is searched as it is.
        Files.delete(out.resolve("interview.json"));
        try (BatchLock held = BatchLock.tryAcquire(out).orElseThrow()) {
            r = TranscribeCommandTest.run("search", out.toString(), "mister john");
        }
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("another longscribe run"), r.err());
        assertTrue(r.out().startsWith("interview\t"), r.out());
        // Output of transcribe alone (JSON only): searchable, and no listing appears.
        Path plain = Files.createDirectories(dir.resolve("plain"));
        assertEquals(0, TranscribeCommandTest.run("transcribe", TestAudio.testData("weather.ogg").toString(), "-o",
                plain.resolve("w.json").toString(), "-q").code());
        r = TranscribeCommandTest.run("search", plain.toString(), "rain");
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(plain.resolve(Archive.PAGE)));
    }

    private Process child(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlongscribe.models.dir=" + System.getProperty("longscribe.models.dir"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }

    /** SIGKILL at different moments of a big first indexing: the archive on disk is whole each time, and the next run completes it. */
    @Test
    @Tag("slow")
    void anIndexingRunKilledPartWayLeavesTheArchiveWhole() throws Exception {
        Path out = dir.resolve("big");
        for (int n = 0; n < 240; n++) {
            ArchiveChecks.transcript(out.resolve("t" + n + ".json"), "/srv/t" + n + ".mp3",
                    String.format("2026-11-%02dT00:00:00Z", 1 + n % 28), 2000, n, n % 2 == 0);
        }
        Files.writeString(out.resolve(Archive.PAGE), "");
        Files.delete(out.resolve(Archive.PAGE));
        int killedMidway = 0;
        for (int attempt = 0; attempt < 4; attempt++) {
            Process p = child("search", out.toString(), "the");
            Thread.sleep(700 + 500L * attempt);
            boolean alive = p.isAlive();
            p.destroyForcibly();
            p.waitFor();
            killedMidway += alive ? 1 : 0;
            ArchiveChecks.assertWhole(out);
            // the transcripts themselves untouched
            assertTrue(Files.size(out.resolve("t0.json")) > 10_000);
        }
        assertTrue(killedMidway >= 1, "at least one run was killed before it finished");
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("search", out.toString(), "chance of rain");
        ArchiveChecks.assertWhole(out);
        assertEquals(ArchiveChecks.expected(out, "chance of rain").stream().map(p -> p.substring(0, p.indexOf('@'))).toList(),
                places(out, r.out()));
    }

    /** A batch killed after its first recording: index.html lists what was finished, whole; the next run lists all. */
    @Test
    @Tag("slow")
    void aBatchKilledPartWayLeavesTheListingWhole() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(TestAudio.testData("interview.mp3"), in.resolve("a.mp3"));
        Files.copy(TestAudio.testData("panel.mp3"), in.resolve("b.mp3"));
        Files.copy(TestAudio.testData("lecture.mp3"), in.resolve("c.mp3"));
        Path out = dir.resolve("out");
        Process p = child("batch", in.toString(), "-d", out.toString(), "--format", "json,html", "--work-dir", dir.toString(), "--threads", "1");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline && p.isAlive() && !Files.readString(dir.resolve("child.log")).contains("ok     a.mp3")) {
            Thread.sleep(10);
        }
        assertTrue(p.isAlive(), Files.readString(dir.resolve("child.log")));
        p.destroyForcibly();
        p.waitFor();
        ArchiveChecks.assertWhole(out);
        String page = Files.readString(out.resolve(Archive.PAGE));
        assertTrue(page.contains(">a.mp3<"), "the finished recording is listed");
        assertFalse(page.contains(">c.mp3<"));
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("batch", in.toString(), "-d", out.toString(), "--format", "json,html",
                "--work-dir", dir.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        ArchiveChecks.assertWhole(out);
        page = Files.readString(out.resolve(Archive.PAGE));
        for (String name : List.of("a.mp3", "b.mp3", "c.mp3")) {
            assertTrue(page.contains(">" + name + "<"), name);
        }
        assertEquals(Optional.of(3), Optional.of((int) page.lines().filter(l -> l.startsWith("<tr data-id")).count()));
    }
}
