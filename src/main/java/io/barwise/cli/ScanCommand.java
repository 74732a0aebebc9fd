package io.barwise.cli;

import io.barwise.Barwise;
import io.barwise.model.Bar;
import io.barwise.model.Decision;
import io.barwise.model.Device;
import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import io.barwise.fleet.FailOn;
import io.barwise.fleet.MachineScan;
import io.barwise.output.Contract;
import io.barwise.output.ReportDocument;
import io.barwise.output.ScanDocument;
import io.barwise.sysfs.Fact;
import io.barwise.sysfs.MachineSource;
import io.barwise.sysfs.PciFunction;
import io.barwise.sysfs.PlatformFacts;
import io.barwise.sysfs.SysfsMachine;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code barwise scan}: every PCI device of a machine, its BARs and nodes, and the decision for each memory BAR. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"List every PCI device of the machine (or of a snapshot), its BARs, the resource files that exist,",
                "the bound driver, and what barwise decides for each memory BAR under the site policy.",
                "Also prints the platform facts and which of them were defaulted because they were unreadable. Maps nothing."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:scanned (and nothing matched --fail-on)", "1:internal error", "2:a finding named by --fail-on",
                "3:invalid option, policy or unreadable root"})
final class ScanCommand implements Callable<Integer> {

    enum Format { table, json, yaml }

    @Spec CommandSpec spec;

    @Option(names = "--sysfs-root", paramLabel = "DIR",
            description = "Read a snapshot (or another root) instead of the live /sys and /proc (repeatable: several machines).")
    List<Path> sysfsRoots = new ArrayList<>();

    @Option(names = "--policies", paramLabel = "PATH", description = "Policy files or directories (repeatable; default: the policies/ directory shipped with barwise, if found).")
    List<Path> policies = new ArrayList<>();

    @Option(names = "--format", defaultValue = "table", description = "table, json or yaml (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--fail-on", paramLabel = "FINDING", split = ",",
            description = "degraded, refused, denied (repeatable or comma-separated): exit 2 when any BAR has one.")
    List<FailOn> failOn = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Barwise engine = Engines.create(policies(policies), List.of());
        List<ScanDocument.Machine> machines = new ArrayList<>();
        List<Path> roots = sysfsRoots.isEmpty() ? java.util.Collections.singletonList(null) : sysfsRoots;
        for (Path root : roots) {
            SysfsMachine machine = machine(root);
            machines.add(MachineScan.scan(machine, machine.name(), engine));
        }
        if (format == Format.table) {
            for (int i = 0; i < machines.size(); i++) {
                if (i > 0) out.println();
                table(out, machines.get(i));
            }
        } else {
            out.print(Contract.write(ScanDocument.of(machines), format == Format.yaml ? Contract.Format.YAML : Contract.Format.JSON));
        }
        out.flush();
        ReportDocument.Tally all = ReportDocument.Tally.ZERO;
        for (ScanDocument.Machine m : machines) for (Decision d : m.byBar().values()) all = all.plus(ReportDocument.Tally.of(d));
        return FailOn.hit(failOn, all) ? ExitCode.REFUSED : ExitCode.OK;
    }

    static void table(PrintWriter out, ScanDocument.Machine machine) {
        PlatformFacts facts = machine.facts();
        Map<String, Decision> byBar = machine.byBar();
        out.println("machine: " + machine.name());
        if (machine.snapshot() != null) {
            out.println("snapshot: host " + machine.snapshot().host() + ", taken " + machine.snapshot().takenAt() + ", kernel "
                    + machine.snapshot().kernelRelease() + ", by barwise " + machine.snapshot().barwiseVersion());
        }
        out.println("platform:");
        for (Fact f : facts.facts()) {
            out.printf("  %-15s %-28s %s%s%n", f.name(), f.value(), f.defaulted() ? "DEFAULTED: " : "", f.source());
        }
        out.println();
        if (machine.devices().isEmpty()) out.println("no PCI devices under " + SysfsMachine.DEVICES);
        for (PciFunction f : machine.devices()) {
            Device d = f.device();
            String names = f.vendorName() == null ? "" : " " + f.vendorName() + (f.deviceName() == null ? "" : " " + f.deviceName());
            out.printf("%s %s%s  class %06x rev %02x  driver %s%n", d.bdf(), d.ids(), names, d.classCode(), d.revision(),
                    d.driver() == null ? "-" : d.driver());
            out.println("  nodes: " + (f.nodes().isEmpty() ? "-" : String.join(" ", f.nodes())));
            for (Bar b : d.bars()) {
                out.printf("  BAR%d %-28s 0x%x size %s%n", b.index(), String.join(" ", ScanDocument.decode(b)), b.start(), size(b.size()));
                Decision dec = byBar.get(d.bdf() + "/" + b.index());
                if (dec != null) out.println("       -> " + summary(dec));
                else if (b.isIo()) out.println("       -> I/O port BAR: read/write resource" + b.index() + " in 1/2/4-byte units; not mmappable on x86/arm64");
            }
        }
        for (String w : machine.warnings()) out.println("warning: " + w);
    }

    static String summary(Decision d) {
        StringBuilder sb = new StringBuilder();
        sb.append(d.node() == null ? "(no node)" : d.node()).append(' ').append(d.outcome().id());
        if (d.errno() != null) sb.append(' ').append(d.errno());
        if (d.memtype() != null) sb.append(" PAT ").append(d.memtype().patName());
        if (d.effective() != null) sb.append(" effective ").append(d.effective().shortName());
        d.reasons().stream().filter(r -> r.startsWith("intent ") || r.startsWith("policy ")).findFirst().ifPresent(r -> sb.append("  [").append(r).append(']'));
        for (String w : d.warnings()) sb.append("\n          warning: ").append(w);
        return sb.toString();
    }

    static String size(long n) {
        if (n >= (1L << 30) && n % (1L << 30) == 0) return (n >> 30) + "G";
        if (n >= (1L << 20) && n % (1L << 20) == 0) return (n >> 20) + "M";
        if (n >= (1L << 10) && n % (1L << 10) == 0) return (n >> 10) + "K";
        return String.valueOf(n);
    }

    /** The live machine, or the directory given with --sysfs-root (which must exist). */
    static SysfsMachine machine(Path root) {
        if (root == null) return SysfsMachine.live();
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException("no-such-directory", new SourceLocation(root.toString(), 0, 0, "--sysfs-root"),
                    "not a directory", "give a snapshot made by 'barwise snapshot DIR'");
        }
        SysfsMachine m = SysfsMachine.at(root);
        try {
            m.devices();
            m.platform();
        } catch (io.barwise.sysfs.SafeRoot.UncheckedEscape e) {
            throw new InvalidInputException("path-escapes-root", new SourceLocation(root.toString(), 0, 0, "--sysfs-root"),
                    e.getMessage(), "a snapshot must not link outside itself; re-take it with 'barwise snapshot'");
        }
        return m;
    }

    /** The given policies, or the policies/ directory shipped beside the jar (target/../policies), or ./policies. */
    static List<Path> policies(List<Path> given) {
        if (!given.isEmpty()) return given;
        try {
            Path jar = Path.of(ScanCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("policies")) && Files.isDirectory(p.resolve("rules"))) return List.of(p.resolve("policies"));
                if (p.getNameCount() < 1) break;
            }
        } catch (Exception e) {
            // no code source: fall through
        }
        return Files.isDirectory(Path.of("policies")) ? List.of(Path.of("policies")) : List.of();
    }
}
