package org.longscribe.cli;

import org.longscribe.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "longscribe",
        mixinStandardHelpOptions = true,
        versionProvider = LongscribeCommand.Version.class,
        description = "Transcribes long recordings offline with Vosk: decodes once to a WAV on disk, maps it, "
                + "splits at pauses and recognises the pieces in parallel.",
        subcommands = {TranscribeCommand.class, BatchCommand.class, FeedCommand.class, SearchCommand.class, ModelsCommand.class, CompareCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nRun 'longscribe COMMAND --help' for a command's options.%n")
final class LongscribeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (e.g. transcribe)");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "longscribe " + BuildInfo.version(),
                "vosk " + BuildInfo.voskVersion() + ", FFmpeg presets " + BuildInfo.ffmpegVersion(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
