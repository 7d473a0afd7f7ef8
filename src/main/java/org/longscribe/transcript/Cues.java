package org.longscribe.transcript;

import java.util.ArrayList;
import java.util.List;
import org.longscribe.asr.Word;

/**
 * Subtitle cues built from word times: at most two lines of about 42 characters and 7 seconds each,
 * split at word boundaries, never across an utterance or a pause of a second, never overlapping.
 */
public final class Cues {
    static final int LINE = 42;
    static final double MAX_SECONDS = 7.0;
    static final double PAUSE = 1.0;

    /**
     * One cue: [start, end] in seconds and its one or two lines.
     *
     * @param speaker   who says it, or null without speaker labels
     * @param newSpeaker whether the speaker differs from the previous cue's (true for the first cue)
     */
    public record Cue(double start, double end, List<String> lines, String speaker, boolean newSpeaker) {
        public Cue(double start, double end, List<String> lines) {
            this(start, end, lines, null, false);
        }
    }

    private Cues() {
    }

    public static List<Cue> of(Transcript transcript) {
        List<Cue> cues = new ArrayList<>();
        String previousSpeaker = null;
        for (TranscriptSegment s : transcript.segments()) {
            List<Word> words = s.words().isEmpty() ? spread(s) : s.words();
            List<Word> current = new ArrayList<>();
            for (Word w : words) {
                if (!current.isEmpty() && (tooLong(current, w) || w.start() - current.get(current.size() - 1).end() > PAUSE
                        || w.end() - current.get(0).start() > MAX_SECONDS)) {
                    cues.add(cue(current, s.speaker(), previousSpeaker));
                    previousSpeaker = s.speaker();
                    current = new ArrayList<>();
                }
                current.add(w);
            }
            if (!current.isEmpty()) {
                cues.add(cue(current, s.speaker(), previousSpeaker));
                previousSpeaker = s.speaker();
            }
        }
        // Never overlapping: a cue ends no later than the next begins.
        List<Cue> fixed = new ArrayList<>(cues.size());
        for (int i = 0; i < cues.size(); i++) {
            Cue c = cues.get(i);
            double end = Math.max(c.end(), c.start() + 0.3); // zero-length words still show briefly
            if (i + 1 < cues.size()) {
                end = Math.min(end, cues.get(i + 1).start());
            }
            fixed.add(new Cue(c.start(), Math.max(end, c.start()), c.lines(), c.speaker(), c.newSpeaker()));
        }
        return fixed;
    }

    private static boolean tooLong(List<Word> current, Word next) {
        List<Word> with = new ArrayList<>(current);
        with.add(next);
        return lines(with).size() > 2 || lines(with).stream().anyMatch(l -> l.length() > LINE && l.contains(" "));
    }

    private static Cue cue(List<Word> words, String speaker, String previousSpeaker) {
        return new Cue(words.get(0).start(), words.get(words.size() - 1).end(), lines(words), speaker,
                speaker != null && !speaker.equals(previousSpeaker));
    }

    /** One line if it fits, else two lines split at the word boundary that best balances them. */
    static List<String> lines(List<Word> words) {
        String all = String.join(" ", words.stream().map(Word::word).toList());
        if (all.length() <= LINE) {
            return List.of(all);
        }
        int best = -1;
        int bestScore = Integer.MAX_VALUE;
        for (int i = 1; i < words.size(); i++) {
            String a = String.join(" ", words.subList(0, i).stream().map(Word::word).toList());
            String b = String.join(" ", words.subList(i, words.size()).stream().map(Word::word).toList());
            int score = Math.max(a.length(), b.length());
            if (score < bestScore) {
                bestScore = score;
                best = i;
            }
        }
        if (best < 0) {
            return List.of(all); // a single long word
        }
        List<String> two = new ArrayList<>();
        two.add(String.join(" ", words.subList(0, best).stream().map(Word::word).toList()));
        two.add(String.join(" ", words.subList(best, words.size()).stream().map(Word::word).toList()));
        if (two.get(0).length() > LINE || two.get(1).length() > LINE) {
            two.add(""); // signals "does not fit in two lines" to tooLong
        }
        return two;
    }

    /** Without word times (--no-words), spreads the segment's words evenly over its span. */
    static List<Word> spread(TranscriptSegment s) {
        String[] tokens = s.text().split(" ");
        List<Word> words = new ArrayList<>();
        double step = (s.end() - s.start()) / Math.max(1, tokens.length);
        for (int i = 0; i < tokens.length; i++) {
            words.add(new Word(tokens[i], s.start() + i * step, s.start() + (i + 1) * step, 1.0));
        }
        return words;
    }
}
