package org.longscribe.transcript;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Plain text: one utterance per line, the same words as the JSON. */
public final class TextWriter implements TranscriptWriter {
    @Override
    public void write(Transcript transcript, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        for (TranscriptSegment s : transcript.segments()) {
            w.write(s.text());
            w.write('\n');
        }
        w.flush();
    }
}
