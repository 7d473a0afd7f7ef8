package org.longscribe.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.longscribe.pcm.Samples;
import org.longscribe.segment.Segment;

/**
 * Groups a recording's segments into blocks of consecutive segments, each to be decoded in order by
 * a fresh recognizer (see {@code ParallelRecognizer}). The boundaries depend on the segments alone,
 * never on the thread count, so the transcript does not either.
 *
 * <p>Sizes are guided: each block takes a share ({@code 1/divisor}) of the speech still unassigned,
 * between {@code minSeconds} and {@code maxSeconds}. Big blocks at the start pay a recognizer's
 * warm-up (a cold graph cache: about 2.4 s of CPU each on the benchmark recording) rarely; small ones
 * at the end keep every worker busy until the last slice. The default, 60-600 s and a quarter, was
 * the fastest of three tried on the 20-minute benchmark recording (README). The
 * {@code longscribe.blocks.*} system properties exist for such measurements; the plan is part of the
 * journal's settings, so a resume never mixes two plans.
 *
 * @param minSeconds smallest block, in seconds of speech sent to the recognizer (the last one may be shorter)
 * @param maxSeconds largest block; a resumed run restarts at most this much before where it stopped
 * @param divisor    each block is the remaining speech divided by this, within the bounds
 */
public record BlockPlan(double minSeconds, double maxSeconds, int divisor) {
    public static final BlockPlan DEFAULT = new BlockPlan(
            Double.parseDouble(System.getProperty("longscribe.blocks.min", "60")),
            Double.parseDouble(System.getProperty("longscribe.blocks.max", "600")),
            Integer.parseInt(System.getProperty("longscribe.blocks.divisor", "4")));

    public BlockPlan {
        if (!(minSeconds > 0 && maxSeconds >= minSeconds && divisor >= 1)) {
            throw new IllegalArgumentException("bad block plan: " + minSeconds + ", " + maxSeconds + ", " + divisor);
        }
    }

    /** The blocks, as lists of consecutive segments covering {@code segments} in order. */
    public List<List<Segment>> blocks(List<Segment> segments) {
        long remaining = 0;
        for (Segment s : segments) {
            remaining += s.length();
        }
        long min = Math.round(minSeconds * Samples.SAMPLE_RATE);
        long max = Math.round(maxSeconds * Samples.SAMPLE_RATE);
        List<List<Segment>> blocks = new ArrayList<>();
        List<Segment> block = new ArrayList<>();
        long target = 0;
        long filled = 0;
        for (Segment s : segments) {
            if (block.isEmpty()) {
                target = Math.max(min, Math.min(max, remaining / divisor));
            }
            block.add(s);
            filled += s.length();
            remaining -= s.length();
            if (filled >= target) {
                blocks.add(List.copyOf(block));
                block.clear();
                filled = 0;
            }
        }
        if (!block.isEmpty()) {
            blocks.add(List.copyOf(block));
        }
        return blocks;
    }

    /** For the journal: a resumed run must cut blocks the same way. */
    public String settings() {
        return String.format(Locale.ROOT, "blocks min=%s max=%s divisor=%d", minSeconds, maxSeconds, divisor);
    }
}
