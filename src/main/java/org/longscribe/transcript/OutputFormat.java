package org.longscribe.transcript;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The transcript formats, and the writer for each. */
public enum OutputFormat {
    JSON, JSONL, SRT, VTT, TXT;

    public TranscriptWriter writer() {
        return switch (this) {
            case JSON -> new JsonTranscriptWriter();
            case JSONL -> new JsonLinesWriter();
            case SRT -> SubtitleWriter.srt();
            case VTT -> SubtitleWriter.vtt();
            case TXT -> new TextWriter();
        };
    }

    /** The file name extension of this format, without the dot: "json", "srt", ... */
    public String extension() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format a file name's extension asks for, if it names one. */
    public static Optional<OutputFormat> fromExtension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String ext = name.substring(dot + 1);
        for (OutputFormat f : values()) {
            if (f.extension().equals(ext)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
