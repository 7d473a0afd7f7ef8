package org.longscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.BuildInfo;
import org.longscribe.TestAudio;
import org.longscribe.asr.vosk.VoskSpeakerModel;
import org.longscribe.eval.SpeakerTurns;
import org.longscribe.eval.WordDiarizationErrorRate;
import org.longscribe.model.ModelLocator;
import org.longscribe.transcript.OutputFormat;
import org.longscribe.transcript.Speaker;
import org.longscribe.transcript.Transcript;
import org.longscribe.transcript.TranscriptSegment;

/**
 * Speaker labels end to end on test-data/interview.mp3 (three speakers: a LibriVox reader, the
 * pocketsphinx "cards" speaker with turns under 2 s, an espeak-ng host) and panel.mp3 (five), with
 * the real speech model and vosk-model-spk-0.4. The build installs the speaker model where npm is
 * present; elsewhere these tests are skipped, and .ci/run fails if they were.
 */
@Tag("slow")
class SpeakerLabelsTest {
    static final Path SPEAKER_MODEL = Path.of(System.getProperty("longscribe.models.dir", "models"),
            ModelLocator.DEFAULT_SPEAKER_MODEL);

    @TempDir
    Path dir;

    @BeforeAll
    static void speakerModelInstalled() {
        assumeTrue(VoskSpeakerModel.missingParts(SPEAKER_MODEL).isEmpty(),
                "no speaker model in " + SPEAKER_MODEL + " (the build installs it with npm)");
    }

    static Transcript transcribe(Path input, Path work, int threads, boolean reproducible, int speakers, Path journal)
            throws IOException, InterruptedException {
        Path model = Path.of(System.getProperty("longscribe.models.dir", "models"), BuildInfo.defaultModelName());
        Pipeline.Settings settings = Pipeline.Settings.defaults(threads, reproducible)
                .withSpeakers(new Pipeline.Speakers(SPEAKER_MODEL, speakers));
        try (Pipeline pipeline = Pipeline.open(model, settings, false)) {
            return pipeline.transcriber().transcribe(input, work, journal, Progress.NONE);
        }
    }

    private static List<String> labels(Transcript t) {
        return t.segments().stream().map(TranscriptSegment::speaker).toList();
    }

    @Test
    void findsTheThreeSpeakersOfTheInterviewWithFewWordsMislabelled() throws Exception {
        Path input = TestAudio.testData("interview.mp3");
        SpeakerTurns reference = SpeakerTurns.read(TestAudio.testData("interview.turns"));
        Transcript found = transcribe(input, dir, 2, false, 0, null);
        WordDiarizationErrorRate.Result wder = WordDiarizationErrorRate.compute(reference, found);
        assertEquals(3, wder.speakersFound(), "speakers found: " + labels(found));
        assertTrue(wder.percent() <= 5.0, "WDER " + wder.percent() + " %, labels " + labels(found));
        assertTrue(wder.words() > 100, "words: " + wder.words());
        // The first voice is S1, each new voice the next number.
        assertEquals("S1", found.segments().get(0).speaker());
        assertEquals(List.of("S1", "S2", "S3"), found.speakers().speakers().stream().map(Speaker::id).toList());
        for (Speaker s : found.speakers().speakers()) {
            List<TranscriptSegment> theirs = found.segments().stream().filter(x -> x.speaker().equals(s.id())).toList();
            assertEquals(theirs.size(), s.segments());
            assertEquals(theirs.stream().mapToDouble(x -> x.end() - x.start()).sum(), s.seconds(), 0.002);
        }
        // Told there are three: the same labels.
        Transcript told = transcribe(input, dir, 2, false, 3, null);
        assertEquals(labels(found), labels(told));
        assertEquals(3, told.speakers().asked());
    }

