package org.longscribe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.longscribe.model.ModelLocator;
import org.longscribe.model.StaticGraph;

/**
 * Before the first test: the built-in model's composed copy in MODELS_DIR, made as the launcher
 * makes it before a user's first run (once per clone; later test runs find it). The tests then
 * decode with the graph users decode with, and every test that transcribes shares one composition.
 * Tests of the lazily composed graph name the built-in model itself ({@code SharedModel.lazy()}).
 */
public final class ComposedGraph implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        ensure();
    }

    /** The composed copy of the built-in model, composed now if it is not there yet. */
    public static synchronized Path ensure() {
        Path builtIn = ModelLocator.modelsDir().resolve(BuildInfo.defaultModelName());
        Path composed = StaticGraph.target(builtIn);
        if (!Files.isDirectory(builtIn) || Files.exists(composed, LinkOption.NOFOLLOW_LINKS)) {
            return composed; // no model (a build without one fails elsewhere, saying so), or composed before
        }
        long t0 = System.nanoTime();
        try {
            StaticGraph.compose(builtIn, new StaticGraph.Listener() { });
        } catch (IOException e) {
            throw new UncheckedIOException("composing the built-in model's graph for the tests", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        System.err.printf("tests: composed %s in %.0f s%n", composed.getFileName(), (System.nanoTime() - t0) / 1e9);
        return composed;
    }
}
