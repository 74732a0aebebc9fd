package io.barwise.cli;

import io.barwise.Inputs;
import io.barwise.sysfs.SysfsMachine;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --sysfs-root DIR}: which machine a command reads (mixed into scan, snapshot, map, lab-run). */
final class MachineOption {
    @Option(names = "--sysfs-root", paramLabel = "DIR",
            description = "Read this root (a snapshot from 'barwise snapshot', or another root) instead of the live /sys, /proc and /dev.")
    Path root;

    SysfsMachine machine() { return Inputs.machine(root); }
}
