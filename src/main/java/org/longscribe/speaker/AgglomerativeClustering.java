package org.longscribe.speaker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.longscribe.asr.SpeakerVector;

/**
 * Average-linkage agglomerative clustering of x-vectors by cosine similarity, each vector weighted
 * by its frames of speech.
 *
 * <p>Only utterances with at least {@code minFrames} frames found clusters: the vector of a short
 * utterance is noisy, and a cough or a "yes" would otherwise become a speaker of its own. Short ones
 * are then given the cluster whose centroid they are closest to. Unless the number of speakers is
 * given, clusters are merged while their average similarity is at least {@code threshold}.
 *
 * <p>Deterministic: the result depends only on the vectors and their order (ties go to the lower
 * index), so it is the same for any thread count and after a resume.
 *
 * <p>The dendrogram is built with the nearest-neighbour chain algorithm (exact for average
 * linkage, O(n²) time) over a triangular matrix of float similarities: 2,000 founding utterances,
 * about 2 hours of talk, take 8 MB. Beyond {@link #MAX_FOUNDERS}, the longest utterances found the
 * clusters and the rest are attached like short ones.
 */
public final class AgglomerativeClustering implements SpeakerClustering {
    /** Founders at most: 4,000 make a 32 MB matrix. */
    static final int MAX_FOUNDERS = 4_000;

    private final double threshold;
    private final int minFrames;

    public AgglomerativeClustering(double threshold, int minFrames) {
        if (!(threshold > -1 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (-1, 1): " + threshold);
        }
        this.threshold = threshold;
        this.minFrames = Math.max(0, minFrames);
    }

    /** The settings tuned on longscribe's speaker test recordings (docs/performance.md, "Speaker labels"). */
    public static AgglomerativeClustering tuned() {
        return new AgglomerativeClustering(0.35, 100);
    }

    @Override
    public String settings() {
        return String.format(Locale.ROOT, "agglomerative average-linkage cosine threshold=%.3f min-frames=%d", threshold,
                minFrames);
    }

    @Override
    public int[] label(List<SpeakerVector> voices, int speakers) {
        if (speakers < 0) {
            throw new IllegalArgumentException("speakers must be 0 (find out) or more: " + speakers);
        }
        int n = voices.size();
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        int[] founders = founders(voices);
        if (founders.length == 0) {
            Arrays.fill(labels, 0); // no vector at all: one speaker is all we can say
            return labels;
        }
        int[] cluster = cluster(voices, founders, speakers);
        for (int i = 0; i < founders.length; i++) {
            labels[founders[i]] = cluster[i];
        }
        attachToNearestCentroid(voices, founders, cluster, labels);
        fillFromNeighbours(labels);
        return byFirstAppearance(labels);
    }

    /** The utterances that found clusters: long enough, at most MAX_FOUNDERS (the longest), in order. */
    private int[] founders(List<SpeakerVector> voices) {
        List<Integer> withVoice = new ArrayList<>();
        List<Integer> longEnough = new ArrayList<>();
        for (int i = 0; i < voices.size(); i++) {
            SpeakerVector v = voices.get(i);
            if (v != null) {
                withVoice.add(i);
                if (v.frames() >= minFrames) {
                    longEnough.add(i);
                }
            }
        }
        // Nothing long enough (a short clip): the short ones are all there is.
        List<Integer> chosen = longEnough.isEmpty() ? withVoice : longEnough;
        if (chosen.size() > MAX_FOUNDERS) {
            chosen = chosen.stream()
                    .sorted(Comparator.comparingInt((Integer i) -> -voices.get(i).frames()).thenComparingInt(i -> i))
                    .limit(MAX_FOUNDERS).sorted().toList();
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Cluster numbers (0..k-1, arbitrary order) of the founders. */
    private int[] cluster(List<SpeakerVector> voices, int[] founders, int speakers) {
        int n = founders.length;
        float[][] vectors = new float[n][];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            SpeakerVector v = voices.get(founders[i]);
            vectors[i] = normalized(v.values());
            weights[i] = Math.max(1, v.frames());
        }
        List<Merge> merges = dendrogram(vectors, weights);
        // Average linkage is monotone: the k clusters are what the n-k most similar merges leave.
        merges.sort(Comparator.comparingDouble((Merge m) -> -m.similarity).thenComparingInt(m -> m.order));
        int wanted = speakers == 0 ? 1 : Math.min(speakers, n);
        UnionFind sets = new UnionFind(n);
        int clusters = n;
        for (Merge m : merges) {
            if (clusters <= wanted || (speakers == 0 && m.similarity < threshold)) {
                break;
            }
            sets.union(m.a, m.b);
            clusters--;
        }
        int[] cluster = new int[n];
        int[] number = new int[n];
        Arrays.fill(number, -1);
        int next = 0;
        for (int i = 0; i < n; i++) {
            int root = sets.find(i);
            if (number[root] < 0) {
                number[root] = next++;
            }
            cluster[i] = number[root];
        }
        return cluster;
    }

    private record Merge(int a, int b, double similarity, int order) {
    }

    /**
     * The average-linkage dendrogram by the nearest-neighbour chain: n-1 merges, each of two
     * representative members (one per side) and the clusters' average similarity.
     */
    static List<Merge> dendrogram(float[][] vectors, double[] weights) {
        int n = vectors.length;
        TriangularMatrix sim = new TriangularMatrix(n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                sim.set(i, j, (float) dot(vectors[i], vectors[j]));
            }
        }
        double[] size = weights.clone();
        boolean[] active = new boolean[n];
        Arrays.fill(active, true);
        int[] chain = new int[n];
        int chainLength = 0;
        List<Merge> merges = new ArrayList<>(Math.max(0, n - 1));
        int remaining = n;
        while (remaining > 1) {
            if (chainLength == 0) {
                chain[chainLength++] = firstActive(active);
            }
            int a = chain[chainLength - 1];
            int previous = chainLength > 1 ? chain[chainLength - 2] : -1;
            // a's most similar active cluster; the previous link wins ties, so the chain cannot cycle.
            int best = previous;
            double bestSim = previous >= 0 ? sim.get(a, previous) : Double.NEGATIVE_INFINITY;
            for (int c = 0; c < n; c++) {
                if (c != a && active[c]) {
                    double s = sim.get(a, c);
                    if (s > bestSim) {
                        bestSim = s;
                        best = c;
                    }
                }
            }
            if (best == previous) {
                // Reciprocal nearest neighbours: merge them into the lower index.
                chainLength -= 2;
                int keep = Math.min(a, best);
                int gone = Math.max(a, best);
                merges.add(new Merge(keep, gone, bestSim, merges.size()));
                double wk = size[keep];
                double wg = size[gone];
                for (int c = 0; c < n; c++) {
                    if (active[c] && c != keep && c != gone) {
                        sim.set(keep, c, (float) ((wk * sim.get(keep, c) + wg * sim.get(gone, c)) / (wk + wg)));
                    }
                }
                size[keep] = wk + wg;
                active[gone] = false;
                remaining--;
            } else {
                chain[chainLength++] = best;
            }
        }
        return merges;
    }

    private static int firstActive(boolean[] active) {
        for (int i = 0; i < active.length; i++) {
            if (active[i]) {
                return i;
            }
        }
        throw new IllegalStateException("no active cluster");
    }

    /** Every labelled-but-not-founding utterance with a vector gets the cluster of the closest centroid. */
    private static void attachToNearestCentroid(List<SpeakerVector> voices, int[] founders, int[] cluster, int[] labels) {
        int k = Arrays.stream(cluster).max().orElse(-1) + 1;
        int dims = voices.get(founders[0]).values().length;
        double[][] centroids = new double[k][dims];
        for (int i = 0; i < founders.length; i++) {
            SpeakerVector v = voices.get(founders[i]);
            float[] x = normalized(v.values());
            for (int d = 0; d < dims; d++) {
                centroids[cluster[i]][d] += (double) v.frames() * x[d];
            }
        }
        for (int i = 0; i < labels.length; i++) {
            SpeakerVector v = voices.get(i);
            if (labels[i] >= 0 || v == null) {
                continue;
            }
            float[] x = v.values();
            int best = 0;
            double bestSim = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = cosine(centroids[c], x);
                if (s > bestSim) {
                    bestSim = s;
                    best = c;
                }
            }
            labels[i] = best;
        }
    }

