package org.longscribe.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.Partitioner;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.longscribe.batch.BatchPlan;
import org.longscribe.model.ModelLocator;
import org.longscribe.decode.FfmpegDecoder;
import org.longscribe.batch.RecordingOutputs;
import org.longscribe.transcript.OutputFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import scala.Tuple2;

/**
 * Transcribes an archive on Spark with the longscribe core: list the recordings, learn their
 * durations, spread them over tasks by duration, transcribe each task's recordings on its executor
 * (one shared model per executor JVM), write the transcripts beside each other under OUTPUT
 * mirroring the input paths, and a manifest of what happened to each.
 */
@Command(name = "longscribe-spark", mixinStandardHelpOptions = true,
        description = "Transcribes every recording under INPUT (a directory, or a text file listing one path or URI per line) into OUTPUT.",
        footerHeading = "%nExample:%n",
        footer = {"  spark-submit --class org.longscribe.spark.SparkTranscribe --archives model.tar.gz#model \\",
            "    longscribe-spark.jar hdfs:///archive/audio hdfs:///archive/transcripts --model model --format json,srt"})
public final class SparkTranscribe implements Callable<Integer> {
    /** The manifest's name under OUTPUT (one JSON line per recording, rewritten by each run). */
    public static final String MANIFEST = "_longscribe-manifest.jsonl";

    @Parameters(index = "0", paramLabel = "INPUT", description = "A directory of recordings (searched recursively) or a text file listing them.")
    String input;

    @Parameters(index = "1", paramLabel = "OUTPUT", description = "Where the transcripts go, mirroring INPUT's relative paths.")
    String output;

    @Option(names = "--format", split = ",", paramLabel = "F[,F...]", description = "json (always written), jsonl, srt, vtt, txt, html (its recording's address is the input URI).")
    List<OutputFormat> formats = new ArrayList<>(List.of(OutputFormat.JSON));

    @Option(names = "--model", paramLabel = "NAME|DIR",
            description = "The model directory as executors see it: a path on every node, or the alias of an --archives entry; or the name of a model installed here (local mode). Default: the built-in model (local mode).")
    String model;

    @Option(names = "--threads", paramLabel = "N", description = "Recognizer threads per executor. Default: spark.executor.cores, else the executor's processors.")
    int threads;

    @Option(names = "--fast",
            description = "As the CLI's --fast: changes nothing with a composed graph (the built-in model's); with a model decoded lazily, long-lived recognizers, a few percent faster, but transcripts may then depend on executor cores and on what else an executor transcribed.")
    boolean fast;

    @Option(names = "--reproducible",
            description = "Accepted, and changes nothing: transcripts are independent of executor cores and of what else an executor transcribed.")
    boolean reproducibleAsked;

    @Option(names = "--speakers", arity = "0..1", paramLabel = "N", fallbackValue = "auto",
            description = "Label who says each segment (as the CLI's --speakers): alone or 'auto', the number is found; N: there are N.")
    String speakers;

    @Option(names = "--speaker-model", paramLabel = "NAME|DIR",
            description = "The speaker model directory as executors see it (a path on every node, or an --archives alias), or the name of one installed here (local mode). Implies --speakers. Default: vosk-model-spk-0.4 installed here (local mode).")
    String speakerModel;

    @Option(names = "--split-over", paramLabel = "MINUTES",
            description = "Cut a recording longer than this (and than each task's average share of the audio) into parts that"
                    + " separate tasks recognise, merged into one transcript (the CLI's). Default: ${DEFAULT-VALUE}; 0: never.")
    double splitOverMinutes = JobOptions.SPLIT_SECONDS / 60;

    @Option(names = "--partitions", paramLabel = "N", description = "Tasks to spread the audio over. Default: Spark's default parallelism.")
    int partitions;

