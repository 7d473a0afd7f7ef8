package org.longscribe.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.longscribe.asr.Word;
import org.longscribe.transcript.Transcript;
import org.longscribe.transcript.TranscriptSegment;

/**
 * Word diarization error rate (WDER): the share of recognised words whose speaker label is wrong,
 * after the one-to-one mapping of hypothesis labels to reference speakers that gets the most words
 * right. A word's reference speaker is the one whose turn holds the middle of the word (the
 * nearest turn when it falls in a pause); words of labels left unmapped (more speakers found than
 * there are) all count as wrong. Time-based, so recognition errors do not count, only labels.
 */
public final class WordDiarizationErrorRate {
    private WordDiarizationErrorRate() {
    }

    /**
     * @param mapping each hypothesis label and the reference speaker it was mapped to (absent: unmapped)
     */
    public record Result(int words, int wrong, int speakersFound, int referenceSpeakers, Map<String, String> mapping) {
        public double rate() {
            return words == 0 ? 0 : wrong / (double) words;
        }

        public double percent() {
            return 100 * rate();
        }
    }

    public static Result compute(SpeakerTurns reference, Transcript transcript) {
        List<String> refSpeakers = reference.speakers();
        List<String> hypSpeakers = new ArrayList<>();
        for (TranscriptSegment s : transcript.segments()) {
            if (s.speaker() == null) {
                throw new IllegalArgumentException("the transcript has no speaker labels");
            }
            if (!hypSpeakers.contains(s.speaker())) {
                hypSpeakers.add(s.speaker());
            }
        }
        // counts[h][r]: words labelled h whose reference speaker is r
        int[][] counts = new int[hypSpeakers.size()][refSpeakers.size()];
        int words = 0;
        for (TranscriptSegment s : transcript.segments()) {
            int h = hypSpeakers.indexOf(s.speaker());
            for (Word w : wordsOf(s)) {
                int r = refSpeakers.indexOf(reference.speakerAt((w.start() + w.end()) / 2));
                counts[h][r]++;
                words++;
            }
        }
        int[] assigned = bestMapping(counts, refSpeakers.size());
        int right = 0;
        Map<String, String> mapping = new LinkedHashMap<>();
        for (int h = 0; h < assigned.length; h++) {
            if (assigned[h] >= 0) {
                right += counts[h][assigned[h]];
                mapping.put(hypSpeakers.get(h), refSpeakers.get(assigned[h]));
            }
        }
        return new Result(words, words - right, hypSpeakers.size(), refSpeakers.size(), mapping);
    }

    /** The segment's words; without word times, its text's words at the segment's middle. */
    private static List<Word> wordsOf(TranscriptSegment s) {
        if (!s.words().isEmpty()) {
            return s.words();
        }
        double mid = (s.start() + s.end()) / 2;
        List<Word> words = new ArrayList<>();
        for (String token : s.text().split(" ")) {
            words.add(new Word(token, mid, mid, 1));
        }
        return words;
    }

    /**
     * The one-to-one assignment of hypothesis labels to reference speakers (-1: none) with the most
     * words matched: a dynamic programme over subsets of reference speakers (up to 16 of them,
     * which is far beyond what a recording of speakers taking turns holds), greedy beyond.
     */
    static int[] bestMapping(int[][] counts, int refs) {
        int hyps = counts.length;
        int[] assigned = new int[hyps];
        java.util.Arrays.fill(assigned, -1);
        if (hyps == 0 || refs == 0) {
            return assigned;
        }
        if (refs > 16) {
            boolean[] used = new boolean[refs];
            for (int h = 0; h < hyps; h++) {
                int best = -1;
                for (int r = 0; r < refs; r++) {
                    if (!used[r] && (best < 0 || counts[h][r] > counts[h][best])) {
                        best = r;
                    }
                }
                if (best >= 0) {
                    used[best] = true;
                    assigned[h] = best;
                }
            }
            return assigned;
        }
        int masks = 1 << refs;
        int[][] best = new int[hyps + 1][masks];
        for (int[] row : best) {
            java.util.Arrays.fill(row, Integer.MIN_VALUE);
        }
        best[0][0] = 0;
        for (int h = 0; h < hyps; h++) {
            for (int mask = 0; mask < masks; mask++) {
                if (best[h][mask] == Integer.MIN_VALUE) {
                    continue;
                }
                best[h + 1][mask] = Math.max(best[h + 1][mask], best[h][mask]); // h unmapped
                for (int r = 0; r < refs; r++) {
                    if ((mask & (1 << r)) == 0) {
                        int m = mask | (1 << r);
                        best[h + 1][m] = Math.max(best[h + 1][m], best[h][mask] + counts[h][r]);
                    }
                }
            }
        }
        int mask = 0;
        for (int m = 1; m < masks; m++) {
            if (best[hyps][m] > best[hyps][mask]) {
                mask = m;
            }
        }
        // Walk back through the table to recover the assignment.
        for (int h = hyps - 1; h >= 0; h--) {
            if (best[h][mask] == best[h + 1][mask]) {
                continue; // unmapped
            }
            for (int r = 0; r < refs; r++) {
                int prev = mask & ~(1 << r);
                if ((mask & (1 << r)) != 0 && best[h][prev] != Integer.MIN_VALUE
                        && best[h][prev] + counts[h][r] == best[h + 1][mask]) {
                    assigned[h] = r;
                    mask = prev;
                    break;
                }
            }
        }
        return assigned;
    }
}
