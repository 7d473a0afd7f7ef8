package org.longscribe.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.longscribe.BuildInfo;

/**
 * Where models live: {@code models/} of the longscribe checkout. The launcher passes it as
 * {@code -Dlongscribe.models.dir}; without it, it is found beside the jar (target/../models) or in
 * the working directory.
 */
public final class ModelLocator {
    private ModelLocator() {
    }

    public static Path modelsDir() {
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

    /** The model to use: --model, else $LONGSCRIBE_MODEL, else the built-in model. */
    public static Path resolve(Path option) {
        if (option != null) {
            return option;
        }
        String env = System.getenv("LONGSCRIBE_MODEL");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return modelsDir().resolve(BuildInfo.defaultModelName());
    }
}
