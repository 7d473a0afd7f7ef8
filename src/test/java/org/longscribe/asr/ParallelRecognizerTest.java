package org.longscribe.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import org.longscribe.pcm.MappedPcm;

/** Scheduling, with a fake recognizer that says which recognizer heard which slice. */
class ParallelRecognizerTest {
    @TempDir
    Path dir;

    /** Answers each slice with "rN:START", N counting recognizers in creation order. */
    private static final class Fake implements SegmentRecognizer.Factory {
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        /** "thread:slice start": lane threads are started in order, so their names are deterministic. */
        final List<String> heard = Collections.synchronizedList(new ArrayList<>());
        volatile long failAt = -1;

        @Override
        public SegmentRecognizer create() {
            int id = created.incrementAndGet();
            return new SegmentRecognizer() {
                @Override
                public List<Utterance> recognize(org.longscribe.pcm.PcmSlice slice) throws IOException {
                    if (slice.start() == failAt) {
                        throw new RecognitionException("cannot hear " + slice, null);
                    }
                    heard.add(Thread.currentThread().getName() + ":" + slice.start());
                    try {
                        Thread.sleep(1 + slice.start() % 7); // finish out of order across workers
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return List.of(new Utterance(0, 0, "r" + id + ":" + slice.start(), List.of(), List.of()));
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }
    }

    @Test
    void eachBlockGetsAFreshRecognizerAndResultsArriveInSubmissionOrder() throws Exception {
        Fake fake = new Fake();
        List<Long> delivered = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        try (MappedPcm pcm = MappedPcm.open(TestAudio.writeWav(dir.resolve("a.wav"), new short[100_000], 16000));
             ParallelRecognizer workers = new ParallelRecognizer(fake, 3, ParallelRecognizer.Schedule.BLOCKS)) {
            try (ParallelRecognizer.Run<Long> run = workers.start((tag, utterances) -> {
                delivered.add(tag);
                texts.add(utterances.get(0).text());
            })) {
                submitBlocks(run, pcm, 10, 4);
                run.finish();
            }
        }
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 40; i++) {
            expected.add(i * 1000);
        }
        assertEquals(expected, delivered);
        assertEquals(10, fake.created.get(), "one recognizer per block");
        assertEquals(10, fake.closed.get(), "each closed after its block");
        for (int b = 0; b < 10; b++) {
            // The four slices of a block were heard by one recognizer, in order.
            String first = texts.get(b * 4).substring(0, texts.get(b * 4).indexOf(':'));
            for (int s = 0; s < 4; s++) {
                assertEquals(first + ":" + (b * 4 + s) * 1000, texts.get(b * 4 + s));
            }
        }
    }

    @Test
    void eachSliceGetsAFreshRecognizerOnAnyWorkerAndResultsArriveInSubmissionOrder() throws Exception {
        Fake fake = new Fake();
        List<Long> delivered = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        try (MappedPcm pcm = MappedPcm.open(TestAudio.writeWav(dir.resolve("a.wav"), new short[100_000], 16000));
             ParallelRecognizer workers = new ParallelRecognizer(fake, 3, ParallelRecognizer.Schedule.SLICES)) {
            try (ParallelRecognizer.Run<Long> run = workers.start((tag, utterances) -> {
                delivered.add(tag);
                texts.add(utterances.get(0).text());
            })) {
                submitBlocks(run, pcm, 2, 20); // however the caller groups them
                run.finish();
            }
        }
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 40; i++) {
            expected.add(i * 1000);
        }
        assertEquals(expected, delivered);
        assertEquals(40, fake.created.get(), "one recognizer per slice");
        assertEquals(40, fake.closed.get(), "each closed after its slice");
        assertEquals(40, texts.stream().map(t -> t.substring(0, t.indexOf(':'))).distinct().count(), "no recognizer heard two slices");
        assertTrue(fake.heard.stream().map(h -> h.substring(0, h.indexOf(':'))).distinct().count() > 1, "on more than one worker");
    }

    @Test
    void fastKeepsOneRecognizerPerWorkerAndAssignsSlicesByLengthAloneRunAfterRun() throws Exception {
        List<List<String>> heardInTwoRuns = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            Fake fake = new Fake();
            List<Long> delivered = new ArrayList<>();
            try (MappedPcm pcm = MappedPcm.open(TestAudio.writeWav(dir.resolve("f" + attempt + ".wav"), new short[100_000], 16000));
                 ParallelRecognizer workers = new ParallelRecognizer(fake, 3, ParallelRecognizer.Schedule.FAST)) {
                try (ParallelRecognizer.Run<Long> run = workers.start((tag, utterances) -> delivered.add(tag))) {
                    submitBlocks(run, pcm, 30, 1);
                    run.finish();
                }
                try (ParallelRecognizer.Run<Long> run = workers.start((tag, utterances) -> delivered.add(tag))) {
                    submitBlocks(run, pcm, 6, 1); // a second recording on the same workers
                    run.finish();
                }
            }
            assertEquals(36, delivered.size());
            assertEquals(3, fake.created.get(), "one recognizer per worker, kept across runs");
            assertEquals(3, fake.closed.get(), "closed with the workers");
            List<String> heard = new ArrayList<>(fake.heard);
            Collections.sort(heard);
            heardInTwoRuns.add(heard);
        }
        // Which recognizer heard which slice is decided by slice lengths, not by which worker was free first.
        assertEquals(heardInTwoRuns.get(0), heardInTwoRuns.get(1));
    }

