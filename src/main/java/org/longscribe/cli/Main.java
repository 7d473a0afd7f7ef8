package org.longscribe.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.longscribe.error.ExitCode;
import org.longscribe.error.LongscribeException;
import org.longscribe.error.NativeLibraryException;
import org.longscribe.resources.HeapPeak;
import picocli.CommandLine;

/** Entry point: {@code System.exit(new CommandLine(...).execute(args))}, with exceptions mapped to exit codes in one place. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        org.longscribe.decode.FfmpegDecoder.noPhysicalMemoryLimit();
        int exit = commandLine().execute(args);
        if (Boolean.getBoolean(HeapPeak.PROPERTY)) {
            HeapPeak.report(exit, System.out);
        }
        System.exit(exit);
    }

    /** The exit codes each command can return, listed in its --help (the root lists them all). */
    private static final Map<String, int[]> EXIT_CODES = Map.of(
            "transcribe", new int[] {ExitCode.OK, ExitCode.USAGE, ExitCode.DATA_ERROR, ExitCode.NO_INPUT, ExitCode.UNAVAILABLE,
                ExitCode.INTERNAL, ExitCode.CANT_CREATE, ExitCode.TEMP_FAIL, ExitCode.INTERRUPTED, ExitCode.TERMINATED},
            "batch", new int[] {ExitCode.OK, ExitCode.SOME_FAILED, ExitCode.USAGE, ExitCode.NO_INPUT, ExitCode.INTERNAL,
                ExitCode.CANT_CREATE, ExitCode.TEMP_FAIL, ExitCode.INTERRUPTED, ExitCode.TERMINATED},
            "feed", new int[] {ExitCode.OK, ExitCode.SOME_FAILED, ExitCode.USAGE, ExitCode.DATA_ERROR, ExitCode.NO_INPUT,
                ExitCode.UNAVAILABLE, ExitCode.INTERNAL, ExitCode.CANT_CREATE, ExitCode.TEMP_FAIL, ExitCode.INTERRUPTED,
                ExitCode.TERMINATED},
            "compare", new int[] {ExitCode.OK, ExitCode.USAGE, ExitCode.DATA_ERROR, ExitCode.NO_INPUT, ExitCode.INTERNAL,
                ExitCode.CANT_CREATE},
            "models", new int[] {ExitCode.OK, ExitCode.USAGE, ExitCode.DATA_ERROR, ExitCode.UNAVAILABLE, ExitCode.INTERNAL},
            "models get", new int[] {ExitCode.OK, ExitCode.USAGE, ExitCode.DATA_ERROR, ExitCode.UNAVAILABLE,
                ExitCode.INTERNAL, ExitCode.CANT_CREATE, ExitCode.INTERRUPTED, ExitCode.TERMINATED},
            "bench", new int[] {ExitCode.OK, ExitCode.USAGE, ExitCode.INTERNAL, ExitCode.CANT_CREATE});

    /** The configured command line; tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LongscribeCommand());
        listExitCodes(cl, ExitCode.all());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Main::parameterError);
        cl.setExecutionExceptionHandler(Main::executionError);
        cl.setExecutionStrategy(Main::runCatchingLinkErrors);
        return cl;
    }

    /** Lists {@code codes} in {@code cl}'s help, and each subcommand's own codes in its help. */
    private static void listExitCodes(CommandLine cl, int[] codes) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.helpList(codes));
        cl.getSubcommands().forEach((name, sub) -> {
            String qualified = qualifiedName(sub).strip();
            if (EXIT_CODES.containsKey(qualified)) {
                listExitCodes(sub, EXIT_CODES.get(qualified));
            }
        });
    }

    /**
     * A native library that cannot be loaded (a full temp disk, an unsupported platform) surfaces as a
     * LinkageError, which picocli does not hand to the exception handler; here it becomes one line too.
     */
    private static int runCatchingLinkErrors(CommandLine.ParseResult parsed) {
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (LinkageError e) {
            List<CommandLine> commands = parsed.asCommandLineList();
            CommandLine last = commands.get(commands.size() - 1);
            throw new CommandLine.ExecutionException(last, e.toString(), new NativeLibraryException(e));
        }
    }

    private static int parameterError(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("longscribe: " + TerminalText.escape(e.getMessage()));
        err.println("Try 'longscribe " + qualifiedName(e.getCommandLine()) + "--help' for more information.");
        err.flush();
        return ExitCode.USAGE;
    }

    private static String qualifiedName(CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName(" ");
        String sub = name.startsWith("longscribe") ? name.substring("longscribe".length()).strip() : name;
        return sub.isEmpty() ? "" : sub + " ";
    }

    private static int executionError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean verbose = false;
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            verbose |= p.hasMatchedOption("--verbose");
        }
        int code;
        if (e instanceof LongscribeException le) {
            err.println("longscribe: " + TerminalText.escape(le.getMessage()));
            code = le.exitCode();
        } else if (e instanceof InterruptedException) {
            err.println("longscribe: interrupted");
            code = ExitCode.INTERRUPTED;
        } else {
            err.println("longscribe: internal error: " + TerminalText.escape(e.toString()) + (verbose ? "" : " (run with --verbose for details)"));
            code = ExitCode.INTERNAL;
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
