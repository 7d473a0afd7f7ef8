package org.longscribe.asr.vosk;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Memory;
import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

/** malloc's own account (what --resource-log adds with -Dlongscribe.malloc-stats=true) follows what is allocated. */
class NativeHeapTest {
    @Test
    void mallocsAccountFollowsAnAllocation() {
        assumeTrue(Platform.isLinux(), "glibc only");
        long[] before = NativeHeap.inUseAndFree();
        assertNotNull(before, "glibc 2.33+ has mallinfo2");
        Memory block = new Memory(64L << 20); // JNA allocates with malloc
        block.setByte((64L << 20) - 1, (byte) 1);
        long[] during = NativeHeap.inUseAndFree();
        assertTrue(during[0] - before[0] >= 60L << 20, "64 MB more in use: " + before[0] + " -> " + during[0]);
        block.close();
        long[] after = NativeHeap.inUseAndFree();
        assertTrue(during[0] - after[0] >= 60L << 20, "and back: " + during[0] + " -> " + after[0]);
        NativeHeap.trim();
    }
}
