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

    /** Cosine similarity with {@code other}, in [-1, 1]. */
    public double cosine(SpeakerVector other) {
        return cosine(values, other.values);
    }

    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
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
