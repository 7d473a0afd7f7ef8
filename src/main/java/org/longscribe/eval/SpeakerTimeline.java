package org.longscribe.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.longscribe.transcript.Transcript;
import org.longscribe.transcript.TranscriptSegment;

/**
 * A who-speaks-when picture: the reference turns above, longscribe's labelled segments below, one
 * colour per reference speaker (a hypothesis label takes the colour of the speaker it is mapped to;
 * unmapped labels are grey), so a wrong label shows as a colour that differs from the bar above.
 */
public final class SpeakerTimeline {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    private static final int WIDTH = 1200;
    private static final int LEFT = 110;
    private static final int RIGHT = 20;
    private static final int ROW = 34;

    private SpeakerTimeline() {
    }

    public static void writePng(SpeakerTurns reference, Transcript transcript, WordDiarizationErrorRate.Result wder,
                                String title, OutputStream out) throws IOException {
        List<String> refSpeakers = reference.speakers();
        int height = 70 + 2 * (ROW + 10) + 40 + 24 * ((refSpeakers.size() + 3) / 4);
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, LEFT, 24);
            double duration = Math.max(transcript.duration(), reference.turns().get(reference.turns().size() - 1).end());
            double scale = (WIDTH - LEFT - RIGHT) / Math.max(duration, 1e-9);
            int y0 = 44;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(Color.DARK_GRAY);
            g.drawString("reference", 10, y0 + ROW / 2 + 5);
            for (SpeakerTurns.Turn t : reference.turns()) {
                g.setColor(COLORS[refSpeakers.indexOf(t.speaker()) % COLORS.length]);
                g.fillRect(LEFT + (int) (t.start() * scale), y0, Math.max(1, (int) ((t.end() - t.start()) * scale)), ROW);
            }
            int y1 = y0 + ROW + 10;
            g.setColor(Color.DARK_GRAY);
            g.drawString("longscribe", 10, y1 + ROW / 2 + 5);
            Map<String, String> mapping = wder.mapping();
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
            for (TranscriptSegment s : transcript.segments()) {
                String mapped = mapping.get(s.speaker());
                g.setColor(mapped == null ? Color.GRAY : COLORS[refSpeakers.indexOf(mapped) % COLORS.length]);
                int x = LEFT + (int) (s.start() * scale);
                int w = Math.max(1, (int) ((s.end() - s.start()) * scale));
                g.fillRect(x, y1, w, ROW);
                if (w > 22) {
                    g.setColor(Color.WHITE);
                    g.drawString(s.speaker(), x + 3, y1 + ROW / 2 + 4);
                }
            }
            // time axis
            int axis = y1 + ROW + 8;
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1));
            g.drawLine(LEFT, axis, WIDTH - RIGHT, axis);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            double step = niceStep(duration);
            for (double t = 0; t <= duration + 1e-9; t += step) {
                int x = LEFT + (int) (t * scale);
                g.drawLine(x, axis, x, axis + 4);
                String label = duration >= 120 ? String.format("%d:%02d", (int) t / 60, (int) t % 60) : (int) t + " s";
                g.drawString(label, x - 8, axis + 16);
            }
            // legend
            int ly = axis + 38;
            int lx = LEFT;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int i = 0; i < refSpeakers.size(); i++) {
                String ref = refSpeakers.get(i);
                List<String> labels = new ArrayList<>();
                mapping.forEach((hyp, r) -> {
                    if (r.equals(ref)) {
                        labels.add(hyp);
                    }
                });
                g.setColor(COLORS[i % COLORS.length]);
                g.fillRect(lx, ly - 10, 12, 12);
                g.setColor(Color.DARK_GRAY);
                g.drawString(ref + (labels.isEmpty() ? " (not found)" : " = " + String.join(", ", labels)), lx + 18, ly);
                lx += 260;
                if (lx > WIDTH - 260) {
                    lx = LEFT;
                    ly += 24;
                }
            }
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(java.util.Locale.ROOT, "WDER %.1f %% (%d of %d words), %d speakers found, %d in the reference",
                    wder.percent(), wder.wrong(), wder.words(), wder.speakersFound(), wder.referenceSpeakers()),
                    WIDTH - 470, 24);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", out);
    }

    private static double niceStep(double duration) {
        double[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600};
        for (double s : steps) {
            if (duration / s <= 12) {
                return s;
            }
        }
        return 7200;
    }
}
