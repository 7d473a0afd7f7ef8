package org.longscribe.transcript;

import java.util.ArrayList;
import java.util.List;
import org.longscribe.asr.SpeakerVector;
import org.longscribe.asr.Utterance;

/** Collects utterances in recording order into transcript segments. */
public final class TranscriptBuilder {
    private final List<TranscriptSegment> segments = new ArrayList<>();
    private final List<SpeakerVector> voices = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final boolean keepWords;

    public TranscriptBuilder(boolean keepWords) {
        this.keepWords = keepWords;
    }

    /** Adds utterances that follow everything added so far; returns the segments they became. */
    public List<TranscriptSegment> add(List<Utterance> utterances) {
        List<TranscriptSegment> added = new ArrayList<>();
        for (Utterance u : utterances) {
            if (u.text().isBlank()) {
                continue;
            }
            TranscriptSegment segment = new TranscriptSegment(segments.size(), u.start(), u.end(), u.text(),
                    keepWords ? u.words() : List.of(), u.alternatives());
            segments.add(segment);
            voices.add(u.voice());
            added.add(segment);
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(u.text());
        }
        return added;
    }

    public List<TranscriptSegment> segments() {
        return segments;
    }

    /** Each segment's speaker vector (null where there is none), in segment order. */
    public List<SpeakerVector> voices() {
        return voices;
    }

    public String text() {
        return text.toString();
    }
}
