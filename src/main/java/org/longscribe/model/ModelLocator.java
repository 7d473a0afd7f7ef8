package org.longscribe.model;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.longscribe.BuildInfo;
import org.longscribe.asr.vosk.VoskModel;
import org.longscribe.asr.vosk.VoskSpeakerModel;
import org.longscribe.error.ModelException;
import org.longscribe.store.TempFiles;

/**
 * Where models live and which one a run uses. MODELS_DIR is {@code $LONGSCRIBE_MODELS_DIR} when set,
 * else the installation's {@code models/}: the launcher passes it as {@code -Dlongscribe.models.dir};
 * without it, it is found beside the jar (target/../models) or in the working directory.
 */
public final class ModelLocator {
    private ModelLocator() {
    }

    public static Path modelsDir() {
        String env = System.getenv("LONGSCRIBE_MODELS_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String property = System.getProperty("longscribe.models.dir");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        try {
            Path jar = Path.of(ModelLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path candidate = jar.getParent() == null ? null : jar.getParent().resolveSibling("models");
            if (candidate != null && Files.isDirectory(candidate)) {
                return candidate;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        return Path.of("models");
    }

    /**
     * The model to use: {@code option} (a directory, or the name of a model installed in MODELS_DIR),
     * else $LONGSCRIBE_MODEL (the same), else the built-in model; a model given by name, and the
     * built-in one, as its static-graph copy when {@code models compose} (or {@code models get}) has made one (the same words, less CPU and memory; see {@link StaticGraph}).
     */
    public static Path resolve(String option) throws ModelException {
        if (option != null && !option.isBlank()) {
            return byNameOrDirectory(option);
        }
        String env = System.getenv("LONGSCRIBE_MODEL");
        if (env != null && !env.isBlank()) {
            return byNameOrDirectory(env);
        }
        return composedIfThere(modelsDir().resolve(BuildInfo.defaultModelName()));
    }

    /** The composed copy of the installed model {@code model} when there is a whole one (see {@link StaticGraph}), else {@code model}. */
    private static Path composedIfThere(Path model) {
        Path composed = StaticGraph.target(model);
        if (TempFiles.isRealDirectory(composed) && VoskModel.missingParts(composed).isEmpty()) {
            return composed;
        }
        return model;
    }

    /** The speaker model the build installs when it can, and {@code --speakers} uses by default. */
    public static final String DEFAULT_SPEAKER_MODEL = "vosk-model-spk-0.4";

    /**
     * The speaker model to use: {@code option} (a directory, or the name of one installed in
     * MODELS_DIR), else $LONGSCRIBE_SPEAKER_MODEL (the same), else MODELS_DIR/vosk-model-spk-0.4.
     * Fails, saying how to get one, when that is not a speaker model.
     */
    public static Path resolveSpeakerModel(String option) throws ModelException {
        String chosen = option != null && !option.isBlank() ? option : System.getenv("LONGSCRIBE_SPEAKER_MODEL");
        if (chosen != null && !chosen.isBlank()) {
            Path dir = byNameOrDirectory(chosen);
            VoskSpeakerModel.check(dir);
            return dir;
        }
        Path dir = modelsDir().resolve(DEFAULT_SPEAKER_MODEL);
        if (!Files.isDirectory(dir)) {
            throw new ModelException(dir, "--speakers needs the speaker model " + DEFAULT_SPEAKER_MODEL
                    + ", which is not installed: 'longscribe models get " + DEFAULT_SPEAKER_MODEL + "' installs it (or unzip"
                    + " https://alphacephei.com/vosk/models/" + DEFAULT_SPEAKER_MODEL + ".zip into " + modelsDir()
                    + "), or name one with --speaker-model DIR");
        }
        VoskSpeakerModel.check(dir);
        return dir;
    }

    /**
     * A directory as given; else an installed model of that name; a bare name that is neither is
     * an error that says how to get it. Anything else is returned as given, for the model loader to
     * say what is wrong with it.
     */
    static Path byNameOrDirectory(String value) throws ModelException {
        Path asGiven = Path.of(value);
        if (Files.isDirectory(asGiven)) {
            return asGiven;
        }
        Optional<Path> installed = installed(value);
        if (installed.isPresent()) {
            return installed.get();
        }
        if (isBareName(value)) {
            throw new ModelException(asGiven, "no such model directory, and no model of that name in " + modelsDir()
                    + " ('longscribe models get " + value + "' installs it; 'longscribe models --available' lists them)");
        }
        return asGiven;
    }

    /**
     * For the Spark job, whose --model may name an --archives alias that exists only on the executors:
     * an installed model's directory when {@code value} names one here, else {@code value} as given.
     */
    public static String installedOrAsGiven(String value) {
        return Files.isDirectory(Path.of(value)) ? value
                : installed(value).map(p -> p.toAbsolutePath().toString()).orElse(value);
    }

    /**
     * MODELS_DIR/{@code value} (or its composed copy, as {@code models get} makes one) when {@code value}
     * is a bare name and a model folder of that name is there.
     */
    private static Optional<Path> installed(String value) {
        Path dir = modelsDir().resolve(value);
        return isBareName(value) && Files.isDirectory(dir) ? Optional.of(composedIfThere(dir)) : Optional.empty();
    }

    private static boolean isBareName(String value) {
        return !value.contains("/") && !value.contains(java.io.File.separator);
    }
}
