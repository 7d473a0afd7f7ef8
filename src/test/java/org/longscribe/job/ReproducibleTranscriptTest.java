package org.longscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import org.longscribe.asr.ParallelRecognizer;
import org.longscribe.asr.SharedModel;
import org.longscribe.asr.Utterance;
import org.longscribe.asr.vosk.VoskModel;
import org.longscribe.asr.vosk.VoskSegmentRecognizer;
import org.longscribe.bench.LectureRecording;
import org.longscribe.decode.AudioPreparer;
import org.longscribe.decode.FfmpegDecoder;
import org.longscribe.pcm.MappedPcm;
import org.longscribe.segment.EnergySegmenter;
import org.longscribe.transcript.Transcript;
import org.longscribe.transcript.TranscriptSegment;

/**
 * Same recording, same transcript, on audio hard enough for history effects inside Vosk to show:
 * four minutes of the bench generator's hard style (segments up to 30 s, noise, hum).
 *
 * <p>With the composed graph, a slice's words depend on the model and the slice alone: each slice
 * recognised alone, by a recognizer of its own, in reverse order, equals the same slice in a full
 * run, every field; and any thread count gives the same transcript. With the lazily composed graph
 * (a model without a composed copy), the block schedule gives that per block; before blocks,
 * long-lived recognizers taking slices as they came free gave one and two threads different words
 * here ("iraq" vs "right", 108 s in).
 */
@Tag("slow")
class ReproducibleTranscriptTest {
    @TempDir
    Path dir;
    @TempDir
    static Path shared;

    @Test
    void eachSliceHeardAloneEqualsTheSameSliceInAFullRun() throws Exception {
        Path wav = new AudioPreparer(new FfmpegDecoder()).prepare(hardRecording(), Files.createDirectories(dir.resolve("wav")), () -> { })
                .wav();
        Path journalPath = dir.resolve("full" + Journal.SUFFIX);
        try (ParallelRecognizer recognizers = recognizers(SharedModel.get(), 2, ParallelRecognizer.Schedule.SLICES)) {
            transcriber(recognizers).transcribe(wav, dir, journalPath, Progress.NONE);
        }
        List<Journal.Slice> full = Journal.read(journalPath).orElseThrow().slices();
        assertTrue(full.size() >= 15, "slices: " + full.size());
        List<String> differences = new ArrayList<>();
        int words = 0;
        try (MappedPcm pcm = MappedPcm.open(wav)) {
            for (int i = full.size() - 1; i >= 0; i--) {
                Journal.Slice s = full.get(i);
                try (VoskSegmentRecognizer alone = new VoskSegmentRecognizer(SharedModel.get(), 0)) {
                    List<Utterance> heard = alone.recognize(pcm.slice(s.start(), s.end()));
                    if (!heard.equals(s.utterances())) {
                        differences.add("slice " + s.slice() + ": " + s.utterances() + "\n  alone: " + heard);
                    }
                    words += heard.stream().mapToInt(u -> u.words().size()).sum();
                }
            }
        }
        assertTrue(words > 300, "words: " + words);
        assertTrue(differences.isEmpty(), differences.size() + " slices differ: " + differences);
    }

    @Test
    void oneTwoAndFourThreadsAndASecondRunOnTheSameWorkersGiveOneTranscript() throws Exception {
        Path mp3 = hardRecording();
        Transcript twoThreads;
        Transcript again;
        try (ParallelRecognizer recognizers = recognizers(SharedModel.get(), 2, ParallelRecognizer.Schedule.SLICES)) {
            Transcriber transcriber = transcriber(recognizers);
            twoThreads = transcriber.transcribe(mp3, dir, Progress.NONE);
            again = transcriber.transcribe(mp3, dir, Progress.NONE); // the same workers, as in a batch
        }
        assertTrue(twoThreads.segments().size() >= 15, "segments: " + twoThreads.segments().size());
        Transcript.Timings t = twoThreads.timings();
        assertTrue(t.audioRecognized() / t.slices() > 8, "hard audio: long slices, " + t);
        assertSameSegments(twoThreads, again, "a second run on the same workers");
        for (int threads : new int[] {1, 4}) {
            try (ParallelRecognizer recognizers = recognizers(SharedModel.get(), threads, ParallelRecognizer.Schedule.SLICES)) {
                Transcript other = transcriber(recognizers).transcribe(mp3, dir, Progress.NONE);
                assertSameSegments(twoThreads, other, "2 vs " + threads + " threads");
                assertEquals(twoThreads.text(), other.text());
            }
        }
    }

