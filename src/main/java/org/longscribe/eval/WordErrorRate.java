package org.longscribe.eval;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Word error rate: (substitutions + deletions + insertions) / reference words, by Levenshtein
 * alignment over words after normalisation (lower case, no punctuation, digits and letters only).
 */
public final class WordErrorRate {
    private WordErrorRate() {
    }

    /** The edit distance and the reference length; {@link #rate()} is their ratio. */
    public record Result(int errors, int referenceWords) {
        public double rate() {
            return referenceWords == 0 ? (errors == 0 ? 0 : 1) : errors / (double) referenceWords;
        }

        /** In percent, as WER is usually quoted. */
        public double percent() {
            return 100 * rate();
        }
    }

    public static Result compute(String reference, String hypothesis) {
        List<String> ref = words(reference);
        List<String> hyp = words(hypothesis);
        int[] previous = new int[hyp.size() + 1];
        int[] current = new int[hyp.size() + 1];
        for (int j = 0; j <= hyp.size(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= ref.size(); i++) {
            current[0] = i;
            for (int j = 1; j <= hyp.size(); j++) {
                int substitution = previous[j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return new Result(previous[hyp.size()], ref.size());
    }

    /** Lower-cased words with punctuation removed; apostrophes inside words are kept ("don't"). */
    public static List<String> words(String text) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        for (String token : normalized.split("[^\\p{L}\\p{N}']+")) {
            String w = token.replaceAll("^'+|'+$", "");
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }
}
