package org.longscribe.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longscribe.TestAudio;
import org.longscribe.asr.vosk.VoskSegmentRecognizer;
import org.longscribe.pcm.MappedPcm;
import org.longscribe.pcm.PcmSlice;

/** Vosk keeps counting time across reset(); the recognizer must still report recording time. */
class VoskSegmentRecognizerTest {
    @Test
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
            assertEquals(fresh.size(), reused.size());
            for (int i = 0; i < fresh.size(); i++) {
                assertEquals(fresh.get(i).word(), reused.get(i).word());
                assertEquals(fresh.get(i).start(), reused.get(i).start(), 0.031, "word " + i);
                assertTrue(fresh.get(i).start() >= 8.0, "absolute: after the slice's start at 8 s");
            }
        }
    }

    private static List<Word> words(List<Utterance> utterances) {
        return utterances.stream().flatMap(u -> u.words().stream()).toList();
    }
}
