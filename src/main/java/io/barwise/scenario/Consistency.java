package io.barwise.scenario;

import io.barwise.model.Arch;
import io.barwise.model.Bar;
import io.barwise.model.Device;
import io.barwise.model.MemType;
import io.barwise.model.MtrrRange;
import io.barwise.model.Platform;
import io.barwise.model.Request;
import io.barwise.model.Reservation;
import io.barwise.model.Scenario;
import io.barwise.model.SourceLocation;
import io.barwise.rules.Kernel;
import io.barwise.yaml.Node;
import io.barwise.yaml.Node.ListNode;
import io.barwise.yaml.Node.MapNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that a well-formed scenario describes a machine that can exist, so that no decision is
 * made about one that cannot: MTRRs as the hardware encodes them, BARs and PAT entries that the
 * kernel could really hold together, addresses inside the physical address width, and at least
 * one request to decide. Each finding is located at the field it is about. The list is in
 * README.md ("Consistency checks").
 */
final class Consistency {
    /** IA32_MTRRCAP.VCNT is 8 bits, so no CPU has more variable MTRRs than this. */
    static final int MAX_VARIABLE_MTRRS = 255;
    /** A variable MTRR's PhysMask works in 4 KiB pages. */
    static final long MIN_MTRR_SIZE = 4096;
    /** Below 1 MiB the fixed-range MTRRs decide the type (Intel SDM vol. 3, "Fixed Range MTRRs"). */
    static final long FIXED_MTRR_END = 1L << 20;
    /** x86 has 64 Ki I/O ports (IO_SPACE_LIMIT). */
    static final long X86_IO_LIMIT = 0xffff;

    private final MapNode top;
    private final Scenario scenario;
    private final int physBits;
    private final List<Finding> out = new ArrayList<>();

    private Consistency(MapNode top, Scenario scenario) {
        this.top = top;
        this.scenario = scenario;
        Platform p = scenario.platform();
        this.physBits = p.physBits() != 0 ? p.physBits() : Kernel.physBits(p.arch());
    }

    /** Every finding about {@code s}, read from {@code top}, in file order. */
    static List<Finding> check(MapNode top, Scenario s, ScenarioReader.Use use) {
        Consistency c = new Consistency(top, s);
        if (use == ScenarioReader.Use.DECIDE) c.requestsPresent();
        c.mtrr();
        c.bars();
        c.reservations();
        c.requests();
        c.out.sort(Comparator.comparingInt((Finding f) -> f.location().line()).thenComparingInt(f -> f.location().column()));
        return List.copyOf(c.out);
    }

    // ------------------------------------------------------------ requests

    /** A scenario with nothing to decide is a mistake: the wrong file, or requests lost to an indentation slip. */
    private void requestsPresent() {
        if (!scenario.requests().isEmpty()) return;
        SourceLocation start = new SourceLocation(top.location().file(), top.location().line(), top.location().column(), "requests");
        if (top.fields().isEmpty()) {
            out.add(Finding.error("no-requests", start, "the scenario is empty (or holds only comments): there is nothing to decide",
                    "is this the right file? A scenario lists requests, e.g. requests: [{device: \"0000:00:02.0\", bar: 2}], and the devices they name (see examples/)"));
        } else if (top.get("requests").isEmpty()) {
            out.add(Finding.error("no-requests", start, "the scenario has no requests: there is nothing to decide",
                    "add a top-level requests: list (not indented under another key), e.g. requests: [{device: \"<bdf>\", bar: N}]"));
        } else {
            out.add(Finding.error("no-requests", top.keys().get("requests"), "requests has no items: there is nothing to decide",
                    "list at least one request; items go on lines starting with '- ', indented under requests: (to look at a machine without requests, use barwise scan)"));
        }
    }

    /** A request for a BAR the kernel did not assign maps whatever lies at that address, not the device. */
    private void requests() {
        List<Node> items = items(top, "requests");
        for (int k = 0; k < scenario.requests().size() && k < items.size(); k++) {
            Request r = scenario.requests().get(k);
            Bar b = scenario.device(r.device()).flatMap(d -> d.bar(r.bar())).orElse(null);
            if (b != null && b.size() > 0 && unassigned(b)) {
                out.add(Finding.warning("unassigned-bar", at(items.get(k), "bar"),
                        "BAR" + b.index() + " of " + r.device() + " is not assigned (" + why(b) + "): the decision is about the addresses the kernel shows, "
                                + range(b) + ", which the device does not decode",
                        "the kernel shows a BAR it could not assign at 0 with IORESOURCE_UNSET (0x20000000); decide a BAR the kernel assigned"));
            }
        }
    }