    @Test
    void labelsTheFiveSpeakersOfThePanelWhenToldThereAreFive() throws Exception {
        SpeakerTurns reference = SpeakerTurns.read(TestAudio.testData("panel.turns"));
        Transcript t = transcribe(TestAudio.testData("panel.mp3"), dir, 2, false, 5, null);
        WordDiarizationErrorRate.Result wder = WordDiarizationErrorRate.compute(reference, t);
        assertEquals(5, wder.speakersFound());
        assertTrue(wder.percent() <= 5.0, "WDER " + wder.percent() + " %, labels " + labels(t));
    }

    @Test
    void labelsAreTheSameForAnyThreadCount() throws Exception {
        Path input = TestAudio.testData("interview.mp3");
        // --reproducible: everything, vectors included, is the same by construction.
        Transcript one = transcribe(input, dir, 1, true, 0, null);
        Transcript two = transcribe(input, dir, 2, true, 0, null);
        assertEquals(labels(one), labels(two));
        assertEquals(one.text(), two.text());
        assertEquals(one.speakers(), two.speakers());
        // The default schedule: the labels agree as well.
        assertEquals(labels(one), labels(transcribe(input, dir, 1, false, 0, null)));
        assertEquals(labels(one), labels(transcribe(input, dir, 2, false, 0, null)));
    }

    @Test
    void aResumedRunTakesTheVectorsFromTheJournalAndEndsWithTheSameLabels() throws Exception {
        Path input = TestAudio.testData("interview.mp3");
        Path journal = dir.resolve("interview.json.longscribe-journal");
        Transcript whole = transcribe(input, dir, 2, false, 0, journal);
        // The transcriber leaves its journal for the caller to remove: cut it back to 6 finished slices,
        // as a run killed there leaves it.
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        assertTrue(lines.size() > 8, "slices in the journal: " + (lines.size() - 1));
        assertTrue(lines.get(1).contains("\"voice\":{"), "speaker vectors are journaled: " + lines.get(1));
        Files.write(journal, new ArrayList<>(lines.subList(0, 7)), StandardCharsets.UTF_8);
        Transcript resumed = transcribe(input, dir, 2, false, 0, journal);
        assertEquals(6, resumed.timings().slicesResumed());
        assertEquals(labels(whole), labels(resumed));
        assertEquals(whole.speakers(), resumed.speakers());
    }

    @Test
    void everyFormatShowsWhoSpeaks() throws Exception {
        Transcript t = transcribe(TestAudio.testData("interview.mp3"), dir, 2, false, 0, null);
        String srt = write(t, OutputFormat.SRT);
        String vtt = write(t, OutputFormat.VTT);
        String txt = write(t, OutputFormat.TXT);
        String jsonl = write(t, OutputFormat.JSONL);
        int turns = 0;
        String previous = null;
        for (TranscriptSegment s : t.segments()) {
            if (!s.speaker().equals(previous)) {
                turns++;
            }
            previous = s.speaker();
        }
        // SRT: the name at the first cue of each turn only.
        assertEquals(turns, srt.lines().filter(l -> l.matches("S[0-9]+: .*")).count(), srt);
        assertTrue(srt.contains("\nS1: and mister john dashwood"), srt);
        // VTT: every cue in a voice span.
        long cues = vtt.lines().filter(l -> l.contains(" --> ")).count();
        assertEquals(cues, vtt.lines().filter(l -> l.matches("<v S[0-9]+>.*")).count(), vtt);
        // TXT: one paragraph per turn.
        String[] paragraphs = txt.strip().split("\n\n");
        assertEquals(turns, paragraphs.length, txt);
        assertTrue(paragraphs[0].startsWith("S1: and mister john dashwood"), txt);
        // JSONL: segment lines as always; who says each is in the end line.
        List<String> jsonLines = jsonl.lines().toList();
        assertFalse(jsonLines.get(0).contains("\"speaker\""), jsonLines.get(0));
        String end = jsonLines.get(jsonLines.size() - 1);
        assertTrue(end.contains("\"segment_speakers\":[\"S1\",\"S2\",\"S3\""), end);
        assertTrue(end.contains("\"speakers\":[{\"id\":\"S1\""), end);
        assertNotNull(t.speakers().model());
    }

    private static String write(Transcript t, OutputFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.writer().write(t, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
