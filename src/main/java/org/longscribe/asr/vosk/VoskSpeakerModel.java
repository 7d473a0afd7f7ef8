package org.longscribe.asr.vosk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.longscribe.error.ModelException;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.SpeakerModel;

/**
 * A loaded Vosk speaker model (an x-vector extractor such as vosk-model-spk-0.4), shared by every
 * recognizer of the process; closed by its owner after them.
 */
public final class VoskSpeakerModel implements AutoCloseable {
    /** The files Vosk's SpkModel reads. */
    public static final List<String> PARTS = List.of("final.ext.raw", "mean.vec", "transform.mat", "mfcc.conf");

    private final Path directory;
    private final SpeakerModel model;
    private boolean closed;

    private VoskSpeakerModel(Path directory, SpeakerModel model) {
        this.directory = directory;
        this.model = model;
    }

    /**
     * Checks that {@code directory} looks like a speaker model, then loads it. Kaldi warns, on every
     * load of vosk-model-spk-0.4, that the extractor does not use the network's last layers (as
     * intended: the x-vector is taken before them); only --verbose shows that.
     */
    public static VoskSpeakerModel load(Path directory, boolean verbose) throws IOException {
        check(directory);
        VoskNative.load();
        if (!verbose) {
            LibVosk.vosk_set_log_level(-2); // errors only
        }
        try {
            return new VoskSpeakerModel(directory, new SpeakerModel(directory.toAbsolutePath().toString()));
        } catch (IOException e) {
            throw new ModelException(directory, "Vosk could not load this speaker model (" + e.getMessage() + ")");
        } finally {
            LibVosk.setLogLevel(verbose ? LogLevel.INFO : LogLevel.WARNINGS);
        }
    }

    /** Fails, naming what is missing, unless {@code directory} looks like a speaker model. */
    public static void check(Path directory) throws ModelException {
        if (!Files.isDirectory(directory)) {
            throw new ModelException(directory, "speaker model directory does not exist");
        }
        List<String> missing = missingParts(directory);
        if (!missing.isEmpty()) {
            throw new ModelException(directory, "not a Vosk speaker model: missing " + String.join(", ", missing));
        }
    }

    /** The files of {@link #PARTS} that {@code directory} lacks; empty if it looks complete. */
    public static List<String> missingParts(Path directory) {
        List<String> missing = new ArrayList<>();
        for (String part : PARTS) {
            if (!Files.isRegularFile(directory.resolve(part))) {
                missing.add(part);
            }
        }
        return missing;
    }

    public Path directory() {
        return directory;
    }

    SpeakerModel handle() {
        return model;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            model.close();
        }
    }
}
