package org.longscribe.segment;

import java.io.IOException;
import org.longscribe.pcm.Samples;

/**
 * Splits at pauses found from the energy of 10 ms frames against an adaptive noise floor.
 *
 * <p>A frame is speech when its energy is {@code aboveFloorDb} over the noise floor (the quietest
 * frame of the last few seconds) and over an absolute minimum. A pause is a run of non-speech
 * frames. Pauses of at least {@code minPause} end a segment: short ones are cut in the middle; long
 * ones keep {@code padding} of silence on each side and the rest is never sent to the recognizer.
 * A segment that reaches {@code maxLength} is cut in the middle of its longest pause (shorter than
 * minPause, or it would have been cut already), or, with no pause at all, at its quietest frame.
 *
 * <p>Memory is constant: the frames of the open segment (at most maxLength) and the floor's window.
 */
public final class EnergySegmenter implements Segmenter {
    static final int FRAME = Samples.SAMPLE_RATE / 100;

    /**
     * @param minPause      shortest pause (s) that ends a segment
     * @param padding       silence (s) kept before and after speech at a long pause
     * @param maxLength     longest segment (s)
     * @param minSpeech     segments with less speech than this (s) are dropped as clicks
     * @param aboveFloorDb  how far over the noise floor a speech frame is
     * @param minSpeechDb   a speech frame is at least this loud (dBFS)
     * @param floorWindow   seconds over which the noise floor is the minimum frame energy
     */
    public record Settings(double minPause, double padding, double maxLength, double minSpeech,
                           double aboveFloorDb, double minSpeechDb, double floorWindow) {
        /**
         * Chosen on test-data and real read speech (docs/performance.md, "Accuracy"): 0.5 s pauses match Vosk's own
         * endpoint rule; 0.5 s of padding gives a cold recognizer enough lead-in.
         */
        public static final Settings DEFAULT = new Settings(0.5, 0.5, 30.0, 0.08, 10.0, -55.0, 3.0);

        public Settings {
            if (!(minPause > 0) || !(padding >= 0) || !(maxLength >= 2 * minPause + 2 * padding) || !(floorWindow > 0)) {
                throw new IllegalArgumentException("inconsistent segmenter settings: " + this);
            }
        }
    }

    private final Settings settings;

    public EnergySegmenter() {
        this(Settings.DEFAULT);
    }

