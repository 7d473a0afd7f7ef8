package org.longscribe.cli;

import picocli.CommandLine.Option;

/** -q and -v, the same in every command that works on recordings. */
final class LoggingOptions {
    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr: errors (and batch's summary) only.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Stack traces on errors, and FFmpeg's and Vosk's own messages.")
    boolean verbose;
}
