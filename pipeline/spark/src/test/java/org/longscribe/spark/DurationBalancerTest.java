package org.longscribe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationBalancerTest {
    private static Recording r(String name, double seconds) {
        return new Recording("file:/a/" + name, name, 1, 1, seconds);
    }

    private static double load(List<Recording> bin) {
        return bin.stream().mapToDouble(Recording::seconds).sum();
    }

    @Test
    void longRecordingsGoToDifferentTasks() {
        // Listed in folder order: the three-hour lectures together, as a plain split would keep them.
        List<Recording> in = new ArrayList<>(List.of(r("a/1", 10800), r("a/2", 10800), r("a/3", 10800)));
        for (int i = 0; i < 30; i++) {
            in.add(r("b/" + i, 600));
        }
        List<List<Recording>> bins = DurationBalancer.assign(in, 3);
        assertEquals(3, bins.size());
        for (List<Recording> bin : bins) {
            assertEquals(1, bin.stream().filter(x -> x.seconds() == 10800).count(), "one lecture per task: " + bin);
            assertEquals(16800, load(bin), 0.001, "equal hours per task");
        }
        assertEquals(in.size(), bins.stream().mapToInt(List::size).sum());
    }

    @Test
    void withinFourThirdsOfTheBestOnUnevenWork() {
        List<Recording> in = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            in.add(r("x/" + i, 60 + random.nextInt(3 * 3600)));
        }
        int n = 8;
        List<List<Recording>> bins = DurationBalancer.assign(in, n);
        double total = in.stream().mapToDouble(Recording::seconds).sum();
        double longest = bins.stream().mapToDouble(DurationBalancerTest::load).max().orElseThrow();
        assertTrue(longest <= total / n * 4 / 3, longest + " vs mean " + total / n);
        assertNotEquals(0, bins.get(n - 1).size());
    }

    @Test
    void eachTaskStartsWithItsLongest() {
        List<List<Recording>> bins = DurationBalancer.assign(List.of(r("s", 5), r("l", 500), r("m", 50)), 1);
        assertEquals(List.of("l", "m", "s"), bins.get(0).stream().map(Recording::relative).toList());
    }
}
