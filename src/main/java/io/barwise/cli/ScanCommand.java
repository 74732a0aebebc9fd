package io.barwise.cli;

import io.barwise.Barwise;
import io.barwise.engine.Report;
import io.barwise.model.Bar;
import io.barwise.model.Decision;
import io.barwise.model.Device;
import io.barwise.model.InvalidInputException;
import io.barwise.model.Prot;
import io.barwise.model.Request;
import io.barwise.model.SourceLocation;
import io.barwise.policy.SitePolicy;
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
        exitCodeList = {"0:scanned", "1:internal error", "3:invalid option, policy or unreadable root"})
final class ScanCommand implements Callable<Integer> {

    enum Format { table, json }

    @Spec CommandSpec spec;

    @Option(names = "--sysfs-root", paramLabel = "DIR", description = "Read a snapshot (or another root) instead of the live /sys and /proc.")
    Path sysfsRoot;

    @Option(names = "--policies", paramLabel = "PATH", description = "Policy files or directories (repeatable; default: " + SitePolicy.SYSTEM_DIR + " if it exists, else the policy built into barwise).")
    List<Path> policies = new ArrayList<>();

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SysfsMachine machine = machine(sysfsRoot);
        SitePolicy site = SitePolicy.resolve(policies);
        Barwise engine = Engines.create(site, List.of());
        Engines.announce(spec, site, format == Format.table);
        PlatformFacts facts = machine.platform();
        List<Request> requests = new ArrayList<>();
        for (PciFunction f : machine.devices()) {
            for (Bar b : f.device().bars()) {
                if (b.isMem()) requests.add(new Request(requests.size(), f.device().bdf(), b.index(), null, null, 0, null, Prot.READ_WRITE, true, false));
            }
        }
        Report report = engine.decide(machine.scenario(requests));
        Map<String, Decision> byBar = new LinkedHashMap<>();
        for (Decision d : report.decisions()) byBar.put(d.request().device() + "/" + d.request().bar(), d);

        if (format == Format.json) {
            out.print(EvalCommand.write(json(machine, facts, byBar), EvalCommand.Format.json));
        } else {
            table(out, machine, facts, byBar);
        }
        out.flush();
        return ExitCode.OK;
    }

    static void table(PrintWriter out, SysfsMachine machine, PlatformFacts facts, Map<String, Decision> byBar) {
        out.println("machine: " + machine.name());
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
                out.printf("  BAR%d %-28s 0x%x size %s%n", b.index(), decode(b), b.start(), size(b.size()));
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

    static Map<String, Object> json(SysfsMachine machine, PlatformFacts facts, Map<String, Decision> byBar) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("machine", machine.name());
        List<Object> pf = new ArrayList<>();
        for (Fact f : facts.facts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("value", f.value());
            m.put("source", f.source());
            m.put("defaulted", f.defaulted());
            pf.add(m);
        }
        doc.put("platform", pf);
        List<Object> devs = new ArrayList<>();
        for (PciFunction f : machine.devices()) {
            Device d = f.device();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bdf", d.bdf());
            m.put("vendor", String.format("0x%04x", d.vendor()));
            m.put("device", String.format("0x%04x", d.device()));
            m.put("vendorName", f.vendorName());
            m.put("deviceName", f.deviceName());
            m.put("subsystemVendor", String.format("0x%04x", d.subsystemVendor()));
            m.put("subsystemDevice", String.format("0x%04x", d.subsystemDevice()));
            m.put("class", String.format("0x%06x", d.classCode()));
            m.put("revision", d.revision());
            m.put("driver", d.driver());
            m.put("nodes", f.nodes());
            List<Object> bars = new ArrayList<>();
            for (Bar b : d.bars()) {
                Map<String, Object> bm = new LinkedHashMap<>();
                bm.put("index", b.index());
                bm.put("start", "0x" + Long.toHexString(b.start()));
                bm.put("size", b.size());
                bm.put("flags", "0x" + Long.toHexString(b.flags()));
                bm.put("decoded", decode(b));
                Decision dec = byBar.get(d.bdf() + "/" + b.index());
                if (dec != null) bm.put("decision", io.barwise.output.ReportDocument.of("scan", new Report(List.of(dec)), null).get("results"));
                bars.add(bm);
            }
            m.put("bars", bars);
            devs.add(m);
        }
        doc.put("devices", devs);
        doc.put("warnings", machine.warnings());
        return doc;
    }

    /** {@code mem 64-bit prefetchable}, {@code io}, plus cacheable/disabled/unset flags. */
    static String decode(Bar b) {
        List<String> w = new ArrayList<>();
        w.add(b.isMem() ? "mem" : b.isIo() ? "io" : String.format("type 0x%x", b.flags() & 0x1f00));
        if (b.isMem()) w.add(b.is64() ? "64-bit" : "32-bit");
        if (b.prefetchable()) w.add("prefetchable");
        if (b.flaggedCacheable()) w.add("cacheable");
        if ((b.flags() & Bar.IORESOURCE_DISABLED) != 0) w.add("disabled");
        if ((b.flags() & Bar.IORESOURCE_UNSET) != 0) w.add("unset");
        return String.join(" ", w);
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
}
