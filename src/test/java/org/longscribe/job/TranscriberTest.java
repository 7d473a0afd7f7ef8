package org.longscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import org.longscribe.asr.Word;
import org.longscribe.eval.WordErrorRate;
import org.longscribe.transcript.Transcript;
import org.longscribe.transcript.TranscriptSegment;

/** Real decoding and real Vosk on test-data. */
class TranscriberTest {
    @TempDir
    Path work;

    @Test
    void lectureMp3IsTranscribedIntoSeveralTimedSegments() throws Exception {
        Transcript t = Pipelines.transcribe(TestAudio.testData("lecture.mp3"), work, 2);
        double wer = WordErrorRate.compute(TestAudio.reference("lecture.txt"), t.text()).percent();
        // Measured 30.3% (espeak-ng voice with added noise; one continuous recognizer gets 38.2%).
        assertTrue(wer < 35, "WER " + wer + "%: " + t.text());
        assertEquals(43.4, t.duration(), 0.1);
        assertEquals("mp3", t.source().container());
        assertTrue(t.segments().size() >= 6, "utterance-sized segments, got " + t.segments().size());
        assertOrderedAndAbsolute(t);
        // The recording starts with 0.5 s of silence; the first word follows it.
        Word first = t.segments().get(0).words().get(0);
        assertEquals("good", first.word());
        assertEquals(0.5, first.start(), 0.25);
        assertTrue(t.timings().audioRecognized() < t.duration() * 0.9, "long pauses are not sent to Vosk");
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(0, left.count(), "the decoded WAV is removed");
        }
    }

    @Test
    void wavInRecognizerFormatIsMappedWithoutDecoding() throws Exception {
        Transcript t = Pipelines.transcribe(TestAudio.testData("weather.wav"), work, 1);
        assertEquals("wav", t.source().container());
        assertEquals(0.0, t.timings().decode());
        double wer = WordErrorRate.compute(TestAudio.reference("weather.txt"), t.text()).percent();
        // Measured 21.6% (one continuous recognizer: 24.3%).
        assertTrue(wer < 27, "WER " + wer + "%: " + t.text());
        assertOrderedAndAbsolute(t);
    }

    @Test
    @Tag("slow")
    void otherContainersGiveTheSameWords() throws Exception {
        Transcript wav = Pipelines.transcribe(TestAudio.testData("weather.wav"), work, 2);
        Transcript flac = Pipelines.transcribe(TestAudio.testData("weather.flac"), work, 2);
        Transcript ogg = Pipelines.transcribe(TestAudio.testData("weather.ogg"), work, 2);
        assertTrue(WordErrorRate.compute(wav.text(), flac.text()).percent() <= 5, flac.text());
        assertTrue(WordErrorRate.compute(wav.text(), ogg.text()).percent() <= 15, ogg.text());
    }

    static void assertOrderedAndAbsolute(Transcript t) {
        double previousEnd = 0;
        for (TranscriptSegment s : t.segments()) {
            assertTrue(s.start() >= previousEnd - 1e-9, "segments in order: " + s);
            assertTrue(s.end() >= s.start() && s.end() <= t.duration() + 1e-6, "within the recording: " + s);
            assertTrue(s.end() - s.start() <= 30.0, "at most 30 s: " + s);
            double previousWord = s.start();
            for (Word w : s.words()) {
                assertTrue(w.start() >= previousWord - 1e-9 && w.end() >= w.start(), "words in order: " + w);
                assertTrue(w.start() >= s.start() - 1e-9 && w.end() <= s.end() + 1e-9, "word inside its segment: " + w);
                previousWord = w.start();
            }
            assertEquals(String.join(" ", s.words().stream().map(Word::word).toList()), s.text());
            previousEnd = s.end();
        }
        assertEquals(String.join(" ", t.segments().stream().map(TranscriptSegment::text).toList()), t.text());
    }

    static List<Word> allWords(Transcript t) {
        return t.segments().stream().flatMap(s -> s.words().stream()).toList();
    }
}
