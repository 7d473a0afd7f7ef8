package org.longscribe.job;

import java.io.IOException;
import java.nio.file.Path;
import org.longscribe.asr.ParallelRecognizer;
import org.longscribe.asr.SharedModel;
import org.longscribe.asr.vosk.VoskSegmentRecognizer;
import org.longscribe.decode.AudioPreparer;
import org.longscribe.decode.FfmpegDecoder;
import org.longscribe.segment.EnergySegmenter;
import org.longscribe.transcript.Transcript;

/** The real pipeline (real FFmpeg, real Vosk with the built-in model) as the CLI assembles it. */
public final class Pipelines {
    private Pipelines() {
    }

    public static Transcript transcribe(Path input, Path workDir, int threads) throws IOException, InterruptedException {
        return transcribe(input, workDir, threads, ParallelRecognizer.Schedule.FAST);
    }

    public static Transcript transcribe(Path input, Path workDir, int threads, ParallelRecognizer.Schedule schedule)
            throws IOException, InterruptedException {
        try (ParallelRecognizer recognizers = new ParallelRecognizer(
                VoskSegmentRecognizer.factory(SharedModel.get(), 0), threads, schedule)) {
            Transcriber transcriber = new Transcriber(new AudioPreparer(new FfmpegDecoder()), new EnergySegmenter(),
                    recognizers, new Transcript.ModelInfo("test", "test"), true);
            return transcriber.transcribe(input, workDir, Progress.NONE);
        }
    }
}
