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
                         int sampleRate, int channels, boolean video) {
        public Source(String path, long size, String modified, String container, String codec, int sampleRate,
                      int channels) {
            this(path, size, modified, container, codec, sampleRate, channels, false);
        }
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
