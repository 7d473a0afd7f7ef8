package org.longscribe.transcript;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import org.longscribe.BuildInfo;
import org.longscribe.asr.Utterance;
import org.longscribe.asr.Word;

/**
 * The JSON transcript, written with Jackson's streaming generator (no tree of the whole transcript).
 * Field names and meanings are fixed by {@code transcript.schema.json}.
 */
public final class JsonTranscriptWriter implements TranscriptWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public void write(Transcript t, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("format_version", Transcript.FORMAT_VERSION);
            g.writeStringField("text", t.text());
            g.writeNumberField("duration", seconds(t.duration()));
            writeSource(g, t.source(), t.duration());
            writeModelAndGenerator(g, t);
            writeTimings(g, t.timings(), t.duration());
            writeSpeakers(g, t.speakers());
            g.writeArrayFieldStart("segments");
            for (TranscriptSegment s : t.segments()) {
                writeSegment(g, s);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    static void writeModelAndGenerator(JsonGenerator g, Transcript t) throws IOException {
        g.writeObjectFieldStart("model");
        g.writeStringField("name", t.model().name());
        g.writeStringField("path", t.model().path());
        g.writeEndObject();
        g.writeObjectFieldStart("generator");
        g.writeStringField("name", "longscribe");
        g.writeStringField("version", BuildInfo.version());
        g.writeStringField("vosk", BuildInfo.voskVersion());
        g.writeEndObject();
    }

    static void writeSource(JsonGenerator g, Transcript.Source s, double duration) throws IOException {
        g.writeObjectFieldStart("source");
        g.writeStringField("path", s.path());
        g.writeNumberField("size", s.size());
        g.writeStringField("modified", s.modified());
        g.writeNumberField("duration", seconds(duration));
        g.writeStringField("container", s.container());
        g.writeStringField("codec", s.codec());
        g.writeNumberField("sample_rate", s.sampleRate());
        g.writeNumberField("channels", s.channels());
        if (s.video()) {
            g.writeBooleanField("video", true);
        }
        if (s.episode() != null) {
            Transcript.Episode e = s.episode();
            g.writeObjectFieldStart("episode");
            g.writeStringField("title", e.title());
            g.writeStringField("published", e.published());
            g.writeStringField("guid", e.guid());
            g.writeStringField("link", e.link());
            g.writeStringField("enclosure", e.enclosure());
            g.writeStringField("feed", e.feed());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    static void writeTimings(JsonGenerator g, Transcript.Timings t, double duration) throws IOException {
        g.writeObjectFieldStart("timings");
        g.writeNumberField("decode", seconds(t.decode()));
        g.writeNumberField("recognize", seconds(t.recognize()));
        g.writeNumberField("total", seconds(t.total()));
        g.writeNumberField("threads", t.threads());
        g.writeNumberField("slices", t.slices());
        g.writeNumberField("slices_resumed", t.slicesResumed());
        g.writeNumberField("audio_recognized", seconds(t.audioRecognized()));
        g.writeNumberField("speed", t.total() > 0 ? Math.round(duration / t.total() * 100) / 100.0 : 0);
        g.writeEndObject();
    }

    /** The top-level "speakers" and "speaker_model", when there are speaker labels. */
    static void writeSpeakers(JsonGenerator g, Transcript.Speakers speakers) throws IOException {
        if (speakers == null) {
            return;
        }
        g.writeArrayFieldStart("speakers");
        for (Speaker s : speakers.speakers()) {
            g.writeStartObject();
            g.writeStringField("id", s.id());
            g.writeNumberField("speaking_time", seconds(s.seconds()));
            g.writeNumberField("segments", s.segments());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("speaker_model");
        g.writeStringField("name", speakers.model().name());
        g.writeStringField("path", speakers.model().path());
        g.writeStringField("clustering", speakers.method());
        if (speakers.asked() > 0) {
            g.writeNumberField("speakers_asked", speakers.asked());
        } else {
            g.writeNullField("speakers_asked");
        }
        g.writeEndObject();
    }

    static void writeSegment(JsonGenerator g, TranscriptSegment s) throws IOException {
        g.writeStartObject();
        writeSegmentFields(g, s);
        g.writeEndObject();
    }

    static void writeSegmentFields(JsonGenerator g, TranscriptSegment s) throws IOException {
        g.writeNumberField("id", s.id());
        g.writeNumberField("start", seconds(s.start()));
        g.writeNumberField("end", seconds(s.end()));
        g.writeStringField("text", s.text());
        if (s.speaker() != null) {
            g.writeStringField("speaker", s.speaker());
        }
        g.writeArrayFieldStart("words");
        for (Word w : s.words()) {
            g.writeStartObject();
            g.writeStringField("word", w.word());
            g.writeNumberField("start", seconds(w.start()));
            g.writeNumberField("end", seconds(w.end()));
            g.writeNumberField("conf", Math.round(w.conf() * 10_000) / 10_000.0);
            g.writeEndObject();
        }
        g.writeEndArray();
        if (!s.alternatives().isEmpty()) {
            g.writeArrayFieldStart("alternatives");
            for (Utterance.Alternative a : s.alternatives()) {
                g.writeStartObject();
                g.writeStringField("text", a.text());
                g.writeNumberField("confidence", a.confidence());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }

    /** Millisecond precision: Vosk's frames are 10 ms (30 ms after subsampling) anyway. */
    static double seconds(double s) {
        return Math.round(s * 1000) / 1000.0;
    }
}
