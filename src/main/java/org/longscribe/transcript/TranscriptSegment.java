package org.longscribe.transcript;

import java.util.List;
import org.longscribe.asr.Utterance;
import org.longscribe.asr.Word;

/**
 * One utterance of the transcript; times in seconds from the start of the recording.
 *
 * @param speaker "S1", "S2", ... (numbered by first appearance), or null without --speakers
 */
public record TranscriptSegment(int id, double start, double end, String text, List<Word> words,
                                List<Utterance.Alternative> alternatives, String speaker) {
    public TranscriptSegment {
        words = List.copyOf(words);
        alternatives = List.copyOf(alternatives);
    }

    public TranscriptSegment(int id, double start, double end, String text, List<Word> words,
                             List<Utterance.Alternative> alternatives) {
        this(id, start, end, text, words, alternatives, null);
    }

    /** This segment said by {@code speaker}. */
    public TranscriptSegment withSpeaker(String speaker) {
        return new TranscriptSegment(id, start, end, text, words, alternatives, speaker);
    }
}