    @Test
    void aFailureReachesTheCallerAndStopsTheRestOfTheRun() throws Exception {
        Fake fake = new Fake();
        fake.failAt = 5000;
        try (MappedPcm pcm = MappedPcm.open(TestAudio.writeWav(dir.resolve("b.wav"), new short[100_000], 16000));
             ParallelRecognizer workers = new ParallelRecognizer(fake, 2, ParallelRecognizer.Schedule.BLOCKS)) {
            ParallelRecognizer.Run<Long> run = workers.start((tag, utterances) -> { });
            IOException e = assertThrows(IOException.class, () -> {
                try (run) {
                    submitBlocks(run, pcm, 5, 3);
                    run.finish();
                }
            });
            assertTrue(e.getMessage().contains("cannot hear"), e.getMessage());
        }
        assertEquals(fake.created.get(), fake.closed.get(), "every recognizer closed with the workers");
        assertTrue(fake.heard.size() < 14, "the last blocks were skipped once the caller stopped: " + fake.heard);
    }

    /**
     * What the journal relies on: every recognised slice is heard once, on the worker, before it is
     * delivered, while an earlier block may still be running; known results (a resume's) are
     * delivered in their turn without a recognizer; a failing {@code heard} fails its slice.
     */
    @Test
    void slicesAreHeardAsTheyFinishAndKnownOnesAreDeliveredInTheirTurn() throws Exception {
        Fake fake = new Fake();
        List<Long> heardTags = Collections.synchronizedList(new ArrayList<>());
        List<String> delivered = new ArrayList<>();
        java.util.concurrent.CountDownLatch laterBlockHeard = new java.util.concurrent.CountDownLatch(1);
        try (MappedPcm pcm = MappedPcm.open(TestAudio.writeWav(dir.resolve("h.wav"), new short[100_000], 16000));
             ParallelRecognizer workers = new ParallelRecognizer(fake, 2, ParallelRecognizer.Schedule.BLOCKS)) {
            try (ParallelRecognizer.Run<Long> run = workers.start((tag, utterances) -> {
                assertTrue(Thread.currentThread().getName().startsWith("recognizer-"), Thread.currentThread().getName());
                if (tag == 0) {
                    try { // the first block's first slice waits until a later block is heard: out of order
                        assertTrue(laterBlockHeard.await(10, java.util.concurrent.TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                }
                heardTags.add(tag);
                if (tag >= 8000) { // counted down once heard: else slice 0 could be added before it
                    laterBlockHeard.countDown();
                }
            }, (tag, utterances) -> delivered.add(tag + "=" + utterances.get(0).text()))) {
                submitBlocks(run, pcm, 2, 4); // slices 0..7000
                run.submitKnown(-1L, List.of(new Utterance(0, 0, "from the journal", List.of(), List.of())));
                List<ParallelRecognizer.Item<Long>> later = new ArrayList<>();
                for (long start = 8000; start < 12000; start += 1000) {
                    later.add(new ParallelRecognizer.Item<>(start, pcm.slice(start, start + 500)));
                }
                run.submit(later);
                run.finish();
            }
        }
        assertEquals(12, heardTags.size(), "every recognised slice heard once, the known one not: " + heardTags);
        assertTrue(heardTags.indexOf(8000L) < heardTags.indexOf(0L), "heard as finished, not in order: " + heardTags);
        assertEquals(13, delivered.size());
        assertEquals("-1=from the journal", delivered.get(8), "in its turn: " + delivered);
        assertEquals(3, fake.created.get(), "a recognizer per block; the known slice took none");

        Fake failing = new Fake();
        try (MappedPcm pcm = MappedPcm.open(TestAudio.writeWav(dir.resolve("g.wav"), new short[100_000], 16000));
             ParallelRecognizer workers = new ParallelRecognizer(failing, 2, ParallelRecognizer.Schedule.BLOCKS)) {
            ParallelRecognizer.Run<Long> run = workers.start((tag, utterances) -> {
                if (tag == 2000) {
                    throw new IOException("journal full");
                }
            }, (tag, utterances) -> { });
            IOException e = assertThrows(IOException.class, () -> {
                try (run) {
                    submitBlocks(run, pcm, 3, 3);
                    run.finish();
                }
            });
            assertEquals("journal full", e.getMessage());
        }
    }

    /** {@code blocks} blocks of {@code size} slices of 500 samples, slice k starting at sample 1000 k (its tag). */
    private static void submitBlocks(ParallelRecognizer.Run<Long> run, MappedPcm pcm, int blocks, int size) throws IOException {
        for (int b = 0; b < blocks; b++) {
            List<ParallelRecognizer.Item<Long>> block = new ArrayList<>();
            for (int s = 0; s < size; s++) {
                long start = ((long) b * size + s) * 1000;
                block.add(new ParallelRecognizer.Item<>(start, pcm.slice(start, start + 500)));
            }
            run.submit(block);
        }
    }
}
