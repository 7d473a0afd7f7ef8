package org.longscribe.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * What a fresh recognizer costs, the price of the default schedule (README, "Performance": block
 * size). Decodes the same stretch of a 16 kHz mono WAV four times, alternately with a new recognizer
 * and with the one that has just decoded it (its graph cache warm), and prints the seconds each
 * 30-second piece took. Not a test: run by hand,
 *
 * <pre>
 * mvn -q -B -pl cli test-compile
 * java -cp target/longscribe.jar:cli/target/test-classes org.longscribe.bench.ColdStartProbe \
 *     models/vosk-model-small-en-us-0.15 /tmp/bench/lecture-20m-hard.wav 300
 * </pre>
 *
 * (with the launcher's LD_PRELOAD and MALLOC_CONF for its allocator). With {@code --one}, a single
 * fresh recognizer decodes the whole stretch once, and the process's RSS is printed every 2 minutes
 * of audio: how a recognizer's cost and memory go on past its first minutes (README, "Performance":
 * the graph cache grows for about 10 minutes, then Vosk collects it, in a saw-tooth).
 */
public final class ColdStartProbe {
    private static final int BYTES_PER_SECOND = 32_000;

    private ColdStartProbe() {
    }

    /** The process's resident set, from /proc (Linux). */
    private static long rssMb() throws IOException {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    public static void main(String[] args) throws IOException {
        boolean one = args.length == 4 && args[3].equals("--one");
        if (args.length != 3 && !one) {
            System.err.println("usage: ColdStartProbe MODEL_DIR WAV SECONDS [--one]");
            System.exit(64);
        }
        int seconds = Integer.parseInt(args[2]);
        long from = 44 + 60L * BYTES_PER_SECOND; // a minute in: past any lead-in
        byte[] piece = new byte[30 * BYTES_PER_SECOND];
        try (Model model = new Model(args[0]); FileChannel wav = FileChannel.open(Path.of(args[1]), StandardOpenOption.READ)) {
            if (one) {
                System.out.println("model loaded: RSS " + rssMb() + " MB");
            }
            Recognizer recognizer = null;
            for (int round = 0; round < (one ? 1 : 4); round++) {
                boolean fresh = round % 2 == 0;
                long t0 = System.nanoTime();
                if (fresh) {
                    if (recognizer != null) {
                        recognizer.close();
                    }
                    recognizer = new Recognizer(model, 16_000f);
                }
                double made = (System.nanoTime() - t0) / 1e9;
                StringBuilder times = new StringBuilder();
                for (int s = 0; s < seconds; s += 30) {
                    ByteBuffer buffer = ByteBuffer.wrap(piece);
                    while (buffer.hasRemaining() && wav.read(buffer, from + (long) s * BYTES_PER_SECOND + buffer.position()) > 0) {
                        // fill the piece
                    }
                    long before = System.nanoTime();
                    if (recognizer.acceptWaveForm(piece, buffer.position())) {
                        recognizer.getResult(); // at an endpoint, as longscribe does: the decoder starts a new utterance
                    }
                    times.append(String.format(Locale.ROOT, " %.2f", (System.nanoTime() - before) / 1e9));
                    if (one && s % 120 == 90) {
                        times.append(" [RSS ").append(rssMb()).append(" MB]");
                    }
                }
                recognizer.getFinalResult(); // and on the next call Vosk starts a new utterance, graph kept
                System.out.printf(Locale.ROOT, "%s recognizer (made in %.3f s), s per 30 s of audio:%s; thread CPU so far %.1f s%n",
                        fresh ? "fresh" : "warm ", made, times,
                        ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9);
            }
            recognizer.close();
        }
    }
}
