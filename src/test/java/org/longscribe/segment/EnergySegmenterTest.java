package org.longscribe.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.longscribe.pcm.Samples;

/**
 * Synthetic PCM built frame by frame (10 ms = 160 samples): "speech" is a 400 Hz square wave, whose
 * every frame has exactly the same energy, so each expected cut point is computed by hand below.
 * Settings: min pause 40 frames, padding 25, so a pause of 50 frames ends a segment; max 3000 frames.
 */
class EnergySegmenterTest {
    static final int F = 160;
    static final EnergySegmenter.Settings SETTINGS = new EnergySegmenter.Settings(0.4, 0.25, 30.0, 0.08, 10.0, -55.0, 3.0);

    /** PCM from runs of frames. */
    static final class Signal implements Samples {
        private final List<short[]> runs = new ArrayList<>();
        private short[] data = new short[0];

        Signal silence(int frames) {
            return add(new short[frames * F]);
        }

        Signal tone(int frames, int amplitude) {
            short[] s = new short[frames * F];
            for (int i = 0; i < s.length; i++) {
                s[i] = (short) ((i / 20) % 2 == 0 ? amplitude : -amplitude); // 400 Hz, 4 periods a frame
            }
            return add(s);
        }

        /**
         * Syllabic "speech": the square wave with one quiet frame (-36 dBFS) in every 20, at offset 10,
         * as real speech dips between syllables (a steady tone longer than the floor's window would
         * become the floor itself).
         */
        Signal speech(int frames) {
            short[] s = new short[frames * F];
            for (int i = 0; i < s.length; i++) {
                int amplitude = (i / F) % 20 == 10 ? 500 : 8000;
                s[i] = (short) ((i / 20) % 2 == 0 ? amplitude : -amplitude);
            }
            return add(s);
        }

        private Signal add(short[] run) {
            runs.add(run);
            short[] all = new short[data.length + run.length];
            System.arraycopy(data, 0, all, 0, data.length);
            System.arraycopy(run, 0, all, data.length, run.length);
            data = all;
            return this;
        }

        @Override
        public long count() {
            return data.length;
        }

        @Override
        public short at(long index) {
            return data[(int) index];
        }
    }

    static List<long[]> cuts(Samples samples, EnergySegmenter segmenter) throws IOException, InterruptedException {
        List<long[]> out = new ArrayList<>();
        List<Segment> segments = new ArrayList<>();
        segmenter.segment(samples, segments::add);
        for (int i = 0; i < segments.size(); i++) {
            assertEquals(i, segments.get(i).index(), "segments are numbered in order");
            out.add(new long[] {segments.get(i).start(), segments.get(i).end()});
        }
        return out;
    }

    static void assertCuts(List<long[]> actual, long... expected) {
        List<String> a = new ArrayList<>();
        for (long[] c : actual) {
            a.add(c[0] + "-" + c[1]);
        }
        List<String> e = new ArrayList<>();
        for (int i = 0; i < expected.length; i += 2) {
            e.add(expected[i] + "-" + expected[i + 1]);
        }
        assertEquals(e, a);
    }

    @Test
    void longPauseIsDroppedKeepingPaddingOnEachSide() throws Exception {
        // silence 0-49, speech 50-149, silence 150-349, speech 350-449, silence 450-499
        Signal s = new Signal().silence(50).speech(100).silence(200).speech(100).silence(50);
        // [50-25, 150+25) and [350-25, 450+25): the 150 frames between are never recognised
        assertCuts(cuts(s, new EnergySegmenter(SETTINGS)), 25 * F, 175 * F, 325 * F, 475 * F);
    }

    @Test
    void pauseLongEnoughToSplitButShortIsCutInTheMiddle() throws Exception {
        // speech 50-149, a 44-frame pause 150-193, speech 194-293, silence 294-393
        Signal s = new Signal().silence(50).speech(100).silence(44).speech(100).silence(100);
        // cut at 150 + 44/2 = 172; the second ends at 294 + 25
        assertCuts(cuts(s, new EnergySegmenter(SETTINGS)), 25 * F, 172 * F, 172 * F, 319 * F);
    }

    @Test
    void pauseShorterThanMinPauseDoesNotSplit() throws Exception {
        Signal s = new Signal().silence(50).speech(100).silence(30).speech(100).silence(100);
        assertCuts(cuts(s, new EnergySegmenter(SETTINGS)), 25 * F, 305 * F);
    }

    @Test
    void overlongSpeechIsCutInTheMiddleOfItsLongestPause() throws Exception {
        // speech 50-1049, 20-frame pause 1050-1069, speech 1070-2069, 30-frame pause 2070-2099,
        // speech 2100-4099, silence. The open segment [25, ...) reaches 3000 frames at frame 3024;
        // its longest pause is 2070-2099, so the cut is at 2070 + 15 = 2085.
        Signal s = new Signal().silence(50).speech(1000).silence(20).speech(1000).silence(30).speech(2000).silence(100);
        assertCuts(cuts(s, new EnergySegmenter(SETTINGS)), 25 * F, 2085 * F, 2085 * F, 4125 * F);
    }