    @Option(names = "--scratch", paramLabel = "DIR", description = "Local scratch on each executor for copies and decoded WAVs. Default: java.io.tmpdir.")
    String scratch = System.getProperty("java.io.tmpdir");

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new SparkTranscribe());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            // A job-level failure (no input, no model on the executors): its cause in one line.
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            commandLine.getErr().println("longscribe-spark: " + (root.getMessage() != null ? root.getMessage() : root));
            return 1;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws IOException {
        SparkConf conf = new SparkConf().setAppName("longscribe");
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]"); // run directly (java -cp ...): this machine's cores
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            Summary s = run(sc, input, output, options(sc));
            System.err.println(s);
            return s.failed() == 0 ? 0 : 1;
        }
    }

    JobOptions options(JavaSparkContext sc) throws org.longscribe.error.ModelException {
        int t = threads > 0 ? threads : sc.getConf().getInt("spark.executor.cores", 0);
        String m = model != null ? ModelLocator.installedOrAsGiven(model) : ModelLocator.resolve(null).toAbsolutePath().toString();
        List<OutputFormat> f = new ArrayList<>(formats);
        if (!f.contains(OutputFormat.JSON)) {
            f.add(OutputFormat.JSON);
        }
        if (fast && reproducibleAsked) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--fast and --reproducible ask for two schedules; choose one");
        }
        JobOptions options = new JobOptions(output, f, m, t, scratch).withReproducible(!fast).withSplitOver(splitOverMinutes * 60);
        if (speakers == null && speakerModel == null) {
            return options;
        }
        int count;
        try {
            count = speakers == null ? 0 : org.longscribe.job.Pipeline.Speakers.parseCount(speakers);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        String spk = speakerModel != null ? ModelLocator.installedOrAsGiven(speakerModel)
                : ModelLocator.resolveSpeakerModel(null).toAbsolutePath().toString();
        return options.withSpeakers(spk, count);
    }

    /** What a run did: counts, audio, wall time. */
    public record Summary(int ok, int skipped, int failed, double audioSeconds, double wallSeconds, int partitions,
                          List<ManifestRow> rows) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "longscribe-spark: %d transcribed, %d up to date, %d failed; %.2f h of audio in %.1f s over %d tasks (%.1fx realtime)",
                    ok, skipped, failed, audioSeconds / 3600, wallSeconds, partitions, audioSeconds / Math.max(wallSeconds, 1e-9));
        }
    }

    /** Runs the job on {@code sc}; returns what happened (also written to OUTPUT/{@value #MANIFEST}). */
    public static Summary run(JavaSparkContext sc, String input, String output, JobOptions options) throws IOException {
        return run(sc, input, output, options, 0);
    }

    public static Summary run(JavaSparkContext sc, String input, String output, JobOptions options, int partitions)
            throws IOException {
        long t0 = System.nanoTime();
        Configuration hadoop = sc.hadoopConfiguration();
        JobOptions shipped = options.withHadoop(hadoop);
        List<Recording> listed = list(input, hadoop);
        int slots = partitions > 0 ? partitions : sc.defaultParallelism();
        int n = Math.max(1, Math.min(slots, listed.size()));

        // Durations are read where the files are (executors), in parallel; a header read, no decoding.
        List<Recording> probed = listed.isEmpty() ? List.of()
                : sc.parallelize(listed, n).map(SparkTranscribe::probe).collect();
        List<Recording> work = cut(probed, n, options);
        List<List<Recording>> bins = DurationBalancer.assign(work, n);
        List<Tuple2<Integer, Recording>> keyed = new ArrayList<>();
        for (int p = 0; p < bins.size(); p++) {
            for (Recording r : bins.get(p)) {
                keyed.add(new Tuple2<>(p, r));
            }
        }
        List<ManifestRow> rows = keyed.isEmpty() ? List.of() : sc.parallelizePairs(keyed, n)
                .partitionBy(new ByIndex(n))
                .mapPartitionsWithIndex((index, it) -> transcribeAll(index, it, shipped), true)
                .collect();
        rows = merged(sc, rows, work, shipped, n);
        List<ManifestRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(ManifestRow::relative));
        writeManifest(output, sorted, hadoop);
        removeFinishedJournals(output, sorted, options.formats(), hadoop);
        int ok = (int) sorted.stream().filter(r -> r.status().equals("ok")).count();
        int skipped = (int) sorted.stream().filter(r -> r.status().equals("skipped")).count();
        double audio = sorted.stream().filter(r -> r.status().equals("ok")).mapToDouble(ManifestRow::duration).sum();
        return new Summary(ok, skipped, sorted.size() - ok - skipped, audio, (System.nanoTime() - t0) / 1e9, n, sorted);
    }

    private static ExecutorPipeline pipeline(JobOptions options) throws IOException {
        int threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
        return ExecutorPipeline.get(Path.of(options.model()), threads, options.reproducible(), options.pipelineSpeakers());
    }

    private static Iterator<ManifestRow> transcribeAll(int index, Iterator<Tuple2<Integer, Recording>> it, JobOptions options)
            throws IOException {
        ExecutorPipeline pipeline = pipeline(options);
        List<Recording> mine = new ArrayList<>();
        it.forEachRemaining(t -> mine.add(t._2()));
        mine.sort(Comparator.comparingDouble(Recording::seconds).reversed());
        List<ManifestRow> rows = new ArrayList<>();
        for (Recording r : mine) {
            rows.add(r.parts() > 1 ? pipeline.processPart(r, options, index) : pipeline.process(r, options, index));
        }
        return rows.iterator();
    }

    /** Whether transcripts will not depend on the executor: any schedule but --fast on a model decoded lazily. */
    static boolean historyFree(JobOptions options) {
        return org.longscribe.job.Pipeline.schedule(Path.of(options.model()), options.reproducible()).historyFree();
    }

    /**
     * The work, with long recordings cut into parts. The rule: with a history-free schedule (not
     * --fast on a model decoded lazily), a recording
     * longer than {@code --split-over} (20 minutes) and than the audio each task gets on average
     * (all of it over the tasks) is cut into that many task shares, rounded up, at most one part per
     * task: a 10-hour recording among 20 of 30 minutes, on 8 tasks, is 4 parts of 2.5 hours. Parts
     * are runs of slices (with a model decoded lazily, of whole blocks) of about the same speech;
     * each task decodes (or copies) the recording and recognises its part's slices only.
     */
    static List<Recording> cut(List<Recording> recordings, int tasks, JobOptions options) {
        double total = recordings.stream().mapToDouble(Recording::seconds).sum();
        double share = Math.max(options.splitSeconds(), total / tasks);
        List<Recording> work = new ArrayList<>();
        for (Recording r : recordings) {
            int parts = !historyFree(options) || options.splitSeconds() <= 0 || r.seconds() <= share ? 1
                    : (int) Math.min(tasks, Math.ceil(r.seconds() / share));
            for (int p = 0; p < parts; p++) {
                work.add(parts == 1 ? r : r.part(p, parts));
            }
        }
        return work;
    }

    /**
     * The rows of the first stage with each cut recording's part rows replaced by its merge's row: a
     * second stage, one task per cut recording whose parts were not all up to date, makes its
     * transcript from its parts' slices (see {@link ExecutorPipeline#merge}). Part files are removed.
     */
    private static List<ManifestRow> merged(JavaSparkContext sc, List<ManifestRow> rows, List<Recording> work, JobOptions options, int n)
            throws IOException {
        java.util.Map<String, Recording> cut = new java.util.LinkedHashMap<>();
        java.util.Map<String, Integer> partsOf = new java.util.HashMap<>();
        for (Recording r : work) {
            if (r.parts() > 1) {
                cut.putIfAbsent(r.relative(), r.whole());
                partsOf.put(r.relative(), r.parts());
            }
        }
        if (cut.isEmpty()) {
            return rows;
        }
        List<ManifestRow> out = new ArrayList<>();
        java.util.Map<String, List<ManifestRow>> parts = new java.util.HashMap<>();
        for (ManifestRow row : rows) {
            if (cut.containsKey(row.relative())) {
                parts.computeIfAbsent(row.relative(), k -> new ArrayList<>()).add(row);
            } else {
                out.add(row);
            }
        }
        List<Tuple2<Recording, Integer>> toMerge = new ArrayList<>();
        for (java.util.Map.Entry<String, Recording> e : cut.entrySet()) {
            List<ManifestRow> p = parts.getOrDefault(e.getKey(), List.of());
            if (!p.isEmpty() && p.stream().allMatch(r -> r.status().equals("skipped"))) {
                out.add(ExecutorPipeline.skippedRow(e.getValue(), options, p.get(0).partition()).ofParts(p.size(), 0));
            } else {
                toMerge.add(new Tuple2<>(e.getValue(), partsOf.get(e.getKey())));
            }
        }
        if (!toMerge.isEmpty()) {
            List<ManifestRow> mergedRows = sc.parallelize(toMerge, Math.max(1, Math.min(n, toMerge.size())))
                    .mapPartitionsWithIndex((index, it) -> {
                        ExecutorPipeline pipeline = pipeline(options);
                        List<ManifestRow> done = new ArrayList<>();
                        while (it.hasNext()) {
                            Tuple2<Recording, Integer> t = it.next();
                            done.add(pipeline.merge(t._1(), t._2(), options, index));
                        }
                        return done.iterator();
                    }, true).collect();
            for (ManifestRow m : mergedRows) {
                List<ManifestRow> p = parts.getOrDefault(m.relative(), List.of());
                double partSeconds = p.stream().mapToDouble(ManifestRow::seconds).sum();
                String failedPart = p.stream().filter(r -> r.status().equals("failed")).map(ManifestRow::error).findFirst().orElse(null);
                ManifestRow row = m.ofParts(p.size(), partSeconds);
                if (row.status().equals("failed") && failedPart != null && row.error() == null) {
                    row = new ManifestRow(row.path(), row.relative(), "failed", 0, 0, 0, failedPart, row.seconds(), row.partition(),
                            row.executor(), row.parts());
                }
                out.add(row);
            }
        }
        org.longscribe.store.OutputStore store = HadoopStore.at(options.output(), options.hadoopConfiguration());
        for (java.util.Map.Entry<String, Recording> e : cut.entrySet()) {
            int count = partsOf.get(e.getKey());
            RecordingOutputs outputs = new RecordingOutputs(store, e.getKey(), options.formats());
            for (int p = 0; p < count; p++) {
                store.delete(ExecutorPipeline.partName(outputs, p, count));
            }
        }
        removeEmpty(options.output(), ExecutorPipeline.PARTS, options.hadoopConfiguration());
        return out;
    }

    /** Removes OUTPUT/{@code name} when no file is left under it (folders only). */
    private static void removeEmpty(String output, String name, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(output, name);
        FileSystem fs = dir.getFileSystem(conf);
        if (fs.exists(dir) && !fs.listFiles(dir, true).hasNext()) {
            fs.delete(dir, true);
        }
    }

    /** The recording's duration from its header when it is on a local file system, else from its size. */
    static Recording probe(Recording r) {
        java.util.OptionalDouble s = HadoopFiles.localPath(r.uri()).map(FfmpegDecoder::probeSeconds)
                .orElse(java.util.OptionalDouble.empty());
        return s.isPresent() ? r.withSeconds(s.getAsDouble()) : r.withSeconds(r.size() / 16_000.0); // as a 128 kb/s mp3: good enough to spread the work
    }

    /** A directory (recursively, recordings by extension as `batch` picks them) or a text file listing paths or URIs. */
    static List<Recording> list(String input, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(input);
        FileSystem fs = root.getFileSystem(conf);
        FileStatus status = fs.getFileStatus(root);
        List<Recording> out = new ArrayList<>();
        if (status.isDirectory()) {
            String rootPath = fs.makeQualified(root).toUri().getPath();
            String prefix = rootPath.endsWith("/") ? rootPath : rootPath + "/";
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
            while (files.hasNext()) {
                LocatedFileStatus f = files.next();
                String path = f.getPath().toUri().getPath();
                if (!path.startsWith(prefix) || !BatchPlan.isRecordingName(f.getPath().getName())) {
                    continue;
                }
                out.add(new Recording(f.getPath().toString(), path.substring(prefix.length()), f.getLen(),
                        f.getModificationTime(), 0));
            }
        } else {
            List<org.apache.hadoop.fs.Path> paths = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(fs.open(root), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    String l = line.strip();
                    if (!l.isEmpty() && !l.startsWith("#")) {
                        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(l);
                        paths.add(p.getFileSystem(conf).makeQualified(p));
                    }
                }
            }
            String common = commonParent(paths);
            for (org.apache.hadoop.fs.Path p : paths) {
                String path = p.toUri().getPath();
                FileStatus f;
                try {
                    f = p.getFileSystem(conf).getFileStatus(p);
                } catch (java.io.FileNotFoundException e) {
                    f = null; // listed but missing: a failed row, not a failed job
                }
                out.add(new Recording(p.toString(), path.substring(common.length()), f == null ? 0 : f.getLen(),
                        f == null ? 0 : f.getModificationTime(), 0));
            }
        }
        out.sort(Comparator.comparing(Recording::relative));
        return out;
    }

    /** The longest directory prefix (ending in '/') of all the paths, so the listed files mirror from there. */
    private static String commonParent(List<org.apache.hadoop.fs.Path> paths) {
        if (paths.isEmpty()) {
            return "";
        }
        String parent = paths.get(0).getParent().toUri().getPath();
        String common = parent.endsWith("/") ? parent : parent + "/";
        for (org.apache.hadoop.fs.Path p : paths) {
            String uri = p.toUri().getPath();
            while (!uri.startsWith(common)) {
                String trimmed = common.substring(0, common.length() - 1);
                common = trimmed.substring(0, trimmed.lastIndexOf('/') + 1);
            }
        }
        return common;
    }

    /**
     * Journals of recordings that are done: each attempt removes its own when it has written the
     * transcript, but with speculation a slower attempt of the same recording may copy its journal
     * back after the faster one removed it. Those of failed recordings stay for the next job.
     */
    private static void removeFinishedJournals(String output, List<ManifestRow> rows, List<OutputFormat> formats, Configuration conf)
            throws IOException {
        org.longscribe.store.OutputStore store = HadoopStore.at(output, conf);
        for (ManifestRow r : rows) {
            if (!r.status().equals("failed")) {
                store.delete(ExecutorPipeline.journalName(new RecordingOutputs(store, r.relative(), formats)));
            }
        }
        removeEmpty(output, ExecutorPipeline.JOURNALS, conf);
    }

    private static void writeManifest(String output, List<ManifestRow> rows, Configuration conf) throws IOException {
        ObjectMapper json = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
        HadoopStore.at(output, conf).write(MANIFEST, out -> {
            for (ManifestRow r : rows) {
                out.write(json.writeValueAsBytes(r));
                out.write('\n');
            }
        });
    }

    /** Sends key i to partition i: the balancer has decided already. */
    static final class ByIndex extends Partitioner {
        private final int n;

        ByIndex(int n) {
            this.n = n;
        }

        @Override
        public int numPartitions() {
            return n;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByIndex b && b.n == n;
        }

        @Override
        public int hashCode() {
            return n;
        }
    }
}
