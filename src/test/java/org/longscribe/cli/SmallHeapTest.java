package org.longscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;
import org.longscribe.bench.LectureRecording;

/**
 * The samples never enter the heap: a several-minute recording is transcribed by the CLI in a child
 * JVM limited to 48 MB of heap, collecting often, decoding from mp3 included.
 */
@Tag("slow")
class SmallHeapTest {
    @TempDir
    Path dir;

    @Test
    void severalMinutesOfMp3TranscribeUnder48MbOfHeap() throws Exception {
        // A podcast-like mp3 (44.1 kHz stereo), so the decoder and resampler run under the limit too.
        LectureRecording.Files3 mp3 = LectureRecording.build(TestAudio.testData("x").getParent(), dir, "long", 180);
        Path out = dir.resolve("long.json");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx48m", "-XX:+UseSerialGC",
                "-Dlongscribe.models.dir=" + System.getProperty("longscribe.models.dir"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "transcribe", mp3.mp3().toString(), "-o", out.toString(), "--threads", "2", "-q"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "finished");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("child.log")));
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals("mp3", json.path("source").path("container").asText());
        assertTrue(json.path("timings").path("decode").asDouble() > 0, "decoded: " + json.path("timings"));
        assertTrue(json.get("duration").asDouble() >= 180, "duration " + json.get("duration"));
        assertTrue(json.get("segments").size() >= 20, "segments: " + json.get("segments").size());
    }
}
