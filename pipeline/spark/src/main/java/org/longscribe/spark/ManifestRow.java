package org.longscribe.spark;

import java.io.Serializable;

/**
 * One line of the job's manifest: what happened to one recording.
 *
 * @param status    "ok", "skipped" (its transcript was complete and up to date) or "failed"
 * @param duration  seconds of audio (0 when failed; from the existing transcript when skipped)
 * @param error     the one-line reason when failed, else null
 * @param seconds   wall time spent on it
 */
public record ManifestRow(String path, String relative, String status, double duration, int words, int segments,
                          String error, double seconds, int partition, String executor) implements Serializable {
}
