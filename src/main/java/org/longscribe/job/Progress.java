package org.longscribe.job;

/** Hears how far a transcription has got. Called from the thread that runs the job. */
public interface Progress {
    Progress NONE = new Progress() {
    };

    /** Decoding started (not called when the input is mapped as is). */
    default void decoding() {
    }

    /** Instead of decoding, the WAV an interrupted run decoded is used again. */
    default void decodedBefore() {
    }

    /** The recording is mapped: {@code duration} seconds of audio. */
    default void mapped(double duration) {
    }

    /** A transcript segment is final (called in recording order, as soon as it is merged). */
    default void segment(org.longscribe.transcript.TranscriptSegment segment) throws java.io.IOException {
    }

    /** Results are in for the recording up to {@code seconds}. */
    default void recognizedUpTo(double seconds) {
    }

    /**
     * The first {@code slices} slices, up to {@code seconds} into the recording, were taken from an
     * interrupted run's journal (called once, before any new result, and only on a resume).
     */
    default void resumed(int slices, double seconds) {
    }

    /** Something the user should know, in one line (a resume, a journal that no longer applies). */
    default void note(String message) {
    }
}
