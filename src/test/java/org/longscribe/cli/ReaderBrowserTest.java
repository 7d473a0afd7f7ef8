package org.longscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import org.longscribe.asr.Word;
import org.longscribe.transcript.OutputFormat;
import org.longscribe.transcript.Transcript;
import org.longscribe.transcript.TranscriptSegment;

/**
 * The HTML reader in a real browser: Debian's Chromium driven by playwright-core (installed into
 * cli/target/browser-test by the build where npm is; Chromium by .ci/run), through
 * src/test/js/reader-check.mjs. Pages come from the CLI on test-data recordings.
 */
@Tag("slow")
class ReaderBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path BROWSER_TEST = Path.of("cli/target/browser-test");
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("LONGSCRIBE_CHROMIUM", "/usr/bin/chromium"));

    @TempDir
    Path dir;

    @BeforeAll
    static void browserInstalled() {
        assumeTrue(Files.isDirectory(BROWSER_TEST.resolve("node_modules/playwright-core")),
                "playwright-core is not installed in " + BROWSER_TEST + " (the build installs it with npm)");
        assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM + " (apt-get install chromium; .ci/run does)");
    }

    /** Runs the browser script on {@code page}, searching for {@code search}; what it saw, as JSON. */
    static JsonNode browse(Path page, Path screenshot, String search, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(page.toString(), screenshot.toString()));
        args.addAll(List.of(more));
        return runScript("reader-check.mjs", java.util.Map.of("SEARCH", search), args);
    }

    /** Runs src/test/js/{@code script} with node from the browser-test folder; the JSON of its last line. */
    static JsonNode runScript(String script, java.util.Map<String, String> environment, List<String> args) throws Exception {
        Path copy = BROWSER_TEST.resolve(script);
        Files.copy(Path.of("src/test/js", script), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of("node", copy.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(environment);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the browser script finished");
        assertEquals(0, p.exitValue(), out);
        return JSON.readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
    }

    @Test
    void thePageHasTheTranscriptsWordsAndPlaysThemWhereTheyAre() throws Exception {
        Path recording = Files.copy(TestAudio.testData("lecture.mp3"), dir.resolve("lecture.mp3"));
        Path html = dir.resolve("lecture.html");
        Path json = dir.resolve("lecture.json");
        assertEquals(0, TranscribeCommandTest.run("transcribe", recording.toString(), "-o", html.toString(), "-q").code());
        assertEquals(0, TranscribeCommandTest.run("transcribe", recording.toString(), "-o", json.toString(), "-q").code());
        JsonNode transcript = JSON.readTree(json.toFile());
        Path screenshot = Path.of("cli/target/reader-lecture.png");
        // Search for the transcript's most frequent word of 3 letters or more.
        java.util.Map<String, Long> frequency = new java.util.TreeMap<>();
        transcript.path("segments").forEach(s -> s.path("words").forEach(w -> {
            if (w.path("word").asText().length() >= 3) {
                frequency.merge(w.path("word").asText(), 1L, Long::sum);
            }
        }));
        String term = frequency.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
        JsonNode seen = browse(html, screenshot, term);

        assertEquals("audio", seen.path("media").path("tag").asText());
        assertEquals("lecture.mp3", seen.path("media").path("src").asText(), "relative to the page");
        assertEquals(transcript.path("duration").asDouble(), seen.path("media").path("duration").asDouble(), 0.2,
                "the browser loaded the recording");
        // Every word, in the JSON's order, with its start; grouped by segment.
        List<String> expectedWords = new ArrayList<>();
        List<Double> expectedStarts = new ArrayList<>();
        for (JsonNode s : transcript.path("segments")) {
            for (JsonNode w : s.path("words")) {
                expectedWords.add(w.path("word").asText());
                expectedStarts.add(w.path("start").asDouble());
            }
        }
        List<String> words = new ArrayList<>();
        List<Double> starts = new ArrayList<>();
        seen.path("words").forEach(w -> {
            words.add(w.path("text").asText());
            starts.add(w.path("start").asDouble());
        });
        assertEquals(expectedWords, words);
        assertEquals(expectedStarts, starts);
        assertEquals(transcript.path("segments").size(), seen.path("segments").size());
        for (int i = 0; i < transcript.path("segments").size(); i++) {
            JsonNode s = transcript.path("segments").get(i);
            JsonNode p = seen.path("segments").get(i);
            assertEquals(s.path("start").asDouble(), p.path("start").asDouble(), 1e-9);
            assertEquals(s.path("end").asDouble(), p.path("end").asDouble(), 1e-9);
            assertEquals(s.path("words").size(), p.path("words").asInt());
        }
        // A click on a word seeks there (and plays: a little past it by the time it is read).
        JsonNode click = seen.path("click");
        double start = click.path("start").asDouble();
        assertTrue(click.path("currentTime").asDouble() >= start - 0.01 && click.path("currentTime").asDouble() < start + 0.6,
                click.toString());
        assertTrue(click.path("highlighted").asBoolean());
        // Keys: the down arrow goes to the first segment from the start; space plays, then pauses.
        assertEquals(transcript.path("segments").get(0).path("start").asDouble(), seen.path("arrow").path("currentTime").asDouble(), 0.01);
        assertTrue(seen.path("spacePlays").asBoolean());
        assertTrue(seen.path("spacePauses").asBoolean());
        // Search: as many matches as the JSON has words starting so; Enter steps to the next and seeks there.
        long ofs = expectedWords.stream().filter(w -> w.startsWith(term)).count();
        assertTrue(ofs >= 2, "the lecture says '" + term + "' more than once");
        JsonNode search = seen.path("search");
        assertEquals("1 of " + ofs, search.path("count").asText());
        assertEquals(ofs, search.path("hits").asLong());
        assertEquals("2 of " + ofs, search.path("afterEnter").asText());
        assertEquals(search.path("mediaAtHit").path("hit").asDouble(), search.path("mediaAtHit").path("t").asDouble(), 0.01);
        assertEquals(0, search.path("afterEscape").asInt());
        // #t=0:30 opens the page at 30 s, with the segment of that moment highlighted and in view.
        JsonNode hash = seen.path("hash");
        assertEquals(30.0, hash.path("currentTime").asDouble(), 0.01);
        double currentStart = hash.path("current").asDouble();
        assertTrue(currentStart <= 30.0, hash.toString());
        assertTrue(hash.path("visible").asBoolean(), hash.toString());
        // On a phone one column and no sideways scrolling; printed without player and search.
        assertTrue(seen.path("phone").path("overflow").asInt() <= 0, seen.path("phone").toString());
        assertEquals(1, seen.path("phone").path("columns").asInt(), seen.path("phone").toString());
        assertEquals("none", seen.path("print").path("player").asText());
        assertEquals("none", seen.path("print").path("tools").asText());
        assertEquals(words.size(), seen.path("print").path("words").asInt());
        // Nothing was fetched but the page and the recording, and no script error.
        for (JsonNode r : seen.path("requests")) {
            String url = r.asText();
            assertTrue(url.equals(html.toUri().toString()) || url.equals(recording.toUri().toString()), "request to " + url);
        }
        assertEquals(0, seen.path("errors").size(), seen.path("errors").toString());
        assertTrue(Files.size(screenshot) > 10_000, "screenshot " + screenshot);
    }

    @Test
    void aVideoGetsAVideoElementAndMediaNamesTheAddress() throws Exception {
        Path html = dir.resolve("weather.html");
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("transcribe", TestAudio.testData("weather.mp4").toString(),
                "-o", html.toString(), "--media", "https://media.example.org/talks/weather.mp4?x=1&y=2", "-q");
        assertEquals(0, r.code(), r.err());
        String page = Files.readString(html);
        assertTrue(page.contains("<video id=\"media\" controls preload=\"metadata\" src=\"https://media.example.org/talks/weather.mp4?x=1&amp;y=2\">"),
                page.substring(0, Math.min(page.length(), 3000)));
        assertFalse(page.contains("<audio"));
    }

    @Test
    void batchWritesPagesThatFindTheirRecordings() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in/week 1"));
        Files.copy(TestAudio.testData("weather.ogg"), in.resolve("forecast.ogg"));
        Path out = dir.resolve("site");
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("batch", dir.resolve("in").toString(), "-d", out.toString(),
                "--format", "html", "-q");
        assertEquals(0, r.code(), r.err());
        Path page = out.resolve("week 1/forecast.html");
        assertTrue(Files.readString(page).contains("src=\"../../in/week%201/forecast.ogg\""), "relative to the page");
        Path served = dir.resolve("served");
        r = TranscribeCommandTest.run("batch", dir.resolve("in").toString(), "-d", served.toString(), "--format", "html",
                "--media", "https://example.org/talks", "-q");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(served.resolve("week 1/forecast.html"))
                .contains("src=\"https://example.org/talks/week%201/forecast.ogg\""));
        JsonNode seen = browse(page, dir.resolve("batch.png"), "the");
        assertTrue(seen.path("media").path("duration").asDouble() > 17, "the page found its recording: " + seen.path("media"));
    }

    @Test
    void aHostileFileNameStaysText() throws Exception {
        Path recording = Files.copy(TestAudio.testData("weather.wav"), dir.resolve("\"><img src=x onerror=alert(1)>.wav"));
        Path html = dir.resolve("weather.html");
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("transcribe", recording.toString(), "-o", html.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        String page = Files.readString(html);
        assertFalse(page.contains("<img"), "no markup from the name");
        assertTrue(page.contains("<h1>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.wav</h1>"));
        assertTrue(page.contains("src=\"%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.wav\""), "the name percent-encoded in the URL");
        JsonNode seen = browse(html, dir.resolve("hostile.png"), "the");
        assertEquals(17.4, seen.path("media").path("duration").asDouble(), 0.1, "the oddly named recording still plays");
        assertEquals(0, seen.path("errors").size(), seen.path("errors").toString());
        assertTrue(seen.path("title").asText().startsWith("\"><img"), seen.path("title").asText());
    }

    /**
     * A two-hour transcript (20,000 words): the lecture's segments repeated, times shifted. Prints
     * how long the page takes to load, to seek and highlight, to scroll and to search; asserts only
     * that it is whole (timings are for the README, not a pass/fail).
     */
    @Test
    void aTwoHourTranscriptOpensAndScrolls() throws Exception {
        Path json = dir.resolve("lecture.json");
        Path recording = Files.copy(TestAudio.testData("lecture.mp3"), dir.resolve("lecture.mp3"));
        assertEquals(0, TranscribeCommandTest.run("transcribe", recording.toString(), "-o", json.toString(), "-q").code());
        JsonNode t = JSON.readTree(json.toFile());
        List<TranscriptSegment> segments = new ArrayList<>();
        int words = 0;
        double offset = 0;
        while (words < 20_000) {
            for (JsonNode s : t.path("segments")) {
                List<Word> ws = new ArrayList<>();
                for (JsonNode w : s.path("words")) {
                    ws.add(new Word(w.path("word").asText(), offset + w.path("start").asDouble(), offset + w.path("end").asDouble(),
                            w.path("conf").asDouble()));
                }
                words += ws.size();
                segments.add(new TranscriptSegment(segments.size(), offset + s.path("start").asDouble(),
                        offset + s.path("end").asDouble(), s.path("text").asText(), ws, List.of()));
            }
            offset += t.path("duration").asDouble();
        }
        Transcript big = new Transcript("", offset, segments, new Transcript.Source(recording.toString(), 0,
                "2026-11-22T00:00:00Z", "mp3", "mp3", 44100, 2), new Transcript.ModelInfo("test", "test"), null);
        Path html = dir.resolve("big.html");
        try (OutputStream out = Files.newOutputStream(html)) {
            OutputFormat.HTML.writer(html, null).write(big, out);
        }
        JsonNode seen = browse(html, dir.resolve("big.png"), "the", "big");
        System.out.printf("reader, %d words, %d segments, %.0f KB: load %d ms, click-seek-highlight %.0f ms, scroll frames median %.1f ms"
                        + " max %.1f ms (%d frames), search 'the' %.0f ms (%s)%n", seen.path("words").asInt(), segments.size(),
                Files.size(html) / 1024.0, seen.path("loadMs").asInt(), seen.path("seekMs").asDouble(),
                seen.path("scroll").path("medianMs").asDouble(), seen.path("scroll").path("maxMs").asDouble(),
                seen.path("scroll").path("frames").asInt(), seen.path("searchMs").path("ms").asDouble(),
                seen.path("searchMs").path("count").asText());
        assertEquals(words, seen.path("words").asInt());
        assertEquals(0, seen.path("errors").size(), seen.path("errors").toString());
    }
}
