package org.longscribe.model;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.longscribe.asr.vosk.VoskModel;
import org.longscribe.error.BusyException;
import org.longscribe.error.LongscribeException;
import org.longscribe.error.ModelException;
import org.longscribe.error.OutputNotWritableException;
import org.longscribe.store.AtomicOutput;
import org.longscribe.store.TempFiles;
import org.longscribe.store.WriteFailure;

/**
 * Composes a lookahead model's decoding graph once, ahead of time, into a copy of the model that
 * Vosk decodes with a static graph ({@code graph/HCLG.fst}).
 *
 * <p>Why: a small Vosk model ships its graph in two halves (HCLr.fst, Gr.fst) that every recognizer
 * composes lazily as it decodes, into a cache of its own that Vosk collects past 64 MB. That cache is
 * what a fresh recognizer pays to build (the default schedule's cost against {@code --fast}), what a
 * recognizer's memory grows with, and, through the order in which its states are numbered, what
 * makes a slice's words depend on what its recognizer decoded before. With the graph composed once,
 * none of the three remains: measured on the hard 2-hour recording, 39 % less CPU, 450 against 658 MB
 * peak, the default and {@code --fast} give the same transcript (docs/performance.md).
 *
 * <p>The composition is libvosk's own (the one every recognizer would otherwise repeat), walked to
 * the end by {@link ComposeChild} in a JVM of its own and written in OpenFST's const format: the
 * same file, byte for byte but for the header's property bits, as OpenFST's fstcompose, fstrelabel
 * and fstconvert make of it ({@code ModelsComposeTest}), with no tool to install. The work happens
 * in a hidden folder beside the target ({@code .NAME-static.composing-PID}: a killed run's is
 * removed by the next), removed on failure; the finished model is loaded by Vosk once before it is
 * renamed into place, so a model of that name is always whole.
 */
public final class StaticGraph {
    /** The suffix of a composed model's name: MODELS_DIR/NAME + SUFFIX. */
    public static final String SUFFIX = "-static";
    /** Composing the small English model takes under a minute and 0.5 GB; a larger one may take many minutes. */
    private static final long TIMEOUT_MINUTES = 120;
    /** Seconds without a progress line from the composing child before it is taken for stuck (property longscribe.compose.stall-seconds). */
    private static final long STALL_SECONDS = 120;
    /** The small English model's list is a few hundred bytes. */
    private static final long MAX_DISAMBIGUATION_BYTES = 1 << 20;

    /** Hears what the composition is doing. */
    public interface Listener {
        default void step(String what) {
        }
    }

    private StaticGraph() {
    }

