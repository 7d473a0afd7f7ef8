package org.longscribe.asr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.longscribe.BuildInfo;
import org.longscribe.ComposedGraph;
import org.longscribe.asr.vosk.VoskModel;
import org.longscribe.model.ModelLocator;

/**
 * The built-in model, loaded once per test JVM (loading it takes a second or two): {@link #get()}
 * as a run without --model decodes with it, from its composed graph; {@link #lazy()} the model as
 * shipped, its graph composed lazily by each recognizer.
 */
public final class SharedModel {
    private static VoskModel composed;
    private static VoskModel lazy;

    private SharedModel() {
    }

    /** The built-in model with its composed graph (see {@link ComposedGraph}). */
    public static synchronized VoskModel get() {
        if (composed == null) {
            composed = load(ComposedGraph.ensure());
        }
        return composed;
    }

    /** The built-in model as shipped: a lookahead graph, composed lazily by each recognizer. */
    public static synchronized VoskModel lazy() {
        if (lazy == null) {
            lazy = load(ModelLocator.modelsDir().resolve(BuildInfo.defaultModelName()));
        }
        return lazy;
    }

    private static VoskModel load(Path dir) {
        try {
            return VoskModel.load(dir, false);
        } catch (IOException e) {
            throw new UncheckedIOException("the default model should have been unpacked by the build: " + dir, e);
        }
    }
}
