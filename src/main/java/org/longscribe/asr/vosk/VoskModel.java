package org.longscribe.asr.vosk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.longscribe.error.ModelException;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;

/**
 * A loaded Vosk model, shared by every recognizer of the process. The owner closes it after every
 * recognizer made from it is closed.
 */
public final class VoskModel implements AutoCloseable {
    private final Path directory;
    private final Model model;
    private boolean closed;

    private VoskModel(Path directory, Model model) {
        this.directory = directory;
        this.model = model;
    }

    /** Checks that {@code directory} looks like a Vosk model, then loads it. */
    public static VoskModel load(Path directory, boolean verbose) throws IOException {
        check(directory);
        LibVosk.setLogLevel(verbose ? LogLevel.INFO : LogLevel.WARNINGS);
        VoskNative.load();
        try {
            return new VoskModel(directory, new Model(directory.toAbsolutePath().toString()));
        } catch (IOException e) {
            throw new ModelException(directory, "Vosk could not load this model (" + e.getMessage() + ")");
        }
    }

    /** Fails, naming what is missing, unless {@code directory} looks like a Vosk model (nothing is loaded). */
    public static void check(Path directory) throws ModelException {
        List<String> missing = missingParts(directory);
        if (!missing.isEmpty()) {
            throw new ModelException(directory, Files.isDirectory(directory)
                    ? "not a Vosk model: missing " + String.join(", ", missing)
                    : "model directory does not exist");
        }
    }

    /** What a Kaldi nnet3 model directory as Vosk expects it lacks; empty if it looks complete. */
    public static List<String> missingParts(Path directory) {
        List<String> missing = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            missing.add("the directory itself");
            return missing;
        }
        if (!Files.isRegularFile(directory.resolve("am/final.mdl"))) {
            missing.add("am/final.mdl");
        }
        if (!Files.isRegularFile(directory.resolve("conf/mfcc.conf"))) {
            missing.add("conf/mfcc.conf");
        }
        boolean staticGraph = isComposed(directory);
        boolean lookahead = Files.isRegularFile(directory.resolve("graph/HCLr.fst"))
                && Files.isRegularFile(directory.resolve("graph/Gr.fst"));
        if (!staticGraph && !lookahead) {
            missing.add("graph/HCLG.fst (or graph/HCLr.fst with graph/Gr.fst)");
        }
        return missing;
    }

    /** Whether the model in {@code directory} decodes from a composed graph (graph/HCLG.fst), not a lazily composed one. */
    public static boolean isComposed(Path directory) {
        return Files.isRegularFile(directory.resolve("graph/HCLG.fst"));
    }

    public Path directory() {
        return directory;
    }

    Model handle() {
        return model;
    }

    /** A plain 16 kHz recognizer over this model, for callers outside the pipeline (the baseline). */
    public org.vosk.Recognizer newRecognizer() throws IOException {
        return new org.vosk.Recognizer(model, 16_000);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            model.close();
        }
    }
}