    /** Where the composed copy of {@code model} goes: beside it, its name + {@link #SUFFIX}. */
    public static Path target(Path model) {
        Path abs = model.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + SUFFIX);
    }

    /** Whether {@code model} is a lookahead model that {@link #compose} can compose (its graph in two halves, none composed). */
    public static boolean composable(Path model) {
        Path graph = model.resolve("graph");
        return !Files.isRegularFile(graph.resolve("HCLG.fst")) && Files.isRegularFile(graph.resolve("HCLr.fst"))
                && Files.isRegularFile(graph.resolve("Gr.fst")) && Files.isRegularFile(graph.resolve("disambig_tid.int"));
    }

    /**
     * Composes {@code model}'s graph into {@link #target}; returns it. Fails, saying why, when the
     * model has no lookahead graph, the target exists, another process is composing it, or the
     * composition fails.
     */
    public static Path compose(Path model, Listener listener) throws IOException, InterruptedException {
        Path source = model.toAbsolutePath().normalize();
        VoskModel.check(source);
        // Read through a link (models/NAME -> /data/models/NAME is the user's own set-up); write beside it.
        Path files = source.toRealPath();
        Path graph = files.resolve("graph");
        if (Files.isRegularFile(graph.resolve("HCLG.fst"))) {
            throw new ModelException(source, "this model's graph is static already (graph/HCLG.fst): nothing to compose");
        }
        for (String needed : List.of("HCLr.fst", "Gr.fst", "disambig_tid.int")) {
            if (!Files.isRegularFile(graph.resolve(needed))) {
                throw new ModelException(source, "not a lookahead model: graph/" + needed + " is missing");
            }
        }
        Path target = target(source);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputNotWritableException(target, "is there already (remove it to compose again)", null);
        }
        FstHeader left = header(graph.resolve("HCLr.fst"));
        FstHeader right = header(graph.resolve("Gr.fst"));
        if (!left.fstType().equals("olabel_lookahead") || !left.arcType().equals("standard") || !right.arcType().equals("standard")) {
            throw new ModelException(source, "not a lookahead model Vosk composes: graph/HCLr.fst is " + left.fstType() + "/"
                    + left.arcType() + ", graph/Gr.fst " + right.fstType() + "/" + right.arcType()
                    + " (expected olabel_lookahead/standard and ngram/standard)");
        }
        String workPrefix = "." + target.getFileName() + ".composing-";
        TempFiles.deleteDeadOwners(target.getParent(), workPrefix); // a killed run's, up to 0.5 GB
        Optional<Long> other = composingNow(target.getParent(), workPrefix);
        if (other.isPresent()) {
            // Two launchers' first runs at once (cron): one composes, the other decodes as before.
            throw new BusyException(target, "is being composed by process " + other.get() + " (try again when it is done)");
        }
        // Named by the process, so that a killed run's (up to 0.5 GB) is known for stale by the next;
        // createDirectory fails on anything already at that name, a link included.
        Path work = target.resolveSibling(workPrefix + ProcessHandle.current().pid());
        try {
            Files.createDirectory(work);
        } catch (IOException e) {
            // Not removed afterwards: whatever is at that name is not this run's.
            throw new OutputNotWritableException(work, "cannot create the work folder: " + WriteFailure.reason(e), e);
        }
        TempFiles.register(work);
        try {
            Path out = work.resolve("model");
            listener.step("copying the model without its graph");
            copyModel(files, out);
            listener.step("writing the words (graph/words.txt)");
            // Vosk finds a lookahead model's words in Gr.fst's symbol table, a static graph's in words.txt.
            Path words = out.resolve("graph/words.txt");
            if (!Files.exists(words, LinkOption.NOFOLLOW_LINKS)) { // a model that has one keeps its own
                try (Writer w = Files.newBufferedWriter(words, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
                    FstHeader.writeOutputSymbols(graph.resolve("Gr.fst"), w);
                }
            }
            listener.step("composing HCLr.fst with Gr.fst (the small English model: under a minute, 0.5 GB)");
            composeInChild(graph, out.resolve("graph/HCLG.fst"), work.resolve("compose.log"));
            listener.step("checking that Vosk loads it");
            try (VoskModel loaded = VoskModel.load(out, false)) {
                // loaded: the graph and the words are readable
            } catch (LongscribeException e) {
                throw new ModelException(source, "Vosk cannot load the composed graph: " + e.problem());
            }
            // The target was checked above; a link planted there since is replaced, never followed.
            AtomicOutput.moveIntoPlace(out, target);
            return target;
        } catch (LongscribeException | InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            throw new OutputNotWritableException(target, "could not compose the static graph: "
                    + WriteFailure.reason(e), e);
        } finally {
            TempFiles.delete(work);
        }
    }

    /** The model's files, the lookahead graph's halves left out; links are not followed, nor copied. */
    private static void copyModel(Path source, Path out) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(out.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String relative = source.relativize(file).toString().replace('\\', '/');
                if (attrs.isRegularFile() && !relative.equals("graph/HCLr.fst") && !relative.equals("graph/Gr.fst")) {
                    Files.copy(file, out.resolve(relative), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Another live process's work folder for the same target, if any (a folder itself, named by a running PID). */
    private static Optional<Long> composingNow(Path dir, String prefix) {
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, prefix + "*")) {
            for (Path entry : entries) {
                String pid = entry.getFileName().toString().substring(prefix.length());
                if (pid.matches("[0-9]{1,18}") && Long.parseLong(pid) != self && TempFiles.isRealDirectory(entry)
                        && TempFiles.ownerRunning(pid)) {
                    return Optional.of(Long.parseLong(pid));
                }
            }
        } catch (IOException | RuntimeException e) {
            // unlistable: createDirectory below says what is wrong with the folder
        }
        return Optional.empty();
    }

    private static FstHeader header(Path file) throws ModelException {
        try {
            return FstHeader.read(file);
        } catch (IOException e) {
            throw new ModelException(file, "cannot read this half of the graph: " + WriteFailure.reason(e));
        }
    }

    /** Runs {@link ComposeChild} to its end; a failure quotes the last line it wrote. */
    private static void composeInChild(Path graph, Path out, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), ComposeChild.class.getName(),
                graph.resolve("HCLr.fst").toString(), graph.resolve("Gr.fst").toString()));
        Path tids = graph.resolve("disambig_tid.int");
        if (Files.size(tids) > MAX_DISAMBIGUATION_BYTES) {
            throw new ModelException(tids, "is " + Files.size(tids) + " bytes: not a list of disambiguation ids (at most "
                    + MAX_DISAMBIGUATION_BYTES + ")");
        }
        List<String> ids = Files.readAllLines(tids, StandardCharsets.UTF_8);
        for (int i = 0; i < ids.size(); i++) {
            String line = ids.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            if (!line.matches("[0-9]{1,9}")) {
                throw new ModelException(tids, "line " + (i + 1) + " is not an id (a whole number): "
                        + (line.length() > 40 ? line.substring(0, 40) + "..." : line).replaceAll("\\p{Cntrl}", "?"));
            }
            command.add(line);
        }
        command.add("--");
        command.add(out.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = pb.start();
        long stall = Long.getLong("longscribe.compose.stall-seconds", STALL_SECONDS);
        try {
            // The child writes a line every PROGRESS_STATES states; a graph whose counts lie can keep it
            // busy without getting anywhere (a Gr.fst claiming fewer states than it has spun for the full
            // two hours), so a log that stops growing ends it long before the total limit.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(TIMEOUT_MINUTES);
            long lastSize = -1;
            long lastChange = System.nanoTime();
            while (!process.waitFor(1, TimeUnit.SECONDS)) {
                long size = Files.size(log);
                if (size != lastSize) {
                    lastSize = size;
                    lastChange = System.nanoTime();
                } else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(stall)) {
                    process.destroyForcibly();
                    throw new ModelException(graph, "the composition made no progress for " + stall
                            + " s: the graph's files are damaged or not what their headers say");
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the composition ran for " + TIMEOUT_MINUTES + " minutes without finishing");
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw new InterruptedIOException("interrupted while composing");
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        if (process.exitValue() != 0) {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
            String last = lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).trim();
            if (process.exitValue() != 1) { // 65, or a native crash on what the graph's files hold (134, 139)
                throw new ModelException(graph, "the graph cannot be composed: " + last);
            }
            throw new IOException("the composition failed (exit " + process.exitValue() + "): " + last);
        }
    }
}
