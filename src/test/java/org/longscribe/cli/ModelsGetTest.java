package org.longscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.BuildInfo;
import org.longscribe.TestAudio;

/**
 * {@code models get NAME} against a model list and zips served from 127.0.0.1 by the test: a real
 * model (the built-in one, zipped here), a wrong md5, a download that breaks off and resumes with a
 * range request, hostile zips, an unknown name, a server that is not there.
 */
class ModelsGetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GOOD = "vosk-model-test-en-0.1";

    @TempDir
    static Path served;
    static HttpServer server;
    /** What the server serves, by URL path: files under {@link #served} (the suite's heap is 256 MB). */
    static final Map<String, Path> FILES = new ConcurrentHashMap<>();
    static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    /** The next GET of this path without a Range header sends half the body and ends. */
    static volatile String breakOff;

    @TempDir
    Path work;
    Path modelsDir;
    private String savedModelsDir;

    @BeforeAll
    static void serve() throws Exception {
        Path model = Path.of(System.getProperty("longscribe.models.dir"), BuildInfo.defaultModelName());
        FILES.put("/m/" + GOOD + ".zip", zip(GOOD, model));
        FILES.put("/m/damaged.zip", FILES.get("/m/" + GOOD + ".zip"));
        FILES.put("/m/escape.zip", hostile("escape", "escape/", "../escaped.txt", 10));
        FILES.put("/m/bomb.zip", hostile("bomb", "bomb/", "bomb/zeros", 200_000_000)); // ~200 KB zipped
        FILES.put("/m/vosk-model-spk-test.zip", speakerModel());
        ArrayNode list = JSON.createArrayNode();
        list.add(entry(GOOD, "en-us", "small", "/m/" + GOOD + ".zip", null, false)); // no url: list dir + NAME.zip
        list.add(entry("damaged", "en-us", "small", "/m/damaged.zip", "damaged.zip", false)
                .put("md5", "0123456789abcdef0123456789abcdef"));
        list.add(entry("escape", "en", "small", "/m/escape.zip", "escape.zip", false));
        list.add(entry("bomb", "en", "small", "/m/bomb.zip", "bomb.zip", false));
        list.add(entry("vosk-model-spk-test", "", "spk", "/m/vosk-model-spk-test.zip", "vosk-model-spk-test.zip", false));
        list.add(entry("vosk-model-old-de-0.1", "de", "small", "/m/" + GOOD + ".zip", "x.zip", true));
        // A list over http that points at a local file: refused (the file is a valid model zip here).
        list.add(entry("local", "en", "small", "/m/" + GOOD + ".zip", FILES.get("/m/" + GOOD + ".zip").toUri().toString(), false));
        FILES.put("/m/model-list.json", Files.write(served.resolve("model-list.json"), JSON.writeValueAsBytes(list)));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ModelsGetTest::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // not the dispatcher thread
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @BeforeEach
    void emptyModelsDir() throws IOException {
        modelsDir = Files.createDirectories(work.resolve("models"));
        savedModelsDir = System.getProperty("longscribe.models.dir");
        System.setProperty("longscribe.models.dir", modelsDir.toString());
        System.setProperty("longscribe.model.list", listUrl());
        REQUESTS.clear();
        breakOff = null;
    }

    @AfterEach
    void restore() {
        System.setProperty("longscribe.models.dir", savedModelsDir);
        System.clearProperty("longscribe.model.list");
    }

    static String listUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/m/model-list.json";
    }

    /**
     * A lookahead model is composed as it is installed, and --model NAME decodes with the composed
     * copy: with a model of its own, each slice is then heard alone, and a run of two threads
     * equals one of one thread, every field (with the lazily composed graph it need not).
     */
    @Test
    @Tag("slow")
    void aLookaheadModelIsComposedAtInstallationAndDecodesFromTheComposedGraph() throws Exception {
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("models", "get", GOOD);
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(GOOD, GOOD + "-static"), names(modelsDir), "the model and its composed copy");
        assertTrue(Files.isRegularFile(modelsDir.resolve(GOOD + "-static/graph/HCLG.fst")));
        assertTrue(r.err().contains("composing its decoding graph"), r.err());
        Path one = work.resolve("one.json");
        Path two = work.resolve("two.json");
        String wav = TestAudio.testData("weather.wav").toString();
        TranscribeCommandTest.Result t1 = TranscribeCommandTest.run("transcribe", wav, "-o", one.toString(), "--model", GOOD, "--threads", "1");
        assertEquals(0, t1.code(), t1.err());
        assertFalse(t1.err().contains("no composed graph"), t1.err());
        TranscribeCommandTest.Result t2 = TranscribeCommandTest.run("transcribe", wav, "-o", two.toString(), "--model", GOOD, "--threads", "2");
        assertEquals(0, t2.code(), t2.err());
        assertEquals(GOOD + "-static", JSON.readTree(one.toFile()).path("model").path("name").asText());
        assertEquals(JSON.readTree(one.toFile()).path("segments"), JSON.readTree(two.toFile()).path("segments"));
        assertFalse(JSON.readTree(one.toFile()).path("segments").isEmpty());

        // Asked not to compose: a model decoded lazily, and the run says what that costs, once.
        TranscribeCommandTest.Result lazy = TranscribeCommandTest.run("transcribe", wav, "-o", work.resolve("lazy.json").toString(),
                "--model", modelsDir.resolve(GOOD).toString());
        assertEquals(0, lazy.code(), lazy.err());
        assertEquals(1, lazy.err().lines().filter(l -> l.contains("has no composed graph")).count(), lazy.err());
    }

    @Test
    void installsAVerifiedModelUsableByNameAndASecondGetDoesNothing() throws Exception {
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("models", "get", GOOD, "--no-compose");
        assertEquals(0, r.code(), r.err());
        Path installed = modelsDir.resolve(GOOD);
        assertTrue(Files.isRegularFile(installed.resolve("am/final.mdl")));
        assertTrue(Files.readString(installed.resolve("conf/mfcc.conf")).contains("--dither=0.0"), "reproducible: no dither");
        assertEquals(List.of(GOOD), names(modelsDir), "nothing else in MODELS_DIR");
        assertEquals(List.of("models"), names(work), "the download beside MODELS_DIR is gone");
        assertTrue(r.err().contains("installed " + GOOD), r.err());

        REQUESTS.clear();
        TranscribeCommandTest.Result again = TranscribeCommandTest.run("models", "get", GOOD, "--no-compose");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("installed already"), again.err());
        assertTrue(REQUESTS.stream().noneMatch(q -> q.contains(".zip")), "nothing downloaded: " + REQUESTS);

        TranscribeCommandTest.Result list = TranscribeCommandTest.run("models", "--available", "--lang", "en");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("i ") && l.contains(GOOD)), list.out());
        assertFalse(list.out().contains("vosk-model-old-de-0.1"), "other languages and obsolete ones hidden: " + list.out());
        assertTrue(TranscribeCommandTest.run("models", "--available", "--all").out().contains("vosk-model-old-de-0.1"),
                "--all shows obsolete ones");

        Path out = work.resolve("w.json");
        TranscribeCommandTest.Result t = TranscribeCommandTest.run("transcribe", TestAudio.testData("weather.wav").toString(),
                "-o", out.toString(), "--model", GOOD, "-q");
        assertEquals(0, t.code(), t.err());
        assertEquals(GOOD, JSON.readTree(out.toFile()).path("model").path("name").asText());
    }

    @Test
    void aDownloadThatBreaksOffResumesWithARangeRequest() throws Exception {
        breakOff = "/m/" + GOOD + ".zip";
        TranscribeCommandTest.Result first = TranscribeCommandTest.run("models", "get", GOOD, "--no-compose");
        TranscribeCommandTest.assertOneLineError(first, 69, GOOD, "run the same command again to resume");
        assertEquals(List.of(), names(modelsDir), "nothing in MODELS_DIR");
        Path partial = work.resolve(".models-" + GOOD + ".zip.partial");
        long kept = Files.size(partial);
        assertTrue(kept > 0 && kept < Files.size(FILES.get("/m/" + GOOD + ".zip")), "a part kept: " + kept);

        TranscribeCommandTest.Result second = TranscribeCommandTest.run("models", "get", GOOD, "--no-compose");
        assertEquals(0, second.code(), second.err());
        assertTrue(REQUESTS.contains("GET /m/" + GOOD + ".zip bytes=" + kept + "-"), "resumed where it stopped: " + REQUESTS);
        assertTrue(Files.isRegularFile(modelsDir.resolve(GOOD).resolve("am/final.mdl")));
        assertFalse(Files.exists(partial));
    }

    @Test
    void aWrongMd5IsADataErrorAndLeavesNothing() throws Exception {
        TranscribeCommandTest.assertOneLineError(TranscribeCommandTest.run("models", "get", "damaged"), 65,
                "damaged", "md5");
        assertEquals(List.of(), names(modelsDir));
        assertEquals(List.of("models"), names(work), "the corrupt download is removed, not kept for a resume");
    }

    @Test
    void hostileZipsAreRefused() throws Exception {
        TranscribeCommandTest.assertOneLineError(TranscribeCommandTest.run("models", "get", "escape"), 65,
                "points outside its folder");
        assertFalse(Files.exists(work.resolve("escaped.txt")));
        assertFalse(Files.exists(modelsDir.resolve("escaped.txt")));
        TranscribeCommandTest.assertOneLineError(TranscribeCommandTest.run("models", "get", "bomb"), 65, "expands beyond");
        assertEquals(List.of(), names(modelsDir));
    }

    @Test
    void aListServedOverHttpMayNotPointAtLocalFiles() throws Exception {
        TranscribeCommandTest.assertOneLineError(TranscribeCommandTest.run("models", "get", "local"), 65,
                "gives a zip address that is not http(s): file:");
        assertEquals(List.of(), names(modelsDir));
        assertEquals(List.of("models"), names(work));
    }

    @Test
    void aSecondGetOfANameBeingInstalledExits75AtOnceAndTheFirstIsUntouched() throws Exception {
        Path lock = work.resolve(".models-" + GOOD + ".lock");
        try (org.longscribe.store.LockFile first = org.longscribe.store.LockFile.tryAcquire(lock).orElseThrow()) {
            long t0 = System.nanoTime();
            TranscribeCommandTest.assertOneLineError(TranscribeCommandTest.run("models", "get", GOOD, "--no-compose"), 75,
                    "another longscribe is installing this model now");
            assertTrue((System.nanoTime() - t0) / 1e9 < 5, "at once");
            assertTrue(REQUESTS.stream().noneMatch(q -> q.contains(".zip")), "nothing downloaded: " + REQUESTS);
        }
        assertEquals(0, TranscribeCommandTest.run("models", "get", GOOD, "-q", "--no-compose").code(), "once it is free, it installs");
        assertTrue(Files.isRegularFile(modelsDir.resolve(GOOD).resolve("am/final.mdl")));
        assertEquals(List.of("models"), names(work), "no lock file left beside MODELS_DIR");
    }

    @Test
    void aLinkPlantedAtTheZipsTemporaryIsNotWrittenThrough() throws Exception {
        Path victim = Files.writeString(work.resolve("victim.txt"), "precious");
        Files.createSymbolicLink(work.resolve(".models-" + GOOD + ".zip.partial"), victim);
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("models", "get", GOOD, "-q", "--no-compose");
        assertEquals(0, r.code(), r.err());
        assertEquals("precious", Files.readString(victim));
        assertTrue(Files.isRegularFile(modelsDir.resolve(GOOD).resolve("am/final.mdl")));
    }

    @Test
    void aServerThatNeverAnswersIs69WithinTheFirstByteTimeout() throws Exception {
        try (org.longscribe.LoopbackServer hostile = new org.longscribe.LoopbackServer()) {
            System.setProperty("longscribe.model.list", hostile.acceptsAndNeverAnswers() + "/model-list.json");
            long t0 = System.nanoTime();
            TranscribeCommandTest.assertOneLineError(TranscribeCommandTest.run("models", "get", GOOD, "--no-compose", "--first-byte-timeout", "1"),
                    69, "no answer within the first-byte timeout");
            assertTrue((System.nanoTime() - t0) / 1e9 < 10);
        }
    }

    @Test
    void theSpeakerModelInstallsTheSameWay() throws Exception {
        TranscribeCommandTest.Result r = TranscribeCommandTest.run("models", "get", "vosk-model-spk-test", "-q");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(modelsDir.resolve("vosk-model-spk-test/final.ext.raw")));
    }

    @Test
    void anUnknownNameIsAUsageErrorWithTheClosestNames() {
        TranscribeCommandTest.assertOneLineError(TranscribeCommandTest.run("models", "get", "vosk-model-test-en-0.2"), 2,
                "no such model", "closest: " + GOOD);
        TranscribeCommandTest.assertOneLineError(TranscribeCommandTest.run("transcribe",
                TestAudio.testData("weather.wav").toString(), "--model", "vosk-model-nope"), 2,
                "models get vosk-model-nope");
    }

    @Test
    void aListThatCannotBeReachedIs69() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        System.setProperty("longscribe.model.list", "http://127.0.0.1:" + closedPort + "/model-list.json");
        TranscribeCommandTest.assertOneLineError(TranscribeCommandTest.run("models", "get", GOOD, "--no-compose"), 69,
                "the model list http://127.0.0.1:" + closedPort, "cannot be fetched (cannot connect");
        assertEquals(List.of(), names(modelsDir));
    }

    /** The real variables, in a child JVM: LONGSCRIBE_MODEL_LIST and LONGSCRIBE_MODELS_DIR. */
    @Test
    @Tag("slow")
    void theEnvironmentVariablesNameTheListAndTheModelsDir() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "models", "get", "vosk-model-spk-test")
                .redirectErrorStream(true).redirectOutput(work.resolve("child.log").toFile());
        Path elsewhere = work.resolve("elsewhere");
        pb.environment().put("LONGSCRIBE_MODEL_LIST", listUrl());
        pb.environment().put("LONGSCRIBE_MODELS_DIR", elsewhere.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), Files.readString(work.resolve("child.log")));
        assertTrue(Files.isRegularFile(elsewhere.resolve("vosk-model-spk-test/mean.vec")));
    }

    private static void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String range = x.getRequestHeaders().getFirst("Range");
        REQUESTS.add(x.getRequestMethod() + " " + path + (range == null ? "" : " " + range));
        Path file = FILES.get(path);
        if (file == null) {
            x.sendResponseHeaders(404, -1);
            x.close();
            return;
        }
        long length = Files.size(file);
        try (OutputStream out = x.getResponseBody(); java.io.InputStream in = Files.newInputStream(file)) {
            if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
                long from = Long.parseLong(range.substring(6, range.length() - 1));
                x.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (length - 1) + "/" + length);
                x.sendResponseHeaders(206, length - from);
                in.skipNBytes(from);
                in.transferTo(out);
            } else if (path.equals(breakOff)) {
                // The connection ends half way: a chunked response that stops early, as a proxy or a
                // dropped link leaves it (the client sees fewer bytes than the list says).
                breakOff = null;
                x.sendResponseHeaders(200, 0);
                out.write(in.readNBytes((int) (length / 2)));
            } else {
                x.sendResponseHeaders(200, length);
                in.transferTo(out);
            }
        }
    }

    private static ObjectNode entry(String name, String lang, String type, String file, String url, boolean obsolete)
            throws Exception {
        Path zip = FILES.get(file);
        java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
        try (java.io.InputStream in = new java.security.DigestInputStream(Files.newInputStream(zip), md5)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        ObjectNode e = JSON.createObjectNode();
        e.put("name", name).put("lang", lang).put("type", type).put("version", "0.1").put("size", Files.size(zip))
                .put("md5", java.util.HexFormat.of().formatHex(md5.digest())).put("obsolete", obsolete ? "true" : "false");
        if (url != null) {
            e.put("url", url);
        }
        return e;
    }

    private static Path zip(String folder, Path dir) throws IOException {
        Path target = served.resolve(folder + ".zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target)); Stream<Path> files = Files.walk(dir)) {
            zip.setLevel(1);
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(folder + "/" + dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
        return target;
    }

    /** A zip with a harmless README and one entry {@code name} of {@code zeros} zero bytes. */
    private static Path hostile(String file, String folder, String name, long zeros) throws IOException {
        Path target = served.resolve(file + ".zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            zip.putNextEntry(new ZipEntry(folder + "README"));
            zip.write("a model".getBytes());
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(name));
            byte[] block = new byte[1 << 16];
            for (long left = zeros; left > 0; left -= block.length) {
                zip.write(block, 0, (int) Math.min(block.length, left));
            }
            zip.closeEntry();
        }
        return target;
    }

    private static Path speakerModel() throws IOException {
        Path target = served.resolve("vosk-model-spk-test.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            for (String f : List.of("final.ext.raw", "mean.vec", "transform.mat", "mfcc.conf", "README.txt")) {
                zip.putNextEntry(new ZipEntry("vosk-model-spk-test/" + f));
                zip.write(("test " + f).getBytes());
                zip.closeEntry();
            }
        }
        return target;
    }

    /** The names in {@code dir}, sorted: what a test expects a folder to hold, and nothing else. */
    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
