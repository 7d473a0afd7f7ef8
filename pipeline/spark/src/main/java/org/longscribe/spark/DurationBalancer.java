package org.longscribe.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Spreads recordings over partitions so that each holds about the same hours of audio: longest first,
 * each to the partition with the least audio so far (LPT scheduling; within 4/3 of the best possible
 * makespan). Listing order would put a folder of three-hour lectures in one task.
 */
public final class DurationBalancer {
    private DurationBalancer() {
    }

    /** The recordings of each of {@code partitions} partitions, each list longest first. */
    public static List<List<Recording>> assign(List<Recording> recordings, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        }
        List<List<Recording>> bins = new ArrayList<>();
        double[] load = new double[partitions];
        PriorityQueue<Integer> lightest = new PriorityQueue<>(
                Comparator.<Integer>comparingDouble(i -> load[i]).thenComparingInt(i -> i));
        for (int i = 0; i < partitions; i++) {
            bins.add(new ArrayList<>());
            lightest.add(i);
        }
        List<Recording> longestFirst = new ArrayList<>(recordings);
        longestFirst.sort(Comparator.comparingDouble(Recording::seconds).reversed().thenComparing(Recording::relative)
                .thenComparingInt(Recording::part));
        for (Recording r : longestFirst) {
            int bin = lightest.poll();
            bins.get(bin).add(r);
            load[bin] += Math.max(r.seconds(), 1.0); // a broken or empty file still costs a little
            lightest.add(bin);
        }
        return bins;
    }
}
