package org.longscribe.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.longscribe.store.WriteFailure;

/**
 * Turns Kaldi's dither off in a model's {@code conf/mfcc.conf}, as the build does for the built-in
 * model: dither draws from a process-wide random generator, so with it the same file gives slightly
 * different words from run to run (see README, "Same recording, same transcript").
 */
final class ReproducibleConf {
    private ReproducibleConf() {
    }

    static void disableDither(Path modelDir) throws IOException {
        Path conf = modelDir.resolve("conf/mfcc.conf");
        if (!Files.isRegularFile(conf)) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(conf, StandardCharsets.UTF_8)) {
            if (!line.strip().startsWith("--dither")) {
                lines.add(line);
            }
        }
        lines.add("--dither=0.0");
        try {
            Files.write(conf, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw WriteFailure.cannotWrite(conf, "the model's configuration", e);
        }
    }
}
