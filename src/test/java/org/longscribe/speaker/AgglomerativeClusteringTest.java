package org.longscribe.speaker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.longscribe.asr.SpeakerVector;

/**
 * Clustering on synthetic x-vectors: speakers are random directions in 128 dimensions, utterances
 * that direction plus noise, as similar as Vosk's vectors of one voice are (cosine about 0.6 within
 * a speaker, about 0.05 across). Labels are checked exactly.
 */
class AgglomerativeClusteringTest {
    private static final int DIMS = 128;
    private final AgglomerativeClustering clustering = AgglomerativeClustering.tuned();

    @Test
    void findsThreeSpeakersTakingTurnsAndNumbersThemByFirstAppearance() {
        Random random = new Random(42);
        float[][] speakers = {direction(random), direction(random), direction(random)};
        int[] who = {2, 0, 1, 2, 0, 1, 1, 2, 0, 2, 1, 0};
        List<SpeakerVector> voices = new ArrayList<>();
        for (int w : who) {
            voices.add(utterance(speakers[w], 0.8, 300, random));
        }
        // 2 speaks first: S1; then 0: S2; then 1: S3.
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 2, 0, 1, 0, 2, 1}, clustering.label(voices, 0));
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 2, 0, 1, 0, 2, 1}, clustering.label(voices, 3));
    }

    @Test
    void aGivenNumberOfSpeakersIsWhatComesOut() {
        Random random = new Random(7);
        float[][] speakers = {direction(random), direction(random), direction(random), direction(random)};
        List<SpeakerVector> voices = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            voices.add(utterance(speakers[i % 4], 0.8, 250, random));
        }
        for (int n = 1; n <= 6; n++) {
            int[] labels = clustering.label(voices, n);
            assertEquals(Math.min(n, 20), Arrays.stream(labels).distinct().count(), "asked for " + n);
        }
        assertEquals(4, Arrays.stream(clustering.label(voices, 0)).distinct().count());
        int[] four = clustering.label(voices, 4);
        for (int i = 0; i < 20; i++) {
            assertEquals(i % 4, four[i], "utterance " + i);
        }
    }

    @Test
    void shortUtterancesJoinTheNearestSpeakerInsteadOfFoundingOne() {
        Random random = new Random(3);
        float[][] speakers = {direction(random), direction(random)};
        List<SpeakerVector> voices = new ArrayList<>();
        int[] expected = new int[10];
        for (int i = 0; i < 10; i++) {
            boolean isShort = i % 3 == 2;
            // Short ones are far noisier: alone, each would be a speaker of its own.
            voices.add(utterance(speakers[i % 2], isShort ? 2.5 : 0.8, isShort ? 40 : 300, random));
            expected[i] = i % 2;
        }
        assertArrayEquals(expected, clustering.label(voices, 0));
        // Without the min-frames rule the noisy short ones found clusters of their own.
        int[] naive = new AgglomerativeClustering(0.35, 0).label(voices, 0);
        assertEquals(true, Arrays.stream(naive).distinct().count() > 2, Arrays.toString(naive));
    }

    @Test
    void utterancesWithoutAVectorTakeTheirNeighboursSpeaker() {
        Random random = new Random(5);
        float[][] speakers = {direction(random), direction(random)};
        List<SpeakerVector> voices = new ArrayList<>();
        voices.add(null); // before anyone: the next one's speaker
        voices.add(utterance(speakers[0], 0.8, 300, random));
        voices.add(null);
        voices.add(utterance(speakers[1], 0.8, 300, random));
        voices.add(utterance(speakers[1], 0.8, 300, random));
        voices.add(null);
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, clustering.label(voices, 0));
        assertArrayEquals(new int[] {0, 0}, clustering.label(Arrays.asList(null, null), 0), "no vector at all: one speaker");
        assertArrayEquals(new int[0], clustering.label(List.of(), 0));
    }

    @Test
    void theSameVectorsGiveTheSameLabelsEveryTime() {
        Random random = new Random(11);
        float[][] speakers = {direction(random), direction(random), direction(random)};
        List<SpeakerVector> voices = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            voices.add(utterance(speakers[(i / 3) % 3], 1.0, 80 + random.nextInt(600), random));
        }
        int[] first = clustering.label(voices, 0);
        for (int run = 0; run < 3; run++) {
            assertArrayEquals(first, clustering.label(new ArrayList<>(voices), 0));
        }
        assertEquals(3, Arrays.stream(first).distinct().count());
        for (int i = 0; i < 300; i++) {
            assertEquals(first[(i / 3) % 3 * 3], first[i], "utterance " + i);
        }
    }

    @Test
    void identicalVectorsTieDeterministically() {
        float[] v = new float[DIMS];
        v[0] = 1;
        List<SpeakerVector> same = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            same.add(new SpeakerVector(v, 200));
        }
        // Ties merge in index order: the last one is left on its own.
        assertArrayEquals(new int[] {0, 0, 0, 0, 1}, clustering.label(same, 2));
        assertArrayEquals(new int[] {0, 0, 0, 0, 0}, clustering.label(same, 0));
    }

    @Test
    void rejectsANegativeCount() {
        assertThrows(IllegalArgumentException.class, () -> clustering.label(List.of(), -1));
    }

    private static float[] direction(Random random) {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** The speaker's direction plus Gaussian noise of {@code noise} times its scale per dimension. */
    private static SpeakerVector utterance(float[] speaker, double noise, int frames, Random random) {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) (speaker[i] + noise * random.nextGaussian());
        }
        return new SpeakerVector(v, frames);
    }
}
