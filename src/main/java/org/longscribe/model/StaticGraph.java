package org.longscribe.model;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.longscribe.asr.vosk.VoskModel;
import org.longscribe.error.LongscribeException;
import org.longscribe.error.ModelException;
import org.longscribe.error.OutputNotWritableException;
import org.longscribe.error.UnavailableException;
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
 * peak, the default and {@code --fast} give the same transcript (README, "Performance").
 *
 * <p>Composition needs OpenFST's command-line tools with their lookahead and n-gram plugins (Debian:
 * libfst-tools, libfst22-plugins-base), which longscribe does not bundle: they are run as programs.
 * The work happens in a hidden folder beside the target ({@code .NAME-static.composing-PID}: a killed
 * run's is removed by the next), removed on failure; the finished model is
 * loaded by Vosk once before it is renamed into place, so a model of that name is always whole.
 */
public final class StaticGraph {
    /** The suffix of a composed model's name: MODELS_DIR/NAME + SUFFIX. */
    public static final String SUFFIX = "-static";
    private static final List<String> TOOLS = List.of("fstsymbols", "fstcompose", "fstrelabel", "fstconvert");
    /** Composing the small English model takes 30 s and 0.7 GB; a larger one may take many minutes. */
    private static final long TOOL_TIMEOUT_MINUTES = 120;

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

    /**
     * Composes {@code model}'s graph into {@link #target}; returns it. Fails, saying why, when the
     * model has no lookahead graph, the target exists, or the tools are missing or fail.
     */
    public static Path compose(Path model, Listener listener) throws IOException, InterruptedException {
        Path source = model.toAbsolutePath().normalize();
        VoskModel.check(source);
        Path graph = source.resolve("graph");
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
        Tools tools = Tools.find();
        String workPrefix = "." + target.getFileName() + ".composing-";
        TempFiles.deleteDeadOwners(target.getParent(), workPrefix); // a killed run's, up to 0.5 GB
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
            copyModel(source, out);
            Path g = work.resolve("Gr.vector.fst");
            Path composed = work.resolve("HCLrGr.fst");
            Path relabeled = work.resolve("HCLG.vector.fst");
            Path pairs = work.resolve("disambig.pairs");
            // The disambiguation symbols become epsilons, as Vosk's lazy composition does (RemoveSomeInputSymbols).
            List<String> zeroed = new ArrayList<>();
            for (String line : Files.readAllLines(graph.resolve("disambig_tid.int"), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    zeroed.add(line.trim() + " 0");
                }
            }
            Files.write(pairs, zeroed, StandardCharsets.UTF_8);
            listener.step("reading the language model");
            // The n-gram FST's symbol tables do not survive composition in OpenFST 1.7/1.8 (the result cannot be
            // read back): the words go to words.txt, where Vosk looks for them when the graph has none.
            tools.run(work, "fstsymbols", "--clear_isymbols", "--clear_osymbols",
                    "--save_osymbols=" + out.resolve("graph/words.txt"), graph.resolve("Gr.fst").toString(), g.toString());
            listener.step("composing HCLr.fst with Gr.fst (the small English model: about 30 s, 0.7 GB)");
            tools.run(work, "fstcompose", graph.resolve("HCLr.fst").toString(), g.toString(), composed.toString());
            Files.delete(g);
            tools.run(work, "fstrelabel", "--relabel_ipairs=" + pairs, composed.toString(), relabeled.toString());
            Files.delete(composed);
            listener.step("writing graph/HCLG.fst");
            tools.run(work, "fstconvert", "--fst_type=const", relabeled.toString(), out.resolve("graph/HCLG.fst").toString());
            Files.delete(relabeled);
            listener.step("checking that Vosk loads it");
            try (VoskModel loaded = VoskModel.load(out, false)) {
                // loaded: the graph and the words are readable
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

    /** OpenFST's programs, and the folder of the plugins they load by name (olabel_lookahead, ngram). */
    private record Tools(Path bin, Optional<Path> plugins) {
        static Tools find() throws UnavailableException {
            Path bin = null;
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/local/bin").split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && TOOLS.stream().allMatch(t -> Files.isExecutable(Path.of(dir, t)))) {
                    bin = Path.of(dir);
                    break;
                }
            }
            if (bin == null) {
                throw new UnavailableException(Path.of("fstcompose"), "composing a static graph needs OpenFST's tools ("
                        + String.join(", ", TOOLS) + ") on the PATH; on Debian or Ubuntu: apt-get install libfst-tools"
                        + " libfst22-plugins-base (or the plugins package of your release)", null);
            }
            return new Tools(bin, findPlugins());
        }

        /** A folder holding olabel_lookahead-fst.so, which the tools dlopen by bare name. */
        private static Optional<Path> findPlugins() {
            String own = System.getenv("LONGSCRIBE_FST_PLUGINS");
            if (own != null && !own.isBlank()) {
                return Optional.of(Path.of(own));
            }
            for (String root : List.of("/usr/lib", "/usr/local/lib", "/usr/lib64")) {
                Optional<Path> found = search(Path.of(root), 3);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty(); // perhaps on the loader's own path; the tool says so if not
        }

        private static Optional<Path> search(Path dir, int depth) {
            if (Files.isRegularFile(dir.resolve("olabel_lookahead-fst.so"))) {
                return Optional.of(dir);
            }
            if (depth == 0 || !Files.isDirectory(dir)) {
                return Optional.empty();
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if ((depth < 3 || name.contains("-linux-") || name.equals("fst")) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                        Optional<Path> found = search(entry, depth - 1);
                        if (found.isPresent()) {
                            return found;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable folder is not where the plugins are
            }
            return Optional.empty();
        }

        /** Runs one tool to its end; its output goes to a log in {@code work}, whose last line a failure quotes. */
        void run(Path work, String tool, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(bin.resolve(tool).toString());
            command.addAll(List.of(args));
            Path log = work.resolve(tool + ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            plugins.ifPresent(p -> {
                String path = pb.environment().get("LD_LIBRARY_PATH");
                pb.environment().put("LD_LIBRARY_PATH", p + (path == null || path.isEmpty() ? "" : java.io.File.pathSeparator + path));
            });
            Process process = pb.start();
            try {
                if (!process.waitFor(TOOL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    throw new IOException(tool + " ran for " + TOOL_TIMEOUT_MINUTES + " minutes without finishing");
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                throw new InterruptedIOException("interrupted while " + tool + " ran");
            } finally {
                if (process.isAlive()) {
                    process.destroyForcibly();
                }
            }
            if (process.exitValue() != 0) {
                List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
                String last = lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).trim();
                throw new IOException(tool + " failed (exit " + process.exitValue() + "): " + last);
            }
        }
    }
}
