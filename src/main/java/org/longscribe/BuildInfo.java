package org.longscribe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions stamped in at build time (from the pom). */
public final class BuildInfo {
    private static final Properties PROPS = new Properties();

    static {
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                PROPS.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BuildInfo() {
    }

    public static String version() {
        return PROPS.getProperty("version", "dev");
    }

    public static String voskVersion() {
        return PROPS.getProperty("vosk.version", "unknown");
    }

    public static String ffmpegVersion() {
        return PROPS.getProperty("ffmpeg.version", "unknown");
    }

    /** Directory name of the built-in model under models/. */
    public static String defaultModelName() {
        return PROPS.getProperty("default.model", "vosk-model-small-en-us-0.15");
    }
}
