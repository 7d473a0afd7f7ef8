package org.longscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.longscribe.cli.ModelsGetTest.names;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
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
import org.longscribe.BuildInfo;
import org.longscribe.TestAudio;
import org.longscribe.model.ModelLocator;

/**
 * {@code models compose}: the built-in model's graph composed ahead of time (once for the class,
 * into a models folder with a killed run's leftovers planted), checked against OpenFST's own
 * fstcompose byte for byte (its tools are needed for that test alone: .ci/run installs them and
 * fails if it was skipped) and against the lazily composed graph's transcript; and the ways it
 * must fail without leaving anything in the models folder.
 */
class ModelsComposeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The class's one composition: {@link Composed#model} and its copy, composed by {@code models compose}. */
    private record Composed(Path model, Path composed, Path theirs, TranscribeCommandTest.Result result) {
    }

    private static Composed composed;

    @TempDir
    static Path shared;

    private static synchronized Composed composedOnce() throws IOException {
        if (composed == null) {
            Path model = copyOfBuiltInModel(shared);
            // What a killed run left (its process gone), and a link of that name to someone's folder.
            String prefix = "." + model.getFileName() + "-static.composing-";
            Path stale = Files.createDirectories(model.resolveSibling(prefix + "999999999").resolve("model/graph"));
            Files.writeString(stale.resolve("HCLG.fst.arcs"), "half");
            Path theirs = Files.createDirectories(shared.resolve("theirs"));
            Files.writeString(theirs.resolve("keep.txt"), "mine");
            Files.createSymbolicLink(model.resolveSibling(prefix + "999999998"), theirs);
            TranscribeCommandTest.Result r = TranscribeCommandTest.run("models", "compose", model.toString(), "-q");
            composed = new Composed(model, model.resolveSibling(model.getFileName() + "-static"), theirs, r);
        }
        return composed;
    }

    private Path copyOfBuiltInModel() throws IOException {
        return copyOfBuiltInModel(dir);
    }

    /** A copy of the lazily composed built-in model in {@code dir}/models, as a user's MODELS_DIR would hold it. */
    private static Path copyOfBuiltInModel(Path dir) throws IOException {
        // The lazily composed one, also where the launcher has composed it (and made that the default).
        Path source = ModelLocator.modelsDir().resolve(BuildInfo.defaultModelName());
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

    /** The text of each segment of a JSON transcript. */
    static List<String> texts(Path json) throws IOException {
        List<String> texts = new ArrayList<>();
        for (JsonNode s : JSON.readTree(json.toFile()).path("segments")) {
            texts.add(s.path("text").asText());
        }
        return texts;
    }

    @Test
    @Tag("slow")
    void theComposedModelHearsWhatTheModelItCameFromHearsAndFastChangesNothing() throws Exception {
        Composed c = composedOnce();
        assertEquals(0, c.result().code(), c.result().err());
        Path model = c.model();
        Path composed = c.composed();
        assertEquals("mine", Files.readString(c.theirs().resolve("keep.txt")), "a link is removed as a link");
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
        String builtIn = BuildInfo.defaultModelName();
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

    private static boolean openFstInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/fstcompose")) && pluginsFolder() != null;
    }

    /** Where Debian's libfst plugins lie (olabel_lookahead-fst.so, ngram-fst.so), which OpenFST's tools load by name. */
    private static Path pluginsFolder() {
        try (Stream<Path> s = Files.find(Path.of("/usr/lib"), 4, (p, a) -> p.getFileName().toString().equals("olabel_lookahead-fst.so"))) {
            return s.findFirst().map(Path::getParent).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private void openFst(String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("openfst.log").toFile());
        pb.environment().put("LD_LIBRARY_PATH", pluginsFolder().toString());
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), command[0]);
        assertEquals(0, p.exitValue(), command[0] + ": " + Files.readString(dir.resolve("openfst.log")));
    }

    /**
     * OpenFST's own tools, an implementation independent of libvosk's build of it, make the same
     * graph: the words as fstsymbols writes them, and HCLG.fst as fstcompose, fstrelabel (the
     * disambiguation ids to epsilon) and fstconvert make it, every byte but the header's property
     * word (fstconvert computes every property by walking the graph; the composer writes those
     * OpenFST knew without walking, which must be among them).
     */
    @Test
    @Tag("slow")
    void theGraphIsByteForByteWhatOpenFstsOwnToolsCompose() throws Exception {
        assumeTrue(openFstInstalled(), "OpenFST's tools are not installed (.ci/run installs them: apt-get install libfst-tools libfst22-plugins-base)");
        Composed c = composedOnce();
        assertEquals(0, c.result().code(), c.result().err());
        Path graph = c.model().resolve("graph");
        Path g = dir.resolve("Gr.vector.fst");
        Path words = dir.resolve("words.txt");
        openFst("fstsymbols", "--clear_isymbols", "--clear_osymbols", "--save_osymbols=" + words, graph.resolve("Gr.fst").toString(), g.toString());
        assertEquals(-1L, Files.mismatch(words, c.composed().resolve("graph/words.txt")), "words.txt as fstsymbols writes it");
        Path pairs = dir.resolve("disambig.pairs");
        Files.write(pairs, Files.readAllLines(graph.resolve("disambig_tid.int")).stream().filter(l -> !l.isBlank()).map(l -> l.trim() + " 0").toList());
        openFst("fstcompose", graph.resolve("HCLr.fst").toString(), g.toString(), dir.resolve("HCLrGr.fst").toString());
        Files.delete(g);
        openFst("fstrelabel", "--relabel_ipairs=" + pairs, dir.resolve("HCLrGr.fst").toString(), dir.resolve("HCLG.vector.fst").toString());
        Files.delete(dir.resolve("HCLrGr.fst"));
        Path theirs = dir.resolve("HCLG.fst");
        openFst("fstconvert", "--fst_type=const", dir.resolve("HCLG.vector.fst").toString(), theirs.toString());
        Files.delete(dir.resolve("HCLG.vector.fst"));

        Path ours = c.composed().resolve("graph/HCLG.fst");
        assertEquals(Files.size(theirs), Files.size(ours));
        // magic, "const", "standard", version, flags: 33 bytes; then the 8 bytes of properties
        int propertiesAt = 4 + 4 + 5 + 4 + 8 + 4 + 4;
        ByteBuffer a = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel fa = FileChannel.open(ours); FileChannel fb = FileChannel.open(theirs)) {
            fa.read(a, 0);
            fb.read(b, 0);
        }
        long ourProperties = a.getLong(propertiesAt);
        long theirProperties = b.getLong(propertiesAt);
        assertEquals(0L, ourProperties & ~theirProperties, "only properties the graph has: ours "
                + Long.toHexString(ourProperties) + ", fstconvert's " + Long.toHexString(theirProperties));
        a.putLong(propertiesAt, 0);
        b.putLong(propertiesAt, 0);
        assertEquals(b.rewind(), a.rewind(), "the header but for its properties");
        assertEquals(-1L, mismatchFrom(ours, theirs, 64), "every state and arc");
    }

    /** The first byte at or after {@code from} where the two files differ, or -1. */
    private static long mismatchFrom(Path x, Path y, long from) throws IOException {
        try (FileChannel a = FileChannel.open(x); FileChannel b = FileChannel.open(y)) {
            ByteBuffer ba = ByteBuffer.allocate(1 << 20);
            ByteBuffer bb = ByteBuffer.allocate(1 << 20);
            long at = from;
            while (true) {
                ba.clear();
                bb.clear();
                int na = a.read(ba, at);
                int nb = b.read(bb, at);
                if (na != nb) {
                    return at;
                }
                if (na <= 0) {
                    return -1;
                }
                ba.flip();
                bb.flip();
                int m = ba.mismatch(bb);
                if (m >= 0) {
                    return at + m;
                }
                at += na;
            }
        }
    }

    @Test
    void halvesThatAreNotALookaheadGraphAreAUsageErrorAndNothingIsStarted() throws Exception {
        Path model = copyOfBuiltInModel();
        Files.copy(model.resolve("graph/Gr.fst"), model.resolve("graph/HCLr.fst"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("models", "compose", model.toString());
        TranscribeCommandTest.assertOneLineError(r, 2, "graph/HCLr.fst is ngram/standard", "olabel_lookahead");
        assertEquals(List.of(model.getFileName().toString()), names(model.getParent()));
    }

    @Test
    @Tag("slow")
    void aDamagedLanguageModelIsNamedAndNothingIsLeft() throws Exception {
        Path model = copyOfBuiltInModel();
        Path gr = model.resolve("graph/Gr.fst");
        byte[] head = new byte[8 << 20];
        try (java.io.InputStream in = Files.newInputStream(gr)) {
            assertEquals(head.length, in.readNBytes(head, 0, head.length));
        }
        Files.write(gr, head); // its header and words whole (4.5 MB), the n-grams cut off
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("models", "compose", model.toString(), "-q");
        TranscribeCommandTest.assertOneLineError(r, 2, "Gr.fst", "could not read it");
        assertEquals(List.of(model.getFileName().toString()), names(model.getParent()), "no half-composed model, no work folder");
    }

    /**
     * Counts in a model's files are believed only as far as the files bear them out: a Gr.fst whose
     * symbol table claims 300 million symbols (2.4 GB of ids) is a usage error naming it, not an
     * OutOfMemoryError; a disambiguation id that is not a number is one line naming the file.
     */
    @Test
    void countsAndIdsThatTheModelsFilesDoNotBearOutAreAUsageError() throws Exception {
        Path model = copyOfBuiltInModel();
        rewriteLong(model.resolve("graph/Gr.fst"), b -> {
            b.position(countsAt(b, 0) + 8 + 8); // states, arcs
            b.getInt(); // the symbol table's magic
            skipString(b); // its name
            b.getLong(); // its next free id
            return b.position(); // its count of symbols
        }, count -> 300_000_000L);
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("models", "compose", model.toString(), "-q");
        TranscribeCommandTest.assertOneLineError(r, 2, "Gr.fst", "300000000 symbols in a file of");
        assertEquals(List.of(model.getFileName().toString()), names(model.getParent()), "no half-composed model, no work folder");

        Path fresh = copyOfBuiltInModel(dir.resolve("again"));
        Files.writeString(fresh.resolve("graph/disambig_tid.int"), "4\n1e9\n");
        r = TranscribeCommandTest.run("models", "compose", fresh.toString(), "-q");
        TranscribeCommandTest.assertOneLineError(r, 2, "disambig_tid.int", "line 2 is not an id");
        assertEquals(List.of(fresh.getFileName().toString()), names(fresh.getParent()));
    }

    /**
     * A graph whose header claims fewer states than it has (HCLr.fst's inner const FST, half its
     * states): the composing child spins without a line of progress, and is ended when its log has
     * not grown for the stall limit, long before the two-hour total; one line, a bad model's code,
     * nothing left.
     */
    @Test
    @Tag("slow")
    void aGraphWhoseCountsLieIsEndedWhenItStopsMakingProgress() throws Exception {
        Path model = copyOfBuiltInModel();
        rewriteLong(model.resolve("graph/HCLr.fst"), b -> {
            int inner = 4;
            while (b.getInt(inner) != 2125659606) { // the inner const FST's header, after the add-on's
                inner++;
            }
            return countsAt(b, inner); // its count of states
        }, states -> {
            assertTrue(states > 1000, "states " + states);
            return states / 2;
        });
        System.setProperty("longscribe.compose.stall-seconds", "20");
        long t0 = System.nanoTime();
        TranscribeCommandTest.Result r;
        try {
            r = TranscribeCommandTest.run("models", "compose", model.toString(), "-q");
        } finally {
            System.clearProperty("longscribe.compose.stall-seconds");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        TranscribeCommandTest.assertOneLineError(r, 2, "made no progress for 20 s");
        assertTrue(seconds < 120, "ended by the watchdog, not the total limit: " + seconds + " s");
        assertEquals(List.of(model.getFileName().toString()), names(model.getParent()), "no half-composed model, no work folder");
    }

    /**
     * Rewrites a little-endian long in the first 4 KB of {@code file}: at the position {@code at}
     * finds in them, {@code value} of the long that was there.
     */
    private static void rewriteLong(Path file, java.util.function.ToIntFunction<ByteBuffer> at, java.util.function.LongUnaryOperator value)
            throws IOException {
        try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(4096).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            c.read(b, 0);
            b.flip();
            int position = at.applyAsInt(b);
            long old = b.getLong(position);
            c.write(ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(value.applyAsLong(old)).flip(), position);
        }
    }

    /** Where the counts (states, then arcs) of the OpenFST header at {@code header} in {@code b} are; {@code b} left there. */
    private static int countsAt(ByteBuffer b, int header) {
        b.position(header + 4); // magic
        skipString(b); // fst type
        skipString(b); // arc type
        b.position(b.position() + 4 + 4 + 8 + 8); // version, flags, properties, start
        return b.position();
    }

    private static void skipString(ByteBuffer b) {
        int length = b.getInt();
        b.position(b.position() + length);
    }

    /** A {@code models compose} killed with SIGKILL part way: its composing child does not go on without it. */
    @Test
    @Tag("slow")
    void theCompositionEndsWithTheProcessThatStartedIt() throws Exception {
        Path model = copyOfBuiltInModel();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process parent = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "models", "compose", model.toString(), "-q").redirectErrorStream(true).redirectOutput(dir.resolve("parent.log").toFile()).start();
        try {
            ProcessHandle child = null;
            for (int i = 0; i < 600 && child == null; i++) {
                child = parent.toHandle().children().filter(c -> c.info().arguments().map(a -> String.join(" ", a))
                        .orElse("").contains(org.longscribe.model.ComposeChild.class.getName())).findFirst().orElse(null);
                Thread.sleep(100);
            }
            assertTrue(child != null, "the composing child started: " + Files.readString(dir.resolve("parent.log")));
            Thread.sleep(2000); // well into the composition, which takes 30 s
            parent.destroyForcibly(); // SIGKILL: no cleanup runs
            assertTrue(parent.waitFor(30, TimeUnit.SECONDS));
            long gone = System.nanoTime();
            assertTrue(child.onExit().get(30, TimeUnit.SECONDS) != null);
            assertTrue(System.nanoTime() - gone < TimeUnit.SECONDS.toNanos(10), "it ended within seconds, not at the end of its work");
            // What the killed run left is named by a process that is gone: the next run removes it (as the
            // first test shows for a planted one), and nothing writes into it any more.
            String left = "." + model.getFileName() + "-static.composing-" + parent.pid();
            assertEquals(List.of(left, model.getFileName().toString()), names(model.getParent()));
            assertFalse(org.longscribe.store.TempFiles.ownerRunning(Long.toString(parent.pid())));
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void whileAnotherProcessComposesTheSameModelItIsBusyAndTouchesNothingOfItsWork() throws Exception {
        Path model = copyOfBuiltInModel();
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Path theirWork = Files.createDirectories(model.resolveSibling("." + model.getFileName() + "-static.composing-" + other.pid()));
            Files.writeString(theirWork.resolve("HCLG.fst.arcs"), "in progress");
            TranscribeCommandTest.Result r = TranscribeCommandTest.run("models", "compose", model.toString());
            TranscribeCommandTest.assertOneLineError(r, 75, "being composed by process " + other.pid());
            assertEquals("in progress", Files.readString(theirWork.resolve("HCLG.fst.arcs")));
            assertEquals(2, names(model.getParent()).size(), "the model and their work, nothing of ours");
        } finally {
            other.destroyForcibly();
        }
    }
}
