package org.longscribe.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.longscribe.store.WriteFailure;

/**
 * Turns Kaldi's dither off in a model's {@code conf/mfcc.conf} (a speaker model's {@code mfcc.conf}),
 * as the build does for the built-in models: dither draws from a process-wide random generator, so
 * with it the same file gives slightly different words, and speaker vectors, from run to run (see
 * docs/guide.md, "Same recording, same transcript").
 */
public final class ReproducibleConf {
    private ReproducibleConf() {
    }

    /** The model's MFCC configuration: conf/mfcc.conf (speech models) or mfcc.conf (speaker models); null if none. */
    private static Path conf(Path modelDir) {
        for (String name : new String[] {"conf/mfcc.conf", "mfcc.conf"}) {
            Path conf = modelDir.resolve(name);
            if (Files.isRegularFile(conf)) {
                return conf;
            }
        }
        return null;
    }

    /** Whether the model's features are dithered (Kaldi's default unless --dither=0 is set). */
    public static boolean dithers(Path modelDir) {
        Path conf = conf(modelDir);
        if (conf == null) {
            return false;
        }
        try {
            boolean dither = true;
            for (String line : Files.readAllLines(conf, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.startsWith("--dither=")) {
                    try {
                        dither = Double.parseDouble(l.substring("--dither=".length())) != 0;
                    } catch (NumberFormatException e) {
                        dither = true;
                    }
                }
            }
            return dither;
        } catch (IOException e) {
            return false; // unreadable: loading the model will say so
        }
    }

    static void disableDither(Path modelDir) throws IOException {
        Path conf = conf(modelDir);
        if (conf == null) {
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
