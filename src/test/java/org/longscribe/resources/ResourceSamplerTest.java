package org.longscribe.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The sampler watching a process of its own that does one known thing: the test JVM itself is no
 * yardstick, since what earlier tests left (a model closed, the heap shrinking) may be released
 * while it samples.
 */
class ResourceSamplerTest {
    /** The watched process: says "ready", waits for a line, touches 64 MB of direct memory, spins 200 ms, says "done". */
    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        ByteBuffer big = ByteBuffer.allocateDirect(64 << 20);
        for (int i = 0; i < big.capacity(); i += 4096) {
            big.put(i, (byte) 1); // touch every page: 64 MB more anonymous RSS
        }
        long spin = System.nanoTime() + 200_000_000L;
        long x = 0;
        while (System.nanoTime() < spin) {
            x += System.nanoTime() % 7;
        }
        System.out.println("done " + x + " " + big.get(4096));
        System.out.flush();
        Thread.sleep(60_000);
    }

    @Test
    void seesMemoryGrowAndCpuAdvanceInTheProcessItWatches() throws Exception {
        assumeTrue(ResourceSampler.supported(), "needs Linux /proc");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xmx32m", "-XX:MaxDirectMemorySize=128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ResourceSamplerTest.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                OutputStream in = child.getOutputStream()) {
            assertEquals("ready", out.readLine());
            ResourceSampler sampler = ResourceSampler.start(child.pid(), 20);
            Thread.sleep(100);
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            String done = out.readLine();
            assertTrue(done != null && done.startsWith("done") && done.endsWith(" 1"), String.valueOf(done));
            Thread.sleep(60);
            List<ResourceSampler.Sample> samples = sampler.stop();
            assertTrue(samples.size() >= 10, samples.size() + " samples");
            ResourceSampler.Sample first = samples.get(0);
            ResourceSampler.Sample peak = ResourceSampler.peak(samples);
            assertTrue(peak.anonKb() - first.anonKb() >= 60 * 1024, "saw the 64 MB: " + first + " -> " + peak);
            assertTrue(peak.fileKb() > 0, "libraries are file-backed");
            for (int i = 1; i < samples.size(); i++) {
                assertTrue(samples.get(i).cpuSeconds() >= samples.get(i - 1).cpuSeconds());
                assertTrue(samples.get(i).seconds() > samples.get(i - 1).seconds());
            }
            assertTrue(samples.get(samples.size() - 1).cpuSeconds() - first.cpuSeconds() >= 0.15, "the spin used CPU");
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
