package org.longscribe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.cli.Main;
import org.longscribe.model.ModelLocator;
import org.longscribe.transcript.OutputFormat;
import picocli.CommandLine;

/**
 * The job in Spark local mode on test-data: the same transcripts as the CLI, a manifest row per
 * recording, a broken file reported rather than failing the job, a rerun that skips finished work.
 */
class SparkTranscribeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JavaSparkContext sc;

    @TempDir
    Path dir;

    @BeforeAll
    static void spark() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("longscribe-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    static Path testData(String name) {
        return Path.of(System.getProperty("user.dir"), "test-data", name);
    }

    private JobOptions options(Path out) throws org.longscribe.error.ModelException {
        return new JobOptions(out.toUri().toString(), List.of(OutputFormat.JSON, OutputFormat.SRT),
                ModelLocator.resolve(null).toString(), 2, dir.resolve("scratch").toString());
    }

    /** JSON only, one recognizer thread: the resume tests' options. */
    private JobOptions oneThreadJson(Path out) throws org.longscribe.error.ModelException {
        return new JobOptions(out.toUri().toString(), List.of(OutputFormat.JSON), ModelLocator.resolve(null).toString(), 1,
                dir.resolve("scratch").toString());
    }

    @Test
    void transcribesLikeTheCliReportsTheBrokenOneAndSkipsOnRerun() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(testData("lecture.mp3"), in.resolve("lecture.mp3"));
        Files.createDirectories(in.resolve("weather"));
        Files.copy(testData("weather.ogg"), in.resolve("weather/forecast.ogg"));
        Files.copy(testData("weather.m4a"), in.resolve("weather/forecast-aac.m4a"));
        byte[] noise = new byte[30_000];
        new Random(1).nextBytes(noise);
        Files.write(in.resolve("broken.mp3"), noise);
        Files.writeString(in.resolve("notes.txt"), "not a recording");
        Path out = dir.resolve("out");

        int loadsBefore = ExecutorPipeline.MODEL_LOADS.get();
        SparkTranscribe.Summary first = SparkTranscribe.run(sc, in.toString(), out.toString(), options(out));

        assertEquals(3, first.ok(), first.rows().toString());
        assertEquals(1, first.failed(), first.rows().toString());
        assertEquals(0, first.skipped());
        Map<String, JsonNode> manifest = manifest(out);
        assertEquals(List.of("broken.mp3", "lecture.mp3", "weather/forecast-aac.m4a", "weather/forecast.ogg"),
                List.copyOf(manifest.keySet()), "one row per recording, notes.txt is not one");
        JsonNode broken = manifest.get("broken.mp3");
        assertEquals("failed", broken.path("status").asText());
        assertTrue(broken.path("error").asText().contains("not a recording FFmpeg can open"), broken.toString());
        JsonNode lecture = manifest.get("lecture.mp3");
        assertEquals("ok", lecture.path("status").asText());
        assertEquals(43.4, lecture.path("duration").asDouble(), 0.2);
        assertTrue(lecture.path("words").asInt() > 60, lecture.toString());
        assertTrue(lecture.path("path").asText().endsWith("/in/lecture.mp3"), lecture.toString());
        assertNotEquals(lecture.path("partition").asInt(), manifest.get("weather/forecast.ogg").path("partition").asInt(),
                "the longest recording and the next one in different tasks: " + manifest.values());
        assertTrue(ExecutorPipeline.MODEL_LOADS.get() - loadsBefore <= 1, "one model per executor JVM, shared by its tasks");
        int loads = ExecutorPipeline.MODEL_LOADS.get();

        // Word for word, time for time, the CLI's transcript of the same file.
        for (String rel : List.of("lecture.mp3", "weather/forecast.ogg", "weather/forecast-aac.m4a")) {
            String base = rel.substring(0, rel.lastIndexOf('.'));
            JsonNode spark = JSON.readTree(out.resolve(base + ".json").toFile());
            JsonNode cli = cli(in.resolve(rel));
            assertEquals(cli.path("text"), spark.path("text"), rel);
            assertEquals(cli.path("segments"), spark.path("segments"), rel);
            assertEquals(cli.path("source"), spark.path("source"), rel);
            assertTrue(Files.readString(out.resolve(base + ".srt")).startsWith("1\n"), rel);
        }
        try (Stream<Path> files = Files.walk(out)) {
            List<String> names = files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()).sorted().toList();
            assertEquals(List.of(SparkTranscribe.MANIFEST, "lecture.json", "lecture.srt", "weather/forecast-aac.json",
                    "weather/forecast-aac.srt", "weather/forecast.json", "weather/forecast.srt"), names,
                    "no temporary or checksum files");
        }

        // Rerun from a list of the same files (plus one that does not exist): finished work is skipped.
        Map<String, FileTime> before = mtimes(out);
        Path list = Files.writeString(dir.resolve("list.txt"), "# the archive\n"
                + Stream.of("lecture.mp3", "weather/forecast.ogg", "weather/forecast-aac.m4a", "broken.mp3", "gone.mp3")
                .map(rel -> in.resolve(rel).toUri().toString()).collect(Collectors.joining("\n")) + "\n");
        SparkTranscribe.Summary second = SparkTranscribe.run(sc, list.toString(), out.toString(), options(out));
        assertEquals(3, second.skipped(), second.rows().toString());
        assertEquals(0, second.ok());
        assertEquals(2, second.failed());
        Map<String, JsonNode> again = manifest(out);
        assertEquals("skipped", again.get("lecture.mp3").path("status").asText());
        assertEquals(43.4, again.get("lecture.mp3").path("duration").asDouble(), 0.2);
        assertTrue(again.get("gone.mp3").path("error").asText().contains("no such file"), again.get("gone.mp3").toString());
        Map<String, FileTime> after = mtimes(out);
        after.remove(SparkTranscribe.MANIFEST);
        before.remove(SparkTranscribe.MANIFEST);
        assertEquals(before, after, "no transcript rewritten");
        assertEquals(loads, ExecutorPipeline.MODEL_LOADS.get());
    }

    @Test
    void labelsSpeakersLikeTheCli() throws Exception {
        Path speakerModel = ModelLocator.modelsDir().resolve(ModelLocator.DEFAULT_SPEAKER_MODEL);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                org.longscribe.asr.vosk.VoskSpeakerModel.missingParts(speakerModel).isEmpty(), "no speaker model");
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(testData("interview.mp3"), in.resolve("interview.mp3"));
        Path out = dir.resolve("out");
        SparkTranscribe.Summary s = SparkTranscribe.run(sc, in.toString(), out.toString(),
                options(out).withSpeakers(speakerModel.toString(), 0));
        assertEquals(1, s.ok(), s.rows().toString());
        JsonNode spark = JSON.readTree(out.resolve("interview.json").toFile());
        assertEquals(3, spark.path("speakers").size(), spark.path("speakers").toString());
        JsonNode cli = cli(in.resolve("interview.mp3"), "--speakers");
        assertEquals(cli.path("segments"), spark.path("segments"));
        assertEquals(cli.path("speakers"), spark.path("speakers"));
        assertTrue(Files.readString(out.resolve("interview.srt")).contains("\nS1: "));
        // Asked again without labels: made again, without them.
        SparkTranscribe.Summary plain = SparkTranscribe.run(sc, in.toString(), out.toString(), options(out));
        assertEquals(1, plain.ok(), plain.rows().toString());
        assertTrue(JSON.readTree(out.resolve("interview.json").toFile()).path("speakers").isMissingNode());
    }

    @Test
    void recordingsOnAnotherFileSystemAreCopiedToScratchAndNamedByTheirUri() throws Exception {
        Path in = Files.createDirectories(dir.resolve("archive/2026"));
        Files.copy(testData("weather.flac"), in.resolve("forecast.flac"));
        Path out = dir.resolve("out");
        // Hadoop's view file system: a scheme other than file:// (as hdfs:// or s3a://), mounted on a local folder.
        String mount = "viewfs://archive-" + Math.abs(dir.hashCode());
        sc.hadoopConfiguration().set("fs.viewfs.mounttable." + mount.substring("viewfs://".length()) + ".link./audio",
                dir.resolve("archive").toUri().toString());

        SparkTranscribe.Summary s = SparkTranscribe.run(sc, mount + "/audio", out.toString(), options(out));

        assertEquals(1, s.ok(), s.rows().toString());
        JsonNode spark = JSON.readTree(out.resolve("2026/forecast.json").toFile());
        assertEquals(mount + "/audio/2026/forecast.flac", spark.path("source").path("path").asText());
        JsonNode cli = cli(in.resolve("forecast.flac"));
        assertEquals(cli.path("segments"), spark.path("segments"));
        assertEquals(cli.path("source").path("modified"), spark.path("source").path("modified"),
                "the copy carries the original's time, so a rerun can tell it is up to date");
        try (Stream<Path> left = Files.list(dir.resolve("scratch"))) {
            assertEquals(List.of(), left.toList(), "the copy and the decoded WAV are removed");
        }
        assertEquals(1, SparkTranscribe.run(sc, mount + "/audio", out.toString(), options(out)).skipped());
    }

    /** {@code copies} of test-data/weather.wav with 0.8 s of silence between: a recording long enough for several blocks. */
    static Path tiled(Path file, int copies) throws Exception {
        try (javax.sound.sampled.AudioInputStream in = javax.sound.sampled.AudioSystem.getAudioInputStream(testData("weather.wav").toFile())) {
            byte[] speech = in.readAllBytes();
            byte[] pause = new byte[(int) (0.8 * 16000) * 2];
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (int k = 0; k < copies; k++) {
                all.write(pause);
                all.write(speech);
            }
            byte[] pcm = all.toByteArray();
            javax.sound.sampled.AudioSystem.write(new javax.sound.sampled.AudioInputStream(new java.io.ByteArrayInputStream(pcm),
                    in.getFormat(), pcm.length / 2), javax.sound.sampled.AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }

    /**
     * A job stopped part way through a long recording (its job group cancelled, the task interrupted,
     * as when an executor is lost): the recording's journal waits in the output store, and the next
     * attempt takes the finished blocks from it; the transcript equals an uninterrupted run's.
     */
    @Test
    void aTaskStoppedPartWayLeavesItsJournalInTheOutputAndTheNextAttemptResumes() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path wav = tiled(in.resolve("long.wav"), 16);
        Path out = dir.resolve("out");
        Path kept = out.resolve(ExecutorPipeline.JOURNALS + "/long.json" + org.longscribe.job.Journal.SUFFIX);
        JobOptions options = oneThreadJson(out);
        stopPartWay(in, wav, out, kept, options);

        SparkTranscribe.Summary again = SparkTranscribe.run(sc, in.toString(), out.toString(), options);
        assertEquals(1, again.ok(), again.rows().toString());
        JsonNode spark = JSON.readTree(out.resolve("long.json").toFile());
        assertTrue(spark.path("timings").path("slices_resumed").asInt() > 0, spark.path("timings").toString());
        assertTrue(Files.notExists(kept), "a finished recording's journal is removed");
        JsonNode cli = cli(wav);
        assertEquals(cli.path("segments"), spark.path("segments"), "the same transcript as an uninterrupted run");
        try (Stream<Path> left = Files.list(dir.resolve("scratch"))) {
            assertEquals(List.of(), left.toList(), "scratch emptied");
        }
    }

    /** Runs the job over {@code in} and stops it (its job group cancelled) once its journal in {@code out} has 60 % of {@code wav}. */
    private void stopPartWay(Path in, Path wav, Path out, Path kept, JobOptions options) throws Exception {
        long samples = (Files.size(wav) - 44) / 2;
        System.setProperty("longscribe.spark.journal-seconds", "0");
        try {
            java.util.concurrent.atomic.AtomicReference<Throwable> stopped = new java.util.concurrent.atomic.AtomicReference<>();
            Thread job = new Thread(() -> {
                sc.setJobGroup("stopped-part-way", "a job stopped part way", true);
                try {
                    SparkTranscribe.run(sc, in.toString(), out.toString(), options);
                } catch (Throwable t) {
                    stopped.set(t);
                } finally {
                    sc.clearJobGroup();
                }
            });
            job.start();
            long deadline = System.nanoTime() + 180_000_000_000L;
            long heardTo = 0;
            while (System.nanoTime() < deadline && job.isAlive() && heardTo < samples * 6 / 10) {
                if (Files.isRegularFile(kept)) {
                    List<String> lines = Files.readAllLines(kept);
                    for (String line : lines.subList(1, lines.size())) {
                        heardTo = Math.max(heardTo, JSON.readTree(line).path("end").asLong());
                    }
                }
                Thread.sleep(50);
            }
            assertTrue(job.isAlive(), "stopped before the end");
            sc.cancelJobGroup("stopped-part-way");
            job.join(120_000);
            assertTrue(stopped.get() != null, "the job was stopped");
            assertTrue(Files.notExists(out.resolve("long.json")), "no transcript from the stopped task");
            assertTrue(Files.isRegularFile(kept), "the journal waits in the output for the next attempt");
        } finally {
            System.clearProperty("longscribe.spark.journal-seconds");
        }
    }

    /**
     * A journal in the output store that another job left (another user's, or one planted there): its
     * lines prove themselves with that job's key, not this one's, so nothing is taken from it, and the
     * transcript is an uninterrupted run's.
     */
    @Test
    void aJournalInTheStoreFromAnotherJobIsNotTaken() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path wav = tiled(in.resolve("long.wav"), 16);
        Path out = dir.resolve("out");
        Path kept = out.resolve(ExecutorPipeline.JOURNALS + "/long.json" + org.longscribe.job.Journal.SUFFIX);
        JobOptions theirs = oneThreadJson(out);
        byte[] ours = new byte[32];
        new java.security.SecureRandom().nextBytes(ours);
        JobOptions options = new JobOptions(theirs.output(), theirs.formats(), theirs.model(), theirs.threads(), theirs.scratch(),
                theirs.hadoop(), theirs.reproducible(), theirs.speakerModel(), theirs.speakers(), theirs.splitSeconds(),
                java.util.Base64.getEncoder().encodeToString(ours));
        stopPartWay(in, wav, out, kept, theirs);

        SparkTranscribe.Summary again = SparkTranscribe.run(sc, in.toString(), out.toString(), options);
        assertEquals(1, again.ok(), again.rows().toString());
        JsonNode spark = JSON.readTree(out.resolve("long.json").toFile());
        assertEquals(0, spark.path("timings").path("slices_resumed").asInt(), spark.path("timings").toString());
        assertEquals(cli(wav).path("segments"), spark.path("segments"), "the same transcript as an uninterrupted run");
        assertTrue(Files.notExists(kept));
    }

    /**
     * What speculation does (spark.speculation=true starts a second attempt of a slow task on another
     * executor; local mode has one, so the two attempts are run here as two threads of one executor,
     * through the same code a task runs): a second attempt started late, while the first is part way,
     * takes the first one's journal from the output store; both finish without failing on the other's
     * files; one whole transcript, equal to the CLI's; no temporary, no journal, scratch empty.
     */
    @Test
    void twoAttemptsOfOneRecordingAtOnceLeaveOneWholeTranscript() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path wav = tiled(in.resolve("talk.wav"), 10);
        Path out = dir.resolve("out");
        JobOptions options = new JobOptions(out.toUri().toString(), List.of(OutputFormat.JSON, OutputFormat.SRT),
                ModelLocator.resolve(null).toString(), 1, dir.resolve("scratch").toString());
        Recording r = new Recording(wav.toUri().toString(), "talk.wav", Files.size(wav), Files.getLastModifiedTime(wav).toMillis(), 0);
        ExecutorPipeline pipeline = ExecutorPipeline.get(Path.of(options.model()), 1, true, null);
        Path journal = out.resolve(ExecutorPipeline.JOURNALS + "/talk.json" + org.longscribe.job.Journal.SUFFIX);
        System.setProperty("longscribe.spark.journal-seconds", "0");
        try {
            java.util.concurrent.ExecutorService attempts = java.util.concurrent.Executors.newFixedThreadPool(2);
            java.util.concurrent.Future<ManifestRow> first = attempts.submit(() -> pipeline.process(r, options, 0));
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < deadline && !first.isDone() && !Files.isRegularFile(journal)) {
                Thread.sleep(20);
            }
            assertTrue(!first.isDone(), "the first attempt is part way when the second starts");
            java.util.concurrent.Future<ManifestRow> second = attempts.submit(() -> pipeline.process(r, options, 0));
            ManifestRow a = first.get(180, java.util.concurrent.TimeUnit.SECONDS);
            ManifestRow b = second.get(180, java.util.concurrent.TimeUnit.SECONDS);
            attempts.shutdown();
            assertEquals("ok", a.status(), a.toString());
            assertEquals("ok", b.status(), b.toString());
        } finally {
            System.clearProperty("longscribe.spark.journal-seconds");
        }
        JsonNode spark = JSON.readTree(out.resolve("talk.json").toFile());
        assertEquals(cli(wav).path("segments"), spark.path("segments"));
        try (Stream<Path> files = Files.walk(out)) {
            assertEquals(List.of("talk.json", "talk.srt"), files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()).sorted()
                    .toList(), "one transcript, no temporary, no journal");
        }
        try (Stream<Path> left = Files.list(dir.resolve("scratch"))) {
            assertEquals(List.of(), left.toList(), "scratch emptied");
        }
    }

    /**
     * A part of a cut recording whose task is lost part way (interrupted, as Spark does): what it heard
     * is in its file in the output store, the retry takes it and completes the part, and the merge
     * gives the CLI's transcript.
     */
    @Test
    void aPartLostPartWayKeepsWhatItHeardInTheStoreAndItsRetryCompletesIt() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path wav = tiled(in.resolve("talk.wav"), 16);
        Path out = dir.resolve("out");
        JobOptions options = oneThreadJson(out);
        Recording r = new Recording(wav.toUri().toString(), "talk.wav", Files.size(wav), Files.getLastModifiedTime(wav).toMillis(), 0);
        ExecutorPipeline pipeline = ExecutorPipeline.get(Path.of(options.model()), 1, true, null);
        org.longscribe.batch.RecordingOutputs outputs = new org.longscribe.batch.RecordingOutputs(
                HadoopStore.at(options.output(), options.hadoopConfiguration()), "talk.wav", options.formats());
        Path part = out.resolve(ExecutorPipeline.partName(outputs, 0, 2));
        System.setProperty("longscribe.spark.journal-seconds", "0");
        List<String> kept;
        try {
            java.util.concurrent.ExecutorService task = java.util.concurrent.Executors.newSingleThreadExecutor();
            java.util.concurrent.Future<ManifestRow> first = task.submit(() -> pipeline.processPart(r.part(0, 2), options, 0));
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < deadline && !first.isDone() && (!Files.isRegularFile(part) || Files.readAllLines(part).size() < 6)) {
                Thread.sleep(20);
            }
            assertTrue(!first.isDone(), "lost part way");
            first.cancel(true);
            task.shutdown();
            assertTrue(task.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS));
            kept = Files.readAllLines(part);
            assertTrue(kept.size() >= 6, "heard slices kept in the store: " + kept.size());
            ManifestRow retry = pipeline.processPart(r.part(0, 2), options, 0);
            assertEquals("part", retry.status(), retry.toString());
            assertEquals("part", pipeline.processPart(r.part(1, 2), options, 1).status());
        } finally {
            System.clearProperty("longscribe.spark.journal-seconds");
        }
        List<String> whole = Files.readAllLines(part);
        assertTrue(whole.size() > kept.size(), "the retry completed the part");
        assertTrue(whole.containsAll(kept.subList(1, kept.size() - 1)), "what was heard is taken as it was");
        ManifestRow merged = pipeline.merge(r, 2, options, 0);
        assertEquals("ok", merged.status(), merged.toString());
        JsonNode spark = JSON.readTree(out.resolve("talk.json").toFile());
        assertEquals(spark.path("timings").path("slices").asInt(), spark.path("timings").path("slices_resumed").asInt(),
                "every slice from the parts");
        assertEquals(cli(wav).path("segments"), spark.path("segments"));
        try (Stream<Path> left = Files.list(dir.resolve("scratch"))) {
            assertEquals(List.of(), left.toList(), "scratch emptied");
        }
    }

    /**
     * One recording much longer than the rest is cut into parts that separate tasks recognise, and
     * merged, speaker labels from all its blocks' vectors, into the CLI's transcript; the rest go as
     * before; a rerun skips it; no part file, journal or scratch file is left.
     */
    @Test
    void aRecordingLongComparedWithTheRestIsCutIntoPartsAndMergedIntoTheClisTranscript() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path wav = tiled(in.resolve("long.wav"), 16);
        Files.copy(testData("weather.ogg"), in.resolve("a.ogg"));
        Files.copy(testData("lecture.mp3"), in.resolve("b.mp3"));
        Path out = dir.resolve("out");
        Path speakerModel = ModelLocator.modelsDir().resolve(ModelLocator.DEFAULT_SPEAKER_MODEL);
        boolean speakers = org.longscribe.asr.vosk.VoskSpeakerModel.missingParts(speakerModel).isEmpty();
        JobOptions options = options(out).withSplitOver(60);
        if (speakers) {
            options = options.withSpeakers(speakerModel.toString(), 0);
        }
        // 291 s among 60 s of others on 2 tasks: longer than a task's share (175 s) and than 60 s: 2 parts.
        assertEquals(2, SparkTranscribe.cut(SparkTranscribe.list(in.toString(), sc.hadoopConfiguration()).stream()
                .map(SparkTranscribe::probe).toList(), 2, options).stream().filter(r -> r.relative().equals("long.wav")).count());
        SparkTranscribe.Summary s = SparkTranscribe.run(sc, in.toString(), out.toString(), options, 2);
        assertEquals(3, s.ok(), s.rows().toString());
        Map<String, JsonNode> manifest = manifest(out);
        assertEquals(2, manifest.get("long.wav").path("parts").asInt(), manifest.get("long.wav").toString());
        assertEquals(1, manifest.get("a.ogg").path("parts").asInt());
        JsonNode spark = JSON.readTree(out.resolve("long.json").toFile());
        JsonNode cli = speakers ? cli(wav, "--speakers") : cli(wav);
        assertEquals(cli.path("segments"), spark.path("segments"), "the CLI's transcript");
        assertEquals(cli.path("speakers"), spark.path("speakers"));
        assertEquals(cli.path("text"), spark.path("text"));
        assertEquals(spark.path("timings").path("slices").asInt(), spark.path("timings").path("slices_resumed").asInt(),
                "every slice came from the parts: " + spark.path("timings"));
        assertEquals(cli(in.resolve("b.mp3")).path("segments").size() > 0, true);
        try (Stream<Path> files = Files.walk(out)) {
            assertEquals(List.of(SparkTranscribe.MANIFEST, "a.json", "a.srt", "b.json", "b.srt", "long.json", "long.srt"),
                    files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()).sorted().toList(), "no part file, no journal");
        }
        assertTrue(Files.notExists(out.resolve(ExecutorPipeline.PARTS)));
        try (Stream<Path> left = Files.list(dir.resolve("scratch"))) {
            assertEquals(List.of(), left.toList(), "scratch emptied");
        }
        SparkTranscribe.Summary again = SparkTranscribe.run(sc, in.toString(), out.toString(), options, 2);
        assertEquals(3, again.skipped(), again.rows().toString());
        assertEquals(2, manifest(out).get("long.wav").path("parts").asInt());
    }

    private JsonNode cli(Path input, String... more) throws Exception {
        Path json = dir.resolve("cli-" + input.getFileName() + ".json");
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        List<String> args = new java.util.ArrayList<>(List.of("transcribe", input.toString(), "-o", json.toString(), "-q"));
        args.addAll(List.of(more));
        int code = cl.execute(args.toArray(String[]::new));
        assertEquals(0, code, err.toString());
        return JSON.readTree(json.toFile());
    }

    private static Map<String, JsonNode> manifest(Path out) throws Exception {
        Map<String, JsonNode> rows = new TreeMap<>();
        for (String line : Files.readAllLines(out.resolve(SparkTranscribe.MANIFEST))) {
            JsonNode row = JSON.readTree(line);
            rows.put(row.path("relative").asText(), row);
        }
        return rows;
    }

    private static Map<String, FileTime> mtimes(Path out) throws Exception {
        Map<String, FileTime> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                m.put(out.relativize(p).toString(), Files.getLastModifiedTime(p));
            }
        }
        return m;
    }
}
