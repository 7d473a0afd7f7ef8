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

    /** Results are in for the recording up to {@code seconds}, the last of them taken from a journal (see {@link #resumed}). */
    default void takenUpTo(double seconds) {
        recognizedUpTo(seconds);
    }

    /**
     * {@code slices} of the recording's {@code of} slices were taken from an interrupted run's journal:
     * the blocks it finished, wherever they lie; {@code seconds} of audio as {@link #takenUpTo} counts
     * it, each block from the end of the slice before it (called once, before any result is merged, and only on a resume).
     */
    default void resumed(int slices, int of, double seconds) {
    }

    /** Something the user should know, in one line (a resume, a journal that no longer applies). */
    default void note(String message) {
    }
}
