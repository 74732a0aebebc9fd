package io.barwise.cli;

import io.barwise.model.InvalidInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code barwise} command. Each subcommand is a class whose {@code call()} returns an
 * {@link ExitCode}; {@link #run} is the whole CLI as a function, for tests and embedders.
 */
@Command(name = "barwise", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Decides how to mmap a PCI BAR from Linux userspace, what the kernel will do, and why.",
        subcommands = {EvalCommand.class, CheckCommand.class, TestCommand.class, SchemaCommand.class, ScanCommand.class,
                SnapshotCommand.class, MapCommand.class, SelfCheckCommand.class,
                FleetCommand.class, ServeCommand.class, LabRunCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the CLI with these streams and returns the exit code; never calls System.exit. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("barwise: " + ex.getMessage());
            err.println("Try 'barwise " + (ex.getCommandLine().getCommandName().equals("barwise") ? "" : ex.getCommandLine().getCommandName() + " ") + "--help'.");
            return ExitCode.INVALID_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof InvalidInputException e) {
                err.println("barwise: error: " + e.describe());
                return ExitCode.INVALID_INPUT;
            }
            err.println("barwise: internal error: " + ex);
            for (StackTraceElement s : ex.getStackTrace()) {
                if (s.getClassName().startsWith("io.barwise")) {
                    err.println("    at " + s);
                    break;
                }
            }
            return ExitCode.INTERNAL_ERROR;
        });
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return io.barwise.BuildInfo.current().lines();
        }
    }
}
