package org.longscribe.cli;

import java.io.PrintWriter;
import java.util.List;
import org.longscribe.error.ExitCode;
import org.longscribe.error.LongscribeException;
import org.longscribe.error.NativeLibraryException;
import picocli.CommandLine;

/** Entry point: {@code System.exit(new CommandLine(...).execute(args))}, with exceptions mapped to exit codes in one place. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LongscribeCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Main::parameterError);
        cl.setExecutionExceptionHandler(Main::executionError);
        cl.setExecutionStrategy(Main::runCatchingLinkErrors);
        return cl;
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
        err.println("longscribe: " + e.getMessage());
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
        boolean verbose = parsed.hasMatchedOption("--verbose")
                || (parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--verbose"));
        int code;
        if (e instanceof LongscribeException le) {
            err.println("longscribe: " + le.getMessage());
            code = le.exitCode();
        } else if (e instanceof InterruptedException) {
            err.println("longscribe: interrupted");
            code = 130;
        } else {
            err.println("longscribe: internal error: " + e + (verbose ? "" : " (run with --verbose for details)"));
            code = ExitCode.INTERNAL;
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
