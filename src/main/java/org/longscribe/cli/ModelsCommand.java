package org.longscribe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.longscribe.asr.vosk.VoskModel;
import org.longscribe.asr.vosk.VoskSpeakerModel;
import org.longscribe.error.ExitCode;
import org.longscribe.model.ModelInstaller;
import org.longscribe.model.ModelList;
import org.longscribe.model.ModelLocator;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "models",
        mixinStandardHelpOptions = true,
        versionProvider = LongscribeCommand.Version.class,
        description = {"Lists the installed Vosk models, or those of the official list, and installs them.",
            "Models live in MODELS_DIR: $LONGSCRIBE_MODELS_DIR, else the installation's models/.",
            "The language is read from the name, as Vosk names them; * marks the default",
            "($LONGSCRIBE_MODEL, else the built-in one)."},
        subcommands = {ModelsGetCommand.class, ModelsComposeCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  longscribe models",
            "  longscribe models --available --lang en",
            "  longscribe models get vosk-model-en-us-0.22",
            "  longscribe transcribe talk.mp3 -o talk.json --model vosk-model-en-us-0.22"})
final class ModelsCommand implements Callable<Integer> {
    private static final Pattern LANGUAGE = Pattern.compile("vosk-model-(?:small-)?([a-z]{2}(?:-[a-z]{2})?)");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--available",
            description = "List the models of the official list (or $LONGSCRIBE_MODEL_LIST) instead: name, language, type, size, installed.")
    boolean available;

    @CommandLine.Option(names = "--lang", paramLabel = "LANG", description = "With --available: only this language (e.g. en, de, en-us).")
    String lang;

    @CommandLine.Option(names = "--all", description = "With --available: obsolete models too.")
    boolean all;

    @CommandLine.Mixin
    NetworkOptions network = new NetworkOptions();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (available) {
            return listAvailable(out);
        }
        Path dir = ModelLocator.modelsDir();
        Path chosen = ModelLocator.resolve(null).toAbsolutePath().normalize();
        out.printf("models in %s:%n", dir.toAbsolutePath().normalize());
        List<Path> entries;
        try (Stream<Path> list = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            entries = list.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        if (entries.isEmpty()) {
            out.println("  (none: run 'mvn -B -DskipTests package' to unpack the built-in model)");
        }
        for (Path m : entries) {
            List<String> missing = VoskModel.missingParts(m);
            boolean speakers = !missing.isEmpty() && VoskSpeakerModel.missingParts(m).isEmpty();
            String name = m.getFileName().toString();
            Matcher lang = LANGUAGE.matcher(name);
            out.printf(Locale.ROOT, "%s %-40s %-8s %8s%s%n", m.toAbsolutePath().normalize().equals(chosen) ? "*" : " ", name,
                    speakers ? "-" : lang.find() ? lang.group(1) : "?", size(m), speakers ? "  speaker model (--speakers)"
                            : missing.isEmpty() ? "" : "  NOT A MODEL: missing " + String.join(", ", missing));
        }
        if (!Files.isDirectory(chosen.getParent()) || !chosen.startsWith(dir.toAbsolutePath().normalize())) {
            out.println("default (from $LONGSCRIBE_MODEL): " + chosen);
        }
        out.flush();
        return ExitCode.OK;
    }

    private int listAvailable(PrintWriter out) throws IOException {
        ModelList list = ModelList.fetch(ModelList.configured(), network.http());
        Path dir = ModelLocator.modelsDir();
        int shown = 0;
        out.printf(Locale.ROOT, "models in %s (installed ones marked i, in %s):%n", list.address(), dir.toAbsolutePath().normalize());
        for (ModelList.Entry e : list.entries()) {
            if ((e.obsolete() && !all) || (lang != null && !e.lang().equalsIgnoreCase(lang)
                    && !e.lang().toLowerCase(Locale.ROOT).startsWith(lang.toLowerCase(Locale.ROOT) + "-"))) {
                continue;
            }
            out.printf(Locale.ROOT, "%s %-44s %-7s %-6s %9s%s%n", ModelInstaller.installed(dir, e.name()) ? "i" : " ",
                    e.name(), e.lang(), e.type(), e.size() < 0 ? "?" : megabytes(e.size()), e.obsolete() ? "  (obsolete)" : "");
            shown++;
        }
        if (shown == 0) {
            out.println("  (none" + (lang == null ? "" : " for --lang " + lang) + ")");
        }
        out.flush();
        return ExitCode.OK;
    }

    private static String megabytes(long bytes) {
        return bytes >= 1_000_000_000 ? String.format(Locale.ROOT, "%.1f GB", bytes / 1e9)
                : String.format(Locale.ROOT, "%d MB", Math.max(1, bytes / 1_000_000));
    }

    private static String size(Path dir) throws IOException {
        long bytes = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(p);
            }
        }
        return bytes >= 1 << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / 1e9) : String.format(Locale.ROOT, "%d MB", bytes / 1_000_000);
    }
}
