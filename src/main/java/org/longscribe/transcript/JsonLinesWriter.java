package org.longscribe.transcript;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * JSON Lines: {@code {"type":"segment",...}} per segment, in order, as each is final, then one
 * {@code {"type":"end","complete":true,...}} line with what the JSON's top level holds. A consumer
 * following a long job knows the transcript is whole when it reads the end line.
 */
public final class JsonLinesWriter implements TranscriptWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public void write(Transcript transcript, OutputStream out) throws IOException {
        for (TranscriptSegment s : transcript.segments()) {
            segment(s, out);
        }
        end(transcript, out);
    }

    /** Writes and flushes one segment line (a single write, so a follower never sees half a line). */
    public static void segment(TranscriptSegment s, OutputStream out) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        try (JsonGenerator g = FACTORY.createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("type", "segment");
            JsonTranscriptWriter.writeSegmentFields(g, s);
            g.writeEndObject();
        }
        line.write('\n');
        out.write(line.toByteArray());
        out.flush();
    }

    /** Writes and flushes the closing line. */
    public static void end(Transcript t, OutputStream out) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = FACTORY.createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("type", "end");
            g.writeBooleanField("complete", true);
            g.writeNumberField("format_version", Transcript.FORMAT_VERSION);
            g.writeNumberField("segments", t.segments().size());
            g.writeNumberField("duration", JsonTranscriptWriter.seconds(t.duration()));
            JsonTranscriptWriter.writeSource(g, t.source(), t.duration());
            JsonTranscriptWriter.writeModelAndGenerator(g, t);
            JsonTranscriptWriter.writeTimings(g, t.timings(), t.duration());
            g.writeEndObject();
        }
        line.write('\n');
        out.write(line.toByteArray());
        out.flush();
    }
}
