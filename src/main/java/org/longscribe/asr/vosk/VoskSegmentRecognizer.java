package org.longscribe.asr.vosk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import org.longscribe.asr.RecognitionException;
import org.longscribe.asr.SegmentRecognizer;
import org.longscribe.asr.SpeakerVector;
import org.longscribe.asr.Utterance;
import org.longscribe.asr.Word;
import org.longscribe.pcm.PcmSlice;
import org.longscribe.pcm.Samples;
import org.vosk.Recognizer;

/**
 * One Vosk recognizer, reused for many slices with a reset between them.
 *
 * <p>Vosk times words from the recognizer's creation and keeps counting across reset(), so this
 * class counts the samples it has fed and shifts each result to recording time.
 */
public final class VoskSegmentRecognizer implements SegmentRecognizer {
    /** Vosk looks for an endpoint once per call: 0.25 s per call gives utterance-sized results. */
    static final int CHUNK_BYTES = Samples.SAMPLE_RATE / 4 * 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 10 ms of silence, fed only to move Vosk out of its endpoint state (see {@link #recognize}). */
    private static final java.nio.ByteBuffer TEN_MS_OF_SILENCE = java.nio.ByteBuffer.allocateDirect(Samples.SAMPLE_RATE / 100 * 2);

    /** Five minutes: more than any one slice the segmenter cuts. */
    private static final long LARGE_HISTORY_SAMPLES = 300L * Samples.SAMPLE_RATE;

    private final Recognizer recognizer;
    private final Pointer handle;
    private long samplesFed;
    private boolean closed;

    public VoskSegmentRecognizer(VoskModel model, int maxAlternatives) throws IOException {
        this(model, null, maxAlternatives);
    }

    /** With a speaker model (null: none), every utterance of enough speech carries its speaker vector. */
    public VoskSegmentRecognizer(VoskModel model, VoskSpeakerModel speakers, int maxAlternatives) throws IOException {
        VoskNative.load();
        this.recognizer = speakers == null ? new Recognizer(model.handle(), Samples.SAMPLE_RATE)
                : new Recognizer(model.handle(), Samples.SAMPLE_RATE, speakers.handle());
        this.handle = recognizer.getPointer();
        recognizer.setWords(true);
        if (maxAlternatives > 0) {
            recognizer.setMaxAlternatives(maxAlternatives);
        }
    }

    /** A factory of recognizers over one shared model. */
    public static SegmentRecognizer.Factory factory(VoskModel model, int maxAlternatives) {
        return factory(() -> model, null, maxAlternatives);
    }

    /**
     * As {@link #factory(VoskModel, int)}, with the models loaded when the first recognizer is made;
     * {@code speakers} null means no speaker vectors.
     */
    public static SegmentRecognizer.Factory factory(Loaded<VoskModel> model, SpeakerSource speakers, int maxAlternatives) {
        return new SegmentRecognizer.Factory() {
            @Override
            public SegmentRecognizer create() throws IOException {
                return new VoskSegmentRecognizer(model.get(), speakers == null ? null : speakers.get(), maxAlternatives);
            }

            @Override
            public void ready() throws IOException {
                model.get();
                if (speakers != null) {
                    speakers.get();
                }
            }

            @Override
            public String settings() {
                // The speaker model decides what the journal's vectors mean: another one starts over.
                return "vosk max-alternatives=" + maxAlternatives
                        + (speakers == null ? "" : " speaker-model=" + speakers.directory().toAbsolutePath().normalize());
            }
        };
    }

    /** A model loaded on first use (the batch command may never need one). */
    @FunctionalInterface
    public interface Loaded<T> {
        T get() throws IOException;
    }

    /** The speaker model, loaded on first use, and where it is. */
    public interface SpeakerSource extends Loaded<VoskSpeakerModel> {
        java.nio.file.Path directory();
    }

    @Override
    public List<Utterance> recognize(PcmSlice slice) throws IOException {
        if (closed) {
            throw new IllegalStateException("recognizer closed");
        }
        // Vosk times count from the recognizer's first sample.
        long origin = samplesFed;
        List<Utterance> utterances = new ArrayList<>();
        boolean finalized = false;
        boolean[] atEndpoint = {false};
        try {
            slice.forEachChunk(CHUNK_BYTES, chunk -> {
                int r = feed(chunk, slice);
                atEndpoint[0] = r == 1;
                if (r == 1) {
                    addIfSpoken(utterances, parse(recognizer.getResult(), origin, slice.startSeconds(), slice.endSeconds()));
                }
            });
            if (atEndpoint[0]) {
                // At an endpoint Vosk's final result is a no-op that leaves the feature pipeline (and its
                // speaker adaptation) to the next slice. A few samples of silence make it finalize.
                feed(TEN_MS_OF_SILENCE.duplicate(), slice);
            }
            addIfSpoken(utterances, parse(recognizer.getFinalResult(), origin, slice.startSeconds(), slice.endSeconds()));
            finalized = true;
        } finally {
            // After a final result Vosk rebuilds its feature pipeline on the next call, so every slice
            // starts alike. reset() here would mark the recognizer "at an endpoint" instead, keeping the
            // pipeline's speaker adaptation from whatever slices this worker happened to see before:
            // results would then depend on thread count and scheduling.
            if (!finalized) {
                recognizer.reset();
            }
        }
        NativeHeap.trimIfDue(); // what the decoder freed while on this slice (see NativeHeap)
        return utterances;
    }

    /** Feeds one direct buffer to Vosk, no copy; returns 1 at an endpoint, else 0. */
    private int feed(java.nio.ByteBuffer chunk, PcmSlice slice) throws RecognitionException {
        int bytes = chunk.remaining();
        int r = VoskNative.vosk_recognizer_accept_waveform(handle, Native.getDirectBufferPointer(chunk), bytes);
        // The pointer does not keep the mapping alive; the buffer must stay reachable until Vosk returns.
        Reference.reachabilityFence(chunk);
        samplesFed += bytes / 2;
        if (r < 0) {
            throw new RecognitionException("Vosk rejected the audio of " + slice, null);
        }
        return r;
    }

    private static void addIfSpoken(List<Utterance> to, Utterance u) {
        if (u != null) {
            to.add(u);
        }
    }

    /**
     * Parses one Vosk result; null when nothing was said. Without word times (alternatives only),
     * the utterance spans the slice [sliceStart, sliceEnd].
     */
    static Utterance parse(String json, long origin, double sliceStart, double sliceEnd) throws RecognitionException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new RecognitionException("unreadable Vosk result (at " + sliceStart + " s): " + json, e);
        }
        List<Utterance.Alternative> alternatives = new ArrayList<>();
        JsonNode best = root;
        JsonNode alts = root.get("alternatives");
        if (alts != null && alts.isArray() && !alts.isEmpty()) {
            best = alts.get(0);
            for (JsonNode alt : alts) {
                alternatives.add(new Utterance.Alternative(alt.path("text").asText(""), alt.path("confidence").asDouble()));
            }
        }
        List<Word> words = new ArrayList<>();
        for (JsonNode w : best.path("result")) {
            double start = recordingTime(w.path("start").asDouble(), origin, sliceStart);
            double end = recordingTime(w.path("end").asDouble(), origin, sliceStart);
            words.add(new Word(w.path("word").asText(), start, Math.max(start, end), w.path("conf").asDouble(1.0)));
        }
        String text = best.path("text").asText("").strip();
        SpeakerVector voice = voice(root);
        if (text.isEmpty() && words.isEmpty()) {
            return null;
        }
        if (text.isEmpty()) {
            text = String.join(" ", words.stream().map(Word::word).toList());
        }
        double start = words.isEmpty() ? round(sliceStart) : words.get(0).start();
        double end = words.isEmpty() ? round(sliceEnd) : words.get(words.size() - 1).end();
        return new Utterance(start, end, text, words, alternatives, voice);
    }

