package org.longscribe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.longscribe.decode.AudioPreparer;
import org.longscribe.decode.FfmpegDecoder;
import org.longscribe.decode.PreparedAudio;
import org.longscribe.eval.WordErrorRate;
import org.longscribe.resources.HeapPeak;
import org.longscribe.resources.ResourcePlot;
import org.longscribe.store.AtomicOutput;
import org.longscribe.resources.ResourceSampler;

/** Runs the side-by-side benchmark (see the bench command) and reports it. */
public final class Benchmark {
    /** One run's figures. */
    public record Result(String recording, double audioSeconds, String run, double wallSeconds, double cpuSeconds,
                         long peakRssKb, long peakAnonKb, long peakFileKb, double heapPeakMb, double werPercent,
                         double decodeSeconds, double totalSeconds) {
    }

    /** longscribe's runs are the command line itself, by name: bench is below cli and does not import it. */
    private static final String CLI = "org.longscribe.cli.Main";
    private final Path dir;
    private final Path testData;
    private final Path modelDir;
    private final List<String> jvmOptions;
    private final PrintWriter out;

    public Benchmark(Path dir, Path testData, Path modelDir, List<String> jvmOptions, PrintWriter out) {
        this.dir = dir;
        this.testData = testData;
        this.modelDir = modelDir;
        this.jvmOptions = jvmOptions;
        this.out = out;
    }

    /**
     * Builds the recording of {@code seconds} in {@code style} (if not there yet; hard ones are named
     * SIZE-hard) and runs each of {@code runs} on it.
     */
    public List<Result> run(String size, double seconds, List<String> runs, LectureRecording.Style style)
            throws IOException, InterruptedException {
        String name = style == LectureRecording.Style.HARD ? size + "-hard" : size;
        out.printf(Locale.ROOT, "bench: building %s (%.0f s of lecture-like mp3) ...%n", name, seconds);
        out.flush();
        LectureRecording.Files3 rec = LectureRecording.build(testData, dir, "lecture-" + name, seconds, style);
        String reference = Files.readString(rec.text());
        Path wav = dir.resolve("lecture-" + name + ".wav");
        if (!Files.exists(wav)) {
            // The baseline gets the audio pre-decoded, as a tool that converts first would have it.
            Path work = Files.createTempDirectory(dir, "decode-");
            PreparedAudio p = new AudioPreparer(new FfmpegDecoder()).prepare(rec.mp3(), work, () -> { });
            Files.move(p.wav(), wav);
            org.longscribe.store.TempFiles.delete(work);
        }
        Map<String, List<ResourceSampler.Sample>> samples = new LinkedHashMap<>();
        List<Result> results = new ArrayList<>();
        for (String run : runs) {
            out.printf("bench: %s: %s ...%n", name, run);
            out.flush();
            Path text = dir.resolve("lecture-" + name + "." + run + ".txt");
            Path json = dir.resolve("lecture-" + name + "." + run + ".json");
            List<String> args = switch (run) {
                case "reference" -> List.of(BenchChild.class.getName(), modelDir.toString(), wav.toString(), text.toString());
                case "longscribe" -> List.of(CLI, "transcribe", rec.mp3().toString(), "-o", json.toString(), "-q");
                case "longscribe-t1" -> List.of(CLI, "transcribe", rec.mp3().toString(), "-o", json.toString(),
                        "-q", "--threads", "1");
                case "longscribe-fast" -> List.of(CLI, "transcribe", rec.mp3().toString(), "-o", json.toString(), "-q", "--fast");
                case "longscribe-speakers" -> List.of(CLI, "transcribe", rec.mp3().toString(), "-o", json.toString(), "-q",
                        "--speakers");
                default -> throw new IllegalArgumentException("unknown run " + run
                        + " (reference, longscribe, longscribe-t1, longscribe-fast, longscribe-speakers)");
            };
            Child child = runChild(args);
            samples.put(run, child.samples);
            String hypothesis;
            double decode = 0;
            double total = child.wall;
            if (run.equals("reference")) {
                hypothesis = Files.readString(text);
            } else {
                JsonNode t = new ObjectMapper().readTree(json.toFile());
                hypothesis = t.get("text").asText();
                decode = t.get("timings").get("decode").asDouble();
                total = t.get("timings").get("total").asDouble();
            }
            ResourceSampler.Sample peak = ResourceSampler.peak(child.samples);
            double cpu = child.samples.isEmpty() ? 0 : child.samples.get(child.samples.size() - 1).cpuSeconds();
            Result r = new Result(name, rec.seconds(), run, child.wall, cpu, peak.rssKb(), peak.anonKb(), peak.fileKb(),
                    child.heapPeakMb, WordErrorRate.compute(reference, hypothesis).percent(), decode, total);
            results.add(r);
            out.println("bench:   " + format(r));
            out.flush();
        }
        try (AtomicOutput png = AtomicOutput.create(dir.resolve("resources-" + name + ".png"));
             AtomicOutput csv = AtomicOutput.create(dir.resolve("resources-" + name + ".csv"))) {
            png.writeAndCommit(out -> ResourcePlot.writePng(samples, "lecture-" + name, out));
            csv.writeAndCommit(out -> ResourcePlot.writeCsv(samples, out));
        }
        return results;
    }

