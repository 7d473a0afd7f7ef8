package org.longscribe.segment;

import org.longscribe.pcm.Samples;

/**
 * A stretch of the recording worth recognising: samples [start, end), numbered in time order.
 */
public record Segment(int index, long start, long end) {
    public Segment {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("segment " + index + " has bounds [" + start + ", " + end + ")");
        }
    }

    public double startSeconds() {
        return start / (double) Samples.SAMPLE_RATE;
    }

    public double endSeconds() {
        return end / (double) Samples.SAMPLE_RATE;
    }

    public long length() {
        return end - start;
    }
}
