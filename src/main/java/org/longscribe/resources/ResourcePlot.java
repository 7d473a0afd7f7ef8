package org.longscribe.resources;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes resource samples as CSV and as a PNG of RSS and CPU over time, one line per run. */
public final class ResourcePlot {
    private ResourcePlot() {
    }

    /**
     * CSV: run, seconds, rss_mb, anon_mb, file_mb, cpu_seconds, cpu_percent, malloc_in_use_mb,
     * malloc_free_mb, heap_used_mb, heap_committed_mb (the last four empty where unknown).
     */
    public static void writeCsv(Map<String, List<ResourceSampler.Sample>> runs, OutputStream csv) throws IOException {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(csv, StandardCharsets.UTF_8));
        w.println("run,seconds,rss_mb,anon_mb,file_mb,cpu_seconds,cpu_percent,malloc_in_use_mb,malloc_free_mb,heap_used_mb,heap_committed_mb");
        for (var run : runs.entrySet()) {
            ResourceSampler.Sample previous = null;
            for (ResourceSampler.Sample s : run.getValue()) {
                w.printf(Locale.ROOT, "%s,%.2f,%.1f,%.1f,%.1f,%.2f,%.0f,%s,%s,%s,%s%n", run.getKey(), s.seconds(), s.rssKb() / 1024.0,
                        s.anonKb() / 1024.0, s.fileKb() / 1024.0, s.cpuSeconds(), cpuPercent(previous, s), mb(s.mallocInUseKb()),
                        mb(s.mallocFreeKb()), mb(s.heapUsedKb()), mb(s.heapCommittedKb()));
                previous = s;
            }
        }
        w.flush();
        if (w.checkError()) {
            throw new IOException("writing the resource log failed");
        }
    }

    private static String mb(long kb) {
        return kb < 0 ? "" : String.format(Locale.ROOT, "%.1f", kb / 1024.0);
    }

    /** PNG with two charts: resident memory (total thick, anonymous thin; file-backed is the gap) and CPU %, over time. */
    public static void writePng(Map<String, List<ResourceSampler.Sample>> runs, String title, OutputStream png) throws IOException {
        XYChart rss = new XYChartBuilder().width(1000).height(420).title(title + ": resident memory")
                .xAxisTitle("seconds").yAxisTitle("MB").build();
        XYChart cpu = new XYChartBuilder().width(1000).height(420).title(title + ": CPU")
                .xAxisTitle("seconds").yAxisTitle("% of one core").build();
        for (XYChart c : List.of(rss, cpu)) {
            c.getStyler().setMarkerSize(0);
            c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        }
        java.awt.Color[] palette = {new java.awt.Color(0x1f77b4), new java.awt.Color(0xd62728), new java.awt.Color(0x2ca02c),
            new java.awt.Color(0x9467bd), new java.awt.Color(0xff7f0e), new java.awt.Color(0x8c564b)};
        int index = 0;
        for (var run : runs.entrySet()) {
            List<ResourceSampler.Sample> s = run.getValue();
            java.awt.Color color = palette[index++ % palette.length];
            if (s.size() < 2) {
                continue;
            }
            double[] t = new double[s.size()];
            double[] total = new double[s.size()];
            double[] anon = new double[s.size()];
            double[] percent = new double[s.size()];
            for (int i = 0; i < s.size(); i++) {
                t[i] = s.get(i).seconds();
                total[i] = s.get(i).rssKb() / 1024.0;
                anon[i] = s.get(i).anonKb() / 1024.0;
                percent[i] = cpuPercent(i == 0 ? null : s.get(i - 1), s.get(i));
            }
            XYSeries r = rss.addSeries(run.getKey() + " RSS", t, total);
            r.setMarker(SeriesMarkers.NONE);
            r.setLineColor(color);
            XYSeries a = rss.addSeries(run.getKey() + " anonymous", t, anon);
            a.setMarker(SeriesMarkers.NONE);
            a.setLineColor(color);
            a.setLineStyle(new java.awt.BasicStroke(1.2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                    10f, new float[] {6f, 4f}, 0f));
            XYSeries c = cpu.addSeries(run.getKey(), t, smooth(percent, 5));
            c.setMarker(SeriesMarkers.NONE);
            c.setLineColor(color);
        }
        BitmapEncoder.saveBitmap(List.of(rss, cpu), 2, 1, png, BitmapEncoder.BitmapFormat.PNG);
    }

    static double cpuPercent(ResourceSampler.Sample previous, ResourceSampler.Sample s) {
        if (previous == null || s.seconds() <= previous.seconds()) {
            return 0;
        }
        return 100 * (s.cpuSeconds() - previous.cpuSeconds()) / (s.seconds() - previous.seconds());
    }

    /** A moving average: CPU time advances in 10 ms ticks, so 100 ms samples are jagged. */
    private static double[] smooth(double[] v, int window) {
        double[] out = new double[v.length];
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += v[i];
            if (i >= window) {
                sum -= v[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }
}
