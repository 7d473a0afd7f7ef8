package org.longscribe.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.longscribe.asr.vosk.VoskModel;
import org.longscribe.eval.ContinuousReference;
import org.longscribe.resources.HeapPeak;

/**
 * The baseline run of the benchmark in its own JVM, so that its memory is measured alone:
 * {@code MODEL_DIR WAV OUT_TEXT}. Ends with {@link HeapPeak}'s line for the parent. (longscribe's
 * own runs are the CLI itself, started with {@link HeapPeak#PROPERTY} set.)
 */
public final class BenchChild {
    private BenchChild() {
    }

    public static void main(String[] args) throws Exception {
        int exit;
        if (args.length == 3) {
            try (VoskModel model = VoskModel.load(Path.of(args[0]), false)) {
                Files.writeString(Path.of(args[2]), ContinuousReference.transcribe(model, Path.of(args[1])));
            }
            exit = 0;
        } else {
            System.err.println("usage: BenchChild MODEL_DIR WAV OUT_TEXT");
            exit = 2;
        }
        HeapPeak.report(exit, System.out);
        System.exit(exit);
    }
}
