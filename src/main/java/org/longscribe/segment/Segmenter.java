package org.longscribe.segment;

import java.io.IOException;
import org.longscribe.pcm.Samples;

/** Chooses where to split a recording: walks the samples once, in order, and emits segments as it decides them. */
public interface Segmenter {
    /** Receives each segment as soon as it is decided, in time order. May block, to bound work in flight. */
    @FunctionalInterface
    interface Sink {
        void accept(Segment segment) throws IOException, InterruptedException;
    }

    void segment(Samples samples, Sink sink) throws IOException, InterruptedException;

    /**
     * Everything that decides where this segmenter cuts, as text: a resume journal written under
     * other settings is not used (the same audio would be cut differently).
     */
    String settings();
}
