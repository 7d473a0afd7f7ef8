package org.longscribe.asr;

import java.util.Arrays;

/**
 * What the speaker model says about the voice of one utterance: an x-vector (whitened and
 * length-normalised by Vosk) and how many frames of speech it was computed from (10 ms each).
 * Few frames make a noisy vector.
 */
public record SpeakerVector(float[] values, int frames) {
    public SpeakerVector {
        values = values.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpeakerVector v && frames == v.frames && Arrays.equals(values, v.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + frames;
    }

    @Override
    public String toString() {
        return "SpeakerVector[" + values.length + " dims, " + frames + " frames]";
    }
}
