package org.longscribe.transcript;

import java.util.ArrayList;
import java.util.List;
import org.longscribe.asr.Utterance;

/** Collects utterances in recording order into transcript segments. */
public final class TranscriptBuilder {
    private final List<TranscriptSegment> segments = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final boolean keepWords;

    public TranscriptBuilder(boolean keepWords) {
        this.keepWords = keepWords;
    }

    /** Adds utterances that follow everything added so far. */
    public void add(List<Utterance> utterances) {
        for (Utterance u : utterances) {
            if (u.text().isBlank()) {
                continue;
            }
            segments.add(new TranscriptSegment(segments.size(), u.start(), u.end(), u.text(),
                    keepWords ? u.words() : List.of(), u.alternatives()));
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(u.text());
        }
    }

    public List<TranscriptSegment> segments() {
        return segments;
    }

    public String text() {
        return text.toString();
    }
}
