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
 *
 * <p>Speakers are told apart only once the whole recording is heard, after the segment lines are
 * out: with --speakers, segment lines carry no "speaker"; the end line has "speakers",
 * "speaker_model" and "segment_speakers", the speaker of each segment in id order. The same in
 * every JSONL file, streamed or not, so a consumer reads labels one way.
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
            JsonTranscriptWriter.writeSegmentFields(g, s.speaker() == null ? s : s.withSpeaker(null));
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
            if (t.speakers() != null) {
                JsonTranscriptWriter.writeSpeakers(g, t.speakers());
                g.writeArrayFieldStart("segment_speakers");
                for (TranscriptSegment s : t.segments()) {
                    g.writeString(s.speaker());
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        line.write('\n');
        out.write(line.toByteArray());
        out.flush();
    }
}
