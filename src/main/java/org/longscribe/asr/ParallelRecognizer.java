package org.longscribe.asr;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.longscribe.pcm.PcmSlice;

/**
 * N worker threads that recognise slices of a recording, delivering results in order. How a slice
 * is given to a recognizer is the schedule; which ones keep a slice's words a function of the model
 * and the slice alone depends on the model's decoding graph:
 *
 * <ul>
 *   <li>{@link Schedule#SLICES}: each slice is decoded by a recognizer created for it and closed
 *       after it, on whichever worker is free. Nothing of one slice reaches the next: not the
 *       feature pipeline's adaptation, not the decoder, not the float32 origin that Vosk adds to
 *       every word time (a long-lived recognizer's grows with what it has heard, and MBR word times
 *       are not on a frame grid: on the hard 20-minute benchmark recording one word's start, in 87
 *       slices, rounded to another millisecond).
 *       With a composed graph (graph/HCLG.fst) a recognizer is cheap to create, and this costs no
 *       more than the others (docs/performance.md).
 *   <li>{@link Schedule#BLOCKS}: for a lazily composed graph (graph/HCLr.fst + Gr.fst), whose
 *       recognizers each build a graph cache that numbers states in the order the decoder meets
 *       them, so that equal-cost paths, and words, depend on what the recognizer decoded before. A
 *       submitted block of consecutive slices is decoded in order by one fresh recognizer: a slice's
 *       words depend on its block alone, and a block pays for one cold cache.
 *   <li>{@link Schedule#FAST}: a lazily composed graph's long-lived recognizers, one per worker,
 *       their caches warm. Each slice goes to the worker with the least audio assigned so far in
 *       this run (ties to the lowest), so the same command gives the same transcript again; another
 *       thread count, a resume, or other recordings before it in the process may give other words.
 * </ul>
 *
 * <p>The workers (and, for FAST, their recognizers) are kept across runs, so a batch of files shares
 * one set of threads.
 */
public final class ParallelRecognizer implements AutoCloseable {
    /** How slices are given to recognizers; see the class comment. */
    public enum Schedule {
        SLICES, BLOCKS, FAST;

        /** Whether a slice's words are independent of the thread count, of a resume and of what ran before. */
        public boolean historyFree() {
            return this != FAST;
        }
    }

    private final SegmentRecognizer.Factory factory;
    private final int threads;
    private final Schedule schedule;
    /** SLICES, BLOCKS: one pool, any free worker takes the next slice or block. FAST: one single-thread lane per worker. */
    private final ExecutorService pool;
    private final ExecutorService[] lanes;
    private final SegmentRecognizer[] laneRecognizers;

    public ParallelRecognizer(SegmentRecognizer.Factory factory, int threads, Schedule schedule) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.factory = factory;
        this.threads = threads;
        this.schedule = schedule;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory named = r -> {
            Thread t = new Thread(r, "recognizer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        if (schedule != Schedule.FAST) {
            this.pool = Executors.newFixedThreadPool(threads, named);
            this.lanes = null;
            this.laneRecognizers = null;
        } else {
            this.pool = null;
            this.lanes = new ExecutorService[threads];
            for (int i = 0; i < threads; i++) {
                lanes[i] = Executors.newSingleThreadExecutor(named);
            }
            this.laneRecognizers = new SegmentRecognizer[threads];
        }
    }

    public int threads() {
        return threads;
    }

    public Schedule schedule() {
        return schedule;
    }

    /** Returns once the recognizers' models are loaded, or fails as a recognizer would (see {@link SegmentRecognizer.Factory#ready()}). */
    public void ready() throws IOException {
        factory.ready();
    }

