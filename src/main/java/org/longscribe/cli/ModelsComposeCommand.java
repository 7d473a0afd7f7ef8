package org.longscribe.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.longscribe.error.ExitCode;
import org.longscribe.model.ModelLocator;
import org.longscribe.model.StaticGraph;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "compose",
        mixinStandardHelpOptions = true,
        versionProvider = LongscribeCommand.Version.class,
        description = {"Composes a lookahead model's decoding graph once, ahead of time, into a",
            "copy of the model named NAME" + StaticGraph.SUFFIX + ", beside it, that Vosk decodes with a static",
            "graph: on long hard audio about 40%% less CPU and a third less memory than",
            "the model it came from, and the same transcript with --fast as without",
            "(docs/performance.md). The built-in model's copy becomes the default;",
            "another's is used with --model NAME" + StaticGraph.SUFFIX + ". The ./longscribe launcher",
            "composes the built-in model's on first use. The composition is libvosk's own;",
            "nothing to install. The small English model takes under a minute, 0.5 GB of",
            "memory and 241 MB of disk. A failure leaves nothing."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  longscribe models compose                          (the built-in model: the default from then on)",
            "  longscribe transcribe talk.mp3 -o talk.json --model vosk-model-small-en-us-0.15" + StaticGraph.SUFFIX})
final class ModelsComposeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME|DIR",
            description = "The model: an installed model's name or a directory (default: the built-in model).")
    String model;

    @CommandLine.Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path source = ModelLocator.resolve(model);
        Path target = StaticGraph.compose(source, new StaticGraph.Listener() {
            @Override
            public void step(String what) {
                if (!logging.quiet) {
                    err.println("longscribe: " + what);
                    err.flush();
                }
            }
        });
        if (!logging.quiet) {
            boolean isDefault = target.equals(ModelLocator.resolve(null).toAbsolutePath().normalize());
            err.println("longscribe: composed " + target + (isDefault ? " (the default model from now on)"
                    : " (use it with --model " + target.getFileName() + ")"));
        }
        return ExitCode.OK;
    }
}
