package org.longscribe.transcript;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Plain text: one utterance per line, the same words as the JSON. With speaker labels, one paragraph
 * per turn instead: {@code S1: } and the turn's utterances joined, a blank line between turns.
 */
public final class TextWriter implements TranscriptWriter {
    @Override
    public void write(Transcript transcript, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        String turn = null;
        for (TranscriptSegment s : transcript.segments()) {
            if (s.speaker() == null) {
                w.write(s.text());
                w.write('\n');
                continue;
            }
            if (!s.speaker().equals(turn)) {
                if (turn != null) {
                    w.write("\n\n");
                }
                turn = s.speaker();
                w.write(turn + ": " + s.text());
            } else {
                w.write(" " + s.text());
            }
        }
        if (turn != null) {
            w.write('\n');
        }
        w.flush();
    }
}
