package org.longscribe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** --model and --threads, defined and checked once for every command that recognises speech. */
final class RecognizerOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = "--model", paramLabel = "NAME|DIR",
            description = "A Vosk model: the name of one installed in MODELS_DIR ('longscribe models' lists them,"
                    + " 'longscribe models get NAME' installs one), or a directory. Default: $LONGSCRIBE_MODEL,"
                    + " else the built-in small English model.")
    String model;

    @Option(names = "--fast",
            description = "Accepted, and changes nothing with a composed graph (the default model's, and any model"
                    + " 'longscribe models get' installs). With a model decoded lazily (no composed graph): long-lived recognizers"
                    + " instead of a fresh one per block, 5-10%% less CPU on long hard recordings, a quarter on clean speech, but"
                    + " another --threads, a resumed run or a batch may give other words.")
    boolean fast;

    @Option(names = "--reproducible",
            description = "Accepted, and changes nothing: the same recording gives the same transcript for any --threads,"
                    + " after a resume, in a batch.")
    boolean reproducibleAsked;

    private int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--threads", paramLabel = "N",
            description = "Recognizer threads, one recognizer each (default: all cores).")
    void threads(int n) {
        if (n < 1) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--threads must be at least 1, not " + n);
        }
        threads = n;
    }

    int threads() {
        return threads;
    }

    /**
     * Says in one line, unless {@code quiet}, what a model without a composed graph costs the run
     * (see {@link org.longscribe.job.Pipeline#scheduleNote}).
     */
    void noteSchedule(java.nio.file.Path modelDir, java.io.PrintWriter err, boolean quiet) {
        String note = org.longscribe.job.Pipeline.scheduleNote(modelDir, reproducible());
        if (note != null && !quiet) {
            err.println("longscribe: " + TerminalText.escape(note));
            err.flush();
        }
    }

    /** A history-free schedule (the default), unless --fast. */
    boolean reproducible() {
        if (fast && reproducibleAsked) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--fast and --reproducible ask for two schedules; choose one");
        }
        return !fast;
    }
}
