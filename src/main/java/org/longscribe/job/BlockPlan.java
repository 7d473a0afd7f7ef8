package org.longscribe.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.longscribe.pcm.Samples;
import org.longscribe.segment.Segment;

/**
 * For a model decoded with a lazily composed graph (the block schedule; with a composed graph each
 * slice has a recognizer of its own and there are no blocks): groups a recording's segments into
 * blocks of consecutive segments, each to be decoded in order by a fresh recognizer (see
 * {@code ParallelRecognizer}). The boundaries depend on the segments alone, never on the thread
 * count, so the transcript does not either.
 *
 * <p>What a block costs: a fresh recognizer starts with an empty graph cache and builds it again as
 * it decodes, where the long-lived recognizers of the fast schedule keep theirs; and the cache grows
 * with what a recognizer has decoded for about 10 minutes, until Vosk starts collecting it (at 64 MB,
 * compiled into libvosk), then stays in a saw-tooth. So blocks are few, but at most 10 minutes: each
 * block takes {@code 1/divisor} of the speech still unassigned, at most {@code maxSeconds}, and at least the recording's smallest block,
 * a quarter of its speech within [{@code floorSeconds}, {@code minCapSeconds}]; they shrink towards
 * the end so that two workers finish together. A 20-minute recording gets 3 blocks (10, 5 and 5
 * minutes), two hours about 13 (10, 5, then 10 each, shrinking at the end); a recording under five
 * minutes still gets two to four (test-data/lecture.mp3, 37 s of speech, two), so it keeps its parallelism;
 * and a recognizer never holds the cache of more than 10 minutes, however long the recording, so
 * memory does not grow with it. Measured against --fast on the lazily composed graph: +1 to +11.5 % CPU on hard audio
 * (2 h: +8 % on average), a quarter to a third on easy audio, where recognition is cheap and the
 * cache's rebuilding is not. Larger blocks save little, as a cache past its 10 minutes no longer
 * holds what it decoded (20-minute blocks: 2 % less CPU), and cost memory at once: on 2 hours,
 * blocks of 15 or 20 minutes lifted the RSS band by 11 MB (1.05-1.06 x); 10 keeps 2 h within
 * 1.05 x of 20 minutes.
 *
 * <p>With {@code staggered}, the second block is at most half the largest: two workers then run half
 * a block apart, and while one recognizer holds 10 minutes' cache the other holds about 5, as in a
 * 20-minute recording (10 + 5 + 5, unchanged). Without it, the blocks of a longer recording go out in
 * pairs of 10 minutes that end together, and the two largest caches meet at the memory peak. Near
 * the end, the worker behind takes more of what remains (half of it plus its lag), or the half-block
 * offset would leave one core idle for up to 5 minutes of audio at the end (measured: 12 s of a
 * 2-hour run's 160 s before this rule).
 *
 * <p>The first block is the biggest (half of a 20-minute recording), which is what limits a single
 * recording on more than 2-3 cores. The {@code longscribe.blocks.*} system properties exist for
 * measurements; the plan is part of the journal's settings, so a resume never mixes two.
 *
 * @param floorSeconds  the smallest block's least size, in seconds of speech (the last one may be shorter)
 * @param minCapSeconds the smallest block's greatest size
 * @param maxSeconds    the largest block; a resumed run restarts at most this much before where it stopped
 * @param divisor       each block is the remaining speech divided by this, within the bounds
 * @param staggered     the second block at most half of {@code maxSeconds}, and the end balanced for it
 */
public record BlockPlan(double floorSeconds, double minCapSeconds, double maxSeconds, int divisor, boolean staggered) {
    public static final BlockPlan DEFAULT = new BlockPlan(
            Double.parseDouble(System.getProperty("longscribe.blocks.floor", "15")),
            Double.parseDouble(System.getProperty("longscribe.blocks.mincap", "300")),
            Double.parseDouble(System.getProperty("longscribe.blocks.max", "600")),
            Integer.parseInt(System.getProperty("longscribe.blocks.divisor", "2")),
            Boolean.parseBoolean(System.getProperty("longscribe.blocks.staggered", "true")));

