package org.longscribe.asr;

import java.util.List;

/**
 * One result of the recognizer: the words between two endpoints. Times are seconds from the start
 * of the recording.
 *
 * @param alternatives n-best texts with their confidence, empty unless asked for
 * @param voice        the speaker vector of the utterance; null without a speaker model, or when the
 *                     utterance had too little speech for one
 */
public record Utterance(double start, double end, String text, List<Word> words, List<Alternative> alternatives,
                        SpeakerVector voice) {
    public Utterance {
        words = List.copyOf(words);
        alternatives = List.copyOf(alternatives);
    }

    public Utterance(double start, double end, String text, List<Word> words, List<Alternative> alternatives) {
        this(start, end, text, words, alternatives, null);
    }

    /** One n-best hypothesis. */
    public record Alternative(String text, double confidence) {
    }
}
