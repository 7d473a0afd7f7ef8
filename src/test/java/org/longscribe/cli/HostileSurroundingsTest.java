package org.longscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.LoopbackServer;
import org.longscribe.TestAudio;
import org.longscribe.error.ExitCode;

/**
 * The commands cron and systemd run, in surroundings an attacker or a careless administrator made:
 * links planted in OUT_DIR, a dripping enclosure, titles in many scripts and with escape sequences,
 * one GUID on three items, two recordings that differ only by extension, a FIFO as -o, a journal
 * edited to point at someone's folder. Real audio, real Vosk, servers on loopback.
 */
@Tag("slow")
class HostileSurroundingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Short network limits, so the dripping enclosure fails in seconds. */
    private static final String[] SHORT = {"--connect-timeout", "1", "--first-byte-timeout", "1", "--speed-limit", "2000",
        "--speed-time", "1"};

    @TempDir
    Path dir;
    LoopbackServer server;
    final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();
    volatile String feed;

    @BeforeEach
    void serve() throws IOException {
        server = new LoopbackServer();
        server.route("/feed.xml", x -> LoopbackServer.bytes(feed.getBytes(StandardCharsets.UTF_8)).answer(x));
        for (String name : List.of("weather.ogg", "weather.flac", "weather.wav")) {
            byte[] audio = Files.readAllBytes(TestAudio.testData(name));
            server.route("/" + name, x -> {
                if (x.getRequestMethod().equals("GET")) {
                    gets.computeIfAbsent(x.getRequestURI().getPath(), k -> new AtomicInteger()).incrementAndGet();
                }
                LoopbackServer.bytes(audio).answer(x);
            });
        }
        server.route("/drip.mp3", x -> {
            gets.computeIfAbsent("/drip.mp3", k -> new AtomicInteger()).incrementAndGet();
            LoopbackServer.drip(1_000_000, 300).answer(x);
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String item(String title, String date, String guid, String path) {
        return "<item><title>" + title + "</title><pubDate>" + date + "</pubDate><guid>" + guid + "</guid>"
                + "<enclosure url=\"" + server.base() + path + "\" type=\"audio/mpeg\"/></item>\n";
    }

    private TranscribeCommandTest.Result feedRun(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("feed", server.base() + "/feed.xml", "-d", out.toString(),
                "--work-dir", dir.toString()));
        args.addAll(List.of(SHORT));
        args.addAll(List.of(more));
        return TranscribeCommandTest.run(args.toArray(String[]::new));
    }

    private static void noRawControls(String text) {
        assertFalse(text.chars().anyMatch(c -> c == 0x1b || c == 0x07 || (c >= 0x80 && c < 0xa0) || c == 0x202e),
                "control characters reach the terminal: " + text);
    }

    @Test
    void oneOddEpisodeNeverStopsAFeedRunAndTheNextNightProceeds() throws Exception {
        String emoji = "A".repeat(79) + "👨‍👩‍👧‍👦 family";
        String cjk = "中文播客".repeat(25);
        String items = item(emoji, "Tue, 10 Nov 2026 04:00:00 GMT", "ep-emoji", "/weather.ogg")
                + item(cjk, "Wed, 11 Nov 2026 04:00:00 GMT", "ep-cjk", "/weather.flac")
                + item("Dripping", "Thu, 12 Nov 2026 04:00:00 GMT", "ep-drip", "/drip.mp3")
                + item("Take one", "Fri, 13 Nov 2026 04:00:00 GMT", "ep-dup", "/weather.wav")
                + item("Take two", "Fri, 13 Nov 2026 05:00:00 GMT", "ep-dup", "/weather.wav")
                + item("Take three", "Fri, 13 Nov 2026 06:00:00 GMT", "ep-dup", "/weather.wav");
        feed = "<rss><channel><title>\u009b]0;owned\u009cShow\u202e</title>\n" + items + "</channel></rss>";
        Path out = dir.resolve("out");
        long t0 = System.nanoTime();
        TranscribeCommandTest.Result first = feedRun(out);
        assertEquals(ExitCode.SOME_FAILED, first.code(), first.err());
        assertTrue((System.nanoTime() - t0) / 1e9 < 120, "the dripping enclosure is given up, the run ends");
        assertTrue(first.err().contains("3 transcribed, 0 up to date, 1 failed"), first.err());
        assertTrue(first.err().contains("slower than 2000 bytes/s for 1 s"), first.err());
        assertTrue(first.err().contains("\\u009b]0;owned\\u009cShow\\u202e"), "the title is shown escaped: " + first.err());
        noRawControls(first.err());
        assertFalse(first.err().contains("\tat "), "no stack trace");

        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("episodes.jsonl"))) {
            rows.add(JSON.readTree(line));
        }
        assertEquals(List.of("ep-dup", "ep-drip", "ep-cjk", "ep-emoji"), rows.stream().map(r -> r.path("guid").asText()).toList(),
                "one row per GUID, newest first");
        assertEquals("Take one", rows.get(0).path("title").asText());
        for (JsonNode row : rows) {
            if (!row.path("guid").asText().equals("ep-drip")) {
                String name = row.path("transcript").asText();
                assertTrue(Files.isRegularFile(out.resolve(name)), name);
                assertTrue(name.getBytes(StandardCharsets.UTF_8).length + ".longscribe-journal.new".length() <= 255, name);
                assertTrue(JSON.readTree(out.resolve(name).toFile()).path("text").asText().contains("weather"), name);
            }
        }
        assertTrue(rows.get(3).path("transcript").asText().startsWith("2026-11-10 " + "A".repeat(79) + " ["),
                "the emoji that does not fit is left out whole: " + rows.get(3).path("transcript").asText());
        assertEquals(1, gets.get("/weather.wav").get(), "one GUID, one download");
        assertFalse(Files.exists(out.resolve(".longscribe-downloads").resolve("x")));

        // The next night: the lock was released, the failed episode alone is tried again (and fails alone).
        TranscribeCommandTest.Result again = feedRun(out, "-q");
        assertEquals(ExitCode.SOME_FAILED, again.code(), again.err());
        assertTrue(again.err().contains("0 transcribed, 3 up to date, 1 failed"), again.err());
        assertEquals(1, gets.get("/weather.wav").get(), "nothing downloaded again");
        assertEquals(2, gets.get("/drip.mp3").get());
        assertEquals(4, Files.readAllLines(out.resolve("episodes.jsonl")).size());
    }

    @Test
    void aDrippingUrlIsOneLine69WithinItsLimitsAndLeavesNothing() throws Exception {
        long t0 = System.nanoTime();
        List<String> args = new ArrayList<>(List.of("transcribe", server.base() + "/drip.mp3", "-o", dir.resolve("d.json").toString(), "-q",
                "--work-dir", dir.toString()));
        args.addAll(List.of(SHORT));
        TranscribeCommandTest.assertOneLineError(TranscribeCommandTest.run(args.toArray(String[]::new)), ExitCode.UNAVAILABLE,
                "/drip.mp3", "slower than 2000 bytes/s for 1 s");
        assertTrue((System.nanoTime() - t0) / 1e9 < 30);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "no output, no temporary, no work directory");
        }
    }

    @Test
    void aDownloadsFolderLinkedToSomeoneElsesIsRefusedAndNothingInItIsTouched() throws Exception {
        Path theirs = Files.createDirectories(dir.resolve("theirs"));
        Files.writeString(theirs.resolve("holiday.jpg"), "photo");
        Files.writeString(theirs.resolve("2026-11-01 An episode [abcdef].mp3"), "looks like ours");
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(out.resolve(".longscribe-downloads"), theirs);
        feed = "<rss><channel><title>Show</title>" + item("One", "Tue, 10 Nov 2026 04:00:00 GMT", "g1", "/weather.ogg")
                + "</channel></rss>";
        TranscribeCommandTest.Result r = feedRun(out, "--limit", "1");
        TranscribeCommandTest.assertOneLineError(r, ExitCode.CANT_CREATE, ".longscribe-downloads", "is a symbolic link");
        try (Stream<Path> s = Files.list(theirs)) {
            assertEquals(2, s.count());
        }
        assertEquals("photo", Files.readString(theirs.resolve("holiday.jpg")));
        assertTrue(Files.isSymbolicLink(out.resolve(".longscribe-downloads")));
    }

    @Test
    void recordingsThatDifferOnlyByExtensionGetATranscriptEachAndRerunsStayIdle() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(TestAudio.testData("weather.ogg"), in.resolve("talk.ogg"));
        Files.copy(TestAudio.testData("weather.wav"), in.resolve("talk.wav"));
        Files.writeString(in.resolve("\u001b[2Jbroken\u0007.mp3"), "not audio at all");
        Path out = dir.resolve("out");
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("batch", in.toString(), "-d", out.toString(), "--work-dir", dir.toString());
        assertEquals(ExitCode.SOME_FAILED, r.code(), r.err());
        assertTrue(r.err().contains("2 transcribed, 0 up to date, 1 failed"), r.err());
        assertTrue(r.err().contains("\\x1b[2Jbroken\\x07.mp3"), r.err());
        noRawControls(r.err());
        assertTrue(JSON.readTree(out.resolve("talk.ogg.json").toFile()).path("source").path("path").asText().endsWith("talk.ogg"));
        assertTrue(JSON.readTree(out.resolve("talk.wav.json").toFile()).path("source").path("path").asText().endsWith("talk.wav"));
        assertFalse(Files.exists(out.resolve("talk.json")));
        TranscribeCommandTest.Result again = TranscribeCommandTest.run("batch", in.toString(), "-d", out.toString(), "--work-dir", dir.toString());
        assertTrue(again.err().contains("0 transcribed, 2 up to date, 1 failed"), again.err());
    }

    @Test
    void aFifoAsOutputIsWrittenIntoNotReplaced() throws Exception {
        Path fifo = dir.resolve("transcript.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("transcribe", TestAudio.testData("weather.ogg").toString(),
                "-o", fifo.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertTrue(JSON.readTree(reader.get(30, TimeUnit.SECONDS)).path("text").asText().contains("weather"));
        assertTrue(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class).isOther(), "still a FIFO");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("transcript.fifo"), s.map(p -> p.getFileName().toString()).toList(), "no journal, no temporary");
        }
    }

    @Test
    void aJournalEditedToNameSomeoneElsesFolderNeitherReadsNorRemovesIt() throws Exception {
        Path theirs = Files.createDirectories(dir.resolve("longscribe-99999-theirs"));
        Path wav = Files.copy(TestAudio.testData("weather.wav"), theirs.resolve("precious.wav"));
        Path out = dir.resolve("out.json");
        Path journal = org.longscribe.job.Journal.beside(out);
        for (String settings : List.of("edited settings", "")) {
            // First a header that is not this job (the old code removed the folder it names), then one that is.
            String header = JSON.writeValueAsString(Map.of("journal", 1, "input", TestAudio.testData("weather.ogg").toAbsolutePath().toString(),
                    "size", Files.size(TestAudio.testData("weather.ogg")), "modified",
                    Files.getLastModifiedTime(TestAudio.testData("weather.ogg")).toMillis(), "model", "m",
                    "settings", settings, "wav", wav.toString(), "wavBytes", Files.size(wav), "samples", 1));
            Files.writeString(journal, header + "\n");
            TranscribeCommandTest.Result r = TranscribeCommandTest.run("transcribe", TestAudio.testData("weather.ogg").toString(),
                    "-o", out.toString(), "--work-dir", dir.toString(), "-q");
            assertEquals(0, r.code(), r.err());
            assertTrue(Files.isRegularFile(wav), "their folder stays");
            assertEquals(Files.size(TestAudio.testData("weather.wav")), Files.size(wav));
        }
    }

    /**
     * A key file others may read (a careless copy, a shared home) is not used: the run transcribes as
     * ever, says once that its journal cannot be resumed, and leaves the key as it found it.
     */
    @Test
    void aKeyFileOthersMayReadIsNotUsedAndTheRunSaysSo() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Path key = Files.write(state.resolve(org.longscribe.store.RunKey.FILE), new byte[32]);
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path out = dir.resolve("weather.json");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlongscribe.models.dir=" + System.getProperty("longscribe.models.dir"), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "transcribe", TestAudio.testData("weather.ogg").toString(), "-o", out.toString(), "--work-dir",
                dir.toString()).redirectErrorStream(true);
        pb.environment().put("LONGSCRIBE_STATE_DIR", state.toString());
        Process p = pb.start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), said);
        assertEquals(1, said.lines().filter(l -> l.contains("cannot be resumed")).count(), said);
        assertTrue(said.contains(key + " is not this user's private file"), said);
        assertTrue(JSON.readTree(out.toFile()).path("text").asText().contains("weather"), "transcribed as ever");
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(key));
        assertEquals(32, Files.size(key));
    }
}
