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
 * what is said in it. Deterministic: the same length gives the same recording.
 */
final class LectureRecording {
    /** The files of one recording. */
    record Files3(Path mp3, Path text, double seconds) {
    }

    private record Tile(short[] samples, String text) {
    }

    private LectureRecording() {
    }

    /** Builds {@code name}.mp3 and {@code name}.txt of about {@code seconds} in {@code dir}, unless already there. */
    static Files3 build(Path testData, Path dir, String name, double seconds) throws IOException {
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
                    tiles.add(new Tile(s, Files.readString(testData.resolve(source.replaceAll("\\.\\w+$", ".txt"))).strip()));
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
                    write(writer, block, tile.samples(), random);
                    said.append(tile.text()).append('\n');
                    // pauses: mostly 0.5-3 s, one in six 6-12 s
                    double pause = random.nextInt(6) == 0 ? 6 + 6 * random.nextDouble() : 0.5 + 2.5 * random.nextDouble();
                    write(writer, block, new short[(int) (pause * 16_000)], random);
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
            org.longscribe.TempFiles.delete(work);
        }
        return new Files3(mp3, text, seconds);
    }

    /** Writes samples with Gaussian noise at about -56 dBFS added. */
    private static void write(WavWriter writer, ByteBuffer block, short[] samples, Random random) throws IOException {
        for (int i = 0; i < samples.length; i++) {
            int v = samples[i] + (int) Math.round(random.nextGaussian() * 50);
            block.putShort((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v)));
            if (!block.hasRemaining()) {
                writer.write(block.flip());
                block.clear();
            }
        }
        writer.write(block.flip());
        block.clear();
    }
}
