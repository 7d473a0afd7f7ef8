package org.longscribe.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.longscribe.decode.AudioPreparer;
import org.longscribe.decode.FfmpegDecoder;
import org.longscribe.decode.PreparedAudio;
import org.longscribe.error.ExitCode;
import org.longscribe.eval.ContinuousReference;
import org.longscribe.eval.SpeakerTimeline;
import org.longscribe.eval.SpeakerTurns;
import org.longscribe.eval.WordDiarizationErrorRate;
import org.longscribe.store.AtomicOutput;
import org.longscribe.eval.WordErrorRate;
import org.longscribe.job.Progress;
import org.longscribe.store.TempFiles;
import org.longscribe.job.Pipeline;
import org.longscribe.job.Transcriber;
import org.longscribe.model.ModelLocator;
import org.longscribe.transcript.Transcript;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare",
        mixinStandardHelpOptions = true,
        versionProvider = LongscribeCommand.Version.class,
        description = {"Measures longscribe against the one-recognizer baseline on a recording with a known text.",
            "longscribe runs from INPUT (decoding included); the baseline is one Vosk recognizer fed the",
            "whole decoded WAV continuously in 4 KiB reads. Prints word error rates and wall times.",
            "With --turns (who speaks when), also labels speakers and prints the word diarization error rate."},
        footerHeading = "%nExamples:%n",
        footer = {"  longscribe compare talk.mp3 --reference talk.txt",
            "  longscribe compare test-data/interview.mp3 --reference test-data/interview.txt \\",
            "      --turns test-data/interview.turns --timeline interview-speakers.png"})
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "The recording.")
    Path input;

    @Option(names = "--reference", required = true, paramLabel = "TEXT_FILE", description = "What is said in INPUT.")
    Path reference;

    @Option(names = "--turns", paramLabel = "TURNS_FILE",
            description = "Who speaks when in INPUT: lines 'START END SPEAKER' (seconds) or RTTM. Turns --speakers on.")
    Path turns;

    @Option(names = "--timeline", paramLabel = "FILE.png",
            description = "With --turns: draw the reference and longscribe's speakers on a time line.")
    Path timeline;

    @CommandLine.Mixin
    RecognizerOptions recognizer = new RecognizerOptions();

    @CommandLine.Mixin
    SpeakerOptions speakers = new SpeakerOptions();

    @CommandLine.Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (timeline != null && turns == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeline needs --turns");
        }
        AudioPreparer.checkReadable(reference);
        String referenceText = Files.readString(reference);
        SpeakerTurns referenceTurns = null;
        if (turns != null) {
            AudioPreparer.checkReadable(turns);
            referenceTurns = SpeakerTurns.read(turns);
            if (!speakers.enabled()) {
                speakers.speakers("auto");
            }
        }
        Pipeline.Speakers speakerSettings = speakers.resolve(logging.quiet ? null : spec.commandLine().getErr());
        Path work = Files.createTempDirectory("longscribe-compare-");
        TempFiles.register(work);
        int threads = recognizer.threads();
        Path modelDir = ModelLocator.resolve(recognizer.model);
        recognizer.noteSchedule(modelDir, spec.commandLine().getErr(), logging.quiet);
        try (Pipeline pipeline = Pipeline.open(modelDir,
                Pipeline.Settings.defaults(threads, recognizer.reproducible()).withSpeakers(speakerSettings), logging.verbose)) {
            Transcriber transcriber = pipeline.transcriber();
            long t0 = System.nanoTime();
            Transcript ours = transcriber.transcribe(input, work, Progress.NONE);
            double oursWall = (System.nanoTime() - t0) / 1e9;

            PreparedAudio wav = new AudioPreparer(new FfmpegDecoder()).prepare(input, work, () -> { });
            long t1 = System.nanoTime();
            String baseline = ContinuousReference.transcribe(pipeline.model(), wav.wav());
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
            if (referenceTurns != null) {
                WordDiarizationErrorRate.Result wder = WordDiarizationErrorRate.compute(referenceTurns, ours);
                out.printf(Locale.ROOT, "speakers: %d found (--speakers %s), %d in the reference; WDER %.2f %% (%d of %d words)%n",
                        wder.speakersFound(), speakerSettings.count() == 0 ? "auto" : speakerSettings.count(),
                        wder.referenceSpeakers(), wder.percent(), wder.wrong(), wder.words());
                out.println("labels: " + wder.mapping());
                if (timeline != null) {
                    String title = input.getFileName() + ": who speaks when";
                    Transcript labelled = ours;
                    SpeakerTurns ref = referenceTurns;
                    try (AtomicOutput png = AtomicOutput.create(timeline)) {
                        png.writeAndCommit(stream -> SpeakerTimeline.writePng(ref, labelled, wder, title, stream));
                    }
                    out.println("timeline -> " + timeline);
                }
            }
            if (!logging.quiet) {
                out.println("longscribe: " + ours.text());
                out.println("baseline:   " + baseline);
            }
            out.flush();
        } finally {
            TempFiles.delete(work);
        }
        return ExitCode.OK;
    }
}
