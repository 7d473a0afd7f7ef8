package org.longscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import picocli.CommandLine;

/** The CLI as a user meets it: exit codes, one-line errors, whole outputs, the published schema. */
class TranscribeCommandTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static void assertOneLineError(Result r, int code, String... fragments) {
        assertEquals(code, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one line, no stack trace: " + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "'" + f + "' in: " + r.err());
        }
    }

    @Test
    void transcribesToAFileThatMatchesTheSchema() throws Exception {
        Path out = dir.resolve("lecture.json");
        Result r = run("transcribe", TestAudio.testData("lecture.mp3").toString(), "-o", out.toString(), "--threads", "2");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(Set.of(), validate(json));
        assertTrue(json.get("segments").size() >= 6);
        assertTrue(json.get("text").asText().startsWith("good morning"));
        assertEquals(43.4, json.get("duration").asDouble(), 0.1);
        assertTrue(r.err().contains("segments"), "a summary on stderr: " + r.err());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left beside the output");
        }
    }

    @Test
    void alternativesAndNoWordsStillMatchTheSchema() throws Exception {
        Path out = dir.resolve("w.json");
        Result r = run("transcribe", TestAudio.testData("weather.wav").toString(), "-o", out.toString(),
                "--max-alternatives", "3", "--no-words", "-q");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err(), "--quiet prints nothing on success");
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(Set.of(), validate(json));
        JsonNode first = json.get("segments").get(0);
        assertEquals(0, first.get("words").size());
        assertTrue(first.get("alternatives").size() >= 1);
    }

    @Test
    @Tag("slow")
    void srtVttAndTxtCarryTheSameWordsAsTheJson() throws Exception {
        String input = TestAudio.testData("lecture.mp3").toString();
        Path json = dir.resolve("l.json");
        assertEquals(0, run("transcribe", input, "-o", json.toString(), "-q").code());
        String words = new ObjectMapper().readTree(json.toFile()).get("text").asText();
        for (String ext : new String[] {"srt", "vtt", "txt"}) {
            Path out = dir.resolve("l." + ext);
            Result r = run("transcribe", input, "-o", out.toString(), "-q"); // format from the extension
            assertEquals(0, r.code(), r.err());
            String text = Files.readString(out);
            List<String> lines = text.lines().toList();
            List<String> said = new java.util.ArrayList<>();
            int cue = 0;
            String previousEnd = "00:00:00.000";
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (ext.equals("txt")) {
                    said.add(line);
                } else if (line.contains(" --> ")) {
                    String pattern = ext.equals("srt") ? "\\d\\d:\\d\\d:\\d\\d,\\d{3} --> \\d\\d:\\d\\d:\\d\\d,\\d{3}"
                            : "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} --> \\d\\d:\\d\\d:\\d\\d\\.\\d{3}";
                    assertTrue(line.matches(pattern), line);
                    String[] times = line.replace(',', '.').split(" --> ");
                    assertTrue(times[0].compareTo(previousEnd) >= 0, "ordered, not overlapping: " + line);
                    assertTrue(times[1].compareTo(times[0]) >= 0, line);
                    previousEnd = times[1];
                    cue++;
                    if (ext.equals("srt")) {
                        assertEquals(Integer.toString(cue), lines.get(i - 1), "numbered from 1");
                    }
                } else if (!line.isBlank() && !line.equals("WEBVTT") && !line.matches("\\d+")) {
                    assertTrue(line.length() <= 42 || !line.contains(" "), "line length: " + line);
                    said.add(line);
                }
            }
            if (ext.equals("vtt")) {
                assertEquals("WEBVTT", lines.get(0));
            }
            assertEquals(words, String.join(" ", said), ext + " has the same words as the JSON");
        }
        Result forced = run("transcribe", input, "--format", "TXT", "-o", dir.resolve("plain.out").toString(), "-q");
        assertEquals(0, forced.code(), forced.err());
        assertEquals(Files.readString(dir.resolve("l.txt")), Files.readString(dir.resolve("plain.out")));
    }

    @Test
    @Tag("slow")
    void jsonLinesHaveEverySegmentInOrderThenACompleteEndLine() throws Exception {
        String input = TestAudio.testData("lecture.mp3").toString();
        Path json = dir.resolve("l.json");
        Path jsonl = dir.resolve("l.jsonl");
        assertEquals(0, run("transcribe", input, "-o", json.toString(), "-q").code());
        Result r = run("transcribe", input, "-o", jsonl.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(dir.resolve("l.jsonl.partial")), "renamed when complete");
        ObjectMapper mapper = new ObjectMapper();
        JsonNode whole = mapper.readTree(json.toFile());
        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(whole.get("segments").size() + 1, lines.size());
        for (int i = 0; i < lines.size() - 1; i++) {
            JsonNode line = mapper.readTree(lines.get(i));
            assertEquals("segment", line.get("type").asText());
            JsonNode expected = whole.get("segments").get(i);
            assertEquals(expected.get("text"), line.get("text"));
            assertEquals(expected.get("start"), line.get("start"));
            assertEquals(expected.get("words"), line.get("words"));
        }
        JsonNode end = mapper.readTree(lines.get(lines.size() - 1));
        assertEquals("end", end.get("type").asText());
        assertTrue(end.get("complete").asBoolean());
        assertEquals(whole.get("segments").size(), end.get("segments").asInt());
        assertEquals(whole.get("duration"), end.get("duration"));
    }

    @Test
    void resourcePlotAndLogAreWritten() throws Exception {
        Path png = dir.resolve("memory.png");
        Path csv = dir.resolve("memory.csv");
        Result r = run("transcribe", TestAudio.testData("weather.ogg").toString(), "-o", dir.resolve("w.json").toString(),
                "--resource-plot", png.toString(), "--resource-log", csv.toString());
        assertEquals(0, r.code(), r.err());
        byte[] bytes = Files.readAllBytes(png);
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals("PNG", new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        java.util.List<String> lines = Files.readAllLines(csv);
        assertEquals("run,seconds,rss_mb,anon_mb,file_mb,cpu_seconds,cpu_percent,malloc_in_use_mb,malloc_free_mb,heap_used_mb,"
                + "heap_committed_mb", lines.get(0));
        String[] last = lines.get(lines.size() - 1).split(",", -1);
        assertEquals("", last[7], "malloc's account only when asked: " + lines.get(lines.size() - 1));
        assertEquals("", last[8]);
        double used = Double.parseDouble(last[9]);
        double committed = Double.parseDouble(last[10]);
        assertTrue(used > 0 && used <= committed, "the heap's share: " + lines.get(lines.size() - 1));
        assertTrue(lines.size() > 5, "samples every 100 ms: " + lines.size());
        assertTrue(r.err().contains("peak RSS"), r.err());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary files left");
        }
    }

    @Test
    void missingInputIs66() {
        Path missing = dir.resolve("nope.mp3");
        assertOneLineError(run("transcribe", missing.toString()), 66, missing.toString(), "no such file");
    }

    @Test
    void directoryInputIs66() {
        assertOneLineError(run("transcribe", dir.toString()), 66, "is a directory");
    }

    @Test
    void unreadableInputIs66() throws IOException {
        Path locked = Files.copy(TestAudio.testData("weather.ogg"), dir.resolve("locked.ogg"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        if (Files.isReadable(locked)) {
            // Running as root, where file modes do not apply: a write-only sysfs attribute refuses even root.
            locked = Path.of("/sys/bus/pci/rescan");
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(locked), "root, and no write-only sysfs file to try");
        }
        assertOneLineError(run("transcribe", locked.toString()), 66, "permission denied", locked.toString());
    }

    @Test
    void undecodableInputsAre65AndLeaveExistingOutputAlone() throws IOException {
        Path out = Files.writeString(dir.resolve("keep.json"), "previous transcript");
        byte[] noise = new byte[20_000];
        new Random(3).nextBytes(noise);
        Path random = Files.write(dir.resolve("random.mp3"), noise);
        Path empty = Files.write(dir.resolve("empty.wav"), new byte[0]);
        Path text = Files.writeString(dir.resolve("readme.ogg"), "just text\n");
        for (Path bad : new Path[] {random, empty, text}) {
            assertOneLineError(run("transcribe", bad.toString(), "-o", out.toString()), 65, bad.toString());
        }
        assertEquals("previous transcript", Files.readString(out));
        assertTrue(run("transcribe", empty.toString()).err().contains("is empty (0 bytes)"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(4, files.count(), "no temporary files left: " + dir);
        }
    }

    @Test
    void badWavHeaderSaysWhatIsWrong() throws IOException {
        byte[] header = Files.readAllBytes(TestAudio.testData("weather.wav"));
        header[22] = 0; // channels = 0
        header[23] = 0;
        Path bad = Files.write(dir.resolve("zero-channels.wav"), header);
        assertOneLineError(run("transcribe", bad.toString()), 65, "0 channels");
    }

    @Test
    void brokenHeadersAndContainersAre65WithTheReason() throws IOException {
        byte[] wav = Files.readAllBytes(TestAudio.testData("weather.wav"));
        Path zeroRate = Files.write(dir.resolve("zero-rate.wav"), patched(wav, 24, 0));
        Path unknownFormat = Files.write(dir.resolve("format-4711.wav"), patched(wav, 20, 4711));
        Path headerOnly = Files.write(dir.resolve("header-only.wav"), java.util.Arrays.copyOf(wav, 44));
        byte[] m4a = Files.readAllBytes(TestAudio.testData("weather.m4a"));
        Path noIndex = Files.write(dir.resolve("cut-short.m4a"), java.util.Arrays.copyOf(m4a, m4a.length / 2));
        Path out = Files.writeString(dir.resolve("keep.json"), "previous transcript");
        for (Path bad : new Path[] {zeroRate, unknownFormat, headerOnly, noIndex}) {
            assertOneLineError(run("transcribe", bad.toString(), "-o", out.toString()), 65, bad.toString());
        }
        assertOneLineError(run("transcribe", zeroRate.toString()), 65, "sample rate");
        assertOneLineError(run("transcribe", unknownFormat.toString()), 65, "format code 4711");
        assertOneLineError(run("transcribe", headerOnly.toString()), 65, "no audio");
        assertEquals("previous transcript", Files.readString(out));
    }

    private static byte[] patched(byte[] wav, int offset, int value) {
        byte[] copy = wav.clone();
        java.nio.ByteBuffer.wrap(copy).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
        if (offset == 24) {
            java.nio.ByteBuffer.wrap(copy).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(24, value);
        }
        return copy;
    }

    @Test
    void outputDirectoryNotWritableIs73() {
        // sysfs takes no new files, whoever asks (a chmod'ed directory would not stop root).
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/sys/kernel")), "Linux only");
        assertOneLineError(run("transcribe", TestAudio.testData("weather.wav").toString(), "-o", "/sys/kernel/w.json"), 73,
                "/sys/kernel/w.json", "permission denied");
    }

    @Test
    void outputDirectoryMissingIs73BeforeAnyWork() {
        Path out = dir.resolve("no/such/dir/out.json");
        assertOneLineError(run("transcribe", TestAudio.testData("weather.wav").toString(), "-o", out.toString()), 73,
                "does not exist");
    }

    @Test
    void usageErrorsAre2() {
        Result noArgs = run("transcribe");
        assertEquals(2, noArgs.code());
        assertTrue(noArgs.err().contains("Try 'longscribe transcribe --help'"), noArgs.err());
        assertEquals(2, run("transcribe", "x.mp3", "--threads", "0").code());
        assertEquals(2, run("transcribe", "x.mp3", "--bogus").code());
        assertEquals(2, run().code());
        String wav = TestAudio.testData("weather.wav").toString();
        Result both = run("transcribe", wav, "--fast", "--reproducible");
        assertEquals(2, both.code(), both.err());
        assertTrue(both.err().contains("--fast and --reproducible"), both.err());
        Result docx = run("transcribe", wav, "-o", "talk.docx");
        assertEquals(2, docx.code(), docx.err());
        assertTrue(docx.err().contains("-o talk.docx: '.docx' names no format"), docx.err());
        assertFalse(Files.exists(Path.of("talk.docx")));
        Result zero = run("transcribe", "http://127.0.0.1:9/x.mp3", "--first-byte-timeout", "0");
        assertEquals(2, zero.code(), zero.err());
        assertTrue(zero.err().contains("--first-byte-timeout must be more than 0"), zero.err());
    }

    @Test
    void aDirectoryThatIsNotAModelIs2AndNamesWhatIsMissing() throws IOException {
        Path notModel = Files.createDirectory(dir.resolve("my-model"));
        assertOneLineError(run("transcribe", TestAudio.testData("weather.wav").toString(), "--model", notModel.toString()),
                2, "not a Vosk model", "am/final.mdl");
    }

    /**
     * A model whose files are all there but that Vosk cannot load: the model loads while the recording
     * decodes, and the failure is still one line naming it, exit 2, and nothing written.
     */
    @Test
    void aModelVoskCannotLoadIs2InOneLineAndLeavesNothing() throws IOException {
        Path broken = Files.createDirectory(dir.resolve("broken-model"));
        Files.createDirectories(broken.resolve("am"));
        Files.createDirectories(broken.resolve("conf"));
        Files.createDirectories(broken.resolve("graph"));
        Files.writeString(broken.resolve("am/final.mdl"), "not an acoustic model");
        Files.writeString(broken.resolve("conf/mfcc.conf"), "--use-energy=false\n");
        Files.writeString(broken.resolve("graph/HCLG.fst"), "not a graph");
        Path out = dir.resolve("out.json");
        assertOneLineError(run("transcribe", TestAudio.testData("lecture.mp3").toString(), "-o", out.toString(), "--model",
                broken.toString()), 2, broken.toString(), "Vosk could not load this model");
        try (java.util.stream.Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of("broken-model"), left.map(p -> p.getFileName().toString()).toList(), "no output, no temporary, no journal");
        }
    }

    @Test
    void modelsListsTheBuiltInModelAsDefault() {
        Result r = run("models");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("* vosk-model-small-en-us-0.15") && l.contains("en-us")), r.out());
    }

    @Test
    void helpListsExitCodesAndVersionNamesVosk() {
        Result help = run("transcribe", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("73"), help.out());
        Result version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().contains("vosk 0.3.45"), version.out());
    }

    /** Option texts are format strings to picocli: a bare "%" garbles the help and warns on stderr. */
    @Test
    void everyCommandsHelpFormatsWithoutAWarning() {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream warned = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warned, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String command : Main.commandLine().getSubcommands().keySet()) {
                assertEquals(0, run(command, "--help").code(), command);
            }
            assertEquals(0, run("--help").code());
        } finally {
            System.setErr(stderr);
        }
        assertEquals("", warned.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(run("transcribe", "--help").out().replaceAll("\\s+", " ").contains("5-10% less CPU on long hard"));
    }

    static Set<ValidationMessage> validate(JsonNode json) throws IOException {
        try (InputStream schema = TranscribeCommandTest.class.getResourceAsStream(
                "/org/longscribe/transcript/transcript.schema.json")) {
            JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
            return s.validate(json);
        }
    }
}
