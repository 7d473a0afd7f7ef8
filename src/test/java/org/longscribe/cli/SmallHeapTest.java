package org.longscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;

/**
 * The samples never enter the heap: a several-minute recording is transcribed by the CLI in a child
 * JVM limited to 48 MB of heap, collecting often, decoding from mp3 included.
 */
class SmallHeapTest {
    @TempDir
    Path dir;

    @Test
    void severalMinutesTranscribeUnder48MbOfHeap() throws Exception {
        short[] tile = TestAudio.readSamples(TestAudio.testData("weather.wav"));
        int copies = 12;
        short[] all = TestAudio.tile(tile, copies, k -> 16000, null);
        Path wav = TestAudio.writeWav(dir.resolve("long.wav"), all, 16000);
        Path out = dir.resolve("long.json");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx48m", "-XX:+UseSerialGC",
                "-Dlongscribe.models.dir=" + System.getProperty("longscribe.models.dir"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "transcribe", wav.toString(), "-o", out.toString(), "--threads", "2", "-q"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "finished");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("child.log")));
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(all.length / 16000.0, json.get("duration").asDouble(), 0.01);
        assertTrue(json.get("segments").size() >= copies * 3);
    }
}
