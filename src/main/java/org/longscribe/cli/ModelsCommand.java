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
import org.longscribe.error.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "models",
        mixinStandardHelpOptions = true,
        versionProvider = LongscribeCommand.Version.class,
        description = {"Lists the Vosk models under models/: name, language (from the name, as Vosk names them),",
            "size, and which is used by default (* : --model, else $LONGSCRIBE_MODEL, else the built-in one)."})
final class ModelsCommand implements Callable<Integer> {
    private static final Pattern LANGUAGE = Pattern.compile("vosk-model-(?:small-)?([a-z]{2}(?:-[a-z]{2})?)");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
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
            String name = m.getFileName().toString();
            Matcher lang = LANGUAGE.matcher(name);
            out.printf(Locale.ROOT, "%s %-40s %-8s %8s%s%n", m.toAbsolutePath().normalize().equals(chosen) ? "*" : " ", name,
                    lang.find() ? lang.group(1) : "?", size(m), missing.isEmpty() ? "" : "  NOT A MODEL: missing " + String.join(", ", missing));
        }
        if (!Files.isDirectory(chosen.getParent()) || !chosen.startsWith(dir.toAbsolutePath().normalize())) {
            out.println("default (from $LONGSCRIBE_MODEL): " + chosen);
        }
        out.flush();
        return ExitCode.OK;
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
