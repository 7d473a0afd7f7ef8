package org.longscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import org.longscribe.batch.BatchLock;

/** The cron scenario, with real files, real decoding, real Vosk and real processes. */
@Tag("slow") // spawns JVMs or runs for tens of seconds: left out by -DexcludedGroups=slow
class BatchCommandTest {
    static final String ODD_NAME = "Zoë's talk (day 1).flac";

    @TempDir
    Path dir;
    Path in;
    Path out;

    @BeforeEach
    void folder() throws Exception {
        in = Files.createDirectories(dir.resolve("in"));
        out = dir.resolve("out");
        Files.copy(TestAudio.testData("lecture.mp3"), in.resolve("a.mp3"));
        Files.createDirectories(in.resolve("sub"));
        Files.copy(TestAudio.testData("weather.ogg"), in.resolve("sub/b.ogg"));
        Files.copy(TestAudio.testData("weather.flac"), in.resolve(ODD_NAME));
        byte[] noise = new byte[8000];
        new Random(5).nextBytes(noise);
        Files.write(in.resolve("broken.wav"), noise);
        Files.writeString(in.resolve("notes.txt"), "not a recording, not an input");
    }

    private Process child(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlongscribe.models.dir=" + System.getProperty("longscribe.models.dir"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "batch", in.toString(), "-d", out.toString(), "--work-dir", dir.toString()));
        cmd.addAll(List.of(extra)); // the work dir inside the test's own: a SIGKILLed child cannot clean up
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }

