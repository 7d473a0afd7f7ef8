package org.longscribe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.longscribe.cli.Main;
import org.longscribe.model.ModelLocator;

/**
 * The job on a real Spark standalone cluster on loopback: a master, two workers (one on 127.0.0.1,
 * one on 127.0.0.2, so that Spark sees two hosts), each launching an executor JVM of one core, and
 * the driver run as spark-submit would (the shaded jar shipped with spark.jars). Spark's own jars
 * come from Maven, in a SPARK_HOME made of links under target/cluster.
 *
 * <p>Speculation on, with a slow task: a second attempt runs on the other executor, is killed when
 * the first finishes, and the output is one whole transcript per recording. An executor killed with
 * SIGKILL part way through a long recording: the retry on the other executor takes the finished
 * blocks from the journal in the output, and the transcript is an uninterrupted run's.
 */
class SparkClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("pipeline/spark/target/cluster").toAbsolutePath();
    private static final Path HOME = ROOT.resolve("spark-home");
    private static final List<Process> DAEMONS = new ArrayList<>();
    private static int masterPort;
    private static String scalaVersion;

    @BeforeAll
    static void cluster() throws Exception {
        deleteTree(ROOT);
        Files.createDirectories(HOME.resolve("jars"));
        Files.writeString(HOME.resolve("RELEASE"), "Spark from Maven, for SparkClusterIT\n");
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            String name = jar.getFileName().toString();
            if (name.endsWith(".jar") && !name.startsWith("longscribe") && !Files.exists(HOME.resolve("jars").resolve(name))) {
                Files.createSymbolicLink(HOME.resolve("jars").resolve(name), jar.toAbsolutePath());
                if (name.startsWith("spark-core_")) {
                    scalaVersion = name.substring("spark-core_".length(), name.indexOf('-', "spark-core_".length()));
                }
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            masterPort = s.getLocalPort();
        }
        daemon("master", "127.0.0.1", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(masterPort), "--webui-port", "0");
        awaitLog("master", "I have been elected leader");
        for (String host : List.of("127.0.0.1", "127.0.0.2")) {
            daemon("worker-" + host, host, "org.apache.spark.deploy.worker.Worker", "spark://127.0.0.1:" + masterPort, "--host", host,
                    "--cores", "1", "--memory", "2g", "--webui-port", "0", "--work-dir", ROOT.resolve("work-" + host).toString());
        }
        awaitLog("worker-127.0.0.1", "Successfully registered with master");
        awaitLog("worker-127.0.0.2", "Successfully registered with master");
    }

    @AfterAll
    static void stop() {
        for (Process p : DAEMONS) {
            p.descendants().forEach(ProcessHandle::destroyForcibly); // executor JVMs
            p.destroyForcibly();
        }
    }

    private static List<String> javaWithOpens() {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String p : List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio", "java.util",
                "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref", "sun.nio.ch", "sun.nio.cs",
                "sun.security.action", "sun.util.calendar")) {
            cmd.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        return cmd;
    }

    private static void daemon(String name, String host, String mainClass, String... args) throws IOException {
        List<String> cmd = javaWithOpens();
        cmd.addAll(List.of("-Xmx512m", "-cp", HOME.resolve("jars") + "/*", mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ROOT.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", HOME.toString());
        pb.environment().put("SPARK_SCALA_VERSION", scalaVersion);
        pb.environment().put("SPARK_LOCAL_IP", host);
        DAEMONS.add(pb.start());
    }

    private static void awaitLog(String name, String line) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Path log = ROOT.resolve(name + ".log");
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not start: " + (Files.exists(log) ? Files.readString(log) : "no log"));
    }

    /** The job, as spark-submit would run it on this cluster: two executors of one core. */
    private static Process job(Path in, Path out, Path log, List<String> conf) throws IOException {
        String jar = System.getProperty("longscribe.spark.jar");
        String opens = String.join(" ", javaWithOpens().subList(1, javaWithOpens().size()));
        List<String> cmd = javaWithOpens();
        cmd.addAll(List.of("-Xmx1g", "-Djdk.reflect.useDirectMethodHandle=false", "-Dspark.master=spark://127.0.0.1:" + masterPort,
                "-Dspark.executor.cores=1", "-Dspark.cores.max=2", "-Dspark.executor.memory=1g", "-Dspark.jars=" + jar,
                "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1",
                "-Dlog4j2.configurationFile=" + Path.of("pipeline/spark/src/test/resources/log4j2-cluster.properties").toAbsolutePath()));
        List<String> executorOptions = new ArrayList<>(List.of(opens, "-Dlongscribe.spark.journal-seconds=1"));
        for (String c : conf) {
            if (c.startsWith("-Dlongscribe.")) {
                executorOptions.add(c);
            } else {
                cmd.add(c);
            }
        }
        cmd.add("-Dspark.executor.extraJavaOptions=" + String.join(" ", executorOptions));
        cmd.addAll(List.of("-cp", jar + File.pathSeparator + HOME.resolve("jars") + "/*", SparkTranscribe.class.getName(),
                in.toString(), out.toString(), "--model", ModelLocator.resolve(null).toAbsolutePath().toString(), "--threads", "1",
                "--partitions", "2", "--split-over", "0", "--scratch", ROOT.resolve("scratch").toString(), "--format", "json,srt"));
        Files.createDirectories(ROOT.resolve("scratch"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static JsonNode cli(Path input, Path json) throws Exception {
        picocli.CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("transcribe", input.toString(), "-o", json.toString(), "-q"), err.toString());
        return JSON.readTree(json.toFile());
    }

    private static List<String> files(Path out) throws IOException {
        try (Stream<Path> f = Files.walk(out)) {
            return f.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()).sorted().toList();
        }
    }

    private static List<Path> scratchLeft() throws IOException {
        try (Stream<Path> f = Files.list(ROOT.resolve("scratch"))) {
            return f.toList();
        }
    }

    @Test
    void withSpeculationASlowTaskRunsTwiceAndLeavesOneWholeTranscriptPerRecording() throws Exception {
        Path in = Files.createDirectories(ROOT.resolve("speculation/in"));
        SparkTranscribeTest.tiled(in.resolve("long.wav"), 24);
        SparkTranscribeTest.tiled(in.resolve("short.wav"), 2);
        Path out = ROOT.resolve("speculation/out");
        Path log = ROOT.resolve("speculation/driver.log");
        Process job = job(in, out, log, List.of("-Dspark.speculation=true", "-Dspark.speculation.interval=200ms",
                "-Dspark.speculation.multiplier=1.2", "-Dspark.speculation.quantile=0.5", "-Dspark.speculation.minTaskRuntime=1s"));
        assertTrue(job.waitFor(300, TimeUnit.SECONDS), "the job finished");
        String driver = Files.readString(log);
        assertEquals(0, job.exitValue(), driver);
        assertTrue(driver.contains("as speculatable"), "a second attempt was started: " + driver);
        assertTrue(driver.contains("Starting task 1.1") || driver.contains("Starting task 0.1"), driver);
        assertTrue(driver.contains("2 transcribed, 0 up to date, 0 failed"), driver);
        assertEquals(List.of(SparkTranscribe.MANIFEST, "long.json", "long.srt", "short.json", "short.srt"), files(out),
                "one transcript per recording, no temporary, no journal");
        assertEquals(2, Files.readAllLines(out.resolve(SparkTranscribe.MANIFEST)).size());
        JsonNode spark = JSON.readTree(out.resolve("long.json").toFile());
        assertEquals(cli(in.resolve("long.wav"), ROOT.resolve("speculation/cli.json")).path("segments"), spark.path("segments"));
        assertEquals(List.of(), scratchLeft(), "the killed attempt's scratch removed too");
    }

    @Test
    void anExecutorKilledPartWayThroughALongRecordingIsResumedFromTheJournal() throws Exception {
        Path in = Files.createDirectories(ROOT.resolve("killed/in"));
        Path wav = SparkTranscribeTest.tiled(in.resolve("long.wav"), 24);
        long samples = (Files.size(wav) - 44) / 2;
        Path out = ROOT.resolve("killed/out");
        Path log = ROOT.resolve("killed/driver.log");
        Path journal = out.resolve(ExecutorPipeline.JOURNALS + "/long.json" + org.longscribe.job.Journal.SUFFIX);
        Process job = job(in, out, log, List.of());
        long deadline = System.nanoTime() + 240_000_000_000L;
        long heardTo = 0;
        while (System.nanoTime() < deadline && job.isAlive() && heardTo < samples * 8 / 10) {
            if (Files.isRegularFile(journal)) {
                List<String> lines = Files.readAllLines(journal);
                for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    try {
                        heardTo = Math.max(heardTo, JSON.readTree(line).path("end").asLong());
                    } catch (IOException cutShort) {
                        // the line being copied
                    }
                }
            }
            Thread.sleep(100);
        }
        assertTrue(job.isAlive(), "killed before the end: " + Files.readString(log));
        // The executor transcribing it is the one whose work directory (longscribe-PID-...) is in scratch.
        List<Long> pids = new ArrayList<>();
        for (Path d : scratchLeft()) {
            String[] parts = d.getFileName().toString().split("-");
            if (parts.length > 2 && parts[0].equals("longscribe")) {
                pids.add(Long.parseLong(parts[1]));
            }
        }
        assertEquals(1, pids.stream().distinct().count(), "one executor at work: " + scratchLeft());
        ProcessHandle executor = ProcessHandle.of(pids.get(0)).orElseThrow();
        assertTrue(executor.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"), executor.info().toString());
        executor.destroyForcibly(); // SIGKILL: a node lost
        assertTrue(job.waitFor(300, TimeUnit.SECONDS), "the job finished");
        String driver = Files.readString(log);
        assertEquals(0, job.exitValue(), driver);
        assertTrue(driver.contains("1 transcribed, 0 up to date, 0 failed"), driver);
        JsonNode spark = JSON.readTree(out.resolve("long.json").toFile());
        assertTrue(spark.path("timings").path("slices_resumed").asInt() > 0, spark.path("timings").toString());
        assertEquals(cli(wav, ROOT.resolve("killed/cli.json")).path("segments"), spark.path("segments"), "an uninterrupted run's transcript");
        assertEquals(List.of(SparkTranscribe.MANIFEST, "long.json", "long.srt"), files(out), "no journal left");
        assertEquals(List.of(), scratchLeft(), "the killed executor's scratch removed as stale by the retry");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
