package io.barwise.cli;

import io.barwise.Barwise;
import io.barwise.Inputs;
import io.barwise.fleet.FailOn;
import io.barwise.fleet.MachineScan;
import io.barwise.model.Decision;
import io.barwise.output.Contract;
import io.barwise.output.Format;
import io.barwise.output.MachineReport;
import io.barwise.output.ReportDocument;
import io.barwise.output.ScanDocument;
import io.barwise.policy.SitePolicy;
import io.barwise.sysfs.SysfsMachine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code barwise scan}: every PCI device of a machine, its BARs and nodes, and the decision for each memory BAR. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"List the PCI devices of this machine or a snapshot, and decide each memory BAR.",
                "Shows each device's BARs, resource files and bound driver.",
                "Each memory BAR is decided under the site policy, as a request that names neither node nor intent."
                        + " The platform facts are listed with where each was read, and which were defaulted"
                        + " because they were unreadable. Maps nothing."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:scanned (and nothing matched --fail-on)", "1:internal error", "2:a finding named by --fail-on",
                "3:invalid option, policy or unreadable root"})
final class ScanCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    // Repeatable, unlike MachineOption: one ScanReport can cover several machines.
    @Option(names = "--sysfs-root", paramLabel = "DIR",
            description = "Read a snapshot (or another root) instead of the live /sys, /proc and /dev (repeatable: several machines).")
    List<Path> sysfsRoots = new ArrayList<>();

    @Mixin PolicyOption policies;

    @Mixin FormatOption format;

    @Option(names = "--fail-on", paramLabel = "FINDING", split = ",",
            description = "degraded, refused, denied (repeatable or comma-separated): exit 2 when any BAR has one.")
    List<FailOn> failOn = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Format f = format.tableOrDocument();
        SitePolicy site = policies.site();
        Barwise engine = Engines.create(site, List.of());
        Engines.announce(spec, site, f == Format.table);
        List<ScanDocument.Machine> machines = new ArrayList<>();
        List<Path> roots = sysfsRoots.isEmpty() ? java.util.Collections.singletonList(null) : sysfsRoots;
        for (Path root : roots) {
            SysfsMachine m = Inputs.machine(root);
            machines.add(MachineScan.scan(m, m.name(), engine));
        }
        if (f.document()) {
            out.print(Contract.write(ScanDocument.of(machines), f));
        } else {
            for (int i = 0; i < machines.size(); i++) {
                if (i > 0) out.println();
                MachineReport.scanTable(out, machines.get(i));
            }
        }
        out.flush();
        ReportDocument.Tally all = ReportDocument.Tally.ZERO;
        for (ScanDocument.Machine m : machines) for (Decision d : m.byBar().values()) all = all.plus(ReportDocument.Tally.of(d));
        return FailOn.hit(failOn, all) ? ExitCode.REFUSED : ExitCode.OK;
    }
}
