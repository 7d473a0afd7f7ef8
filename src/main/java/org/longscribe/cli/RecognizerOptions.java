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
            description = "Long-lived recognizers, one per thread, instead of a fresh one per block: with a composed graph"
                    + " (the launcher's default) 0-3%% less CPU; with a lazily composed one 5-10%% less on long hard recordings, a quarter"
                    + " on clean speech, and the same command still gives the same transcript, but another --threads, a resumed"
                    + " run or a batch may give another one on hard audio (README, 'Same recording, same transcript').")
    boolean fast;

    @Option(names = "--reproducible",
            description = "The default (the same transcript for any --threads, after a resume, in a batch); accepted"
                    + " so that existing scripts keep working.")
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

    /** The block schedule (the default), unless --fast. */
    boolean reproducible() {
        if (fast && reproducibleAsked) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--fast and --reproducible ask for two schedules; choose one");
        }
        return !fast;
    }
}
