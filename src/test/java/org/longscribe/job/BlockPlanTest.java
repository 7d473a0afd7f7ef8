package org.longscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.longscribe.segment.Segment;

class BlockPlanTest {
    private static final int RATE = 16_000;

    @Test
    void blocksCoverEverySegmentOnceInOrderAndShrinkTowardTheEnd() {
        List<Segment> segments = segments(200, 42); // about 20 minutes of 2-10 s segments
        List<List<Segment>> blocks = new BlockPlan(20, 20, 240, 8).blocks(segments);

        List<Segment> flat = blocks.stream().flatMap(List::stream).toList();
        assertEquals(segments, flat, "every segment once, in order");
        double previous = Double.MAX_VALUE;
        for (int i = 0; i < blocks.size(); i++) {
            double seconds = speech(blocks.get(i));
            assertTrue(seconds <= 240 + 10, "block " + i + " holds " + seconds + " s");
            if (i < blocks.size() - 1) {
                assertTrue(seconds >= 20, "block " + i + " holds " + seconds + " s");
            }
            // Guided sizes: never much bigger than the block before (one segment of slack).
            assertTrue(seconds <= previous + 10, "block " + i + ": " + seconds + " after " + previous);
            previous = seconds;
        }
        assertTrue(speech(blocks.get(0)) > 100, "big blocks first: " + speech(blocks.get(0)));
        assertTrue(speech(blocks.get(blocks.size() - 2)) < 40, "small blocks last");
    }

    @Test
    void theSameSegmentsGiveTheSameBlocks() {
        assertEquals(BlockPlan.DEFAULT.blocks(segments(120, 7)), BlockPlan.DEFAULT.blocks(segments(120, 7)));
    }

    @Test
    void aShortRecordingIsOneBlockPerMinimumAndNothingIsEmpty() {
        List<Segment> segments = segments(5, 1);
        List<List<Segment>> blocks = new BlockPlan(20, 20, 240, 8).blocks(segments);
        assertTrue(blocks.stream().noneMatch(List::isEmpty));
        assertEquals(segments, blocks.stream().flatMap(List::stream).toList());
        assertEquals(List.of(), new BlockPlan(20, 20, 240, 8).blocks(List.of()));
    }

    @Test
    void theJournalKeyNamesEveryBound() {
        assertEquals("blocks floor=20.0 mincap=20.0 max=240.0 divisor=8", new BlockPlan(20, 20, 240, 8).settings());
        assertEquals("blocks floor=20.0 mincap=20.0 max=240.0 divisor=8 staggered", new BlockPlan(20, 20, 240, 8, true).settings());
    }

    /**
     * Memory: two workers must not both reach the end of a full-size block at once (their two largest
     * graph caches would meet), so the second block is half the largest and the workers run half a
     * block apart; a 20-minute recording's blocks (10 + 5 + 5 minutes) stay as they were.
     */
    @Test
    void theSecondBlockIsHalfSoThatTwoWorkersRunHalfABlockApart() {
        List<List<Segment>> blocks = BlockPlan.DEFAULT.blocks(segments(1200, 3)); // about 2 hours
        assertTrue(speech(blocks.get(0)) >= 600 && speech(blocks.get(0)) <= 610, "first: " + speech(blocks.get(0)));
        assertTrue(speech(blocks.get(1)) >= 300 && speech(blocks.get(1)) <= 310, "second: " + speech(blocks.get(1)));
        assertTrue(speech(blocks.get(2)) >= 600 && speech(blocks.get(2)) <= 610, "third: " + speech(blocks.get(2)));
        // Two workers taking blocks as they finish (time ~ speech): one is 5 minutes into its block when the other ends one.
        double a = speech(blocks.get(0));
        double b = speech(blocks.get(1)) + speech(blocks.get(2));
        assertTrue(Math.abs(Math.abs(a - b) - 300) <= 20, "ends " + a + " and " + b + " s");

        // ... and still end together: the one behind takes more of what remains.
        for (int n = 250; n <= 3000; n += 97) {
            List<List<Segment>> plan = BlockPlan.DEFAULT.blocks(segments(n, n));
            double[] ends = new double[2];
            for (List<Segment> block : plan) {
                ends[ends[0] <= ends[1] ? 0 : 1] += speech(block);
            }
            assertTrue(Math.abs(ends[0] - ends[1]) <= 20, n + " segments: two workers end at " + ends[0] + " and " + ends[1] + " s");
        }
        for (int n : new int[] {8, 40, 170}) { // up to 20 minutes of speech: the same blocks as before
            List<Segment> segments = segments(n, 3);
            List<Double> before = sizes(new BlockPlan(15, 300, 600, 2, false).blocks(segments));
            assertEquals(before, sizes(BlockPlan.DEFAULT.blocks(segments)));
            assertTrue(before.stream().mapToDouble(Double::doubleValue).sum() <= 1200, "speech: " + before);
        }
    }

    /**
     * The default's shape, which sets what the reproducible schedule costs (README): few blocks, half
     * the remaining speech each, so that two workers end together; a short recording keeps 2-4 blocks.
     */
    @Test
    void theDefaultCutsFewBlocksThatTwoWorkersFinishTogether() {
        int[][] cases = {{8, 2, 4}, {40, 2, 4}, {200, 3, 4}, {1200, 12, 15}}; // segments (about 6 s each), blocks from, to
        for (int[] c : cases) {
            List<List<Segment>> blocks = BlockPlan.DEFAULT.blocks(segments(c[0], 3));
            double total = blocks.stream().mapToDouble(BlockPlanTest::speech).sum();
            assertTrue(blocks.stream().allMatch(b -> speech(b) <= 600 + 10), "at most 10 minutes a block (memory)");
            assertTrue(blocks.size() >= c[1] && blocks.size() <= c[2], total / 60 + " min in " + blocks.size() + " blocks");
            // Greedy on two workers, blocks in order: the later one finishes within 15 % of the total of the earlier.
            double a = 0;
            double b = 0;
            for (List<Segment> block : blocks) {
                if (a <= b) {
                    a += speech(block);
                } else {
                    b += speech(block);
                }
            }
            if (c[0] >= 40) { // with a handful of segments, one segment is already more than that
                assertTrue(Math.abs(a - b) <= 0.15 * total, "two workers: " + a + " and " + b + " s of " + total);
            }
        }
    }

    private static List<Segment> segments(int n, long seed) {
        Random random = new Random(seed);
        List<Segment> segments = new ArrayList<>();
        long at = 0;
        for (int i = 0; i < n; i++) {
            at += RATE / 2 + random.nextInt(2 * RATE);
            long length = 2L * RATE + random.nextInt(8 * RATE);
            segments.add(new Segment(i, at, at + length));
            at += length;
        }
        return segments;
    }

    private static List<Double> sizes(List<List<Segment>> blocks) {
        return blocks.stream().map(BlockPlanTest::speech).toList();
    }

    private static double speech(List<Segment> block) {
        return block.stream().mapToLong(Segment::length).sum() / (double) RATE;
    }
}
