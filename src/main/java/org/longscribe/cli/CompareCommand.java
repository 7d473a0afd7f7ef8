package org.longscribe.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.longscribe.asr.ParallelRecognizer;
import org.longscribe.asr.vosk.VoskModel;
import org.longscribe.asr.vosk.VoskSegmentRecognizer;
import org.longscribe.decode.AudioPreparer;
import org.longscribe.decode.FfmpegDecoder;
import org.longscribe.decode.PreparedAudio;
import org.longscribe.error.ExitCode;
import org.longscribe.eval.ContinuousReference;
import org.longscribe.eval.WordErrorRate;
import org.longscribe.job.Progress;
import org.longscribe.TempFiles;
import org.longscribe.job.Transcriber;
import org.longscribe.segment.EnergySegmenter;
import org.longscribe.transcript.Transcript;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare",
        mixinStandardHelpOptions = true,
        versionProvider = LongscribeCommand.Version.class,
        description = {"Measures longscribe against the baseline on one recording with a known text: ",
            "longscribe from INPUT (decoding included) and one Vosk recognizer fed the whole decoded WAV ",
            "continuously in 4 KiB reads. Prints word error rates and wall times."},
        footerHeading = "%nExample:%n",
        footer = "  longscribe compare talk.mp3 --reference talk.txt")
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "The recording.")
    Path input;

    @Option(names = "--reference", required = true, paramLabel = "TEXT_FILE", description = "What is said in INPUT.")
    Path reference;

    @Option(names = "--model", paramLabel = "DIR", description = "Vosk model directory (default: as for transcribe).")
    Path model;

    @Option(names = "--threads", paramLabel = "N", description = "longscribe's threads (default: ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = {"-v", "--verbose"}, description = "Stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AudioPreparer.checkReadable(reference);
        String referenceText = Files.readString(reference);
        Path work = Files.createTempDirectory("longscribe-compare-");
        TempFiles.register(work);
        try (VoskModel vosk = VoskModel.load(ModelLocator.resolve(model), verbose);
             ParallelRecognizer recognizers = new ParallelRecognizer(VoskSegmentRecognizer.factory(vosk, 0), threads)) {
            Transcriber transcriber = new Transcriber(new AudioPreparer(new FfmpegDecoder()), new EnergySegmenter(),
                    recognizers, Transcript.ModelInfo.of(vosk.directory()), true);
            long t0 = System.nanoTime();
            Transcript ours = transcriber.transcribe(input, work, Progress.NONE);
            double oursWall = (System.nanoTime() - t0) / 1e9;

            PreparedAudio wav = new AudioPreparer(new FfmpegDecoder()).prepare(input, work, () -> { });
            long t1 = System.nanoTime();
            String baseline = ContinuousReference.transcribe(vosk, wav.wav());
            double baselineWall = (System.nanoTime() - t1) / 1e9;

            WordErrorRate.Result oursWer = WordErrorRate.compute(referenceText, ours.text());
            WordErrorRate.Result baseWer = WordErrorRate.compute(referenceText, baseline);
            out.printf(Locale.ROOT, "%s: %.1f s of audio, %d reference words%n", input.getFileName(), ours.duration(),
                    oursWer.referenceWords());
            out.printf(Locale.ROOT, "%-34s %7s %9s %9s%n", "", "WER %", "wall s", "segments");
            out.printf(Locale.ROOT, "%-34s %7.2f %9.2f %9d%n", "longscribe (" + threads + " threads, from input)",
                    oursWer.percent(), oursWall, ours.segments().size());
            out.printf(Locale.ROOT, "%-34s %7.2f %9.2f %9s%n", "one recognizer, whole WAV", baseWer.percent(),
                    baselineWall, "-");
            out.println("longscribe: " + ours.text());
            out.println("baseline:   " + baseline);
            out.flush();
        } finally {
            TempFiles.delete(work);
        }
        return ExitCode.OK;
    }
}
