package org.longscribe.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.longscribe.store.OutputStore;
import org.longscribe.transcript.OutputFormat;
import org.longscribe.transcript.Transcript;
import org.longscribe.transcript.TranscriptWriter;

/**
 * The transcripts of one recording in an output store, by the rules that batch and the Spark job
 * share: {@code sub/talk.mp3} gives {@code sub/talk.json} and {@code sub/talk.srt} etc. (the naming
 * rule is {@link BatchPlan#outputStems}); the JSON is
 * always written, and written last, so a JSON says the others are complete; and the recording is up
 * to date when its JSON records the input's size and modification time and the other formats exist.
 */
public final class RecordingOutputs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OutputStore store;
    private final String stem;
    private final List<OutputFormat> others;

    /**
     * {@code relative}: the recording's path relative to the input root, with '/' between names; its
     * outputs are named as a lone recording's ({@link BatchPlan#outputStem}).
     */
    public RecordingOutputs(OutputStore store, String relative, List<OutputFormat> formats) {
        this(store, formats, BatchPlan.outputStem(relative));
    }

    private RecordingOutputs(OutputStore store, List<OutputFormat> formats, String stem) {
        this.store = store;
        this.stem = stem;
        this.others = new ArrayList<>(new LinkedHashSet<>(formats));
        this.others.remove(OutputFormat.JSON);
    }

    /** The outputs named {@code stem.json}, {@code stem.srt}, ... ({@code stem} as {@link BatchPlan#outputStems} gives it). */
    public static RecordingOutputs ofStem(OutputStore store, String stem, List<OutputFormat> formats) {
        return new RecordingOutputs(store, formats, stem);
    }

    /** The name of the transcript in {@code format}, relative to the store's root. */
    public String name(OutputFormat format) {
        return stem + "." + format.extension();
    }

    /** The existing JSON transcript, if there is a readable one. */
    public Optional<JsonNode> existingJson() {
        try {
            Optional<InputStream> in = store.read(name(OutputFormat.JSON));
            if (in.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream stream = in.get()) {
                return Optional.of(JSON.readTree(stream));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // half-written or unreadable: transcribe again
        }
    }

    /**
     * The JSON transcript when everything is up to date for an input of this size and modification
     * time (milliseconds since the epoch), labelled with speakers as asked ({@code speakers} -1 for no
     * labels, 0 for labels with the number found, N for labels of N speakers); empty when the
     * recording must be transcribed, also when it was made with other speaker settings.
     */
    public Optional<JsonNode> upToDate(long size, long modifiedMillis, int speakers) throws IOException {
        if (!missingOthers().isEmpty()) {
            return Optional.empty();
        }
        return existingJson().filter(json -> BatchPlan.describes(json, size, modifiedMillis) && labelledAsAsked(json, speakers));
    }

    /**
     * Whether the JSON transcript {@code json} has speaker labels as asked: {@code speakers} -1 for
     * none, 0 for labels with the number found, N for labels of N speakers.
     */
    public static boolean labelledAsAsked(JsonNode json, int speakers) {
        if (speakers < 0) {
            return !json.has("speakers");
        }
        JsonNode asked = json.path("speaker_model").path("speakers_asked");
        return json.has("speakers") && (speakers == 0 ? asked.isNull() : asked.asInt(-1) == speakers);
    }

    /** The formats besides JSON whose transcript is not in the store. */
    public List<OutputFormat> missingOthers() throws IOException {
        List<OutputFormat> missing = new ArrayList<>();
        for (OutputFormat f : others) {
            if (!store.exists(name(f))) {
                missing.add(f);
            }
        }
        return missing;
    }

    /** Writes every format, the JSON last. */
    public void write(Transcript transcript) throws IOException {
        write(transcript, OutputFormat::writer);
    }

    /** Writes every format with the writer {@code writers} gives for it, the JSON last. */
    public void write(Transcript transcript, java.util.function.Function<OutputFormat, TranscriptWriter> writers)
            throws IOException {
        for (OutputFormat f : others) {
            TranscriptWriter writer = writers.apply(f);
            store.write(name(f), out -> writer.write(transcript, out));
        }
        store.write(name(OutputFormat.JSON), out -> OutputFormat.JSON.writer().write(transcript, out));
    }
}
