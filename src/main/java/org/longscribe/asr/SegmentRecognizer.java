package org.longscribe.asr;

import java.io.IOException;
import java.util.List;
import org.longscribe.pcm.PcmSlice;

/**
 * Recognises one slice of a recording. One instance is used by one thread at a time and reused
 * for many slices; {@link #close()} frees it.
 */
public interface SegmentRecognizer extends AutoCloseable {
    /** The utterances heard in {@code slice}, in order, timed from the start of the recording. */
    List<Utterance> recognize(PcmSlice slice) throws IOException;

    @Override
    void close();

    /** Makes recognizers that share one model. */
    @FunctionalInterface
    interface Factory {
        SegmentRecognizer create() throws IOException;

        /**
         * The settings, besides the model, that change what its recognizers hear; a journal written
         * under other settings is not resumed.
         */
        default String settings() {
            return "";
        }

        /**
         * Returns once a recognizer can be created, or fails as creating one would (a model that does
         * not load): waits for what {@link #create()} needs, here, before any work depends on it.
         */
        default void ready() throws IOException {
        }
    }
}
