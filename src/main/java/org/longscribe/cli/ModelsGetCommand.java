package org.longscribe.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.longscribe.error.ExitCode;
import org.longscribe.error.LongscribeException;
import org.longscribe.model.ModelInstaller;
import org.longscribe.model.ModelList;
import org.longscribe.model.ModelLocator;
import org.longscribe.model.StaticGraph;
import org.longscribe.pcm.Timecode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get",
        mixinStandardHelpOptions = true,
        versionProvider = LongscribeCommand.Version.class,
        description = {"Downloads a model of the official list by name, verifies it and installs it.",
            "The zip goes to a temporary file beside MODELS_DIR (a broken-off download resumes when",
            "run again), its size and md5 are checked against the list, it is unpacked to a temporary",
            "folder, checked to be a Vosk model (or a speaker model), and renamed into MODELS_DIR/NAME.",
            "A failure leaves nothing in MODELS_DIR. The list is $LONGSCRIBE_MODEL_LIST when set (an",
            "http(s):// or file: URL, for mirrors and air-gapped sites).",
            "A model whose graph comes in two halves (graph/HCLr.fst, Gr.fst) is then composed into",
            "MODELS_DIR/NAME-static, as 'longscribe models compose' does, and --model NAME decodes with it:",
            "less CPU and memory, and every slice heard on its own (--no-compose or LONGSCRIBE_COMPOSE=no",
            "skips it)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  longscribe models get vosk-model-en-us-0.22",
            "  longscribe models get vosk-model-spk-0.4      (the speaker model)",
            "  LONGSCRIBE_MODEL_LIST=file:/mirror/model-list.json longscribe models get vosk-model-small-de-0.15"})
final class ModelsGetCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The model's name, as 'longscribe models --available' lists it.")
    String name;

    @Option(names = "--no-compose", description = "Install the model as it comes, without composing its graph.")
    boolean noCompose;

    @CommandLine.Mixin
    NetworkOptions network = new NetworkOptions();

    @CommandLine.Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        boolean tty = System.console() != null;
        org.longscribe.fetch.Http http = network.http();
        ModelInstaller installer = new ModelInstaller(ModelLocator.modelsDir(), http,
                logging.quiet ? new ModelInstaller.Listener() { } : new Shown(err, name, tty));
        Path installed = installer.install(ModelList.fetch(ModelList.configured(), http), name);
        if (!noCompose && !"no".equals(System.getenv("LONGSCRIBE_COMPOSE")) && StaticGraph.composable(installed)
                && !Files.exists(StaticGraph.target(installed), LinkOption.NOFOLLOW_LINKS)) {
            if (!logging.quiet) {
                err.println("longscribe: " + name + ": composing its decoding graph, once ('longscribe models compose')");
                err.flush();
            }
            try {
                StaticGraph.compose(installed, new StaticGraph.Listener() { });
            } catch (LongscribeException e) {
                // The model is installed and works; decoded lazily, it costs more and resumes in blocks.
                err.println("longscribe: " + TerminalText.escape(e.getMessage()) + "; " + name
                        + " is installed and decodes with its lazily composed graph");
                err.flush();
            }
        }
        return ExitCode.OK;
    }

    /** Progress on stderr: a status line rewritten in place on a terminal, a plain line every 5 s otherwise. */
    private static final class Shown implements ModelInstaller.Listener {
        private final PrintWriter err;
        private final String name;
        private final boolean tty;
        private final long started = System.nanoTime();
        /** Off a terminal the first line comes after 5 s: a quick download prints none. */
        private long lastShown = started;
        private boolean shownAny;
        private final StatusLine status;

        Shown(PrintWriter err, String name, boolean tty) {
            this.err = err;
            this.name = name;
            this.tty = tty;
            this.status = new StatusLine(err, tty);
        }

        @Override
        public void downloading(long done, long total) {
            long now = System.nanoTime();
            boolean finished = total > 0 && done >= total;
            boolean due = now - lastShown >= (tty ? 200_000_000L : 5_000_000_000L);
            if (!(due || (finished && shownAny))) {
                return;
            }
            shownAny = true;
            lastShown = now;
            double seconds = Math.max((now - started) / 1e9, 1e-3);
            double rate = done / seconds;
            String line = String.format(Locale.ROOT, "longscribe: %s: %.1f of %s MB, %.1f MB/s, ETA %s", name, done / 1e6,
                    total > 0 ? String.format(Locale.ROOT, "%.1f", total / 1e6) : "?", rate / 1e6,
                    total > 0 && rate > 0 ? Timecode.format((total - done) / rate).substring(0, 8) : "--:--:--");
            status.update(line);
        }

        @Override
        public void note(String line) {
            status.keep();
            err.println("longscribe: " + line);
            err.flush();
        }
    }
}
