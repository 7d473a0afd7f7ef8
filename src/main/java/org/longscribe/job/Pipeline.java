package org.longscribe.job;

import java.io.IOException;
import java.nio.file.Path;
import org.longscribe.asr.ParallelRecognizer;
import org.longscribe.asr.vosk.VoskModel;
import org.longscribe.asr.vosk.VoskSegmentRecognizer;
import org.longscribe.asr.vosk.VoskSpeakerModel;
import org.longscribe.decode.AudioPreparer;
import org.longscribe.decode.FfmpegDecoder;
import org.longscribe.error.ModelException;
import org.longscribe.segment.EnergySegmenter;
import org.longscribe.speaker.AgglomerativeClustering;
import org.longscribe.transcript.Transcript;

/**
 * The stages assembled for transcribing: FFmpeg decoding, the energy segmenter, one Vosk model and
 * a set of recognizer workers over it, and the {@link Transcriber} that runs them. The one place
 * that puts them together, for every command and the Spark job. Closing it frees the workers, then
 * the model.
 */
public final class Pipeline implements AutoCloseable {
    /**
     * What changes how recordings are transcribed.
     *
     * @param threads         recognizer workers
     * @param maxAlternatives alternative texts kept per segment (0: none)
     * @param keepWords       whether segments keep their word lists
     * @param segmenter       where to split
     * @param reproducible    the same transcript for any thread count and after a resume, at a cost
     *                        (see {@link ParallelRecognizer.Schedule})
     */
    public record Settings(int threads, int maxAlternatives, boolean keepWords, EnergySegmenter.Settings segmenter,
                           boolean reproducible, Speakers speakers) {
        /** Without speaker labels. */
        public Settings(int threads, int maxAlternatives, boolean keepWords, EnergySegmenter.Settings segmenter,
                        boolean reproducible) {
            this(threads, maxAlternatives, keepWords, segmenter, reproducible, null);
        }

        /** The defaults, with {@code threads} workers. */
        public static Settings defaults(int threads, boolean reproducible) {
            return new Settings(threads, 0, true, EnergySegmenter.Settings.DEFAULT, reproducible);
        }

        /** These settings with speaker labels ({@code speakers} null: without). */
        public Settings withSpeakers(Speakers speakers) {
            return new Settings(threads, maxAlternatives, keepWords, segmenter, reproducible, speakers);
        }
    }

    /**
     * Speaker labels: who says each segment.
     *
     * @param model the speaker model's directory
     * @param count how many speakers there are, or 0 to find out
     */
    public record Speakers(Path model, int count) {
        /** More than this many voices in one recording is not a use we tune for; a typo is likelier. */
        public static final int MAX_COUNT = 20;

        public Speakers {
            if (count < 0 || count > MAX_COUNT) {
                throw new IllegalArgumentException("speaker count " + count);
            }
        }

        /**
         * The count a --speakers value asks for: "auto" (0: find out) or 1 to {@link #MAX_COUNT};
         * anything else fails with a message for the user.
         */
        public static int parseCount(String value) {
            if (value.equalsIgnoreCase("auto")) {
                return 0;
            }
            try {
                int n = Integer.parseInt(value.strip());
                if (n >= 1 && n <= MAX_COUNT) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException("--speakers takes 'auto' or a number of speakers from 1 to " + MAX_COUNT
                    + ", not '" + value + "'");
        }
    }

    private final Path modelDir;
    private final boolean verbose;
    private final ParallelRecognizer recognizers;
    private final Transcriber transcriber;
    private final Speakers speakers;
    private VoskModel model;
    private VoskSpeakerModel speakerModel;
    private boolean closed;
    /** What loading the models on {@link #openLoading}'s thread threw; thrown again to whoever asks for a model. */
    private Throwable loadFailure;

    private Pipeline(Path modelDir, Settings settings, boolean verbose) {
        this.modelDir = modelDir;
        this.verbose = verbose;
        this.speakers = settings.speakers();
        VoskSegmentRecognizer.SpeakerSource speakerSource = speakers == null ? null : new VoskSegmentRecognizer.SpeakerSource() {
            @Override
            public VoskSpeakerModel get() throws IOException {
                return speakerModel();
            }

            @Override
            public Path directory() {
                return speakers.model();
            }
        };
        this.recognizers = new ParallelRecognizer(VoskSegmentRecognizer.factory(this::model, speakerSource,
                settings.maxAlternatives()), settings.threads(), schedule(modelDir, settings.reproducible()));
        Transcriber.SpeakerLabels labels = speakers == null ? null : new Transcriber.SpeakerLabels(
                AgglomerativeClustering.tuned(), speakers.count(), Transcript.ModelInfo.of(speakers.model()));
        this.transcriber = new Transcriber(new AudioPreparer(new FfmpegDecoder()), new EnergySegmenter(settings.segmenter()),
                recognizers, Transcript.ModelInfo.of(modelDir), settings.keepWords(), labels);
    }