    private record Child(double wall, double heapPeakMb, List<ResourceSampler.Sample> samples) {
    }

    private Child runChild(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dlongscribe.models.dir=" + modelDir.getParent());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-D" + HeapPeak.PROPERTY + "=true");
        command.addAll(args);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ResourceSampler sampler = ResourceSampler.start(p.pid(), 100);
        double heap = 0;
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("BENCH ")) {
                    heap = Double.parseDouble(line.replaceAll(".*heap_peak_mb=([0-9.]+).*", "$1"));
                } else {
                    log.append(line).append('\n');
                }
            }
        }
        int exit = p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        List<ResourceSampler.Sample> samples = sampler.stop();
        if (exit != 0) {
            throw new IOException("benchmark run " + args + " failed (exit " + exit + "):\n" + log);
        }
        return new Child(wall, heap, samples);
    }

    /** Prints the table, writes results.csv, and checks the targets (Targets). */
    public void report(List<Result> results) throws IOException {
        out.println();
        out.printf(Locale.ROOT, "%-10s %-14s %8s %8s %9s %9s %9s %8s %7s %8s%n", "recording", "run", "wall s", "CPU s",
                "RSS MB", "anon MB", "file MB", "heap MB", "WER %", "decode%");
        for (Result r : results) {
            out.println(format(r));
        }
        Path csv = dir.resolve("results.csv");
        boolean header = !Files.exists(csv);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            if (header) {
                w.println("recording,audio_s,run,wall_s,cpu_s,peak_rss_mb,peak_anon_mb,peak_file_mb,heap_peak_mb,wer_percent,decode_s,total_s");
            }
            for (Result r : results) {
                w.printf(Locale.ROOT, "%s,%.1f,%s,%.2f,%.2f,%.1f,%.1f,%.1f,%.1f,%.2f,%.2f,%.2f%n", r.recording(), r.audioSeconds(),
                        r.run(), r.wallSeconds(), r.cpuSeconds(), r.peakRssKb() / 1024.0, r.peakAnonKb() / 1024.0,
                        r.peakFileKb() / 1024.0, r.heapPeakMb(), r.werPercent(), r.decodeSeconds(), r.totalSeconds());
            }
        }
        out.println();
        for (String line : Targets.check(results)) {
            out.println(line);
        }
        out.println("bench: wrote " + csv + " and resources-*.png / resources-*.csv in " + dir);
        out.flush();
    }

    static String format(Result r) {
        double decodeShare = r.totalSeconds() > 0 ? 100 * r.decodeSeconds() / r.totalSeconds() : 0;
        return String.format(Locale.ROOT, "%-10s %-14s %8.1f %8.1f %9.0f %9.0f %9.0f %8.1f %7.2f %8s", r.recording(), r.run(),
                r.wallSeconds(), r.cpuSeconds(), r.peakRssKb() / 1024.0, r.peakAnonKb() / 1024.0, r.peakFileKb() / 1024.0,
                r.heapPeakMb(), r.werPercent(), r.run().equals("reference") ? "-" : String.format(Locale.ROOT, "%.1f", decodeShare));
    }
}
