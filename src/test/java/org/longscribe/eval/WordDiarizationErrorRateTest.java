package org.longscribe.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.asr.Word;
import org.longscribe.error.UndecodableInputException;
import org.longscribe.transcript.Transcript;
import org.longscribe.transcript.TranscriptSegment;

class WordDiarizationErrorRateTest {
    @TempDir
    Path dir;

    @Test
    void countsWordsWhoseLabelIsWrongUnderTheBestMapping() throws Exception {
        SpeakerTurns reference = SpeakerTurns.read(Files.writeString(dir.resolve("r.turns"),
                "# start end speaker\n0.0 4.0 anna\n5.0 9.0 ben\n10.0 14.0 anna\n"));
        Transcript t = transcript(
                segment(0.5, 3.5, "S2", 4),   // anna
                segment(5.5, 8.5, "S1", 3),   // ben
                segment(10.5, 13.5, "S1", 5)); // anna, but labelled as ben's S1
        WordDiarizationErrorRate.Result r = WordDiarizationErrorRate.compute(reference, t);
        // Best: S1=ben (3 right) and S2=anna (4 right): the 5 words of the last segment are wrong;
        // S1=anna would get 5 right but leave ben's 3 and S2's 4 wrong.
        assertEquals(12, r.words());
        assertEquals(5, r.wrong());
        assertEquals(Map.of("S1", "ben", "S2", "anna"), r.mapping());
        assertEquals(2, r.speakersFound());
        assertEquals(2, r.referenceSpeakers());
    }

    @Test
    void labelsBeyondTheReferenceSpeakersCountAsWrong() throws Exception {
        SpeakerTurns reference = new SpeakerTurns(List.of(new SpeakerTurns.Turn(0, 10, "a")));
        Transcript t = transcript(segment(0, 4, "S1", 6), segment(5, 9, "S2", 2));
        WordDiarizationErrorRate.Result r = WordDiarizationErrorRate.compute(reference, t);
        assertEquals(2, r.wrong());
        assertEquals(25.0, r.percent(), 1e-9);
    }

    @Test
    void aWordInAPauseBelongsToTheNearestTurn() {
        SpeakerTurns reference = new SpeakerTurns(List.of(new SpeakerTurns.Turn(0, 2, "a"), new SpeakerTurns.Turn(5, 6, "b")));
        assertEquals("a", reference.speakerAt(3.4));
        assertEquals("b", reference.speakerAt(3.6));
        assertEquals("b", reference.speakerAt(60));
    }

    @Test
    void theMappingIsOptimalNotGreedy() {
        // Greedy (h0 -> r0 for 10) would leave h1 with r1's 1; the best is h0 -> r1 (9) + h1 -> r0 (9).
        int[][] counts = {{10, 9}, {9, 1}};
        assertArrayEquals(new int[] {1, 0}, WordDiarizationErrorRate.bestMapping(counts, 2));
    }

    @Test
    void readsRttmAndRejectsNonsense() throws Exception {
        SpeakerTurns rttm = SpeakerTurns.read(Files.writeString(dir.resolve("r.rttm"),
                "SPEAKER talk 1 0.50 2.00 <NA> <NA> alice <NA> <NA>\nSPEAKER talk 1 3.00 1.50 <NA> <NA> bob <NA> <NA>\n"));
        assertEquals(List.of("alice", "bob"), rttm.speakers());
        assertEquals(4.5, rttm.turns().get(1).end(), 1e-9);
        Path bad = Files.writeString(dir.resolve("bad.turns"), "0 1 a\nzero one b\n");
        UndecodableInputException e = assertThrows(UndecodableInputException.class, () -> SpeakerTurns.read(bad));
        assertEquals(true, e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(UndecodableInputException.class, () -> SpeakerTurns.read(Files.writeString(dir.resolve("e"), "# none\n")));
    }

    private static TranscriptSegment segment(double start, double end, String speaker, int words) {
        List<Word> w = new ArrayList<>();
        double step = (end - start) / words;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            w.add(new Word("w" + i, start + i * step, start + (i + 1) * step, 1));
            text.append(i == 0 ? "" : " ").append("w").append(i);
        }
        return new TranscriptSegment(0, start, end, text.toString(), w, List.of(), speaker);
    }

    private static Transcript transcript(TranscriptSegment... segments) {
        return new Transcript("", 15, List.of(segments), null, null, null);
    }
}
