package org.longscribe.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.longscribe.error.UndecodableInputException;

/**
 * A reference of who speaks when: one turn per line, {@code START END SPEAKER} in seconds
 * ({@code test-data/*.turns}), or NIST RTTM lines ({@code SPEAKER file 1 START DURATION <NA> <NA>
 * SPEAKER <NA> <NA>}). Blank lines and lines starting with # are skipped.
 */
public record SpeakerTurns(List<Turn> turns) {
    public record Turn(double start, double end, String speaker) {
    }

    public SpeakerTurns {
        turns = turns.stream().sorted(Comparator.comparingDouble(Turn::start)).toList();
    }

    public static SpeakerTurns read(Path file) throws IOException {
        List<Turn> turns = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\\s+");
            try {
                if (f[0].equals("SPEAKER") && f.length >= 8) {
                    double start = Double.parseDouble(f[3]);
                    turns.add(new Turn(start, start + Double.parseDouble(f[4]), f[7]));
                } else if (f.length == 3) {
                    turns.add(new Turn(Double.parseDouble(f[0]), Double.parseDouble(f[1]), f[2]));
                } else {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new UndecodableInputException(file, "line " + number
                        + " is not a turn: expected 'START END SPEAKER' (seconds) or an RTTM SPEAKER line");
            }
            Turn t = turns.get(turns.size() - 1);
            if (!(t.end() >= t.start() && t.start() >= 0)) {
                throw new UndecodableInputException(file, "line " + number + ": a turn must not end before it starts");
            }
        }
        if (turns.isEmpty()) {
            throw new UndecodableInputException(file, "holds no speaker turns");
        }
        return new SpeakerTurns(turns);
    }

    /** The distinct speakers, in order of first appearance. */
    public List<String> speakers() {
        return turns.stream().map(Turn::speaker).distinct().toList();
    }

    /** Who speaks at {@code time}: the turn containing it, else the nearest turn. */
    public String speakerAt(double time) {
        Turn best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (Turn t : turns) {
            double d = time < t.start() ? t.start() - time : time > t.end() ? time - t.end() : 0;
            if (d < bestDistance) {
                bestDistance = d;
                best = t;
            }
        }
        return best.speaker();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d turns of %d speakers", turns.size(), speakers().size());
    }
}
