package org.longscribe.asr;

import java.util.List;

/**
 * One result of the recognizer: the words between two endpoints. Times are seconds from the start
 * of the recording.
 *
 * @param alternatives n-best texts with their confidence, empty unless asked for
 */
public record Utterance(double start, double end, String text, List<Word> words, List<Alternative> alternatives) {
    public Utterance {
        words = List.copyOf(words);
        alternatives = List.copyOf(alternatives);
    }

    /** One n-best hypothesis. */
    public record Alternative(String text, double confidence) {
    }
}
