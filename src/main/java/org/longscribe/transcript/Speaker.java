package org.longscribe.transcript;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One speaker of a transcript, with how much they said.
 *
 * @param id       "S1", "S2", ... in order of first appearance
 * @param seconds  total time of their segments
 * @param segments how many segments are theirs
 */
public record Speaker(String id, double seconds, int segments) {
    /** The label of speaker number {@code index} (0-based). */
    public static String id(int index) {
        return "S" + (index + 1);
    }

    /** {@code segments} labelled by {@code labels} (0-based speaker numbers, one per segment). */
    public static List<TranscriptSegment> label(List<TranscriptSegment> segments, int[] labels) {
        if (labels.length != segments.size()) {
            throw new IllegalArgumentException(labels.length + " labels for " + segments.size() + " segments");
        }
        List<TranscriptSegment> out = new ArrayList<>(segments.size());
        for (int i = 0; i < labels.length; i++) {
            out.add(segments.get(i).withSpeaker(id(labels[i])));
        }
        return out;
    }

    /** The speakers of labelled {@code segments}, in order of first appearance. */
    public static List<Speaker> summary(List<TranscriptSegment> segments) {
        Map<String, double[]> totals = new LinkedHashMap<>();
        for (TranscriptSegment s : segments) {
            if (s.speaker() != null) {
                double[] t = totals.computeIfAbsent(s.speaker(), k -> new double[2]);
                t[0] += s.end() - s.start();
                t[1]++;
            }
        }
        List<Speaker> speakers = new ArrayList<>();
        totals.forEach((id, t) -> speakers.add(new Speaker(id, Math.round(t[0] * 1000) / 1000.0, (int) t[1])));
        return speakers;
    }
}
