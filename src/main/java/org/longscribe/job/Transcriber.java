package org.longscribe.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.longscribe.store.TempFiles;
import org.longscribe.store.WorkDirs;
import org.longscribe.asr.ParallelRecognizer;
import org.longscribe.asr.Utterance;
import org.longscribe.decode.AudioPreparer;
import org.longscribe.decode.DecodedAudio;
import org.longscribe.decode.PreparedAudio;
import org.longscribe.pcm.MappedPcm;
import org.longscribe.pcm.WavHeader;
import org.longscribe.segment.Segment;
import org.longscribe.segment.Segmenter;
import org.longscribe.speaker.SpeakerClustering;
import org.longscribe.transcript.Speaker;
import org.longscribe.transcript.Transcript;
import org.longscribe.transcript.TranscriptBuilder;
import org.longscribe.transcript.TranscriptSegment;

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
    private final SpeakerLabels speakerLabels;
    private final BlockPlan blockPlan = BlockPlan.DEFAULT;

    /**
     * How segments get speaker labels: the recognizers deliver a vector per utterance, and once the
     * whole recording is heard {@code clustering} groups them.
     *
     * @param count how many speakers, or 0 to let the clustering decide
     */
    public record SpeakerLabels(SpeakerClustering clustering, int count, Transcript.ModelInfo model) {
    }

    public Transcriber(AudioPreparer preparer, Segmenter segmenter, ParallelRecognizer recognizers,
                       Transcript.ModelInfo model, boolean keepWords) {
        this(preparer, segmenter, recognizers, model, keepWords, null);
    }

    /** With {@code speakerLabels} null, no speaker labels. */
    public Transcriber(AudioPreparer preparer, Segmenter segmenter, ParallelRecognizer recognizers,
                       Transcript.ModelInfo model, boolean keepWords, SpeakerLabels speakerLabels) {
        this.preparer = preparer;
        this.segmenter = segmenter;
        this.recognizers = recognizers;
        this.model = model;
        this.keepWords = keepWords;
        this.speakerLabels = speakerLabels;
    }

    /**
     * Transcribes {@code input}. The decoded WAV, if any, lives in a fresh directory under
     * {@code workParent} and is removed before this returns.
     */
    public Transcript transcribe(Path input, Path workParent, Progress progress) throws IOException, InterruptedException {
        return transcribe(input, workParent, null, progress);
    }

    /**
     * Transcribes {@code input}, keeping a {@link Journal} at {@code journalPath} (unless null) of the
     * slices finished so far, and resuming from the one an earlier run of the same job left there.
     * On success the work directory is removed; the caller removes the journal once the transcript
     * is safely written. On failure both stay, for a rerun.
     */
    public Transcript transcribe(Path input, Path workParent, Path journalPath, Progress progress)
            throws IOException, InterruptedException {
        return transcribe(input, workParent, journalPath, progress, null, null);
    }

    /**
     * As {@link #transcribe(Path, Path, Path, Progress)}, with a journal that names the recording
     * {@code inputName} and the model {@code modelName} instead of their paths here (null: the
     * paths): a journal that machines share, each seeing the recording and the model at a path of
     * its own (the Spark job's, kept on the cluster's file system for a retried task).
     */
    public Transcript transcribe(Path input, Path workParent, Path journalPath, Progress progress, String inputName,
                                 String modelName) throws IOException, InterruptedException {
        return transcribe(input, workParent, journalPath, progress, inputName, modelName, null);
    }

    /**
     * Part {@code part} of {@code parts} of a recording: only the slices (or, with the block
     * schedule, the blocks) of that part ({@link BlockPlan#partStarts}) are recognised, their slices
     * written to the journal at {@code journalPath} (its header as a whole run's, its slices numbered
     * in the whole recording). A journal an earlier try of the same part left there is resumed: what
     * it heard is taken, the rest recognised. The slices of all parts, after one header, are a whole
     * run's journal: a run with it takes every slice from it and recognises nothing (the Spark job's
     * merge). Needs a history-free schedule, so that the parts' words are a whole run's.
     */
    public int recognizePart(Path input, Path workParent, Path journalPath, String inputName, String modelName, int part, int parts)
            throws IOException, InterruptedException {
        return recognizePart(input, workParent, journalPath, inputName, modelName, part, parts, Progress.NONE);
    }

    /**
     * As {@link #recognizePart(Path, Path, Path, String, String, int, int)}, telling {@code progress}
     * (which the Spark job uses to copy the journal to its store as it grows); returns how many of the
     * part's slices were taken from an earlier try's journal.
     */
    public int recognizePart(Path input, Path workParent, Path journalPath, String inputName, String modelName, int part, int parts,
                             Progress progress) throws IOException, InterruptedException {
        if (!recognizers.schedule().historyFree()) {
            throw new IllegalStateException("a recording is cut into parts only with a history-free schedule");
        }
        Part p = new Part(part, parts);
        transcribe(input, workParent, journalPath, progress, inputName, modelName, p);
        return p.taken;
    }

    /** Which part of how many; {@code taken} is set to the slices taken from a journal. */
    private static final class Part {
        final int index;
        final int of;
        int taken;

        Part(int index, int of) {
            this.index = index;
            this.of = of;
        }
    }

    private Transcript transcribe(Path input, Path workParent, Path journalPath, Progress progress, String inputName,
                                  String modelName, Part part) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        AudioPreparer.checkReadable(input);
        BasicFileAttributes attributes = Files.readAttributes(input, BasicFileAttributes.class);
        WorkDirs.removeStale(workParent);
        Journal.Header job = Journal.Header.of(inputName != null ? inputName : input.toAbsolutePath().toString(), attributes.size(),
                attributes.lastModifiedTime().toMillis(), modelName != null ? modelName : model.path(),
                segmenter.settings() + "; " + (inBlocks() ? blockPlan.settings() + "; " : "") + recognizers.settings());
        String keyProblem = journalPath == null ? null : org.longscribe.store.RunKey.current().problem();
        if (keyProblem != null && KEY_PROBLEM_SAID.compareAndSet(false, true)) {
            progress.note(keyProblem + ": this run's journal cannot be resumed");
        }
        Journal.Previous previous = journalPath == null ? null
                : usable(Journal.read(journalPath, progress::note).orElse(null), job, journalPath, progress);
        PreparedAudio prepared = previous == null ? null : keptAudio(previous.header(), journalPath);
        Path workDir = prepared != null && prepared.isTemporary() ? prepared.wav().getParent() : null;
        Journal journal = null;
        boolean done = false;
        try {
            if (prepared == null) {
                workDir = WorkDirs.create(workParent);
                TempFiles.register(workDir);
                prepared = preparer.prepare(input, workDir, progress::decoding);
            } else if (prepared.isTemporary()) {
                progress.decodedBefore();
            }
            // The model loads while the recording decodes (Pipeline.openLoading); one that does not load
            // fails here, before a journal or a progress line says anything.
            recognizers.ready();
            try (MappedPcm pcm = MappedPcm.open(prepared.wav())) {
                Journal.Previous kept = previous == null || previous.header().samples() != pcm.count() ? null : previous;
                if (journalPath != null) {
                    journal = Journal.start(journalPath, job.withAudio(prepared.isTemporary() ? prepared.wav() : null,
                            Files.size(prepared.wav()), pcm.count(), prepared.decoded()));
                    if (prepared.isTemporary()) {
                        // From here on the WAV belongs to the journal: kept through Ctrl-C and kills, for a rerun.
                        WorkDirs.keepFor(workDir, journalPath);
                        TempFiles.forget(workDir);
                    }
                }
                progress.mapped(pcm.duration());
                Transcript transcript = recognize(input, attributes, prepared, pcm, kept, journal, progress, t0, part);
                done = true;
                return transcript;
            }
        } finally {
            if (journal != null) {
                journal.close();
            }
            boolean keptForJournal = journal != null && prepared != null && prepared.isTemporary();
            if (workDir != null && (done || !keptForJournal) && WorkDirs.isWorkDir(workDir)) { // an empty one (a WAV mapped as is) never stays
                TempFiles.delete(workDir);
            }
        }
    }

    private boolean inBlocks() {
        return recognizers.schedule() == ParallelRecognizer.Schedule.BLOCKS;
    }

    /** A key that cannot be kept is said once a process, not once a recording. */
    private static final java.util.concurrent.atomic.AtomicBoolean KEY_PROBLEM_SAID = new java.util.concurrent.atomic.AtomicBoolean();

    /** The earlier run's journal if it is for this very job, else null (and its WAV removed). */
    private static Journal.Previous usable(Journal.Previous previous, Journal.Header job, Path journalPath, Progress progress) {
        if (previous == null) {
            return null;
        }
        if (previous.header().sameJob(job)) {
            return previous;
        }
        progress.note("the input, model or settings changed since the interrupted run; starting over");
        Path oldWav = previous.header().wav() == null ? null : Path.of(previous.header().wav());
        if (oldWav != null && WorkDirs.keptFor(oldWav, journalPath)) {
            TempFiles.delete(oldWav.getParent());
        }
        return null;
    }

    /** The decoded WAV an earlier run kept, if it is still whole; null means decode again. */
    private static PreparedAudio keptAudio(Journal.Header header, Path journalPath) {
        if (header.wav() == null) {
            return null; // the input itself was mapped: nothing was decoded
        }
        Path wav = Path.of(header.wav());
        try {
            if (WorkDirs.keptFor(wav, journalPath) && Files.size(wav) == header.wavBytes() && header.decoded() != null) {
                return new PreparedAudio(wav, header.decoded(), 0);
            }
        } catch (IOException e) {
            // gone (a reboot cleared /tmp, say): decode again; the slices still count if the samples match
        }
        return null;
    }

    /** The transcript; null for a part ({@code part}: its index and the number of parts; null for the whole). */
    private Transcript recognize(Path input, BasicFileAttributes attributes, PreparedAudio prepared, MappedPcm pcm,
                                 Journal.Previous previous, Journal journal, Progress progress, long t0, Part part)
            throws IOException, InterruptedException {
        TranscriptBuilder builder = new TranscriptBuilder(keepWords);
        long tRecognize = System.nanoTime();
        List<Segment> segments = segments(pcm);
        // Every slice on its own (a fresh recognizer each, or a long-lived one's turn), except the block schedule's blocks.
        List<List<Segment>> blocks = inBlocks() ? blockPlan.blocks(segments)
                : segments.stream().map(List::of).toList();
        int[] starts = part == null ? null : BlockPlan.partStarts(blocks, part.of);
        int from = part == null ? 0 : starts[part.index];
        int to = part == null || part.index + 1 == part.of ? blocks.size() : starts[part.index + 1];
        // Every block the interrupted run finished, wherever it lies: known before anything is merged.
        boolean[] finished = new boolean[blocks.size()];
        int resumed = 0;
        double resumedSeconds = 0;
        for (int b = from, first = firstSlice(blocks, from); b < to; first += blocks.get(b).size(), b++) {
            finished[b] = previous != null && finishedBefore(blocks.get(b), first, previous);
            if (finished[b]) {
                // As progress counts it: from the end of the block before to the end of this one.
                resumed += blocks.get(b).size();
                resumedSeconds += last(blocks.get(b)).endSeconds() - (b == 0 ? 0 : last(blocks.get(b - 1)).endSeconds());
            }
        }
        if (resumed > 0) {
            progress.resumed(resumed, segments.size(), resumedSeconds);
        }
        long[] mergedFrom = {0};
        ParallelRecognizer.ResultSink<Slot> heard = (slot, utterances) -> {
            if (journal != null) {
                journal.append(slot.journaled(utterances));
            }
        };
        try (ParallelRecognizer.Run<Slot> run = recognizers.start(heard, (slot, utterances) ->
                merge(slot.segment(), utterances, finished[slot.block()], builder, pcm, progress, mergedFrom))) {
            for (int b = from, first = firstSlice(blocks, from); b < to; first += blocks.get(b).size(), b++) {
                List<Segment> block = blocks.get(b);
                if (finished[b]) {
                    for (int i = 0; i < block.size(); i++) {
                        Slot slot = new Slot(first + i, b, block.get(i));
                        List<Utterance> utterances = previous.slice(first + i).utterances();
                        heard.accept(slot, utterances); // into the new journal too: a second kill keeps them
                        run.submitKnown(slot, utterances);
                    }
                } else {
                    List<ParallelRecognizer.Item<Slot>> items = new ArrayList<>(block.size());
                    for (int i = 0; i < block.size(); i++) {
                        Segment segment = block.get(i);
                        items.add(new ParallelRecognizer.Item<>(new Slot(first + i, b, segment), pcm.slice(segment.start(), segment.end())));
                    }
                    run.submit(items);
                }
            }
            run.finish();
        }
        if (part != null) {
            part.taken = resumed;
            return null; // the part's slices are in its journal
        }
        long tEnd = System.nanoTime();
        double duration = pcm.duration();
        progress.recognizedUpTo(duration);
        long samplesSent = segments.stream().mapToLong(Segment::length).sum();
        Transcript.Timings timings = new Transcript.Timings(prepared.decodeNanos() / 1e9, (tEnd - tRecognize) / 1e9,
                (tEnd - t0) / 1e9, recognizers.threads(), segments.size(), samplesSent / 16_000.0, resumed);
        Transcript.Source source = source(input, attributes, prepared, pcm);
        if (speakerLabels == null) {
            return new Transcript(builder.text(), duration, builder.segments(), source, model, timings);
        }
        // Every vector is in (the journal's included): the labels depend on nothing else.
        int[] labels = speakerLabels.clustering().label(builder.voices(), speakerLabels.count());
        List<TranscriptSegment> labelled = Speaker.label(builder.segments(), labels);
        return new Transcript(builder.text(), duration, labelled, source, model, timings,
                new Transcript.Speakers(speakerLabels.model(), speakerLabels.clustering().settings(),
                        speakerLabels.count(), Speaker.summary(labelled)));
    }

    /**
     * Every segment of the recording, decided before any is recognised (block boundaries need them
     * all). The segmenter touches every page once; each is released as soon as it is passed, so the
     * mapped recording does not accumulate in RSS (a recognizer faults its slice back in from the
     * page cache).
     */
    private List<Segment> segments(MappedPcm pcm) throws IOException, InterruptedException {
        List<Segment> segments = new ArrayList<>();
        long[] scannedTo = {0};
        segmenter.segment(pcm, segment -> {
            segments.add(segment);
            pcm.release(scannedTo[0], segment.end());
            scannedTo[0] = segment.end();
        });
        pcm.release(scannedTo[0], pcm.count());
        return segments;
    }

    /** A segment and where it is: the {@code index}-th slice of the recording, in block {@code block}. */
    private record Slot(int index, int block, Segment segment) {
        Journal.Slice journaled(List<Utterance> utterances) {
            return new Journal.Slice(index, block, segment.start(), segment.end(), utterances);
        }
    }

    /** The position of block {@code b}'s first slice. */
    private static int firstSlice(List<List<Segment>> blocks, int b) {
        int first = 0;
        for (int i = 0; i < b; i++) {
            first += blocks.get(i).size();
        }
        return first;
    }

    /**
     * Whether an earlier run's journal holds every slice of {@code block} (from position {@code first}),
     * cut as now: then the block's words are what recognising it again would give.
     */
    private static boolean finishedBefore(List<Segment> block, int first, Journal.Previous previous) {
        for (int i = 0; i < block.size(); i++) {
            Journal.Slice k = previous.slice(first + i);
            if (k == null || k.start() != block.get(i).start() || k.end() != block.get(i).end()) {
                return false;
            }
        }
        return true;
    }

    private static Segment last(List<Segment> block) {
        return block.get(block.size() - 1);
    }

    /** {@code taken}: the utterances are an interrupted run's, from its journal. */
    private static void merge(Segment segment, List<Utterance> utterances, boolean taken, TranscriptBuilder builder,
                              MappedPcm pcm, Progress progress, long[] mergedFrom) throws IOException {
        for (TranscriptSegment s : builder.add(utterances)) {
            progress.segment(s);
        }
        // Done with these pages: out of our RSS. From the previous segment's start, so that the page two
        // segments share (neither holds it whole) and the pause between them go too: on a 10-hour
        // recording those pages were 9 MB of file-backed RSS by the end.
        pcm.release(mergedFrom[0], segment.end());
        mergedFrom[0] = segment.start();
        if (taken) {
            progress.takenUpTo(segment.endSeconds());
        } else {
            progress.recognizedUpTo(segment.endSeconds());
        }
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
                decoded.codec(), decoded.sampleRate(), decoded.channels(), decoded.video());
    }
}
