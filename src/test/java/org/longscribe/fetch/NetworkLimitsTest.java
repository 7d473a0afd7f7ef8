package org.longscribe.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.LoopbackServer;
import org.longscribe.error.ExitCode;
import org.longscribe.error.UnavailableException;

/**
 * Every network wait has a limit: servers on loopback that accept and never answer, answer the
 * headers and fall silent, or drip one byte at a time. The limits are set short here (the defaults
 * suit a nightly job); each case must end, as a failure of that one download (69), within a few
 * times its limit, and leave no temporary behind.
 */
class NetworkLimitsTest {
    /** Short limits: connect 1 s, first byte 1 s, at least 200 bytes/s over 1 s. */
    static final NetworkLimits SHORT = new NetworkLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 200, Duration.ofSeconds(1));

    @TempDir
    Path dir;
    LoopbackServer server;

    @BeforeEach
    void serve() throws Exception {
        server = new LoopbackServer()
                .route("/drip.mp3", LoopbackServer.drip(100_000, 500))
                .route("/silent.mp3", LoopbackServer.silentAfterHeaders(100_000))
                .route("/ok.mp3", LoopbackServer.bytes(new byte[300_000]));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private UnavailableException failsWithin(String url, double seconds) {
        Downloader d = new Downloader(new Http(SHORT), 1 << 30);
        long t0 = System.nanoTime();
        UnavailableException e = assertThrows(UnavailableException.class,
                () -> d.download(URI.create(url), dir.resolve("episode.mp3"), null));
        double took = (System.nanoTime() - t0) / 1e9;
        assertTrue(took < seconds, "gave up after " + took + " s: " + e.getMessage());
        assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
        assertFalse(Files.exists(dir.resolve("episode.mp3")));
        assertFalse(Files.exists(dir.resolve("episode.mp3.partial")), "the temporary is removed");
        return e;
    }

    @Test
    void aDrippingEnclosureIsGivenUpByTheSpeedRule() {
        UnavailableException e = failsWithin(server.base() + "/drip.mp3", 6);
        assertTrue(e.getMessage().contains("slower than 200 bytes/s for 1 s"), e.getMessage());
    }

    @Test
    void aServerSilentAfterItsHeadersIsGivenUp() {
        UnavailableException e = failsWithin(server.base() + "/silent.mp3", 6);
        assertTrue(e.getMessage().contains("no data for 1 s"), e.getMessage());
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersIsGivenUp() throws Exception {
        UnavailableException e = failsWithin(server.acceptsAndNeverAnswers() + "/episode.mp3", 6);
        assertTrue(e.getMessage().contains("no answer within the first-byte timeout"), e.getMessage());
    }

    @Test
    void theModelListAndAFeedAreBoundedToo() throws Exception {
        String silent = server.acceptsAndNeverAnswers();
        long t0 = System.nanoTime();
        assertThrows(UnavailableException.class, () -> org.longscribe.model.ModelList.fetch(URI.create(silent + "/list.json"), new Http(SHORT)));
        assertThrows(UnavailableException.class, () -> new Downloader(new Http(SHORT), 1 << 20).document(URI.create(server.base() + "/drip.mp3"), 1 << 20));
        assertTrue((System.nanoTime() - t0) / 1e9 < 10);
        // A conditional request to a silent server is "changed" (download and see), not a hang.
        assertFalse(new Downloader(new Http(SHORT), 1 << 20).notModified(URI.create(silent + "/x.mp3"), "\"e\"", null));
    }

    @Test
    void aHealthyDownloadIsNotDisturbed() throws Exception {
        Downloader.Download d = new Downloader(new Http(SHORT), 1 << 30).download(URI.create(server.base() + "/ok.mp3"),
                dir.resolve("ok.mp3"), null);
        assertEquals(300_000, d.bytes());
        assertEquals(300_000, Files.size(dir.resolve("ok.mp3")));
    }

    @Test
    void aLinkPlantedAtTheDownloadsTemporaryIsNotWrittenThrough() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Files.createSymbolicLink(dir.resolve("ok.mp3.partial"), victim);
        new Downloader(new Http(SHORT), 1 << 30).download(URI.create(server.base() + "/ok.mp3"), dir.resolve("ok.mp3"), null);
        assertEquals("precious", Files.readString(victim));
        assertEquals(300_000, Files.size(dir.resolve("ok.mp3")));
        assertFalse(Files.isSymbolicLink(dir.resolve("ok.mp3")));
    }
}
