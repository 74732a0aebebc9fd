package io.barwise.cli;

import io.barwise.fleet.SnapshotTar;
import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import io.barwise.output.MachineReport;
import io.barwise.sysfs.SnapshotWriter;
import io.barwise.sysfs.SysfsMachine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code barwise snapshot OUT}: capture what scan reads into a directory with the same layout. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"Copy what 'barwise scan' reads into a directory, to evaluate it elsewhere.",
                "Copies the platform files, every PCI device's ids, resource file and driver, and the PAT list,"
                        + " with empty placeholders for the resource nodes, into OUT with the same layout;"
                        + " read it with --sysfs-root OUT. BAR contents are never copied."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:internal error", "3:OUT exists and is not empty, or bad options"})
final class SnapshotCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OUT",
            description = "Directory to create (must not exist or be empty), or - for a tar stream on standard output (ssh host barwise snapshot - > host.tar).")
    Path out;

    @Mixin MachineOption machine;

    @Override
    public Integer call() {
        SysfsMachine m = machine.machine();
        boolean stream = out.toString().equals("-");
        // with a tar stream on standard output, the summary goes to standard error
        PrintWriter pw = stream ? spec.commandLine().getErr() : spec.commandLine().getOut();
        List<String> files;
        Path dir = out;
        try {
            if (stream) dir = Files.createTempDirectory("barwise-snapshot-").resolve("snapshot");
            files = SnapshotWriter.write(m, dir);
            if (stream) {
                SnapshotTar.write(dir, System.out);
                System.out.flush();
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot-write", new SourceLocation(out.toString(), 0, 0, "OUT"), e.getMessage(), null);
        } finally {
            if (stream) {
                try {
                    SnapshotTar.delete(dir.getParent());
                } catch (IOException e) {
                    pw.println("warning: could not remove " + dir.getParent() + ": " + e.getMessage());
                }
            }
        }
        MachineReport.snapshot(pw, m, out, files.size());
        pw.flush();
        return ExitCode.OK;
    }
}
