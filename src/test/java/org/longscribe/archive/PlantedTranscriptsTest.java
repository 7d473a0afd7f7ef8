package org.longscribe.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.cli.Main;

/**
 * Transcripts someone else put in OUT_DIR: each one that is not sane is skipped with one line that
 * names it, night after night, and the rest are indexed and found; none becomes a link that is not
 * http(s) or a path of ours; a transcript of 100 MB is indexed in the launcher's 128 MB heap.
 */
class PlantedTranscriptsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    private ObjectNode good(String name, long seed) throws IOException {
        Path file = out.resolve(name + ".json");
        ArchiveChecks.transcript(file, out.resolve(name + ".mp3").toString(), "2026-11-0" + seed + "T08:00:00Z", 300, seed, false);
        return (ObjectNode) JSON.readTree(file.toFile());
    }

    private void plant(String name, ObjectNode t) throws IOException {
        JSON.writeValue(out.resolve(name + ".json").toFile(), t);
    }

    private static ObjectNode firstWord(ObjectNode t) {
        return (ObjectNode) t.path("segments").get(0).path("words").get(0);
    }

    @Test
    void insaneTranscriptsAreSkippedWithALineEachNightAndTheRestAreFound() throws IOException {
        good("lecture", 1);
        good("talk", 2);
        Map<String, String> why = new java.util.LinkedHashMap<>();
        ObjectNode t = good("huge-time", 3);
        firstWord(t).put("start", 1e308);
        plant("huge-time", t);
        why.put("huge-time", "has a word's start out of range");
        t = good("infinity", 4);
        firstWord(t).put("start", "Infinity");
        plant("infinity", t);
        why.put("infinity", "has a word's start that is not a number of seconds");
        t = good("nul", 5);
        ((ObjectNode) t.path("source")).put("path", "/srv/a\u0000b.mp3");
        plant("nul", t);
        why.put("nul", "has a NUL character in source.path");
        t = good("long-word", 6);
        firstWord(t).put("word", "w".repeat(50_001));
        plant("long-word", t);
        why.put("long-word", "has a word of more than " + TranscriptWords.MAX_WORD_CHARS + " characters");
        t = good("negative", 7);
        ((ObjectNode) t.path("segments").get(1)).put("start", -5);
        plant("negative", t);
        why.put("negative", "has a segment's start out of range");
        String cut = Files.readString(out.resolve("talk.json"));
        Files.writeString(out.resolve("cut.json"), cut.substring(0, cut.length() / 2));
        why.put("cut", "is not whole JSON");
        // Sane words, a hostile address: indexed, never a link.
        t = good("script", 8);
        ((ObjectNode) t.path("source")).put("path", "javascript://%0aalert(document.domain)");
        plant("script", t);

        for (int night = 0; night < 2; night++) {
            List<String> notes = new ArrayList<>();
            Archive.Update u = new Archive(out).update(Map.of(), true, new Archive.Listener() {
                @Override
                public void note(String line) {
                    notes.add(line);
                }
            });
            assertEquals(night == 0 ? 3 : 0, u.added(), notes.toString());
            assertEquals(3, u.recordings());
            for (Map.Entry<String, String> e : why.entrySet()) {
                String line = notes.stream().filter(n -> n.startsWith(out.resolve(e.getKey() + ".json") + " ")).findFirst()
                        .orElseThrow(() -> new AssertionError(e.getKey() + " not named: " + notes));
                assertTrue(line.contains(e.getValue()) && line.endsWith(": not indexed"), line);
            }
            assertEquals(why.size(), notes.size(), notes.toString());
        }
        for (String name : why.keySet()) {
            Files.delete(out.resolve(name + ".json")); // what the search finds is what the sane ones say
        }
        for (String phrase : List.of("the", ArchiveChecks.vocabulary().get(3))) {
            List<String> want = ArchiveChecks.expected(out, phrase);
            assertFalse(want.isEmpty(), phrase);
            assertEquals(want, ArchiveChecks.searched(out, phrase), phrase);
        }
        String page = Files.readString(out.resolve(Archive.PAGE));
        assertFalse(page.toLowerCase().contains("javascript:"), "no planted address in the page");
        assertTrue(page.contains(">javascript://%0aalert(document.domain)<") || page.contains("alert(document.domain)"),
                "its title is shown, as text");
        Matcher hrefs = Pattern.compile("href=\"([^\"]*)\"").matcher(page);
        while (hrefs.find()) {
            assertTrue(org.longscribe.transcript.HtmlWriter.isSafeHref(hrefs.group(1)), hrefs.group(1));
        }
        assertFalse(page.contains("'unsafe-inline' 'self'") || page.matches("(?s).*script-src[^;]*unsafe-inline.*"), "no inline script but ours");
        ArchiveChecks.assertWhole(out);
    }

    @Test
    void onlyHttpUrlsAndRelativePathsAreLinks() {
        for (String ok : List.of("https://example.org/a.mp3", "HTTP://x/y?z#t=1", "talk.html", "week%201/talk.mp3", "../in/a%20b.mp3",
                "a.mp3#t=3")) {
            assertTrue(org.longscribe.transcript.HtmlWriter.isSafeHref(ok), ok);
        }
        for (String bad : List.of("javascript:alert(1)", "JavaScript://%0aalert(1)", " javascript:alert(1)", "java\tscript:x",
                "data:text/html,x", "file:///etc/passwd", "//evil.example/x", "/etc/passwd", "vbscript:x", "\u0001javascript:x", "")) {
            assertEquals(bad.isEmpty(), org.longscribe.transcript.HtmlWriter.isSafeHref(bad), bad);
        }
    }

    /** 100 MB of transcript (over a million words) indexed and searched in a child JVM with the launcher's heap. */
    @Test
    @Tag("slow")
    void aTranscriptOf100MegabytesIsIndexedInTheDefaultHeap() throws Exception {
        Path big = out.resolve("marathon.json");
        long words = 0;
        try (JsonGenerator g = JSON.getFactory().createGenerator(big.toFile(), com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeNumberField("format_version", 1);
            g.writeStringField("text", "");
            g.writeNumberField("duration", 400_000);
            g.writeObjectFieldStart("source");
            g.writeStringField("path", "/srv/marathon.mp3");
            g.writeEndObject();
            g.writeArrayFieldStart("segments");
            double t = 0;
            List<String> vocabulary = ArchiveChecks.vocabulary();
            for (int s = 0; words < 1_600_000; s++) {
                g.writeStartObject();
                g.writeNumberField("id", s);
                g.writeNumberField("start", t);
                g.writeNumberField("end", t + 4);
                g.writeStringField("text", "");
                g.writeArrayFieldStart("words");
                for (int i = 0; i < 12; i++, words++) {
                    g.writeStartObject();
                    g.writeStringField("word", words == 1_000_000 ? "needleword" : vocabulary.get((int) (words % vocabulary.size())));
                    g.writeNumberField("start", t + i * 0.3);
                    g.writeNumberField("end", t + i * 0.3 + 0.25);
                    g.writeNumberField("conf", 0.9);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
                t += 4;
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        assertTrue(Files.size(big) > 100_000_000, "size " + Files.size(big));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-XX:+UseSerialGC",
                "-Dlongscribe.models.dir=" + System.getProperty("longscribe.models.dir"), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "search", out.toString(), "needleword").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("marathon\t"), output);
        assertTrue(output.contains("needleword"), output);
    }
}
