package org.longscribe.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The targets of the benchmark, checked on one run's results; each line says met or missed, and by how much. */
final class Targets {
    private Targets() {
    }

    static List<String> check(List<Benchmark.Result> results) {
        List<String> lines = new ArrayList<>();
        String shortest = results.isEmpty() ? null : results.get(0).recording();
        String longest = results.isEmpty() ? null : results.get(results.size() - 1).recording();
        Optional<Benchmark.Result> ref = find(results, shortest, "reference");
        Optional<Benchmark.Result> ls = find(results, shortest, "longscribe");
        Optional<Benchmark.Result> t1 = find(results, shortest, "longscribe-t1");
        Optional<Benchmark.Result> lsLong = find(results, longest, "longscribe");
        if (ref.isPresent() && ls.isPresent()) {
            double ratio = ls.get().wallSeconds() / ref.get().wallSeconds();
            lines.add(line(ratio <= 0.55, "wall(longscribe, from mp3) <= 0.55 x wall(reference, from WAV) on %s: %.2f x",
                    shortest, ratio));
            double dw = ls.get().werPercent() - ref.get().werPercent();
            lines.add(line(dw <= 0.5, "WER(longscribe) <= WER(reference) + 0.5 on %s: %.2f vs %.2f (%+.2f points)",
                    shortest, ls.get().werPercent(), ref.get().werPercent(), dw));
            lines.add(line(ls.get().peakRssKb() <= ref.get().peakRssKb(), "peak RSS(longscribe) <= peak RSS(reference) on %s: %.0f vs %.0f MB",
                    shortest, ls.get().peakRssKb() / 1024.0, ref.get().peakRssKb() / 1024.0));
        }
        // Flat memory: each longscribe run of a longer recording against the same run of the
        // shortest, at most 1.05 x up to two hours and 1.10 x beyond.
        for (Benchmark.Result r : results) {
            Optional<Benchmark.Result> base = find(results, shortest, r.run());
            if (r.run().startsWith("longscribe") && base.isPresent() && !r.recording().equals(shortest)) {
                double growth = r.peakRssKb() / (double) base.get().peakRssKb();
                double limit = r.audioSeconds() <= 2 * 3600 + 1 ? 1.05 : 1.10;
                lines.add(line(growth <= limit, "peak RSS(%s %s) <= %.2f x peak RSS(%s): %.3f x", r.recording(), r.run(), limit,
                        shortest, growth));
            }
        }
        find(results, shortest, "longscribe-fast").ifPresent(fast -> find(results, fast.recording(), "longscribe").ifPresent(d ->
                lines.add(String.format(Locale.ROOT, "info: default (reproducible) vs --fast on %s: wall %+.1f %%, CPU %+.1f %%",
                        d.recording(), 100 * (d.wallSeconds() / fast.wallSeconds() - 1), 100 * (d.cpuSeconds() / fast.cpuSeconds() - 1)))));
        for (Benchmark.Result r : results) {
            if (r.run().startsWith("longscribe") && r.totalSeconds() > 0) {
                double share = 100 * r.decodeSeconds() / r.totalSeconds();
                lines.add(line(share < 5, "decode share of total, %s %s: %.1f %%", r.recording(), r.run(), share));
            }
        }
        if (ls.isPresent() && t1.isPresent()) {
            double speedup = t1.get().wallSeconds() / ls.get().wallSeconds();
            lines.add(String.format(Locale.ROOT, "info: parallel speedup on %s: %.2f x with %d cores (efficiency %.0f %%)", shortest,
                    speedup, Runtime.getRuntime().availableProcessors(), 100 * speedup / Runtime.getRuntime().availableProcessors()));
        }
        return lines;
    }

    private static Optional<Benchmark.Result> find(List<Benchmark.Result> results, String recording, String run) {
        return results.stream().filter(r -> r.recording().equals(recording) && r.run().equals(run)).findFirst();
    }

    private static String line(boolean met, String format, Object... args) {
        return (met ? "MET     " : "MISSED  ") + String.format(Locale.ROOT, format, args);
    }
}