    @Test
    void speechWithNoPauseIsCutAtItsQuietestFrame() throws Exception {
        // A floor window longer than the recording keeps the leading silence as the floor, so every
        // tone frame is speech. Frames 2600-2602 are quieter (still speech); the open segment [25, ...)
        // reaches 3000 frames at 3024 and the quietest frame of its second half is 2600.
        EnergySegmenter.Settings d = SETTINGS;
        EnergySegmenter segmenter = new EnergySegmenter(new EnergySegmenter.Settings(d.minPause(), d.padding(),
                d.maxLength(), d.minSpeech(), d.aboveFloorDb(), d.minSpeechDb(), 100));
        Signal s = new Signal().silence(50).tone(2550, 8000).tone(3, 4000).tone(1447, 8000).silence(100);
        assertCuts(cuts(s, segmenter), 25 * F, 2600 * F, 2600 * F, 4075 * F);
    }

    @Test
    void clicksAreDroppedButShortWordsKept() throws Exception {
        // a 5-frame click at 100 (under the 8-frame minimum), then a 10-frame word at 305-314
        Signal s = new Signal().silence(100).speech(5).silence(200).speech(10).silence(100);
        assertCuts(cuts(s, new EnergySegmenter(SETTINGS)), 280 * F, 340 * F);
    }

    @Test
    void steadyNoiseFloorIsNotSpeech() throws Exception {
        // the same layout as the first test, with a square-wave "hum" at -40 dBFS instead of silence
        Signal s = new Signal().tone(50, 320).speech(100).tone(200, 320).speech(100).tone(50, 320);
        assertCuts(cuts(s, new EnergySegmenter(SETTINGS)), 25 * F, 175 * F, 325 * F, 475 * F);
    }

    @Test
    void silenceOnlyGivesNoSegments() throws Exception {
        assertCuts(cuts(new Signal().silence(1000), new EnergySegmenter(SETTINGS)));
        assertCuts(cuts(new Signal(), new EnergySegmenter(SETTINGS)));
    }

    @Test
    void speechRunningToTheEndIsClosedAtTheEnd() throws Exception {
        Signal s = new Signal().silence(50).speech(100);
        assertCuts(cuts(s, new EnergySegmenter(SETTINGS)), 25 * F, 150 * F);
    }

    @Test
    void randomBurstsGiveOrderedDisjointSegmentsNoLongerThanTheMaximum() throws Exception {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            Signal s = new Signal();
            for (int i = 0; i < 40; i++) {
                if (random.nextBoolean()) {
                    s.speech(1 + random.nextInt(1500));
                } else {
                    s.tone(1 + random.nextInt(1500), 2000 + random.nextInt(20000));
                }
                s.silence(random.nextInt(120));
            }
            long previousEnd = 0;
            for (long[] c : cuts(s, new EnergySegmenter(SETTINGS))) {
                assertTrue(c[0] >= previousEnd, "disjoint and in order");
                assertTrue(c[1] - c[0] <= 30 * 16000, "at most 30 s: " + (c[1] - c[0]));
                assertTrue(c[1] <= s.count());
                previousEnd = c[1];
            }
        }
    }

    @Test
    void defaultSettingsDropOnlyPausesOfASecondOrMore() throws Exception {
        // defaults: min pause 50 frames, padding 50, so pauses of 100 frames or more lose their middle
        Signal s = new Signal().silence(100).speech(100).silence(80).speech(100).silence(150).speech(100).silence(100);
        // speech 100-199, 80-frame pause cut in the middle at 240, speech 280-379, 150-frame pause
        // dropped but for 50 frames each side, speech 530-629
        assertCuts(cuts(s, new EnergySegmenter()), 50 * F, 240 * F, 240 * F, 430 * F, 480 * F, 680 * F);
    }

    @Test
    void floorTrackerIsTheMinimumOfItsWindow() {
        EnergySegmenter.FloorTracker t = new EnergySegmenter.FloorTracker(3);
        float[] in = {5, 3, 4, 6, 7, 8, 1, 9, 9, 9};
        float[] expected = {5, 3, 3, 3, 4, 6, 1, 1, 1, 9};
        for (int i = 0; i < in.length; i++) {
            assertEquals(expected[i], t.push(in[i]), "after " + (i + 1) + " values");
        }
        EnergySegmenter.FloorTracker big = new EnergySegmenter.FloorTracker(500);
        for (int i = 0; i < 2000; i++) {
            big.push(1000 - i); // strictly decreasing: the deque never grows past one
        }
        for (int i = 0; i < 2000; i++) {
            big.push(i); // increasing: the deque grows to the window
        }
        assertEquals(1501, big.push(5000), "the window now holds 1501..1999 and 5000");
    }
}
