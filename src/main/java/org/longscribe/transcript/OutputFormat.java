package org.longscribe.transcript;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The transcript formats, and the writer for each. */
public enum OutputFormat {
    JSON, JSONL, SRT, VTT, TXT, HTML;

    /** The writer of this format; an HTML page made by it points at the recording by its absolute path. */
    public TranscriptWriter writer() {
        return writer(null, null);
    }

    /**
     * The writer of this format for an output at {@code file} (null: standard output). Only the
     * HTML reader uses them: the recording's address is {@code media} when given, else its path
     * relative to {@code file}'s directory.
     */
    public TranscriptWriter writer(java.nio.file.Path file, String media) {
        return switch (this) {
            case JSON -> new JsonTranscriptWriter();
            case JSONL -> new JsonLinesWriter();
            case SRT -> SubtitleWriter.srt();
            case VTT -> SubtitleWriter.vtt();
            case TXT -> new TextWriter();
            case HTML -> new HtmlWriter(file, media);
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
