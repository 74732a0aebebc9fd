package io.barwise.output;

import io.barwise.model.Bar;
import io.barwise.model.Decision;
import io.barwise.model.Device;
import io.barwise.sysfs.Fact;
import io.barwise.sysfs.PciFunction;
import io.barwise.sysfs.PlatformFacts;
import io.barwise.sysfs.SnapshotInfo;
import io.barwise.sysfs.SysfsMachine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code scan} and {@code snapshot} print about a machine: its platform facts and where each was
 * read, every PCI function with its BARs and nodes, and the decision for each memory BAR (keyed
 * {@code BDF/BAR}).
 */
public final class MachineReport {
    private MachineReport() {}

    private static final int NAME = 15, VALUE = 28;
    private static final String SOURCE_COLUMN = " ".repeat(2 + NAME + 1 + VALUE + 1);

    public static void scanTable(PrintWriter out, ScanDocument.Machine machine) {
        PlatformFacts facts = machine.facts();
        Map<String, Decision> byBar = machine.byBar();
        out.println("machine: " + machine.name());
        SnapshotInfo s = machine.snapshot();
        if (s != null) {
            print(out, "snapshot: ", "host " + s.host() + ", taken " + s.takenAt() + ", kernel " + s.kernelRelease()
                    + ", by barwise " + s.barwiseVersion(), "          ");
        }
        out.println("platform:");
        for (Fact f : facts.facts()) {
            String source = (f.defaulted() ? "DEFAULTED: " : "") + f.source();
            if (f.value().length() <= VALUE) {
                print(out, String.format("  %-" + NAME + "s %-" + VALUE + "s ", f.name(), f.value()), source, SOURCE_COLUMN);
            } else {
                // A long value keeps its own line; where it was read goes under the source column.
                print(out, String.format("  %-" + NAME + "s ", f.name()), f.value(), " ".repeat(2 + NAME + 1));
                print(out, SOURCE_COLUMN, source, SOURCE_COLUMN);
            }
        }
        out.println();
        if (machine.devices().isEmpty()) out.println("no PCI devices under " + SysfsMachine.DEVICES);
        for (PciFunction f : machine.devices()) {
            Device d = f.device();
            String names = f.vendorName() == null ? "" : " " + f.vendorName() + (f.deviceName() == null ? "" : " " + f.deviceName());
            print(out, "", String.format("%s %s%s  class %06x rev %02x  driver %s", d.bdf(), d.ids(), names, d.classCode(), d.revision(),
                    d.driver() == null ? "-" : d.driver()), "    ");
            print(out, "  nodes: ", f.nodes().isEmpty() ? "- (no resource files on this machine)" : String.join(" ", f.nodes()), "         ");
            for (Bar b : d.bars()) {
                out.printf("  BAR%d %-28s 0x%x size %s%n", b.index(), decode(b), b.start(), size(b.size()));
                print(out, "       ", claim(b), "         ");
                Decision dec = byBar.get(d.bdf() + "/" + b.index());
                if (dec != null) {
                    List<String> lines = summary(dec);
                    for (int i = 0; i < lines.size(); i++) print(out, i == 0 ? "       -> " : "          ", lines.get(i), "          ");
                } else if (b.isIo()) {
                    print(out, "       -> ", "I/O port BAR: read/write resource" + b.index() + " in 1/2/4-byte units; not mmappable on x86/arm64",
                            "          ");
                }
            }
        }
        for (String w : machine.warnings()) print(out, "warning: ", w, "         ");
    }

    /**
     * A decision in a few short lines: {@code devmem mapped PAT uncached-minus effective UC}, then where
     * its intent or denial came from, then each warning.
     */
    public static List<String> summary(Decision d) {
        List<String> lines = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        sb.append(d.node() == null ? "(no node)" : d.node()).append(' ').append(d.outcome().id());
        if (d.errno() != null) sb.append(' ').append(d.errno());
        if (d.memtype() != null) sb.append(" PAT ").append(d.memtype().patName());
        if (d.effective() != null) sb.append(" effective ").append(d.effective().shortName());
        lines.add(sb.toString());
        d.reasons().stream().filter(r -> r.startsWith("intent ") || r.startsWith("policy ")).findFirst().ifPresent(r -> lines.add("[" + r + "]"));
        for (String w : d.warnings()) lines.add("warning: " + w);
        return lines;
    }

    /** What {@code snapshot} wrote. */
    public static void snapshot(PrintWriter out, SysfsMachine machine, Path dir, int files) {
        print(out, "", "snapshot of " + machine.name() + " in " + dir + ": " + machine.devices().size() + " device(s), " + files + " file(s)", "  ");
        for (PciFunction f : machine.devices()) print(out, "  ", f.device().bdf() + " " + f.device().ids() + " nodes " + f.nodes(), "    ");
        for (String w : machine.warnings()) print(out, "warning: ", w, "         ");
    }

    /** {@code mem 64-bit prefetchable}: the document's decoded flags as one phrase. */
    static String decode(Bar b) { return String.join(" ", ScanDocument.decode(b)); }

    /** 4K, 16M, 2G, or bytes. */
    static String size(long n) {
        if (n >= (1L << 30) && n % (1L << 30) == 0) return (n >> 30) + "G";
        if (n >= (1L << 20) && n % (1L << 20) == 0) return (n >> 20) + "M";
        if (n >= (1L << 10) && n % (1L << 10) == 0) return (n >> 10) + "K";
        return String.valueOf(n);
    }

    private static void print(PrintWriter out, String first, String text, String rest) {
        for (String line : Text.wrap(first, text, rest)) out.println(line);
    }

    /** {@code claimed by virtio-pci-modern}, {@code not claimed}, with how that is known. */
    static String claim(Bar b) {
        return switch (b.claim()) {
            case OBSERVED -> b.busy() ? "claimed by " + b.claimant() : "not claimed";
            case ASSUMED -> (b.busy() ? "claimed by " + b.claimant() : "not claimed") + " (assumed from the driver: claims unreadable)";
            case UNKNOWN -> "claim unknown";
        };
    }
}
