package org.longscribe.transcript;

import java.util.List;
import org.longscribe.asr.Utterance;
import org.longscribe.asr.Word;

/** One utterance of the transcript; times in seconds from the start of the recording. */
public record TranscriptSegment(int id, double start, double end, String text, List<Word> words,
                                List<Utterance.Alternative> alternatives) {
    public TranscriptSegment {
        words = List.copyOf(words);
        alternatives = List.copyOf(alternatives);
    }
}
