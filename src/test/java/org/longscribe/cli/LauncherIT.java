package org.longscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.longscribe.cli.ModelsGetTest.names;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.BuildInfo;
import org.longscribe.TestAudio;
import org.longscribe.model.ModelLocator;

/**
 * The {@code ./longscribe} launcher as a newcomer meets it: a root of its own holding the launcher,
 * the built jar (a link to this build's) and the built-in model (a link to the one the build
 * unpacked, as a user's models/NAME -> /data/models/NAME would be), so that it builds nothing.
 */
@Tag("slow")
class LauncherIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private Path models;
    private String builtIn;

    private void layOut() throws IOException {
        Path launcher = Path.of("longscribe").toAbsolutePath();
        Files.copy(launcher, root.resolve("longscribe"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(root.resolve("target"));
        Files.createSymbolicLink(root.resolve("target/longscribe.jar"), Path.of("target/longscribe.jar").toAbsolutePath());
        builtIn = BuildInfo.defaultModelName();
        Path lazy = ModelLocator.modelsDir().resolve(builtIn).toAbsolutePath();
        models = Files.createDirectories(root.resolve("models"));
        Files.createSymbolicLink(models.resolve(builtIn), lazy);
    }

    private record Run(int code, String err) {
    }

    private Run launch(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(root.resolve("longscribe").toString()));
        command.addAll(List.of(args));
        Path log = root.resolve("launcher.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("LONGSCRIBE_STATE_DIR", root.resolve("state").toString()); // not the user's own
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the launcher finished");
        return new Run(p.exitValue(), Files.readString(log));
    }

    private static JsonNode json(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    @Test
    void theFirstTranscriptionComposesTheDefaultGraphOnceAndEveryRunDecodesWithIt() throws Exception {
        layOut();
        Path lecture = TestAudio.testData("lecture.mp3");
        Path first = root.resolve("first.json");
        Run r = launch(Map.of(), "transcribe", lecture.toString(), "-o", first.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("composing the default model's decoding graph, once"), r.err());
        assertEquals(List.of(builtIn, builtIn + "-static"), names(models), "the composed copy beside the link, nothing else");
        assertTrue(Files.isRegularFile(models.resolve(builtIn + "-static/graph/HCLG.fst")));
        assertEquals(builtIn + "-static", json(first).path("model").path("name").asText(), "this run decoded with it");

        Path second = root.resolve("second.json");
        r = launch(Map.of(), "transcribe", lecture.toString(), "-o", second.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("composing"), "once: " + r.err());
        assertEquals(json(first).path("segments"), json(second).path("segments"));

        Path lazy = root.resolve("lazy.json");
        r = launch(Map.of(), "transcribe", lecture.toString(), "-o", lazy.toString(), "-q", "--model", builtIn);
        assertEquals(0, r.code(), r.err());
        assertEquals(ModelsComposeTest.texts(lazy), ModelsComposeTest.texts(first), "the same words as the lazily composed graph");
    }

    @Test
    void aLinkAtTheComposedModelsNameIsNeitherFollowedNorComposedOverAndTheRunGoesOnLazily() throws Exception {
        layOut();
        Path theirs = Files.createDirectories(root.resolve("theirs"));
        Files.writeString(theirs.resolve("notes.txt"), "mine");
        Files.createSymbolicLink(models.resolve(builtIn + "-static"), theirs);
        Path out = root.resolve("out.json");
        Run r = launch(Map.of(), "transcribe", TestAudio.testData("lecture.mp3").toString(), "-o", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("composing"), r.err());
        assertTrue(Files.isSymbolicLink(models.resolve(builtIn + "-static")));
        assertEquals(List.of("notes.txt"), names(theirs));
        assertEquals(builtIn, json(out).path("model").path("name").asText());
    }

    @Test
    void composeNoAnotherModelAndCommandsThatDoNotDecodeComposeNothing() throws Exception {
        layOut();
        String lecture = TestAudio.testData("lecture.mp3").toString();
        Run r = launch(Map.of("LONGSCRIBE_COMPOSE", "no"), "transcribe", lecture, "-o", root.resolve("out.json").toString(), "-q");
        assertEquals(0, r.code(), r.err());
        // Another model chosen (here the built-in one by name, lazily composed): nothing composed for it.
        r = launch(Map.of(), "transcribe", lecture, "-o", root.resolve("other.json").toString(), "-q", "--model", builtIn);
        assertEquals(0, r.code(), r.err());
        r = launch(Map.of("LONGSCRIBE_MODEL", models.resolve(builtIn).toString()), "transcribe", lecture, "-o",
                root.resolve("env.json").toString(), "-q");
        assertEquals(0, r.code(), r.err());
        r = launch(Map.of(), "models");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains(builtIn), r.err());
        assertFalse(r.err().contains("composing"), r.err());
        assertEquals(List.of(builtIn), names(models));
    }

    @Test
    void whileAnotherRunComposesTheRunSaysSoAndGoesOnWithTheLazilyComposedGraph() throws Exception {
        layOut();
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Path theirWork = Files.createDirectories(models.resolve("." + builtIn + "-static.composing-" + other.pid()));
            Path out = root.resolve("out.json");
            Run r = launch(Map.of(), "transcribe", TestAudio.testData("lecture.mp3").toString(), "-o", out.toString(), "-q");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("is being composed by process " + other.pid()), r.err());
            assertTrue(r.err().contains("going on with the lazily composed graph"), r.err());
            assertEquals(builtIn, json(out).path("model").path("name").asText());
            assertTrue(Files.isDirectory(theirWork), "their work is left alone");
            assertEquals(List.of(theirWork.getFileName().toString(), builtIn), names(models));
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void aModelsFolderOfTheirOwnGetsTheComposedCopyAndOnlyOnce() throws Exception {
        layOut();
        Path theirs = Files.createDirectories(root.resolve("their-models"));
        Files.createSymbolicLink(theirs.resolve(builtIn), Files.readSymbolicLink(models.resolve(builtIn)));
        Map<String, String> env = Map.of("LONGSCRIBE_MODELS_DIR", theirs.toString());
        String lecture = TestAudio.testData("lecture.mp3").toString();
        Path out = root.resolve("out.json");
        Run r = launch(env, "transcribe", lecture, "-o", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("composing"), r.err());
        assertEquals(List.of(builtIn, builtIn + "-static"), names(theirs));
        assertEquals(List.of(builtIn), names(models), "nothing in the launcher's own models folder");
        assertEquals(builtIn + "-static", json(out).path("model").path("name").asText());
        r = launch(env, "transcribe", lecture, "-o", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("composing") || r.err().contains("is there already"), "once: " + r.err());
    }

    /**
     * On a machine without jemalloc the launcher says once, in one line, what it would give; not
     * again, not under -q, not with LONGSCRIBE_MALLOC=glibc; and a link planted at the name it
     * remembers that by is not followed (nothing is made behind it, and the note is not said).
     */
    @Test
    void withoutJemallocTheLauncherSaysOnceWhatItWouldGive() throws Exception {
        layOut();
        Path launcher = root.resolve("longscribe");
        Files.writeString(launcher, Files.readString(launcher).replace("libjemalloc.so.2", "libjemalloc-absent.so.2"));
        Map<String, String> env = Map.of("LONGSCRIBE_COMPOSE", "no");
        String missing = root.resolve("missing.mp3").toString();
        Run quiet = launch(env, "transcribe", missing, "-q");
        assertFalse(quiet.err().contains("jemalloc"), quiet.err());
        Run first = launch(env, "transcribe", missing);
        assertEquals(66, first.code(), first.err());
        assertEquals(1, first.err().lines().filter(l -> l.contains("without jemalloc") && l.contains("apt-get install libjemalloc2")).count(),
                first.err());
        Run second = launch(env, "transcribe", missing);
        assertFalse(second.err().contains("jemalloc"), second.err());

        Files.delete(root.resolve("state/said-jemalloc"));
        Path theirs = Files.createDirectories(root.resolve("theirs"));
        Files.createSymbolicLink(root.resolve("state/said-jemalloc"), theirs.resolve("made"));
        Run planted = launch(env, "transcribe", missing);
        assertFalse(planted.err().contains("jemalloc"), planted.err());
        assertEquals(List.of(), names(theirs), "nothing made behind the link");
        Files.delete(root.resolve("state/said-jemalloc"));
        Run glibc = launch(Map.of("LONGSCRIBE_COMPOSE", "no", "LONGSCRIBE_MALLOC", "glibc"), "transcribe", missing);
        assertFalse(glibc.err().contains("jemalloc"), glibc.err());
    }

    /**
     * LONGSCRIBE_JAVA_OPTS is split into words with quotes honoured and nothing globbed: a value with a
     * blank in quotes stays one option, and a '*' beside a file named like an option stays a '*'.
     */
    @Test
    void javaOptionsAreWordsWithQuotesAndNoGlobbing() throws Exception {
        layOut();
        Files.createFile(root.resolve("-Dglob=planted"));
        Path tmp = Files.createDirectories(root.resolve("a b"));
        ProcessBuilder pb = new ProcessBuilder(root.resolve("longscribe").toString(), "--version").directory(root.toFile())
                .redirectErrorStream(true);
        pb.environment().put("LONGSCRIBE_JAVA_OPTS", "-XshowSettings:properties '-Djava.io.tmpdir=" + tmp + "' -Dglob=*");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("java.io.tmpdir = " + tmp + "\n"), output);
        assertTrue(output.contains("glob = *\n"), output);

        pb.environment().put("LONGSCRIBE_JAVA_OPTS", "'-Dunclosed=x");
        Process bad = pb.start();
        String said = new String(bad.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(bad.waitFor(1, TimeUnit.MINUTES));
        assertEquals(2, bad.exitValue(), said);
        assertEquals(1, said.lines().count(), said);
        assertTrue(said.contains("LONGSCRIBE_JAVA_OPTS: a quote is not closed"), said);
    }
}
