package org.longscribe.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.longscribe.decode.AudioPreparer;
import org.longscribe.decode.FfmpegDecoder;
import org.longscribe.decode.WavWriter;
import org.longscribe.pcm.MappedPcm;

/**
 * A lecture-like recording of any length built from test-data: its speech tiled with pauses of
 * varying length (mostly short, now and then a long silence, as when a speaker writes on the board)
 * and a little noise throughout, encoded as 44.1 kHz stereo mp3 like a podcast download. Also writes
 * what is said in it. Deterministic: the same length and style give the same recording.
 */
public final class LectureRecording {
    /** How hard the recording is on the recognizer. */
    public enum Style {
        /** Pauses of 0.5-3 s (one in six 6-12 s), white noise at about -56 dBFS: many short segments. */
        EASY,
        /**
         * Pauses, within the speech too, shortened to at most 0.3 s and between tiles 0.2-0.45 s (one
         * in eight 1-3 s); noise at about -42 dBFS plus mains hum. Segments run to the 30 s limit and the
         * recognizer is rarely sure: where history effects inside Vosk show (see ParallelRecognizer).
         */
        HARD
    }

    /** The files of one recording. */
    public record Files3(Path mp3, Path text, double seconds) {
    }

    private record Tile(short[] samples, String text) {
    }

    private LectureRecording() {
    }

    /** Builds {@code name}.mp3 and {@code name}.txt of about {@code seconds} in {@code dir}, unless already there. */
    public static Files3 build(Path testData, Path dir, String name, double seconds) throws IOException {
        return build(testData, dir, name, seconds, Style.EASY);
    }

    /** As {@link #build(Path, Path, String, double)}, in {@code style}. */
    public static Files3 build(Path testData, Path dir, String name, double seconds, Style style) throws IOException {
        Path mp3 = dir.resolve(name + ".mp3");
        Path text = dir.resolve(name + ".txt");
        if (Files.exists(mp3) && Files.exists(text)) {
            return new Files3(mp3, text, seconds);
        }
        List<Tile> tiles = new ArrayList<>();
        Path work = Files.createTempDirectory(dir, "tiles-");
        try {
            for (String source : List.of("lecture.mp3", "weather.wav")) {
                Path prepared = new AudioPreparer(new FfmpegDecoder()).prepare(testData.resolve(source), work, () -> { }).wav();
                try (MappedPcm pcm = MappedPcm.open(prepared)) {
                    short[] s = new short[(int) pcm.count()];
                    for (int i = 0; i < s.length; i++) {
                        s[i] = pcm.at(i);
                    }
                    tiles.add(new Tile(style == Style.HARD ? shortenPauses(s, 30) : s, Files.readString(testData.resolve(source.replaceAll("\\.\\w+$", ".txt"))).strip()));
                }
            }
            Path wav = work.resolve(name + ".wav");
            StringBuilder said = new StringBuilder();
            Random random = new Random(seconds > 0 ? (long) seconds : 1);
            try (WavWriter writer = new WavWriter(wav)) {
                ByteBuffer block = ByteBuffer.allocateDirect(32_000).order(ByteOrder.LITTLE_ENDIAN);
                long target = (long) (seconds * 16_000);
                int next = 0;
                while (writer.samples() < target) {
                    Tile tile = tiles.get(next++ % tiles.size());
                    write(writer, block, tile.samples(), random, style);
                    said.append(tile.text()).append('\n');
                    double pause = style == Style.HARD
                            ? random.nextInt(8) == 0 ? 1 + 2 * random.nextDouble() : 0.2 + 0.25 * random.nextDouble()
                            : random.nextInt(6) == 0 ? 6 + 6 * random.nextDouble() : 0.5 + 2.5 * random.nextDouble();
                    write(writer, block, new short[(int) (pause * 16_000)], random, style);
                }
                writer.finish();
            }
            try (MappedPcm pcm = MappedPcm.open(wav)) {
                Path partial = dir.resolve(name + ".mp3.partial");
                AudioEncoder.encode(pcm, partial, AudioEncoder.Format.podcastMp3(96_000));
                Files.writeString(text, said);
                Files.move(partial, mp3, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            org.longscribe.store.TempFiles.delete(work);
        }
        return new Files3(mp3, text, seconds);
    }

    /** Writes samples with Gaussian noise added (about -56 dBFS; hard: -42 dBFS and a 50 Hz hum). */
    private static void write(WavWriter writer, ByteBuffer block, short[] samples, Random random, Style style)
            throws IOException {
        boolean hard = style == Style.HARD;
        long t0 = writer.samples();
        for (int i = 0; i < samples.length; i++) {
            double noise = random.nextGaussian() * (hard ? 250 : 50);
            if (hard) {
                noise += 125 * Math.sin(2 * Math.PI * 50 * (t0 + i) / 16_000.0);
            }
            int v = samples[i] + (int) Math.round(noise);
            block.putShort((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v)));
            if (!block.hasRemaining()) {
                writer.write(block.flip());
                block.clear();
            }
        }
        writer.write(block.flip());
        block.clear();
    }

    /** {@code samples} with every run of quiet 10 ms frames cut to at most {@code maxFrames} frames. */
    static short[] shortenPauses(short[] samples, int maxFrames) {
        int frame = 160;
        short[] out = new short[samples.length];
        int n = 0;
        int quietRun = 0;
        for (int f = 0; f * frame < samples.length; f++) {
            int from = f * frame;
            int to = Math.min(samples.length, from + frame);
            double energy = 0;
            for (int i = from; i < to; i++) {
                energy += (double) samples[i] * samples[i];
            }
            boolean quiet = energy / (to - from) < 200.0 * 200.0;
            quietRun = quiet ? quietRun + 1 : 0;
            if (quietRun <= maxFrames) {
                System.arraycopy(samples, from, out, n, to - from);
                n += to - from;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
