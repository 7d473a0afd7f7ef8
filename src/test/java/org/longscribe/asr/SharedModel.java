package org.longscribe.asr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.longscribe.BuildInfo;
import org.longscribe.asr.vosk.VoskModel;

/** The built-in model, loaded once per test JVM (loading it takes a second or two). */
public final class SharedModel {
    private static VoskModel model;

    private SharedModel() {
    }

    public static synchronized VoskModel get() {
        if (model == null) {
            Path dir = Path.of(System.getProperty("longscribe.models.dir", "models"), BuildInfo.defaultModelName());
            try {
                model = VoskModel.load(dir, false);
            } catch (IOException e) {
                throw new UncheckedIOException("the default model should have been unpacked by the build: " + dir, e);
            }
        }
        return model;
    }
}