    /** Utterances without a vector take the previous utterance's speaker (the next one's at the start). */
    private static void fillFromNeighbours(int[] labels) {
        int last = -1;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0) {
                last = labels[i];
            } else if (last >= 0) {
                labels[i] = last;
            }
        }
        int next = -1;
        for (int i = labels.length - 1; i >= 0; i--) {
            if (labels[i] >= 0) {
                next = labels[i];
            } else {
                labels[i] = next;
            }
        }
    }

    /** Renumbers so that speaker 0 speaks first, 1 is the next new voice, and so on. */
    static int[] byFirstAppearance(int[] labels) {
        int max = Arrays.stream(labels).max().orElse(-1);
        int[] renumber = new int[max + 1];
        Arrays.fill(renumber, -1);
        int next = 0;
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (renumber[labels[i]] < 0) {
                renumber[labels[i]] = next++;
            }
            out[i] = renumber[labels[i]];
        }
        return out;
    }

    private static float[] normalized(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = norm == 0 ? 0 : (float) (v[i] / norm);
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static double cosine(double[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** A symmetric matrix without its diagonal, stored as its lower triangle. */
    private static final class TriangularMatrix {
        private final float[] cells;

        TriangularMatrix(int n) {
            cells = new float[(int) Math.max(0, (long) n * (n - 1) / 2)];
        }

        private static int index(int i, int j) {
            int hi = Math.max(i, j);
            int lo = Math.min(i, j);
            return hi * (hi - 1) / 2 + lo;
        }

        float get(int i, int j) {
            return cells[index(i, j)];
        }

        void set(int i, int j, float value) {
            cells[index(i, j)] = value;
        }
    }

    private static final class UnionFind {
        private final int[] parent;

        UnionFind(int n) {
            parent = new int[n];
            for (int i = 0; i < n; i++) {
                parent[i] = i;
            }
        }

        int find(int i) {
            while (parent[i] != i) {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }

        void union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra != rb) {
                parent[Math.max(ra, rb)] = Math.min(ra, rb);
            }
        }
    }
}