    /** The result's speaker vector ("spk", with "spk_frames"), if Vosk computed one. */
    private static SpeakerVector voice(JsonNode root) {
        JsonNode spk = root.get("spk");
        if (spk == null || !spk.isArray() || spk.isEmpty()) {
            return null; // no speaker model, or under 10 frames of speech
        }
        float[] values = new float[spk.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) spk.get(i).asDouble();
        }
        return new SpeakerVector(values, root.path("spk_frames").asInt(0));
    }

    /**
     * A Vosk time as seconds from the start of the recording, to the millisecond. Vosk writes
     * {@code samplesBefore / 16000f + frames * 0.03}: the first term is float32, coarse to 0.2 ms after
     * an hour, and depends on which slices this recognizer decoded before. Subtracting that same
     * float32 value leaves the time within the slice up to the 6 decimals Vosk prints; snapped to
     * 10 microseconds (word times fall on half frames, 15 ms) it is exact, and the rounding to
     * milliseconds is done in integers. Otherwise a time on half a millisecond (common: slices start
     * on 10 ms) rounds one way or the other with the recognizer's history, and a resumed run, or the
     * same file in a batch, differs from a fresh run.
     */
    static double recordingTime(double voskSeconds, long samplesBefore, double sliceStart) {
        double origin = (float) samplesBefore / (float) Samples.SAMPLE_RATE;
        long within = Math.round((voskSeconds - origin) * 100_000); // 10 us units
        long start = Math.round(sliceStart * 100_000);
        return Math.floorDiv(start + within + 50, 100) / 1000.0;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            recognizer.close();
            // A recognizer that decoded minutes held a graph cache (a lazily composed graph: 100 MB and more):
            // out of RSS before the next one grows (see NativeHeap). One slice's decoder is small, and the
            // slice schedule closes one per slice: the periodic trim is enough for those.
            if (samplesFed > LARGE_HISTORY_SAMPLES) {
                NativeHeap.trim();
            } else {
                NativeHeap.trimIfDue();
            }
        }
    }
}