    /** A model without a composed graph: blocks, each decoded by a fresh recognizer. */
    @Test
    void theBlockScheduleGivesTheSameTranscriptForOneAndTwoThreadsAndAfterOtherAudio() throws Exception {
        Path mp3 = hardRecording();
        Transcript twoThreads;
        Transcript again;
        try (ParallelRecognizer recognizers = recognizers(SharedModel.lazy(), 2, ParallelRecognizer.Schedule.BLOCKS)) {
            Transcriber transcriber = transcriber(recognizers);
            twoThreads = transcriber.transcribe(mp3, dir, Progress.NONE);
            // The same workers again, after they decoded the whole recording once (as in a batch).
            again = transcriber.transcribe(mp3, dir, Progress.NONE);
        }
        Transcript oneThread;
        try (ParallelRecognizer recognizers = recognizers(SharedModel.lazy(), 1, ParallelRecognizer.Schedule.BLOCKS)) {
            oneThread = transcriber(recognizers).transcribe(mp3, dir, Progress.NONE);
        }
        assertSameSegments(oneThread, twoThreads, "1 vs 2 threads");
        assertSameSegments(twoThreads, again, "a second run on the same workers");
        assertEquals(oneThread.text(), twoThreads.text());
    }

    /** --fast with a model decoded lazily: the same command, run again (in a new set of workers), gives the same transcript. */
    @Test
    void theFastScheduleRepeatsItselfForTheSameCommand() throws Exception {
        Path mp3 = hardRecording();
        Transcript first;
        Transcript second;
        try (ParallelRecognizer recognizers = recognizers(SharedModel.lazy(), 2, ParallelRecognizer.Schedule.FAST)) {
            first = transcriber(recognizers).transcribe(mp3, dir, Progress.NONE);
        }
        try (ParallelRecognizer recognizers = recognizers(SharedModel.lazy(), 2, ParallelRecognizer.Schedule.FAST)) {
            second = transcriber(recognizers).transcribe(mp3, dir, Progress.NONE);
        }
        assertSameSegments(first, second, "two runs of one command");
    }

    /** Four minutes of the bench generator's hard style, built once per test class. */
    private Path hardRecording() throws Exception {
        return LectureRecording.build(TestAudio.testData("x").getParent(), shared, "hard", 240,
                LectureRecording.Style.HARD).mp3();
    }

    private static ParallelRecognizer recognizers(VoskModel model, int threads, ParallelRecognizer.Schedule schedule) {
        return new ParallelRecognizer(VoskSegmentRecognizer.factory(model, 0), threads, schedule);
    }

    private static Transcriber transcriber(ParallelRecognizer recognizers) {
        return new Transcriber(new AudioPreparer(new FfmpegDecoder()), new EnergySegmenter(), recognizers,
                new Transcript.ModelInfo("test", "test"), true);
    }

    private static String firstDifference(TranscriptSegment a, TranscriptSegment b) {
        if (a == null || b == null) {
            return a + " vs " + b;
        }
        for (int w = 0; w < Math.min(a.words().size(), b.words().size()); w++) {
            if (!a.words().get(w).equals(b.words().get(w))) {
                return "word " + w + ": " + a.words().get(w) + " vs " + b.words().get(w);
            }
        }
        return "\"" + a.text() + "\" vs \"" + b.text() + "\"";
    }

    /** Field by field: every segment's text, bounds, and each word's text, times and confidence. */
    static void assertSameSegments(Transcript expected, Transcript actual, String what) {
        List<String> differences = new ArrayList<>();
        int n = Math.max(expected.segments().size(), actual.segments().size());
        for (int i = 0; i < n; i++) {
            TranscriptSegment a = i < expected.segments().size() ? expected.segments().get(i) : null;
            TranscriptSegment b = i < actual.segments().size() ? actual.segments().get(i) : null;
            if (a == null || !a.equals(b)) {
                differences.add("segment " + i + ": " + firstDifference(a, b));
            }
        }
        assertTrue(differences.isEmpty(), what + ": " + differences.size() + " segments differ:\n"
                + String.join("\n", differences.subList(0, Math.min(3, differences.size()))));
    }
}