    /** What, besides the model, changes the words (see {@link SegmentRecognizer.Factory#settings()}). */
    public String settings() {
        return factory.settings() + " schedule=" + schedule.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Starts a run whose results are delivered in submission order. */
    public <T> Run<T> start(ResultSink<T> sink) {
        return new Run<>((tag, utterances) -> { }, sink);
    }

    /**
     * As {@link #start(ResultSink)}, and each slice's result is also handed to {@code heard} as soon as
     * it is recognised, on the worker's thread, in any order (a journal: what is finished is kept even
     * while an earlier block is still running). {@code heard} must be thread-safe; when it fails, the
     * slice fails with its exception.
     */
    public <T> Run<T> start(ResultSink<T> heard, ResultSink<T> sink) {
        return new Run<>(heard, sink);
    }

    /** Receives each slice's utterances, in the order the slices were submitted. */
    @FunctionalInterface
    public interface ResultSink<T> {
        void accept(T tag, List<Utterance> utterances) throws IOException;
    }

    /** A slice to recognise and the caller's tag for it, handed back with its result. */
    public record Item<T>(T tag, PcmSlice slice) {
    }

    /** One recording's worth of slices. Not thread-safe: one thread submits and receives. */
    public final class Run<T> implements AutoCloseable {
        private final ResultSink<T> heard;
        private final ResultSink<T> sink;
        private final Deque<Pending<T>> pending = new ArrayDeque<>();
        /** FAST: samples assigned to each lane in this run. */
        private final long[] assigned = new long[threads];
        private volatile boolean abandoned;

        private Run(ResultSink<T> heard, ResultSink<T> sink) {
            this.heard = heard;
            this.sink = sink;
        }

        /**
         * A slice whose result is already known (an interrupted run's, from its journal): not
         * recognised, delivered in its turn among the submitted ones.
         */
        public void submitKnown(T tag, List<Utterance> utterances) throws IOException {
            pending.addLast(new Pending<>(tag, CompletableFuture.completedFuture(utterances)));
            deliverDone();
        }

        /**
         * Queues a block of consecutive slices (SLICES: each by a fresh recognizer of its own, on any
         * worker; BLOCKS: decoded in order by one fresh recognizer; FAST: each slice to its lane) and delivers whatever results are already in, in order, without
         * waiting. The slices' mapping must stay open until {@link #finish()} or {@link #close()} returns.
         */
        public void submit(List<Item<T>> block) throws IOException {
            if (block.isEmpty()) {
                return;
            }
            List<CompletableFuture<List<Utterance>>> results = new ArrayList<>(block.size());
            for (Item<T> item : block) {
                CompletableFuture<List<Utterance>> result = new CompletableFuture<>();
                results.add(result);
                pending.addLast(new Pending<>(item.tag(), result));
            }
            if (schedule == Schedule.SLICES) {
                for (int i = 0; i < block.size(); i++) {
                    List<Item<T>> one = List.of(block.get(i));
                    List<CompletableFuture<List<Utterance>>> itsResult = List.of(results.get(i));
                    pool.execute(() -> recognizeBlock(one, itsResult));
                }
            } else if (schedule == Schedule.BLOCKS) {
                pool.execute(() -> recognizeBlock(block, results));
            } else {
                for (int i = 0; i < block.size(); i++) {
                    int lane = leastAssigned();
                    assigned[lane] += block.get(i).slice().sampleCount();
                    PcmSlice slice = block.get(i).slice();
                    CompletableFuture<List<Utterance>> result = results.get(i);
                    T tag = block.get(i).tag();
                    lanes[lane].execute(() -> recognizeOnLane(lane, tag, slice, result));
                }
            }
            deliverDone();
        }

        /** Delivers the results already in, in order, up to the first still running. */
        private void deliverDone() throws IOException {
            while (!pending.isEmpty() && pending.peekFirst().result.isDone()) {
                deliverHead();
            }
        }

        private int leastAssigned() {
            int best = 0;
            for (int i = 1; i < assigned.length; i++) {
                if (assigned[i] < assigned[best]) {
                    best = i;
                }
            }
            return best;
        }

        private void recognizeOnLane(int lane, T tag, PcmSlice slice, CompletableFuture<List<Utterance>> result) {
            try {
                if (abandoned) {
                    result.complete(List.of());
                    return;
                }
                if (laneRecognizers[lane] == null) {
                    laneRecognizers[lane] = factory.create(); // only this lane's thread touches it
                }
                List<Utterance> utterances = laneRecognizers[lane].recognize(slice);
                heard.accept(tag, utterances);
                result.complete(utterances);
                slice.release(); // its pages out of RSS now, not when merged in order (see recognizeBlock)
            } catch (IOException | RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }

        private void recognizeBlock(List<Item<T>> block, List<CompletableFuture<List<Utterance>>> results) {
            int next = 0;
            try {
                if (!abandoned) {
                    try (SegmentRecognizer recognizer = factory.create()) {
                        for (; next < block.size() && !abandoned; next++) {
                            PcmSlice slice = block.get(next).slice();
                            List<Utterance> utterances = recognizer.recognize(slice);
                            heard.accept(block.get(next).tag(), utterances);
                            results.get(next).complete(utterances);
                            // Out of RSS as soon as heard: a block waits to be merged until the blocks before
                            // it are, and its pages (up to 20 minutes, 38 MB) would stay resident meanwhile.
                            // Safe under a running reader: a released page of a read-only file mapping is
                            // faulted back in from the page cache, never unmapped.
                            slice.release();
                        }
                    }
                }
            } catch (IOException | RuntimeException | Error e) {
                if (next < results.size()) {
                    results.get(next++).completeExceptionally(e);
                }
            } finally {
                // Every result completes, so that close() can wait for them all.
                for (; next < results.size(); next++) {
                    results.get(next).complete(List.of());
                }
            }
        }

        /** Waits for every pending slice and delivers the rest, in order. */
        public void finish() throws IOException, InterruptedException {
            while (!pending.isEmpty()) {
                deliverHead();
            }
        }

        private void deliverHead() throws IOException {
            Pending<T> head = pending.removeFirst();
            List<Utterance> result;
            try {
                result = head.result.get();
            } catch (InterruptedException e) {
                pending.addFirst(head);
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted waiting for the recognizers");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new RecognitionException("recognizer failed: " + e.getCause(), e.getCause());
            }
            sink.accept(head.tag, result);
        }

        /**
         * Skips what has not started and waits for what has: a worker may still be inside Vosk reading
         * the mapping, and unmapping under it would crash the JVM.
         */
        @Override
        public void close() {
            abandoned = true;
            boolean interrupted = false;
            for (Pending<T> p : pending) {
                while (true) {
                    try {
                        p.result.get();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        break;
                    }
                }
            }
            pending.clear();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Pending<T>(T tag, CompletableFuture<List<Utterance>> result) {
    }

    /** Stops the workers and frees the recognizers they kept. */
    @Override
    public void close() {
        List<ExecutorService> all = pool != null ? List.of(pool) : List.of(lanes);
        for (ExecutorService e : all) {
            e.shutdownNow();
        }
        try {
            for (ExecutorService e : all) {
                e.awaitTermination(1, TimeUnit.MINUTES);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (laneRecognizers != null) {
            for (int i = 0; i < laneRecognizers.length; i++) {
                if (laneRecognizers[i] != null) {
                    laneRecognizers[i].close();
                    laneRecognizers[i] = null;
                }
            }
        }
    }
}
