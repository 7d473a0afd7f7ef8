package org.longscribe.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.longscribe.bench.Benchmark;
import org.longscribe.bench.LectureRecording;
import org.longscribe.error.ExitCode;
import org.longscribe.model.ModelLocator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = LongscribeCommand.Version.class,
        description = {"Benchmarks longscribe against one Vosk recognizer on long lecture-like recordings.",
            "Builds mp3 recordings from test-data and runs, side by side, each in its own JVM:",
            "the baseline (one Vosk recognizer fed the whole pre-decoded WAV in 4 KiB reads), longscribe from",
            "the mp3 with default settings, and longscribe --threads 1. Prints a table of wall time, CPU,",
            "peak RSS (anonymous and file-backed, sampled from /proc), heap peak and WER; writes CSVs and a",
            "PNG of RSS and CPU over time per recording."},
        footerHeading = "%nExample:%n",
        footer = "  longscribe bench --sizes 20m,1h,2h --dir target/bench")
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--sizes", split = ",", paramLabel = "LEN",
            description = "Recording lengths, e.g. 90s, 20m, 1h (default: ${DEFAULT-VALUE}).")
    List<String> sizes = new ArrayList<>(List.of("20m", "1h", "2h"));

    @Option(names = "--dir", paramLabel = "DIR", description = "Where recordings and results go (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("target", "bench");

    @Option(names = "--test-data", paramLabel = "DIR", description = "The recordings to tile (default: ${DEFAULT-VALUE}).")
    Path testData = Path.of("test-data");

    @Option(names = "--jvm-opts", paramLabel = "OPTS",
            description = "JVM options for every run (default: '${DEFAULT-VALUE}', the launcher's: what a user gets; smaller"
                    + " than two hours' samples, 230 MB).")
    String jvmOptions = "-Xmx128m -XX:+UseSerialGC";

    @Option(names = "--runs", split = ",", paramLabel = "RUN",
            description = "Which runs: reference, longscribe, longscribe-t1, longscribe-fast, longscribe-speakers (default: the first three).")
    List<String> runs = new ArrayList<>(List.of("reference", "longscribe", "longscribe-t1"));

    @Option(names = "--hard",
            description = "Hard recordings instead: pauses cut short (segments up to 30 s), louder noise and hum.")
    boolean hard;

    @Option(names = "--archive", paramLabel = "LEN",
            description = "Instead: the archive's search at scale. Makes LEN of 30-minute JSON transcripts without audio (e.g. 1000h:"
                    + " 2,000 recordings, 10 million words) in DIR, builds the search data, adds seven nights of ten, times queries.")
    String archive;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Files.createDirectories(dir);
        if (archive != null) {
            new org.longscribe.bench.ArchiveBenchmark(dir, testData, out).run(seconds(archive) / 3600);
            return ExitCode.OK;
        }
        Benchmark bench = new Benchmark(dir, testData, ModelLocator.resolve(null),
                Arrays.asList(jvmOptions.isBlank() ? new String[0] : jvmOptions.trim().split("\\s+")), out);
        List<Benchmark.Result> results = new ArrayList<>();
        for (String size : sizes) {
            results.addAll(bench.run(size, seconds(size), runs,
                    hard ? LectureRecording.Style.HARD : LectureRecording.Style.EASY));
        }
        bench.report(results);
        return ExitCode.OK;
    }

    static double seconds(String size) {
        String s = size.trim().toLowerCase(Locale.ROOT);
        double n = Double.parseDouble(s.replaceAll("[a-z]+$", ""));
        if (s.endsWith("h")) {
            return n * 3600;
        }
        if (s.endsWith("m")) {
            return n * 60;
        }
        return n;
    }
}
