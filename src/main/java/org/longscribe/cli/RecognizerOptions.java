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

    @Option(names = "--reproducible",
            description = "The same transcript for any --threads, after a resume, and in a batch, by construction:"
                    + " slices are decoded in blocks, each by a fresh recognizer. Slower on most audio (README,"
                    + " 'Same recording, same transcript'). Without it, the same command gives the same transcript.")
    boolean reproducible;

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
}
