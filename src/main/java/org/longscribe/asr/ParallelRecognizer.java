package org.longscribe.asr;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.longscribe.pcm.PcmSlice;

/**
 * N worker threads, each with its own recognizer (created on first use, reused with a reset between
 * slices: a fresh recognizer per slice doubles the CPU cost). The recognizers are kept across runs,
 * so a batch of files shares one set of workers.
 */
public final class ParallelRecognizer implements AutoCloseable {
    private final SegmentRecognizer.Factory factory;
    private final int threads;
    private final ExecutorService executor;
    private final BlockingQueue<SegmentRecognizer> idle = new LinkedBlockingQueue<>();
    private final List<SegmentRecognizer> all = new ArrayList<>();

    public ParallelRecognizer(SegmentRecognizer.Factory factory, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.factory = factory;
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory named = r -> {
            Thread t = new Thread(r, "recognizer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newFixedThreadPool(threads, named);
    }

    public int threads() {
        return threads;
    }

    /** What, besides the model, changes the words (see {@link SegmentRecognizer.Factory#settings()}). */
    public String settings() {
        return factory.settings();
    }

    /** Starts a run whose results are delivered in submission order, with at most {@code maxInFlight} pending. */
    public <T> Run<T> start(ResultSink<T> sink, int maxInFlight) {
        return new Run<>(sink, Math.max(1, maxInFlight));
    }

    /** Receives each slice's utterances, in the order the slices were submitted. */
    @FunctionalInterface
    public interface ResultSink<T> {
        void accept(T tag, List<Utterance> utterances) throws IOException;
    }

    /** One recording's worth of slices. Not thread-safe: one thread submits and receives. */
    public final class Run<T> implements AutoCloseable {
        private final ResultSink<T> sink;
        private final int maxInFlight;
        private final Deque<Pending<T>> pending = new ArrayDeque<>();
        private volatile boolean abandoned;

        private Run(ResultSink<T> sink, int maxInFlight) {
            this.sink = sink;
            this.maxInFlight = maxInFlight;
        }

        /**
         * Queues a slice; blocks while {@code maxInFlight} are pending, delivering finished results in order.
         * The slice's mapping must stay open until {@link #finish()} returns.
         */
        public void submit(T tag, PcmSlice slice) throws IOException, InterruptedException {
            CompletableFuture<List<Utterance>> future = CompletableFuture.supplyAsync(
                    () -> abandoned ? List.of() : recognize(slice), executor);
            pending.addLast(new Pending<>(tag, future));
            while (pending.size() > maxInFlight || (!pending.isEmpty() && pending.peekFirst().future.isDone())) {
                deliverHead();
            }
        }

        /** Waits for every pending slice and delivers the rest, in order. */
        public void finish() throws IOException, InterruptedException {
            while (!pending.isEmpty()) {
                deliverHead();
            }
        }

        private void deliverHead() throws IOException, InterruptedException {
            Pending<T> head = pending.removeFirst();
            List<Utterance> result;
            try {
                result = head.future.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException ce ? ce.getCause() : e.getCause();
                if (cause instanceof UncheckedRecognition u) {
                    throw u.getCause();
                }
                throw new RecognitionException("recognizer failed: " + cause, cause);
            }
            sink.accept(head.tag, result);
        }

        /**
         * Skips what has not started and waits for what has. CompletableFuture.cancel would return
         * while a worker is still inside Vosk reading the mapping; unmapping then would crash the JVM.
         */
        @Override
        public void close() {
            abandoned = true;
            boolean interrupted = false;
            for (Pending<T> p : pending) {
                while (true) {
                    try {
                        p.future.get();
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

    private record Pending<T>(T tag, CompletableFuture<List<Utterance>> future) {
    }

    private List<Utterance> recognize(PcmSlice slice) {
        SegmentRecognizer recognizer = borrow();
        try {
            return recognizer.recognize(slice);
        } catch (IOException e) {
            throw new UncheckedRecognition(e);
        } finally {
            idle.add(recognizer);
        }
    }

    private SegmentRecognizer borrow() {
        SegmentRecognizer r = idle.poll();
        if (r != null) {
            return r;
        }
        synchronized (all) {
            // At most one recognizer per worker thread: a worker only borrows while running a task.
            if (all.size() < threads) {
                try {
                    r = factory.create();
                } catch (IOException e) {
                    throw new UncheckedRecognition(e);
                }
                all.add(r);
                return r;
            }
        }
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedRecognition(new java.io.InterruptedIOException("interrupted waiting for a recognizer"));
        }
    }

    /** Stops the workers and frees every recognizer. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (all) {
            for (SegmentRecognizer r : all) {
                r.close();
            }
            all.clear();
        }
        idle.clear();
    }

    private static final class UncheckedRecognition extends RuntimeException {
        UncheckedRecognition(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
