package org.longscribe.asr;

/** A recognised word; times in seconds from the start of the recording, conf in [0, 1]. */
public record Word(String word, double start, double end, double conf) {
}
