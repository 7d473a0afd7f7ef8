package org.longscribe.spark;

import java.io.Serializable;

/**
 * One line of the job's manifest: what happened to one recording.
 *
 * @param status    "ok", "skipped" (its transcript was complete and up to date) or "failed" ("part" for a
 *                  part done, inside the job only)
 * @param duration  seconds of audio (0 when failed; from the existing transcript when skipped)
 * @param error     the one-line reason when failed, else null
 * @param seconds   task time spent on it (a recording cut into parts: all its parts' and the merge's)
 * @param parts     how many tasks recognised it (1, or the parts of a long recording; see SparkTranscribe)
 */
public record ManifestRow(String path, String relative, String status, double duration, int words, int segments,
                          String error, double seconds, int partition, String executor, int parts) implements Serializable {
    /** A row of a recording transcribed in one task. */
    public ManifestRow(String path, String relative, String status, double duration, int words, int segments, String error,
                       double seconds, int partition, String executor) {
        this(path, relative, status, duration, words, segments, error, seconds, partition, executor, 1);
    }

    /** This row, for a recording whose parts took {@code partSeconds} of tasks' time besides. */
    public ManifestRow ofParts(int parts, double partSeconds) {
        return new ManifestRow(path, relative, status, duration, words, segments, error,
                Math.round((seconds + partSeconds) * 1000) / 1000.0, partition, executor, parts);
    }
}