    /** Not staggered. */
    public BlockPlan(double floorSeconds, double minCapSeconds, double maxSeconds, int divisor) {
        this(floorSeconds, minCapSeconds, maxSeconds, divisor, false);
    }

    public BlockPlan {
        if (!(floorSeconds > 0 && minCapSeconds >= floorSeconds && maxSeconds >= minCapSeconds && divisor >= 1)) {
            throw new IllegalArgumentException("bad block plan: " + floorSeconds + ", " + minCapSeconds + ", "
                    + maxSeconds + ", " + divisor);
        }
    }

    /** The blocks, as lists of consecutive segments covering {@code segments} in order. */
    public List<List<Segment>> blocks(List<Segment> segments) {
        long remaining = 0;
        for (Segment s : segments) {
            remaining += s.length();
        }
        long min = Math.round(Math.max(floorSeconds * Samples.SAMPLE_RATE,
                Math.min(minCapSeconds * Samples.SAMPLE_RATE, remaining / 4.0)));
        long max = Math.round(maxSeconds * Samples.SAMPLE_RATE);
        long secondMax = staggered ? Math.max(min, max / 2) : max;
        List<List<Segment>> blocks = new ArrayList<>();
        List<Segment> block = new ArrayList<>();
        // Speech given to two imagined workers taking blocks as they free up. Staggered, they are half a
        // block apart, and the one behind takes more of what remains, so that they still end together.
        // Only where the second block was cut short: a shorter recording keeps its blocks as they were.
        long[] worker = new long[2];
        boolean offset = false;
        int taker = 0;
        long target = 0;
        long filled = 0;
        for (Segment s : segments) {
            if (block.isEmpty()) {
                taker = worker[0] <= worker[1] ? 0 : 1;
                long lag = offset ? Math.max(0, worker[1 - taker] - worker[taker]) : 0;
                target = Math.max(min, Math.min(blocks.size() == 1 ? secondMax : max, (remaining + lag) / divisor));
                if (blocks.size() == 1) {
                    offset = secondMax < Math.min(max, remaining / divisor); // the stagger cut this block short
                }
            }
            block.add(s);
            filled += s.length();
            remaining -= s.length();
            if (filled >= target) {
                blocks.add(List.copyOf(block));
                block.clear();
                worker[taker] += filled;
                filled = 0;
            }
        }
        if (!block.isEmpty()) {
            blocks.add(List.copyOf(block));
        }
        return blocks;
    }

    /**
     * Where each of {@code parts} consecutive runs of {@code blocks} begins (a block index; the first
     * is 0), so that the parts hold about the same speech: the Spark job recognises a long
     * recording's parts in separate tasks. A part may be empty when there are fewer blocks than parts.
     */
    public static int[] partStarts(List<List<Segment>> blocks, int parts) {
        long[] before = new long[blocks.size() + 1]; // speech before block i
        for (int i = 0; i < blocks.size(); i++) {
            long length = 0;
            for (Segment s : blocks.get(i)) {
                length += s.length();
            }
            before[i + 1] = before[i] + length;
        }
        int[] starts = new int[parts];
        int at = 0;
        for (int p = 1; p < parts; p++) {
            double target = before[blocks.size()] * (double) p / parts;
            while (at < blocks.size() && Math.abs(before[at + 1] - target) <= Math.abs(before[at] - target)) {
                at++;
            }
            starts[p] = Math.max(at, starts[p - 1]);
        }
        return starts;
    }

    /** For the journal: a resumed run must cut blocks the same way. */
    public String settings() {
        return String.format(Locale.ROOT, "blocks floor=%s mincap=%s max=%s divisor=%d%s", floorSeconds, minCapSeconds,
                maxSeconds, divisor, staggered ? " staggered" : "");
    }
}
