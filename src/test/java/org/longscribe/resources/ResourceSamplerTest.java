package org.longscribe.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceSamplerTest {
    @Test
    void seesMemoryGrowAndCpuAdvanceInThisProcess() throws Exception {
        assumeTrue(ResourceSampler.supported(), "needs Linux /proc");
        ResourceSampler sampler = ResourceSampler.start(ProcessHandle.current().pid(), 20);
        Thread.sleep(100);
        ByteBuffer big = ByteBuffer.allocateDirect(64 << 20);
        for (int i = 0; i < big.capacity(); i += 4096) {
            big.put(i, (byte) 1); // touch every page: 64 MB more anonymous RSS
        }
        long spin = System.nanoTime() + 200_000_000L;
        long x = 0;
        while (System.nanoTime() < spin) {
            x += System.nanoTime() % 7;
        }
        Thread.sleep(60);
        List<ResourceSampler.Sample> samples = sampler.stop();
        assertTrue(samples.size() >= 10, samples.size() + " samples " + x);
        ResourceSampler.Sample first = samples.get(0);
        ResourceSampler.Sample peak = ResourceSampler.peak(samples);
        assertTrue(peak.anonKb() - first.anonKb() >= 60 * 1024, "saw the 64 MB: " + first + " -> " + peak);
        assertTrue(peak.fileKb() > 0, "libraries are file-backed");
        for (int i = 1; i < samples.size(); i++) {
            assertTrue(samples.get(i).cpuSeconds() >= samples.get(i - 1).cpuSeconds());
            assertTrue(samples.get(i).seconds() > samples.get(i - 1).seconds());
        }
        assertTrue(samples.get(samples.size() - 1).cpuSeconds() - first.cpuSeconds() >= 0.15, "the spin used CPU");
        assertEquals(big.get(4096), 1);
    }
}
