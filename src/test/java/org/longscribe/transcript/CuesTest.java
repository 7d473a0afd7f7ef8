package org.longscribe.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longscribe.asr.Word;

class CuesTest {
    static Transcript transcript(List<TranscriptSegment> segments) {
        return new Transcript("", 100, segments, new Transcript.Source("x", 0, "", "wav", "pcm", 16000, 1),
                new Transcript.ModelInfo("m", "m"), new Transcript.Timings(0, 0, 0, 1, 0, 0, 0));
    }

    /** A segment of n words, each 0.3 s long, the k-th word named w{k}. */
    static TranscriptSegment segment(int id, double start, int n, String prefix) {
        List<Word> words = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            words.add(new Word(prefix + k, start + 0.3 * k, start + 0.3 * k + 0.3, 1));
        }
        return new TranscriptSegment(id, start, start + 0.3 * n, String.join(" ", words.stream().map(Word::word).toList()),
                words, List.of());
    }

    @Test
    void cuesKeepToTwoLinesOf42AndSevenSecondsAndNeverCrossASegment() {
        Transcript t = transcript(List.of(segment(0, 1.0, 60, "word"), segment(1, 30.0, 3, "next")));
        List<Cues.Cue> cues = Cues.of(t);
        List<String> words = new ArrayList<>();
        double previousEnd = 0;
        for (Cues.Cue c : cues) {
            assertTrue(c.lines().size() <= 2, c.toString());
            c.lines().forEach(l -> assertTrue(l.length() <= 42, "line of " + l.length() + ": " + l));
            assertTrue(c.end() - c.start() <= 7.0 + 1e-9, c.toString());
            assertTrue(c.start() >= previousEnd - 1e-9, "no overlap: " + c);
            previousEnd = c.end();
            c.lines().forEach(l -> words.addAll(List.of(l.split(" "))));
        }
        assertEquals(t.segments().stream().flatMap(s -> s.words().stream()).map(Word::word).toList(), words, "same words, in order");
        assertTrue(cues.stream().anyMatch(c -> c.lines().get(0).equals("next0 next1 next2")), "the second segment starts its own cue");
    }

    @Test
    void srtAndVttFormatting() throws Exception {
        Transcript t = transcript(List.of(segment(0, 3661.5, 3, "w")));
        ByteArrayOutputStream srt = new ByteArrayOutputStream();
        SubtitleWriter.srt().write(t, srt);
        assertEquals("1\n01:01:01,500 --> 01:01:02,400\nw0 w1 w2\n\n", srt.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream vtt = new ByteArrayOutputStream();
        SubtitleWriter.vtt().write(t, vtt);
        assertEquals("WEBVTT\n\n01:01:01.500 --> 01:01:02.400\nw0 w1 w2\n\n", vtt.toString(StandardCharsets.UTF_8));
    }
}
