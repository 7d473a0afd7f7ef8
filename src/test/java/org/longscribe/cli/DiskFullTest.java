package org.longscribe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.TestAudio;

/**
 * A full disk, without filling one: the child runs under {@code ulimit -f} (RLIMIT_FSIZE), so any
 * file it writes past the limit fails with EFBIG, as a write to a full disk fails with ENOSPC (the
 * JVM ignores SIGXFSZ). One line, exit 73, nothing left behind, the existing output untouched.
 */
@Tag("slow") // spawns JVMs or runs for tens of seconds: left out by -DexcludedGroups=slow
class DiskFullTest {
    @TempDir
    Path dir;

    @Test
    void theDecodedWavNotFittingIs73AndNamesTheWorkDirectory() throws Exception {
        // Vosk's library is unpacked to /tmp at each start; given a copy, the child loads it in place
        // and the first big file it writes is the decoded WAV (1.4 MB; the limit is 1 MB).
        Path lib = Files.createDirectories(dir.resolve("lib"));
        try (InputStream so = getClass().getClassLoader().getResourceAsStream("linux-x86-64/libvosk.so")) {
            assumeTrue(so != null, "Linux x86-64 only");
            Files.copy(so, lib.resolve("libvosk.so"));
        }
        Path work = Files.createDirectories(dir.resolve("work"));
        Path out = Files.writeString(dir.resolve("lecture.json"), "previous transcript");
        Result r = child(1000, "-Djna.library.path=" + lib, "transcribe", TestAudio.testData("lecture.mp3").toString(),
                "-o", out.toString(), "--work-dir", work.toString());
        assertEquals(73, r.code(), r.log());
        assertEquals(1, r.log().lines().count(), r.log());
        assertTrue(r.log().contains("cannot write the decoded audio: File too large"), r.log());
        assertTrue(r.log().contains("--work-dir"), r.log());
        assertEquals("previous transcript", Files.readString(out));
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(), left.toList(), "the partial WAV and its directory are removed");
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList());
        }
    }

    @Test
    void aNativeLibraryThatCannotBeUnpackedIs73NotAStackTrace() throws Exception {
        // FFmpeg's libraries are unpacked once into ~/.javacpp/cache: done here, so Vosk's is the one that fails.
        org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
        Result r = child(200, "-Djna.tmpdir=" + dir, "transcribe", TestAudio.testData("weather.wav").toString(), "-q");
        assertEquals(73, r.code(), r.log());
        assertEquals(1, r.log().lines().count(), r.log());
        assertTrue(r.log().startsWith("longscribe: cannot load a native library"), r.log());
        assertFalse(r.log().contains("\tat "), r.log());
    }

    record Result(int code, String log) {
    }

    private Result child(int fileSizeLimitKb, String jvmOption, String... args) throws Exception {
        StringBuilder cmd = new StringBuilder("ulimit -f " + fileSizeLimitKb + " && exec");
        for (String s : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), jvmOption,
                "-Dlongscribe.models.dir=" + System.getProperty("longscribe.models.dir"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName())) {
            cmd.append(' ').append(quote(s));
        }
        for (String a : args) {
            cmd.append(' ').append(quote(a));
        }
        Path logFile = dir.resolve("child.log");
        Process p = new ProcessBuilder("bash", "-c", cmd.toString()).redirectErrorStream(true)
                .redirectOutput(logFile.toFile()).start();
        int code = p.waitFor();
        return new Result(code, Files.readString(logFile));
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
