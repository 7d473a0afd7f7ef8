package org.longscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import org.longscribe.model.ModelLocator;

/**
 * {@code models compose}: the built-in model's graph composed ahead of time with OpenFST's tools (the
 * tests that compose need them: .ci/run installs them, and fails if these tests were skipped), and
 * the ways it must fail without leaving anything in the models folder.
 */
class ModelsComposeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static boolean toolsInstalled() {
        for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!p.isEmpty() && Files.isExecutable(Path.of(p, "fstcompose"))) {
                return true;
            }
        }
        return false;
    }

    /** A copy of the built-in model in {@code dir}/models, as a user's MODELS_DIR would hold it. */
    private Path copyOfBuiltInModel() throws IOException {
        Path source = ModelLocator.resolve(null);
        Path copy = dir.resolve("models").resolve(source.getFileName().toString());
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(copy.resolve(source.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.copy(f, copy.resolve(source.relativize(f).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
        return copy;
    }

    /** {@code work}'s result with MODELS_DIR set to {@code modelsDir} meanwhile. */
    private static <T> T withModelsDir(Path modelsDir, java.util.concurrent.Callable<T> work) throws Exception {
        String before = System.getProperty("longscribe.models.dir");
        try {
            System.setProperty("longscribe.models.dir", modelsDir.toString());
            return work.call();
        } finally {
            if (before == null) {
                System.clearProperty("longscribe.models.dir");
            } else {
                System.setProperty("longscribe.models.dir", before);
            }
        }
    }

    /** The model a run without --model would use, were MODELS_DIR {@code modelsDir}. */
    private static Path defaultModelIn(Path modelsDir) throws Exception {
        return withModelsDir(modelsDir, () -> ModelLocator.resolve(null));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> texts(Path json) throws IOException {
        List<String> texts = new ArrayList<>();
        for (JsonNode s : JSON.readTree(json.toFile()).path("segments")) {
            texts.add(s.path("text").asText());
        }
        return texts;
    }

    @Test
    @Tag("slow")
    void theComposedModelHearsWhatTheModelItCameFromHearsAndFastChangesNothing() throws Exception {
        assumeTrue(toolsInstalled(), "OpenFST's tools are not installed (.ci/run installs them)");
        Path model = copyOfBuiltInModel();
        // What a killed run left (its process gone), and a link of that name to someone's folder.
        String prefix = "." + model.getFileName() + "-static.composing-";
        Path stale = Files.createDirectories(model.resolveSibling(prefix + "999999999").resolve("model/graph"));
        Files.writeString(stale.resolve("HCLG.vector.fst"), "half");
        Path theirs = Files.createDirectories(dir.resolve("theirs"));
        Files.writeString(theirs.resolve("keep.txt"), "mine");
        Files.createSymbolicLink(model.resolveSibling(prefix + "999999998"), theirs);
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("models", "compose", model.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertEquals("mine", Files.readString(theirs.resolve("keep.txt")), "a link is removed as a link");
        Path composed = model.resolveSibling(model.getFileName() + "-static");
        assertEquals(List.of(model.getFileName().toString(), composed.getFileName().toString()), names(model.getParent()),
                "the model and its composed copy, nothing left of the work");
        assertTrue(Files.size(composed.resolve("graph/HCLG.fst")) > 100_000_000, "the whole graph");
        assertTrue(Files.isRegularFile(composed.resolve("graph/words.txt")));
        assertFalse(Files.exists(composed.resolve("graph/HCLr.fst")) || Files.exists(composed.resolve("graph/Gr.fst")));
        assertTrue(Files.isRegularFile(composed.resolve("am/final.mdl")), "a whole model of its own");
        assertEquals(composed, defaultModelIn(model.getParent()).toAbsolutePath(), "the default model is now the composed one");

        Path lecture = TestAudio.testData("lecture.mp3");
        Path lazy = dir.resolve("lazy.json");
        Path fixed = dir.resolve("static.json");
        Path fixedFast = dir.resolve("static-fast.json");
        assertEquals(0, TranscribeCommandTest.run("transcribe", lecture.toString(), "-o", lazy.toString(), "-q", "--model", model.toString()).code());
        TranscribeCommandTest.Result s = TranscribeCommandTest.run("transcribe", lecture.toString(), "-o", fixed.toString(), "-q",
                "--model", composed.toString());
        assertEquals(0, s.code(), s.err());
        assertEquals(0, TranscribeCommandTest.run("transcribe", lecture.toString(), "-o", fixedFast.toString(), "-q", "--fast",
                "--model", composed.toString()).code());
        assertEquals(texts(lazy), texts(fixed), "the same words as the lazily composed graph");
        assertEquals(JSON.readTree(fixed.toFile()).path("segments"), JSON.readTree(fixedFast.toFile()).path("segments"),
                "no recognizer history: --fast gives the default's transcript, every time and confidence");
        assertTrue(String.join(" ", texts(fixed)).split(" ").length > 50, "speech heard: " + texts(fixed));
    }

    @Test
    void aLinkPlantedWhereTheComposedModelGoesIsNeitherFollowedNorReplacedNorTakenForIt() throws Exception {
        Path model = copyOfBuiltInModel();
        // Someone else's model, a whole one, linked where the composed copy would go.
        Path theirs = Files.createDirectories(dir.resolve("someone-elses"));
        Files.move(model, theirs.resolve("model"));
        Path source = copyOfBuiltInModel();
        Files.writeString(theirs.resolve("model/notes.txt"), "mine");
        List<String> before = names(theirs.resolve("model/graph"));
        Path target = source.resolveSibling(source.getFileName() + "-static");
        Files.createSymbolicLink(target, theirs.resolve("model"));
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("models", "compose", source.toString());
        TranscribeCommandTest.assertOneLineError(r, 73, target.toString(), "is there already");
        assertTrue(Files.isSymbolicLink(target));
        assertEquals(before, names(theirs.resolve("model/graph")));
        assertEquals("mine", Files.readString(theirs.resolve("model/notes.txt")));
        assertEquals(List.of(source.getFileName().toString(), target.getFileName().toString()), names(source.getParent()));
        assertEquals(source, defaultModelIn(source.getParent()), "a link there is not taken for the composed model");
    }

    @Test
    void theListingMarksTheComposedCopyAsTheDefaultAndNamesASpeakerModelForWhatItIs() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        String builtIn = ModelLocator.resolve(null).getFileName().toString();
        for (String name : List.of(builtIn, builtIn + "-static")) {
            for (String part : List.of("am/final.mdl", "conf/mfcc.conf", name.endsWith("-static") ? "graph/HCLG.fst" : "graph/HCLr.fst",
                    "graph/Gr.fst")) {
                Files.createDirectories(models.resolve(name).resolve(part).getParent());
                Files.writeString(models.resolve(name).resolve(part), "x");
            }
        }
        for (String part : org.longscribe.asr.vosk.VoskSpeakerModel.PARTS) {
            Files.createDirectories(models.resolve("vosk-model-spk-0.4"));
            Files.writeString(models.resolve("vosk-model-spk-0.4").resolve(part), "x");
        }
        TranscribeCommandTest.Result r = withModelsDir(models, () -> TranscribeCommandTest.run("models"));
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("* " + builtIn + "-static ")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  " + builtIn + " ")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("vosk-model-spk-0.4") && l.contains("speaker model")
                && !l.contains("NOT A MODEL")), r.out());
    }

    @Test
    void aModelWithAStaticGraphAlreadyIsAUsageError() throws Exception {
        Path model = copyOfBuiltInModel();
        Files.writeString(model.resolve("graph/HCLG.fst"), "a graph");
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("models", "compose", model.toString());
        TranscribeCommandTest.assertOneLineError(r, 2, "static already");
        assertEquals(List.of(model.getFileName().toString()), names(model.getParent()));
    }

    /** In a child JVM, for its PATH and environment. */
    private Process child(Path model, String pathVariable, String plugins) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "models", "compose", model.toString(), "-q")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
        pb.environment().put("PATH", pathVariable);
        if (plugins != null) {
            pb.environment().put("LONGSCRIBE_FST_PLUGINS", plugins);
        }
        return pb.start();
    }

    @Test
    @Tag("slow")
    void withoutOpenFstItSaysWhatToInstallAndLeavesNothing() throws Exception {
        Path model = copyOfBuiltInModel();
        Process p = child(model, dir.resolve("no-such-bin").toString(), null);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        String log = Files.readString(dir.resolve("child.log"));
        assertEquals(69, p.exitValue(), log);
        assertEquals(1, log.lines().count(), log);
        assertTrue(log.contains("apt-get install libfst-tools"), log);
        assertEquals(List.of(model.getFileName().toString()), names(model.getParent()));
    }

    @Test
    @Tag("slow")
    void aToolThatFailsIsNamedWithItsWordsAndNothingIsLeft() throws Exception {
        assumeTrue(toolsInstalled(), "OpenFST's tools are not installed (.ci/run installs them)");
        Path model = copyOfBuiltInModel();
        // Without its plugins OpenFST cannot read the n-gram language model.
        Process p = child(model, System.getenv("PATH"), dir.resolve("no-plugins").toString());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        String log = Files.readString(dir.resolve("child.log"));
        assertEquals(73, p.exitValue(), log);
        assertEquals(1, log.lines().count(), log);
        assertTrue(log.contains("fstsymbols failed") && log.contains("ngram"), log);
        assertEquals(List.of(model.getFileName().toString()), names(model.getParent()), "no half-composed model, no work folder");
    }
}