    /**
     * How slices reach recognizers for the model in {@code modelDir}: one fresh recognizer a slice
     * with a composed graph, whatever was asked (it is as fast as any); with a lazily composed one,
     * blocks, or long-lived recognizers when {@code historyFree} is false (--fast). See
     * {@link ParallelRecognizer}.
     */
    public static ParallelRecognizer.Schedule schedule(Path modelDir, boolean historyFree) {
        if (VoskModel.isComposed(modelDir)) {
            return ParallelRecognizer.Schedule.SLICES;
        }
        return historyFree ? ParallelRecognizer.Schedule.BLOCKS : ParallelRecognizer.Schedule.FAST;
    }

    /**
     * One line for the user when the model in {@code modelDir} has no composed graph (what the run
     * then gives up), else null.
     */
    public static String scheduleNote(Path modelDir, boolean historyFree) {
        if (!VoskModel.missingParts(modelDir).isEmpty()) {
            return null; // not a model: loading it says what is wrong, in one line
        }
        return switch (schedule(modelDir, historyFree)) {
            case SLICES -> null;
            case BLOCKS -> modelDir + " has no composed graph ('longscribe models compose' makes one): decoding in blocks"
                    + " of up to 10 minutes, with more CPU, and a resumed run redoes each unfinished block from its start";
            case FAST -> modelDir + " has no composed graph ('longscribe models compose' makes one): with --fast its words"
                    + " may differ with --threads, after a resume, or in a batch";
        };
    }

    /** The pipeline over the model in {@code modelDir}, loaded now (a model that does not load fails here). */
    public static Pipeline open(Path modelDir, Settings settings, boolean verbose) throws IOException {
        Pipeline p = new Pipeline(modelDir, settings, verbose);
        try {
            p.model();
            if (p.speakers != null) {
                p.speakerModel();
            }
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /**
     * As {@link #open}, but the models load on a thread of their own while the caller goes on (the
     * recording decodes meanwhile: 1.7 s of the composed small model's load against 1.2 s of a
     * 20-minute mp3's decoding, which a killed run's rerun, and every run, no longer waits for one after
     * the other). A directory that is not a model fails here; a model that Vosk then cannot load fails
     * when the first recognizer needs it, with the same message.
     */
    public static Pipeline openLoading(Path modelDir, Settings settings, boolean verbose) throws ModelException {
        Pipeline p = openLazily(modelDir, settings, verbose);
        Thread loader = new Thread(() -> {
            synchronized (p) { // whoever asks for a model meanwhile waits, then gets it or this failure
                try {
                    p.model();
                    if (p.speakers != null) {
                        p.speakerModel();
                    }
                } catch (Throwable t) { // a native library that cannot load is an Error: rethrown to the caller as it came
                    p.loadFailure = t;
                }
            }
        }, "longscribe-model-load");
        loader.setDaemon(true);
        loader.start();
        return p;
    }

    /**
     * As {@link #open}, but the model is loaded when the first recording needs it: a batch of broken
     * or up-to-date files never pays for it. A directory that is not a model still fails here.
     */
    public static Pipeline openLazily(Path modelDir, Settings settings, boolean verbose) throws ModelException {
        VoskModel.check(modelDir);
        if (settings.speakers() != null) {
            VoskSpeakerModel.check(settings.speakers().model());
        }
        return new Pipeline(modelDir, settings, verbose);
    }

    public Transcriber transcriber() {
        return transcriber;
    }

    public int threads() {
        return recognizers.threads();
    }

    /** The model, loaded on first use and shared by every worker. */
    public synchronized VoskModel model() throws IOException {
        if (closed) {
            throw new IllegalStateException("the pipeline is closed");
        }
        rethrowLoadFailure();
        if (model == null) {
            model = VoskModel.load(modelDir, verbose);
        }
        return model;
    }

    /** The speaker model (with --speakers), loaded on first use and shared by every worker. */
    synchronized VoskSpeakerModel speakerModel() throws IOException {
        if (closed) {
            throw new IllegalStateException("the pipeline is closed");
        }
        rethrowLoadFailure();
        if (speakerModel == null) {
            speakerModel = VoskSpeakerModel.load(speakers.model(), verbose);
        }
        return speakerModel;
    }

    private void rethrowLoadFailure() throws IOException {
        Throwable t = loadFailure;
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        recognizers.close();
        synchronized (this) {
            closed = true; // a model still loading (openLoading) is closed here once loaded, and none loads after
            if (model != null) {
                model.close();
            }
            if (speakerModel != null) {
                speakerModel.close();
            }
        }
    }
}
