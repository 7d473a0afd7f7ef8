package org.longscribe.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.longscribe.asr.vosk.VoskModel;
import org.longscribe.cli.Main;
import org.longscribe.eval.ContinuousReference;

/**
 * One benchmark run in its own JVM, so that its memory is measured alone:
 * {@code reference MODEL_DIR WAV OUT_TEXT}, or {@code longscribe ARGS...} (the CLI, in-process).
 * Ends with a line {@code BENCH heap_peak_mb=... exit=...} for the parent.
 */
public final class BenchChild {
    private BenchChild() {
    }

    public static void main(String[] args) throws Exception {
        int exit;
        if (args.length == 4 && args[0].equals("reference")) {
            try (VoskModel model = VoskModel.load(Path.of(args[1]), false)) {
                Files.writeString(Path.of(args[3]), ContinuousReference.transcribe(model, Path.of(args[2])));
            }
            exit = 0;
        } else if (args.length > 1 && args[0].equals("longscribe")) {
            String[] cli = new String[args.length - 1];
            System.arraycopy(args, 1, cli, 0, cli.length);
            exit = Main.commandLine().execute(cli);
        } else {
            System.err.println("usage: BenchChild reference MODEL_DIR WAV OUT_TEXT | longscribe ARGS...");
            exit = 2;
        }
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "BENCH heap_peak_mb=%.1f exit=%d%n", heapPeak / 1048576.0, exit);
        System.out.flush();
        System.exit(exit);
    }
}