    private Map<String, FileTime> outputs() throws Exception {
        Map<String, FileTime> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (!p.getFileName().toString().equals(BatchLock.FILE_NAME)) {
                    m.put(out.relativize(p).toString(), Files.getLastModifiedTime(p));
                }
            }
        }
        return m;
    }

    @Test
    void firstRunRerunAndAConcurrentRun() throws Exception {
        long t0 = System.nanoTime();
        Process first = child("--format", "json,srt", "--log", dir.resolve("batch.jsonl").toString());
        // While the first run holds OUT_DIR, a second one exits 75 at once and touches nothing.
        while (!Files.exists(out.resolve(BatchLock.FILE_NAME)) && first.isAlive()) {
            Thread.sleep(20);
        }
        assertTrue(first.isAlive(), "the first run is still working");
        long t1 = System.nanoTime();
        TranscribeCommandTest.Result second = TranscribeCommandTest.run("batch", in.toString(), "-d", out.toString());
        assertEquals(75, second.code(), second.err());
        assertTrue((System.nanoTime() - t1) / 1e9 < 2, "at once");
        assertTrue(second.err().contains("another longscribe run (process "), second.err());

        assertTrue(first.waitFor(3, TimeUnit.MINUTES));
        double firstSeconds = (System.nanoTime() - t0) / 1e9;
        String log = Files.readString(dir.resolve("child.log"));
        assertEquals(1, first.exitValue(), "one input failed: " + log);
        assertTrue(log.contains("FAILED broken.wav"), log);
        assertTrue(log.contains("3 transcribed, 0 up to date, 1 failed"), log);

        Map<String, FileTime> written = outputs();
        assertEquals(Set.of("a.json", "a.srt", "sub/b.json", "sub/b.srt", "Zoë's talk (day 1).json", "Zoë's talk (day 1).srt"),
                written.keySet());
        for (String json : List.of("a.json", "sub/b.json", "Zoë's talk (day 1).json")) {
            JsonNode t = new ObjectMapper().readTree(out.resolve(json).toFile());
            assertEquals(Set.of(), TranscribeCommandTest.validate(t), json);
            assertTrue(t.get("segments").size() >= 3, json);
        }
        List<String> logLines = Files.readAllLines(dir.resolve("batch.jsonl"));
        assertEquals(5, logLines.size(), "four files and a summary: " + logLines);
        assertTrue(logLines.get(4).contains("\"event\":\"summary\""));

        // A rerun rewrites nothing and is much faster.
        long t2 = System.nanoTime();
        TranscribeCommandTest.Result rerun = TranscribeCommandTest.run("batch", in.toString(), "-d", out.toString(), "--format", "json,srt");
        double rerunSeconds = (System.nanoTime() - t2) / 1e9;
        assertEquals(1, rerun.code(), "the broken file still fails: " + rerun.err());
        assertTrue(rerun.err().contains("0 transcribed, 3 up to date, 1 failed"), rerun.err());
        assertEquals(written, outputs(), "nothing rewritten");
        assertTrue(rerunSeconds < firstSeconds / 4, "rerun " + rerunSeconds + " s vs first " + firstSeconds + " s");

        // A changed input is transcribed again; the others are not.
        Files.setLastModifiedTime(in.resolve("sub/b.ogg"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        TranscribeCommandTest.Result changed = TranscribeCommandTest.run("batch", in.toString(), "-d", out.toString(), "--format", "json,srt");
        assertTrue(changed.err().contains("1 transcribed, 2 up to date, 1 failed"), changed.err());
        Map<String, FileTime> after = outputs();
        assertFalse(after.get("sub/b.json").equals(written.get("sub/b.json")));
        assertEquals(written.get("a.json"), after.get("a.json"));
    }

    @Test
    void aRunKilledWithSigkillLeavesNoLockAndNoHalfTranscript() throws Exception {
        Process first = child();
        while (!Files.exists(out.resolve(BatchLock.FILE_NAME)) && first.isAlive()) {
            Thread.sleep(20);
        }
        Thread.sleep(1500);
        first.destroyForcibly(); // SIGKILL
        first.waitFor();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".json")) {
                    JsonNode t = new ObjectMapper().readTree(p.toFile()); // parses: whole, not half
                    assertTrue(t.has("segments"), name);
                }
            }
        }
        TranscribeCommandTest.Result again = TranscribeCommandTest.run("batch", in.toString(), "-d", out.toString(), "-q",
                "--work-dir", dir.toString());
        assertEquals(1, again.code(), "not 75: the kernel dropped the dead run's lock. " + again.err());
        assertTrue(Files.exists(out.resolve("a.json")));
        try (Stream<Path> left = Stream.concat(Files.walk(out), Files.list(dir))) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(org.longscribe.job.Journal.SUFFIX) || n.endsWith(".tmp") || n.startsWith("longscribe-"))
                    .toList(), "the killed run's journal, temporaries and work dir are gone after the rerun");
        }
    }

    @Test
    void batchWritesEveryFormatWithTheSameWords() throws Exception {
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("batch", in.toString(), "-d", out.toString(),
                "--format", "jsonl,srt,vtt,txt", "--exclude", "a.mp3", "-q");
        assertEquals(1, r.code(), r.err()); // broken.wav
        for (String base : List.of("sub/b", "Zoë's talk (day 1)")) {
            String words = new ObjectMapper().readTree(out.resolve(base + ".json").toFile()).get("text").asText();
            assertEquals(words, String.join(" ", Files.readAllLines(out.resolve(base + ".txt"))), base + ".txt");
            List<String> jsonl = Files.readAllLines(out.resolve(base + ".jsonl"));
            assertTrue(jsonl.get(jsonl.size() - 1).contains("\"complete\":true"), base + ".jsonl");
            String srt = Files.readString(out.resolve(base + ".srt"));
            assertTrue(srt.startsWith("1\n00:00:0"), srt);
            assertTrue(Files.readString(out.resolve(base + ".vtt")).startsWith("WEBVTT\n\n00:00:0"));
        }
    }

    @Test
    void includeExcludeAndMissingInDir() throws Exception {
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("batch", in.toString(), "-d", out.toString(),
                "--include", "*.ogg", "--include", "*.flac", "--exclude", "sub/**", "-q");
        assertEquals(0, r.code(), r.err());
        assertEquals(Set.of("Zoë's talk (day 1).json"), outputs().keySet());
        TranscribeCommandTest.Result missing = TranscribeCommandTest.run("batch", dir.resolve("nope").toString(), "-d", out.toString());
        assertEquals(66, missing.code());
        assertEquals(1, missing.err().lines().count(), missing.err());
    }
}