    public EnergySegmenter(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void segment(Samples samples, Sink sink) throws IOException, InterruptedException {
        new Walk(samples, sink).run();
    }

    private final class Walk {
        private final Samples samples;
        private final Sink sink;
        private final long frameCount;
        private final int minPauseFrames = frames(settings.minPause());
        private final int padFrames = frames(settings.padding());
        private final int closeFrames = Math.max(minPauseFrames, 2 * padFrames);
        private final int maxFrames = frames(settings.maxLength());
        private final int minSpeechFrames = Math.max(1, frames(settings.minSpeech()));
        private final FloorTracker floor = new FloorTracker(Math.max(1, frames(settings.floorWindow())));

        // The open segment: frames [openStart, openStart + openLength), their energies and speech flags.
        private long openStart = -1;
        private int openLength;
        private final float[] energy;
        private final boolean[] speech;
        private long lastSpeechEnd;   // frame after the last speech frame seen
        private long previousEnd;     // end frame of the last segment emitted (or decided)
        private int nextIndex;

        Walk(Samples samples, Sink sink) {
            this.samples = samples;
            this.sink = sink;
            this.frameCount = (samples.count() + FRAME - 1) / FRAME;
            this.energy = new float[maxFrames + 1];
            this.speech = new boolean[maxFrames + 1];
        }

        void run() throws IOException, InterruptedException {
            for (long f = 0; f < frameCount; f++) {
                if ((f & 0xFFF) == 0 && Thread.interrupted()) {
                    throw new InterruptedException();
                }
                float e = frameEnergyDb(f);
                float noise = floor.push(e);
                boolean isSpeech = e >= noise + settings.aboveFloorDb() && e >= settings.minSpeechDb();
                step(f, e, isSpeech);
            }
            if (openStart >= 0) {
                emit(Math.min(lastSpeechEnd + padFrames, frameCount));
            }
        }

        private void step(long f, float e, boolean isSpeech) throws IOException, InterruptedException {
            if (openStart < 0) {
                if (!isSpeech) {
                    return;
                }
                open(Math.max(Math.max(f - padFrames, previousEnd), 0));
                // The padding frames before this one are silence by construction.
                for (long g = openStart; g < f; g++) {
                    append(-100f, false);
                }
            } else if (isSpeech) {
                long pause = f - lastSpeechEnd;
                if (pause >= minPauseFrames) {
                    long cut = lastSpeechEnd + pause / 2; // the middle of a pause too short to drop
                    emit(cut);
                    open(cut);
                    for (long g = cut; g < f; g++) {
                        append(-100f, false);
                    }
                }
            }
            append(e, isSpeech);
            if (isSpeech) {
                lastSpeechEnd = f + 1;
            } else if (f + 1 - lastSpeechEnd >= closeFrames) {
                emit(lastSpeechEnd + padFrames); // a long pause: the rest of it is never recognised
                return;
            }
            if (openLength >= maxFrames) {
                splitLongSegment();
            }
        }

        private void open(long start) {
            openStart = start;
            openLength = 0;
        }

        private void append(float e, boolean isSpeech) {
            energy[openLength] = e;
            speech[openLength] = isSpeech;
            openLength++;
        }

        /** The open segment reached maxLength: cut at the middle of its longest pause, or its quietest frame. */
        private void splitLongSegment() throws IOException, InterruptedException {
            int bestStart = -1;
            int bestLength = 0;
            int run = 0;
            boolean spoken = false; // the padding before the first speech frame is not a pause between words
            for (int i = 1; i < openLength; i++) { // a cut at 0 would make an empty segment
                spoken |= speech[i - 1];
                run = speech[i] ? 0 : run + 1;
                if (spoken && run > 0 && run >= bestLength) {
                    bestLength = run;
                    bestStart = i - run + 1;
                }
            }
            int cut;
            if (bestLength > 0) {
                cut = bestStart + bestLength / 2;
            } else {
                cut = openLength / 2;
                for (int i = openLength / 2; i < openLength; i++) {
                    if (energy[i] < energy[cut]) {
                        cut = i;
                    }
                }
            }
            cut = Math.max(1, cut);
            long cutFrame = openStart + cut;
            int remaining = openLength - cut;
            emitPrefix(cut);
            System.arraycopy(energy, cut, energy, 0, remaining);
            System.arraycopy(speech, cut, speech, 0, remaining);
            openStart = cutFrame;
            openLength = remaining;
        }

        /** Ends the open segment at frame {@code end} and closes it. */
        private void emit(long end) throws IOException, InterruptedException {
            emitPrefix((int) Math.min(end - openStart, openLength + (long) padFrames));
            previousEnd = end;
            openStart = -1;
            openLength = 0;
        }

        /** Emits the first {@code frames} frames of the open segment, if they hold enough speech. */
        private void emitPrefix(int frames) throws IOException, InterruptedException {
            int speechFrames = 0;
            for (int i = 0; i < Math.min(frames, openLength); i++) {
                if (speech[i]) {
                    speechFrames++;
                }
            }
            long endFrame = openStart + frames;
            previousEnd = endFrame;
            if (speechFrames >= minSpeechFrames) {
                long startSample = openStart * FRAME;
                long endSample = Math.min(endFrame * FRAME, samples.count());
                if (endSample > startSample) {
                    sink.accept(new Segment(nextIndex++, startSample, endSample));
                }
            }
        }

        private float frameEnergyDb(long f) {
            long from = f * FRAME;
            long to = Math.min(from + FRAME, samples.count());
            double sum = 0;
            for (long i = from; i < to; i++) {
                int s = samples.at(i);
                sum += (double) s * s;
            }
            double meanSquare = sum / ((to - from) * 32768.0 * 32768.0);
            return (float) (10 * Math.log10(meanSquare + 1e-10));
        }

        private int frames(double seconds) {
            return (int) Math.round(seconds * 100);
        }
    }

    /** The minimum energy over a sliding window of frames, kept with a monotonic deque (O(1) amortised). */
    static final class FloorTracker {
        private final int window;
        private long[] frameOf;
        private float[] value;
        private int head;
        private int size;
        private long frame;

        FloorTracker(int window) {
            this.window = window;
            this.frameOf = new long[64];
            this.value = new float[64];
        }

        float push(float e) {
            while (size > 0 && value[index(size - 1)] >= e) {
                size--;
            }
            if (size == frameOf.length) {
                grow();
            }
            frameOf[index(size)] = frame;
            value[index(size)] = e;
            size++;
            while (frameOf[head] <= frame - window) {
                head = (head + 1) % frameOf.length;
                size--;
            }
            frame++;
            return value[head];
        }

        private int index(int i) {
            return (head + i) % frameOf.length;
        }

        private void grow() {
            long[] f = new long[frameOf.length * 2];
            float[] v = new float[value.length * 2];
            for (int i = 0; i < size; i++) {
                f[i] = frameOf[index(i)];
                v[i] = value[index(i)];
            }
            frameOf = f;
            value = v;
            head = 0;
        }
    }

    @Override
    public String settings() {
        Settings s = settings;
        return String.format(java.util.Locale.ROOT, "energy min-pause=%s padding=%s max-length=%s min-speech=%s"
                + " above-floor-db=%s min-speech-db=%s floor-window=%s", s.minPause(), s.padding(), s.maxLength(),
                s.minSpeech(), s.aboveFloorDb(), s.minSpeechDb(), s.floorWindow());
    }

    @Override
    public String toString() {
        return "EnergySegmenter" + settings;
    }
}
