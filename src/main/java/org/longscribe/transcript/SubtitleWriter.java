package org.longscribe.transcript;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * SRT (numbered from 1, {@code HH:MM:SS,mmm}) or WebVTT ({@code WEBVTT} header, {@code HH:MM:SS.mmm}).
 *
 * <p>Speakers: WebVTT marks every cue with a voice span ({@code <v S1>}), which players may style
 * and do not show as text. SRT has no such markup; as in broadcast subtitles, the first cue of each
 * turn starts with the speaker's name ({@code S1: }), and the cues that follow in the turn do not.
 */
public final class SubtitleWriter implements TranscriptWriter {
    private final boolean vtt;

    private SubtitleWriter(boolean vtt) {
        this.vtt = vtt;
    }

    public static SubtitleWriter srt() {
        return new SubtitleWriter(false);
    }

    public static SubtitleWriter vtt() {
        return new SubtitleWriter(true);
    }

    @Override
    public void write(Transcript transcript, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        if (vtt) {
            w.write("WEBVTT\n\n");
        }
        List<Cues.Cue> cues = Cues.of(transcript);
        for (int i = 0; i < cues.size(); i++) {
            Cues.Cue c = cues.get(i);
            if (!vtt) {
                w.write(Integer.toString(i + 1));
                w.write('\n');
            }
            w.write(time(c.start()) + " --> " + time(c.end()) + "\n");
            boolean first = true;
            for (String line : c.lines()) {
                if (!line.isEmpty()) {
                    if (first && c.speaker() != null && (vtt || c.newSpeaker())) {
                        w.write(vtt ? "<v " + c.speaker() + ">" : c.speaker() + ": ");
                    }
                    first = false;
                    w.write(vtt ? escapeVtt(line) : line);
                    w.write('\n');
                }
            }
            w.write('\n');
        }
        w.flush();
    }

    /** WebVTT cue text treats {@code <} and {@code &} as markup. */
    private static String escapeVtt(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private String time(double seconds) {
        long ms = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
                vtt ? '.' : ',', ms % 1000);
    }
}
