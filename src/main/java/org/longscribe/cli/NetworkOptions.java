package org.longscribe.cli;

import java.time.Duration;
import org.longscribe.fetch.Http;
import org.longscribe.fetch.NetworkLimits;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How long a command that fetches waits on a server, the same in each (docs/operations.md, "What longscribe touches"). */
final class NetworkOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS",
            description = "Give up a server that does not accept the connection within this (default: ${DEFAULT-VALUE}).")
    double connectSeconds = NetworkLimits.DEFAULTS.connect().toSeconds();

    @Option(names = "--first-byte-timeout", paramLabel = "SECONDS",
            description = "Give up a server that does not answer, or falls silent mid-download, for this long (default: ${DEFAULT-VALUE}).")
    double firstByteSeconds = NetworkLimits.DEFAULTS.firstByte().toSeconds();

    @Option(names = "--speed-limit", paramLabel = "BYTES",
            description = "Give up a download slower than this many bytes a second ... (default: ${DEFAULT-VALUE})")
    long speedLimit = NetworkLimits.DEFAULTS.speedLimit();

    @Option(names = "--speed-time", paramLabel = "SECONDS",
            description = "... over this long (default: ${DEFAULT-VALUE}), as curl's --speed-limit and --speed-time.")
    double speedTimeSeconds = NetworkLimits.DEFAULTS.speedTime().toSeconds();

    NetworkLimits limits() {
        check("--connect-timeout", connectSeconds);
        check("--first-byte-timeout", firstByteSeconds);
        check("--speed-time", speedTimeSeconds);
        if (speedLimit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--speed-limit must be 0 or more, not " + speedLimit);
        }
        return new NetworkLimits(duration(connectSeconds), duration(firstByteSeconds), speedLimit, duration(speedTimeSeconds));
    }

    Http http() {
        return new Http(limits());
    }

    private void check(String option, double seconds) {
        if (!(seconds > 0) || seconds > 86_400) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be more than 0 and at most 86400 seconds, not " + seconds);
        }
    }

    private static Duration duration(double seconds) {
        return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    }
}