    // ------------------------------------------------------------ MTRRs

    /** Variable MTRRs as PhysBase/PhysMask encode them (Intel SDM vol. 3, "Variable Range MTRRs"). */
    private void mtrr() {
        MapNode platform = map(top, "platform");
        MapNode mtrr = platform == null ? null : map(platform, "mtrr");
        if (mtrr == null) return;
        List<MtrrRange> ranges = scenario.platform().mtrr().ranges();
        List<Node> items = items(mtrr, "ranges");
        Arch arch = scenario.platform().arch();
        if (!ranges.isEmpty() && arch != Arch.X86_64) {
            out.add(Finding.error("mtrr-arch", at(mtrr, "ranges"), "MTRRs are x86 registers: an " + arch.id() + " platform has none",
                    "remove platform.mtrr.ranges, or set platform.arch: x86_64"));
        }
        Integer vcnt = mtrr.get("vcnt", Node::asInt, null);
        int max = vcnt != null ? vcnt : MAX_VARIABLE_MTRRS;
        if (ranges.size() > max) {
            out.add(Finding.error("mtrr-count", items.get(max).location(),
                    ranges.size() + " variable MTRRs are listed, but " + (vcnt != null
                            ? "the CPU has " + vcnt + " (platform.mtrr.vcnt)"
                            : "a CPU has at most " + MAX_VARIABLE_MTRRS + " (IA32_MTRRCAP.VCNT is 8 bits)"),
                    "list only the ranges /proc/mtrr shows; vcnt is the number of variable MTRRs the CPU has (IA32_MTRRCAP bits 7:0)"));
        }
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < ranges.size() && i < items.size(); i++) {
            MtrrRange r = ranges.get(i);
            Node item = items.get(i);
            long size = r.size();
            if (Long.bitCount(size) != 1) {
                out.add(Finding.error("mtrr-size", at(item, "size"), "an MTRR size of " + hex(size) + " is not a power of two",
                        "a variable MTRR covers a power-of-two size (its PhysMask); describe other sizes as several ranges, as firmware does"));
            } else if (size < MIN_MTRR_SIZE) {
                out.add(Finding.error("mtrr-size", at(item, "size"), "an MTRR size of " + hex(size) + " is below 4 KiB",
                        "a variable MTRR covers at least one 4 KiB page"));
            } else if ((r.base() & (size - 1)) != 0) {
                out.add(Finding.error("mtrr-alignment", at(item, "base"), "the MTRR base " + hex(r.base()) + " is not aligned to its size " + hex(size),
                        "a variable MTRR's base is a multiple of its size, e.g. " + hex(r.base() & -size)));
            } else if (beyond(r.base(), size)) {
                out.add(Finding.error("beyond-phys-bits", at(item, "base"), "the MTRR [" + hex(r.base()) + ", " + hex(r.end()) + ") " + beyondText(),
                        physHint()));
            } else {
                valid.add(i);
            }
        }
        // Overlaps are legal: UC wins and WT with WB gives WT (as Mtrr.typeAt combines them); the SDM
        // leaves other pairs undefined, unless a UC range covers the overlap too.
        List<MtrrRange> uc = valid.stream().map(ranges::get).filter(r -> r.type() == MemType.UC).toList();
        for (int a = 0; a < valid.size(); a++) {
            for (int b = a + 1; b < valid.size(); b++) {
                MtrrRange x = ranges.get(valid.get(a));
                MtrrRange y = ranges.get(valid.get(b));
                long lo = Long.compareUnsigned(x.base(), y.base()) > 0 ? x.base() : y.base();
                long hi = Long.compareUnsigned(x.end(), y.end()) < 0 ? x.end() : y.end();
                if (Long.compareUnsigned(lo, hi) < 0 && !definedOverlap(x.type(), y.type()) && !coveredBy(uc, lo, hi)) {
                    out.add(Finding.warning("mtrr-overlap-undefined", items.get(valid.get(b)).location(),
                            "this " + y.type().mtrrName() + " MTRR overlaps the " + x.type().mtrrName() + " one at " + where(items.get(valid.get(a)).location())
                                    + " in [" + hex(lo) + ", " + hex(hi) + "): the SDM defines only overlaps of one type, of UC with any type, and of WT with WB;"
                                    + " barwise, like the kernel's mtrr_type_lookup(), takes this one as UC",
                            "make the ranges disjoint, or compare with /proc/mtrr: firmware does not program such an overlap"));
                }
            }
        }
    }

    /** True when the UC ranges cover every byte of {@code [lo, hi)}. */
    private static boolean coveredBy(List<MtrrRange> uc, long lo, long hi) {
        java.util.TreeSet<Long> cuts = new java.util.TreeSet<>(Long::compareUnsigned);
        cuts.add(lo);
        for (MtrrRange r : uc) {
            if (Long.compareUnsigned(r.end(), lo) > 0 && Long.compareUnsigned(r.end(), hi) < 0) cuts.add(r.end());
        }
        for (long c : cuts) {
            if (uc.stream().noneMatch(r -> Long.compareUnsigned(r.base(), c) <= 0 && Long.compareUnsigned(c, r.end()) < 0)) return false;
        }
        return true;
    }

    static boolean definedOverlap(MemType a, MemType b) {
        return a == b || a == MemType.UC || b == MemType.UC
                || (a == MemType.WT && b == MemType.WB) || (a == MemType.WB && b == MemType.WT);
    }

    // ------------------------------------------------------------ BARs

    /** A BAR the kernel placed somewhere: what it is, its range, where it is written, its place in the file. */
    private record Placed(int order, String what, long start, long end, SourceLocation at) {}

    private void bars() {
        List<Node> devNodes = items(top, "devices");
        boolean x86 = scenario.platform().arch() == Arch.X86_64;
        List<Placed> mem = new ArrayList<>();
        List<Placed> io = new ArrayList<>();
        int order = 0;
        for (int i = 0; i < scenario.devices().size() && i < devNodes.size(); i++) {
            Device d = scenario.devices().get(i);
            if (!(devNodes.get(i) instanceof MapNode dn)) continue;
            List<Node> barNodes = items(dn, "bars");
            for (int j = 0; j < d.bars().size(); j++) {
                Bar b = d.bars().get(j);
                SourceLocation at = j < barNodes.size() ? barNodes.get(j).location() : at(dn, "resource");
                if (b.size() == 0 || unassigned(b)) continue;
                Placed p = new Placed(order++, "BAR" + b.index() + " of " + d.bdf() + " " + range(b), b.start(), b.end(), at);
                if (b.isMem()) {
                    if (beyond(b.start(), b.size())) {
                        out.add(Finding.error("beyond-phys-bits", at, p.what() + " " + beyondText(), physHint()));
                    } else if (x86 && scenario.platform().mtrr().enabled() && Long.compareUnsigned(b.start(), FIXED_MTRR_END) < 0) {
                        out.add(Finding.warning("fixed-mtrr-region", at, p.what() + " lies in the first megabyte, where the fixed-range MTRRs decide"
                                        + " the memory type; scenarios do not describe them, so barwise uses the variable ranges and the default there",
                                "PCI memory BARs lie above 1 MiB on real machines: check the address"));
                    }
                    mem.add(p);
                } else if (b.isIo()) {
                    if (x86 && Long.compareUnsigned(b.end(), X86_IO_LIMIT) > 0) {
                        out.add(Finding.error("io-port-range", at, p.what() + " lies beyond the 64 Ki I/O ports of x86",
                                "x86 I/O BARs lie below 0x10000; check the address and the flags (0x100 is IORESOURCE_IO, 0x200 IORESOURCE_MEM)"));
                    }
                    io.add(p);
                }
            }
        }
        overlaps(mem, "memory");
        overlaps(io, "I/O port");
    }

    /**
     * The kernel claims every BAR it assigns in the resource tree (pci_claim_resource()); a BAR that
     * would overlap another is left unassigned, at 0 with IORESOURCE_UNSET. So two assigned BARs never
     * overlap. Sorted by start, each BAR is compared with the one reaching furthest before it.
     */
    private void overlaps(List<Placed> bars, String space) {
        List<Placed> sorted = new ArrayList<>(bars);
        sorted.sort(Comparator.comparing(Placed::start, Long::compareUnsigned));
        Placed widest = null;
        for (Placed p : sorted) {
            if (widest != null && Long.compareUnsigned(p.start(), widest.end()) <= 0) {
                Placed later = p.order() > widest.order() ? p : widest;
                Placed earlier = later == p ? widest : p;
                out.add(Finding.error("bar-overlap", later.at(), later.what() + " overlaps " + earlier.what() + " at " + where(earlier.at())
                                + ": the kernel never assigns two BARs the same " + space + " addresses",
                        "give each BAR its own range; a BAR the kernel could not assign is shown at 0 with IORESOURCE_UNSET (0x20000000) in its flags"));
            }
            if (widest == null || Long.compareUnsigned(p.end(), widest.end()) > 0) widest = p;
        }
    }

    /** IORESOURCE_UNSET or _DISABLED, or placed at 0 (physical address 0 is never a BAR): the kernel did not assign it. */
    static boolean unassigned(Bar b) {
        return (b.flags() & (Bar.IORESOURCE_UNSET | Bar.IORESOURCE_DISABLED)) != 0 || (b.start() == 0 && b.size() > 0);
    }

    private static String why(Bar b) {
        if ((b.flags() & Bar.IORESOURCE_UNSET) != 0) return "IORESOURCE_UNSET";
        if ((b.flags() & Bar.IORESOURCE_DISABLED) != 0) return "IORESOURCE_DISABLED";
        return "it starts at 0";
    }

    // ------------------------------------------------------------ PAT entries

    /**
     * memtype_check_conflict(): a new PAT entry over existing ones takes their type or is refused,
     * so the kernel never holds two overlapping entries of different types. Overlapping entries of
     * one type are normal (every mapping of a range reserves it again).
     */
    private void reservations() {
        List<Reservation> res = scenario.reservations();
        List<Node> items = items(top, "reservations");
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < res.size() && i < items.size(); i++) {
            Reservation r = res.get(i);
            if (Long.compareUnsigned(r.end(), physLimit()) > 0) {
                out.add(Finding.error("beyond-phys-bits", items.get(i).location(),
                        "the PAT entry [" + hex(r.start()) + ", " + hex(r.end()) + ") " + beyondText(), physHint()));
            }
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> res.get(i).start(), Long::compareUnsigned));
        Map<MemType, Integer> furthest = new EnumMap<>(MemType.class);
        for (int i : order) {
            Reservation r = res.get(i);
            for (var e : furthest.entrySet()) {
                Reservation o = res.get(e.getValue());
                if (e.getKey() != r.type() && Long.compareUnsigned(o.end(), r.start()) > 0) {
                    int later = Math.max(i, e.getValue());
                    int earlier = Math.min(i, e.getValue());
                    out.add(Finding.error("reservation-conflict", items.get(later).location(),
                            "this " + res.get(later).type().patName() + " PAT entry [" + hex(res.get(later).start()) + ", " + hex(res.get(later).end())
                                    + ") overlaps the " + res.get(earlier).type().patName() + " entry [" + hex(res.get(earlier).start()) + ", "
                                    + hex(res.get(earlier).end()) + ") at " + where(items.get(earlier).location())
                                    + ": the kernel never holds overlapping PAT entries of different types (memtype_check_conflict())",
                            "give overlapping entries the same type, as a later mapping inherits the existing type, or make them disjoint"));
                }
            }
            Integer f = furthest.get(r.type());
            if (f == null || Long.compareUnsigned(r.end(), res.get(f).end()) > 0) furthest.put(r.type(), i);
        }
    }

    // ------------------------------------------------------------ helpers

    private long physLimit() { return physBits >= 64 ? -1L : 1L << physBits; }

    /** True when {@code [start, start + size)} does not lie below 2^physBits. */
    private boolean beyond(long start, long size) {
        long limit = physLimit();
        return Long.compareUnsigned(start, limit) >= 0 || Long.compareUnsigned(size, limit - start) > 0;
    }

    private String beyondText() {
        return "lies beyond the physical address width, 2^" + physBits
                + (scenario.platform().physBits() != 0 ? " (platform.physBits)" : " (the largest any " + scenario.platform().arch().id() + " CPU has)");
    }

    private String physHint() {
        return scenario.platform().physBits() != 0
                ? "check the address, or platform.physBits: /proc/cpuinfo shows it as 'address sizes: N bits physical'"
                : "check the address: it is beyond what any " + scenario.platform().arch().id() + " CPU can address";
    }

    private static String range(Bar b) { return "[" + hex(b.start()) + "-" + hex(b.end()) + "]"; }

    private static String hex(long v) { return "0x" + Long.toHexString(v); }

    private static String where(SourceLocation l) { return l.file() + ":" + l.line() + ":" + l.column(); }

    private static MapNode map(MapNode m, String field) {
        return m.get(field).orElse(null) instanceof MapNode n ? n : null;
    }

    private static List<Node> items(MapNode m, String field) {
        return m.get(field).orElse(null) instanceof ListNode l ? l.items() : List.of();
    }

    /** Where {@code field} of a mapping item is written, or the item itself. */
    private static SourceLocation at(Node item, String field) {
        if (item instanceof MapNode m) {
            Optional<Node> n = m.get(field);
            if (n.isPresent()) return n.get().location();
        }
        return item.location();
    }
}
