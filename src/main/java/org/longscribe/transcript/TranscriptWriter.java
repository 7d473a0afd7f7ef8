package org.longscribe.transcript;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a transcript in one output format. The caller closes the stream. */
public interface TranscriptWriter {
    void write(Transcript transcript, OutputStream out) throws IOException;
}
