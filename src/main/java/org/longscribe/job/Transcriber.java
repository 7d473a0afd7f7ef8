package org.longscribe.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.temporal.ChronoUnit;
import org.longscribe.TempFiles;
import org.longscribe.asr.ParallelRecognizer;
import org.longscribe.decode.AudioPreparer;
import org.longscribe.decode.DecodedAudio;
import org.longscribe.decode.PreparedAudio;
import org.longscribe.error.OutputNotWritableException;
import org.longscribe.pcm.MappedPcm;
import org.longscribe.pcm.WavHeader;
import org.longscribe.segment.Segment;
import org.longscribe.segment.Segmenter;
import org.longscribe.transcript.Transcript;
import org.longscribe.transcript.TranscriptBuilder;

/**
 * The pipeline for one recording: decode (unless already 16 kHz mono s16 WAV), map, segment at
 * pauses, recognise the segments in parallel straight from the mapping, merge in order.
 *
 * <p>Reusable across recordings: the model and the recognizers live in the {@link ParallelRecognizer}.
 */
public final class Transcriber {
    private final AudioPreparer preparer;
    private final Segmenter segmenter;
    private final ParallelRecognizer recognizers;
    private final Transcript.ModelInfo model;
    private final boolean keepWords;

    public Transcriber(AudioPreparer preparer, Segmenter segmenter, ParallelRecognizer recognizers,
                       Transcript.ModelInfo model, boolean keepWords) {
        this.preparer = preparer;
        this.segmenter = segmenter;
        this.recognizers = recognizers;
        this.model = model;
        this.keepWords = keepWords;
    }

    /**
     * Transcribes {@code input}. The decoded WAV, if any, lives in a fresh directory under
     * {@code workParent} and is removed before this returns.
     */
    public Transcript transcribe(Path input, Path workParent, Progress progress) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        AudioPreparer.checkReadable(input);
        BasicFileAttributes attributes = Files.readAttributes(input, BasicFileAttributes.class);
        Path workDir;
        try {
            workDir = Files.createTempDirectory(workParent, "longscribe-");
            TempFiles.register(workDir);
        } catch (IOException e) {
            throw new OutputNotWritableException(workParent, "cannot create a work directory for the decoded audio: "
                    + e.getMessage(), e);
        }
        try {
            PreparedAudio prepared = preparer.prepare(input, workDir, progress::decoding);
            try (MappedPcm pcm = MappedPcm.open(prepared.wav())) {
                progress.mapped(pcm.duration());
                return recognize(input, attributes, prepared, pcm, progress, t0);
            }
        } finally {
            TempFiles.delete(workDir);
        }
    }

    private Transcript recognize(Path input, BasicFileAttributes attributes, PreparedAudio prepared, MappedPcm pcm,
                                 Progress progress, long t0) throws IOException, InterruptedException {
        TranscriptBuilder builder = new TranscriptBuilder(keepWords);
        long tRecognize = System.nanoTime();
        int[] slices = {0};
        long[] samplesSent = {0};
        try (ParallelRecognizer.Run<Segment> run = recognizers.start((segment, utterances) -> {
            for (org.longscribe.transcript.TranscriptSegment s : builder.add(utterances)) {
                progress.segment(s);
            }
            pcm.release(segment.start(), segment.end()); // done with these pages: out of our RSS
            progress.recognizedUpTo(segment.endSeconds());
        }, 4 * recognizers.threads())) {
            long[] scannedTo = {0};
            segmenter.segment(pcm, segment -> {
                pcm.release(scannedTo[0], segment.start()); // pauses skipped between segments
                scannedTo[0] = segment.end();
                slices[0]++;
                samplesSent[0] += segment.length();
                run.submit(segment, pcm.slice(segment.start(), segment.end()));
            });
            pcm.release(scannedTo[0], pcm.count());
            run.finish();
        }
        long tEnd = System.nanoTime();
        double duration = pcm.duration();
        progress.recognizedUpTo(duration);
        Transcript.Timings timings = new Transcript.Timings(prepared.decodeNanos() / 1e9, (tEnd - tRecognize) / 1e9,
                (tEnd - t0) / 1e9, recognizers.threads(), slices[0], samplesSent[0] / 16_000.0);
        return new Transcript(builder.text(), duration, builder.segments(), source(input, attributes, prepared, pcm),
                model, timings);
    }

    private static Transcript.Source source(Path input, BasicFileAttributes attributes, PreparedAudio prepared,
                                            MappedPcm pcm) {
        DecodedAudio decoded = prepared.decoded();
        WavHeader header = pcm.header();
        String modified = attributes.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MILLIS).toString();
        if (decoded == null) {
            return new Transcript.Source(input.toAbsolutePath().toString(), attributes.size(), modified, "wav", "pcm_s16le",
                    header.sampleRate(), header.channels());
        }
        return new Transcript.Source(input.toAbsolutePath().toString(), attributes.size(), modified, decoded.container(),
                decoded.codec(), decoded.sampleRate(), decoded.channels());
    }
}
