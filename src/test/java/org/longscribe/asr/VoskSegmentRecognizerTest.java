package org.longscribe.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.longscribe.TestAudio;
import org.longscribe.asr.vosk.VoskSegmentRecognizer;
import org.longscribe.pcm.MappedPcm;
import org.longscribe.pcm.PcmSlice;

/**
 * Vosk keeps counting time across utterances; the recognizer must still report recording time. And
 * each slice must come out the same whatever the recognizer saw before (no carried-over adaptation),
 * or transcripts would depend on thread count and scheduling.
 */
class VoskSegmentRecognizerTest {
    @Test
    @Tag("slow")
    void reusedRecognizerReportsTheSameAbsoluteTimesAsAFreshOne() throws Exception {
        Path wav = TestAudio.testData("weather.wav");
        try (MappedPcm pcm = MappedPcm.open(wav)) {
            PcmSlice first = pcm.slice(0, 16000 * 5);
            PcmSlice later = pcm.slice(16000 * 8, pcm.count());
            List<Word> fresh;
            try (VoskSegmentRecognizer r = new VoskSegmentRecognizer(SharedModel.get(), 0)) {
                fresh = words(r.recognize(later));
            }
            List<Word> reused;
            try (VoskSegmentRecognizer r = new VoskSegmentRecognizer(SharedModel.get(), 0)) {
                r.recognize(first);
                r.recognize(pcm.slice(16000 * 2, 16000 * 6)); // more audio fed, out of order on purpose
                reused = words(r.recognize(later));
            }
            assertFalse(fresh.isEmpty());
            assertEquals(fresh, reused, "same words, times and confidences");
            for (Word w : fresh) {
                assertTrue(w.start() >= 8.0, "absolute: after the slice's start at 8 s: " + w);
            }
        }
    }

    @Test
    @Tag("slow")
    void aSliceEndingExactlyAtAnEndpointLeavesNothingBehind() throws Exception {
        // Vosk reports an endpoint about 0.5 s into a pause. A slice whose last chunk is the one that
        // reports it leaves Vosk "at an endpoint", where a final result does not reset its features.
        // Ending slices every 50 ms across the first pause of weather.wav (about 3.8 to 5.1 s) makes
        // one of them end on that chunk; the slice after must come out as from a fresh recognizer.
        Path wav = TestAudio.testData("weather.wav");
        try (MappedPcm pcm = MappedPcm.open(wav)) {
            PcmSlice next = pcm.slice(16000 * 8, pcm.count());
            List<Word> expected;
            try (VoskSegmentRecognizer r = new VoskSegmentRecognizer(SharedModel.get(), 0)) {
                expected = words(r.recognize(next));
            }
            try (VoskSegmentRecognizer r = new VoskSegmentRecognizer(SharedModel.get(), 0)) {
                for (int end = 16000 * 4; end <= 16000 * 5; end += 800) {
                    r.recognize(pcm.slice(16000, end));
                    assertEquals(expected, words(r.recognize(next)), "after a slice ending at " + end / 16000.0 + " s");
                }
            }
        }
    }

    private static List<Word> words(List<Utterance> utterances) {
        return utterances.stream().flatMap(u -> u.words().stream()).toList();
    }
}
