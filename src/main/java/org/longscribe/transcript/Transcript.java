package org.longscribe.transcript;

import java.util.List;

/**
 * A finished transcript: what the JSON holds. See {@code transcript.schema.json} for the format.
 *
 * @param duration seconds of audio in the recording
 */
public record Transcript(String text, double duration, List<TranscriptSegment> segments, Source source,
                         ModelInfo model, Timings timings, Speakers speakers) {
    public static final int FORMAT_VERSION = 1;

    public Transcript {
        segments = List.copyOf(segments);
    }

    /** A transcript without speaker labels. */
    public Transcript(String text, double duration, List<TranscriptSegment> segments, Source source, ModelInfo model,
                      Timings timings) {
        this(text, duration, segments, source, model, timings, null);
    }

    /**
     * Who speaks: present only with --speakers.
     *
     * @param model    the speaker model
     * @param method   how utterances were grouped ({@code SpeakerClustering.settings()})
     * @param asked    the number of speakers asked for, 0 when found by the clustering
     * @param speakers each speaker, in order of first appearance
     */
    public record Speakers(ModelInfo model, String method, int asked, List<Speaker> speakers) {
        public Speakers {
            speakers = List.copyOf(speakers);
        }
    }

    /**
     * What identifies the input, so a later run can tell whether this transcript is up to date.
     *
     * @param container demuxer name, or "wav" when the file was mapped as is
     * @param video     whether the recording has a picture (a video), not only sound
     */
    public record Source(String path, long size, String modified, String container, String codec,
                         int sampleRate, int channels, boolean video, Episode episode) {
        public Source(String path, long size, String modified, String container, String codec, int sampleRate,
                      int channels, boolean video) {
            this(path, size, modified, container, codec, sampleRate, channels, video, null);
        }

        public Source(String path, long size, String modified, String container, String codec, int sampleRate,
                      int channels) {
            this(path, size, modified, container, codec, sampleRate, channels, false, null);
        }

        /** This source, read from {@code path} (a URL, "-") instead of the local file it was transcribed from. */
        public Source at(String path, String modified, Episode episode) {
            return new Source(path, size, modified, container, codec, sampleRate, channels, video, episode);
        }
    }

    /**
     * The podcast episode a recording came from (the feed command).
     *
     * @param published ISO 8601, or null when the feed did not say
     */
    public record Episode(String title, String published, String guid, String link, String enclosure, String feed) {
    }

    /** This transcript with another source description. */
    public Transcript withSource(Source other) {
        return new Transcript(text, duration, segments, other, model, timings, speakers);
    }

    /** This transcript with {@code seconds} of decoding (done before it was handed over) added to its timings. */
    public Transcript withDecodeTime(double seconds) {
        Timings t = timings;
        return new Transcript(text, duration, segments, source, model, new Timings(t.decode() + seconds, t.recognize(),
                t.total() + seconds, t.threads(), t.slices(), t.audioRecognized(), t.slicesResumed()), speakers);
    }

    public record ModelInfo(String name, String path) {
        /** The model in {@code directory}: named after the directory, with its absolute path. */
        public static ModelInfo of(java.nio.file.Path directory) {
            java.nio.file.Path absolute = directory.toAbsolutePath().normalize();
            return new ModelInfo(absolute.getFileName().toString(), absolute.toString());
        }
    }

    /**
     * @param decode            seconds spent decoding to WAV (0 when mapped as is)
     * @param recognize         seconds from the first segment submitted to the last result
     * @param total             seconds for the whole transcription
     * @param audioRecognized   seconds of audio sent to the recognizer (long pauses are skipped)
     * @param slicesResumed     slices whose results came from an interrupted run's journal
     */
    public record Timings(double decode, double recognize, double total, int threads, int slices,
                          double audioRecognized, int slicesResumed) {
    }
}
