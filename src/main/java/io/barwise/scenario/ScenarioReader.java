package io.barwise.scenario;

import io.barwise.model.Arch;
import io.barwise.model.Bar;
import io.barwise.model.Caller;
import io.barwise.model.Device;
import io.barwise.model.Drivers;
import io.barwise.model.Feature;
import io.barwise.model.Hypervisor;
import io.barwise.model.Intent;
import io.barwise.model.IomemMode;
import io.barwise.model.KernelVersion;
import io.barwise.model.Lockdown;
import io.barwise.model.MemType;
import io.barwise.model.Mtrr;
import io.barwise.model.MtrrRange;
import io.barwise.model.NodeKind;
import io.barwise.model.Platform;
import io.barwise.model.Prot;
import io.barwise.model.Request;
import io.barwise.model.Reservation;
import io.barwise.model.Scenario;
import io.barwise.rules.Kernel;
import io.barwise.sysfs.ResourceFile;
import io.barwise.yaml.Node;
import io.barwise.yaml.Node.ListNode;
import io.barwise.yaml.Node.MapNode;
import io.barwise.yaml.YamlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads scenario files (YAML or JSON): {@code platform}, {@code devices}, {@code reservations},
 * {@code requests}. Every field is optional except where a device or request would be meaningless
 * without it; omitted platform fields take {@link Platform#DEFAULT}'s values. Unknown fields and
 * bad values are errors that name the file, line, column and field. A well-formed file must also
 * describe a machine that can exist, with something to decide: see {@link Consistency}.
 */
public final class ScenarioReader {
    private ScenarioReader() {}

    static final Set<String> TOP = Set.of("platform", "devices", "reservations", "requests", "description");
    static final Set<String> PLATFORM = Set.of("arch", "kernel", "pat", "mtrr", "lockdown", "iomem", "strictDevmem",
            "ioStrictDevmem", "caller", "hypervisor", "features", "pageSize", "physBits", "devmem", "unknown");
    static final Set<String> MTRR = Set.of("enabled", "default", "ranges", "vcnt");
    static final Set<String> MTRR_RANGE = Set.of("base", "size", "type");
    static final Set<String> CALLER = Set.of("root", "capSysRawio");
    static final Set<String> DEVICE = Set.of("bdf", "vendor", "device", "subsystemVendor", "subsystemDevice", "class",
            "revision", "driver", "nonMappableBars", "bars", "resource", "busy", "exclusive", "nodes");
    static final Set<String> BAR = Set.of("index", "start", "end", "size", "flags", "busy", "exclusive", "backing", "claimant", "claim");
    static final Set<String> RESERVATION = Set.of("start", "end", "size", "type", "owner");
    static final Set<String> REQUEST = Set.of("device", "bar", "node", "intent", "offset", "length", "prot", "shared", "hold");

    /** What a scenario is read for. */
    public enum Use {
        /** Its requests are decided ({@code eval}, {@code test}, {@code check}): it must have some. */
        DECIDE,
        /** It only describes a machine ({@link io.barwise.sysfs.ScenarioMachine}): requests may be absent. */
        MACHINE
    }

    /** A scenario and what the consistency checks found, errors and warnings, in file order. */
    public record Checked(Scenario scenario, List<Finding> findings) {
        public Checked {
            findings = List.copyOf(findings);
        }

        public List<Finding> warnings() { return findings.stream().filter(f -> !f.error()).toList(); }

        /** The scenario, unless a finding is an error: then the first one, as bad input (exit 3). */
        public Scenario orThrow() {
            for (Finding f : findings) if (f.error()) throw f.toException();
            return scenario;
        }
    }

    /** Reads a scenario to decide: any error, including a consistency error, is thrown; warnings are dropped. */
    public static Scenario read(Path file) {
        return read(YamlReader.read(file));
    }

    public static Scenario read(Node root) {
        return check(root, Use.DECIDE).orThrow();
    }

    /** Reads a file that only describes a machine; its requests, if any, are read too. */
    public static Scenario readMachine(Path file) {
        return check(YamlReader.read(file), Use.MACHINE).orThrow();
    }

    /**
     * Reads the scenario and runs the consistency checks. A malformed file is thrown at its first
     * problem; every consistency finding is returned, so {@code check} can list them all.
     */
    public static Checked check(Path file, Use use) {
        return check(YamlReader.read(file), use);
    }

    public static Checked check(Node root, Use use) {
        Scenario s = parse(root);
        return new Checked(s, Consistency.check(root.asMap(), s, use));
    }

    private static Scenario parse(Node root) {
        MapNode top = root.asMap();
        top.rejectUnknown(TOP);
        Platform platform = top.get("platform", n -> platform(n.asMap()), Platform.DEFAULT);
        List<Device> devices = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Node n : top.get("devices", Node::asList, emptyList(top)).items()) {
            Device d = device(n.asMap());
            if (!seen.add(d.bdf())) throw n.error("duplicate-device", "device " + d.bdf() + " is described twice", null);
            devices.add(d);
        }
        List<Reservation> reservations = new ArrayList<>();
        for (Node n : top.get("reservations", Node::asList, emptyList(top)).items()) reservations.add(reservation(n.asMap()));
        List<Request> requests = new ArrayList<>();
        // `requests:` with nothing after it (the items commented out, or lost to an indentation slip) is no requests.
        boolean blank = top.fields().get("requests") instanceof Node.Scalar sc && (sc.text() == null || sc.text().isBlank());
        for (Node n : blank ? List.<Node>of() : top.get("requests", Node::asList, emptyList(top)).items()) {
            requests.add(request(n.asMap(), requests.size(), devices));
        }
        return new Scenario(platform, devices, reservations, requests);
    }

    private static ListNode emptyList(Node at) { return new ListNode(at.location(), List.of()); }

    static Platform platform(MapNode m) {
        m.rejectUnknown(PLATFORM);
        Platform d = Platform.DEFAULT;
        Set<Feature> features = EnumSet.noneOf(Feature.class);
        m.get("features", n -> ListNode.of(n), emptyList(m)).items().forEach(f -> features.add(f.as(Feature::parse)));
        Caller caller = m.get("caller", n -> caller(n.asMap()), d.caller());
        Arch arch = m.get("arch", n -> n.as(Arch::parse), d.arch());
        long pageSize = m.get("pageSize", n -> {
            long v = n.asLong();
            try {
                return new Platform(arch, d.kernel(), false, d.mtrr(), d.lockdown(), d.iomem(), false, false, d.caller(),
                        d.hypervisor(), Set.of(), v, 0, true, Set.of()).pageSize();
            } catch (IllegalArgumentException e) {
                throw n.error("bad-value", "platform.pageSize: " + e.getMessage(), "4K, 16K or 64K as the arch allows");
            }
        }, 0L);
        Integer physBits = m.get("physBits", Node::asInt, null);
        if (physBits != null && (physBits < 32 || physBits > Kernel.physBits(arch))) {
            throw m.require("physBits").error("out-of-range", "platform.physBits must be 32 to " + Kernel.physBits(arch) + " on " + arch.id() + ", not " + physBits,
                    "the CPU's physical address width, as /proc/cpuinfo shows it: 'address sizes: N bits physical'");
        }
        return new Platform(
                arch,
                m.get("kernel", n -> n.as(KernelVersion::parse), d.kernel()),
                m.get("pat", Node::asBoolean, d.pat()),
                m.get("mtrr", n -> mtrr(n.asMap()), d.mtrr()),
                m.get("lockdown", n -> n.as(Lockdown::parse), d.lockdown()),
                m.get("iomem", n -> n.as(IomemMode::parse), d.iomem()),
                m.get("strictDevmem", Node::asBoolean, d.strictDevmem()),
                m.get("ioStrictDevmem", Node::asBoolean, d.ioStrictDevmem()),
                caller,
                m.get("hypervisor", n -> n.as(Hypervisor::parse), d.hypervisor()),
                features,
                pageSize,
                physBits == null ? 0 : physBits,
                m.get("devmem", Node::asBoolean, d.devmem()),
                unknown(m));
    }

    /** {@code unknown: [mtrr, devmem]}: platform fields the machine did not show. */
    private static Set<String> unknown(MapNode m) {
        Set<String> out = new java.util.TreeSet<>();
        for (Node n : m.get("unknown", n -> ListNode.of(n), emptyList(m)).items()) {
            String f = n.asString();
            if (!Platform.UNKNOWABLE.contains(f)) {
                throw n.error("bad-value", "'" + f + "' is not a platform field that can be unknown",
                        "one of " + Platform.UNKNOWABLE.stream().sorted().toList() + " (lockdown and hypervisor take the value unknown)");
            }
            out.add(f);
        }
        return out;
    }

    private static Caller caller(MapNode m) {
        m.rejectUnknown(CALLER);
        boolean root = m.get("root", Node::asBoolean, true);
        return new Caller(root, m.get("capSysRawio", Node::asBoolean, root));
    }

    private static Mtrr mtrr(MapNode m) {
        m.rejectUnknown(MTRR);
        List<MtrrRange> ranges = new ArrayList<>();
        for (Node n : m.get("ranges", Node::asList, emptyList(m)).items()) {
            MapNode r = n.asMap();
            r.rejectUnknown(MTRR_RANGE);
            MemType type = r.require("type").as(MemType::parse);
            if (type == MemType.UC_MINUS) throw r.require("type").error("bad-value", "UC- is a PAT type, not an MTRR type", "use uncachable");
            long size = r.require("size").asLong();
            if (size <= 0) throw r.require("size").error("bad-value", "an MTRR size must be positive", null);
            ranges.add(new MtrrRange(r.require("base").asLong(), size, type));
        }
        m.get("vcnt").ifPresent(n -> {
            if (n.asLong() < 0 || n.asLong() > Consistency.MAX_VARIABLE_MTRRS) {
                throw n.error("out-of-range", "platform.mtrr.vcnt must be 0 to " + Consistency.MAX_VARIABLE_MTRRS + ", not " + n.asLong(),
                        "the number of variable MTRRs the CPU has: IA32_MTRRCAP bits 7:0, usually 8 or 10");
            }
        });
        MemType def = m.get("default", n -> n.as(MemType::parse), MemType.WB);
        if (def == MemType.UC_MINUS) throw m.require("default").error("bad-value", "UC- is a PAT type, not an MTRR type", "use uncachable");
        return new Mtrr(m.get("enabled", Node::asBoolean, true), def, ranges);
    }

    /** {@code 0000:00:02.0}; a missing domain means 0000; hex digits may be upper-case. */
    public static String normalizeBdf(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.matches("[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]")) t = "0000:" + t;
        return t;
    }

    static Device device(MapNode m) {
        m.rejectUnknown(DEVICE);
        Node bdfNode = m.require("bdf");
        String bdf = normalizeBdf(bdfNode.asString());
        if (!Device.BDF.matcher(bdf).matches()) {
            throw bdfNode.error("bad-bdf", "'" + bdfNode.asString() + "' is not a PCI address", "write DDDD:BB:DD.F, e.g. 0000:00:02.0");
        }
        String driver = m.get("driver", Node::asString, null);
        // busy stated: an observed claim. Not stated: what the bound driver is known to do (Drivers), or unknown.
        Boolean busy = m.get("busy", Node::asBoolean, null);
        boolean exclusive = m.get("exclusive", Node::asBoolean, false);
        List<Bar> bars = new ArrayList<>();
        if (m.get("resource").isPresent() && m.get("bars").isPresent()) {
            throw m.require("resource").error("conflicting-fields", "give either bars or resource, not both", null);
        }
        if (m.get("resource").isPresent()) {
            Node r = m.require("resource");
            try {
                for (Bar b : ResourceFile.parse(r.asString())) bars.add(claim(b, busy, exclusive, driver));
            } catch (IllegalArgumentException e) {
                throw r.error("bad-resource", e.getMessage(), "paste the text of /sys/bus/pci/devices/<bdf>/resource");
            }
        }
        Set<Integer> indexes = new HashSet<>();
        for (Node n : m.get("bars", Node::asList, emptyList(m)).items()) {
            Bar b = bar(n.asMap(), busy, exclusive, driver);
            if (!indexes.add(b.index())) throw n.error("duplicate-bar", "BAR" + b.index() + " is described twice", null);
            bars.add(b);
        }
        int vendor = m.require("vendor").asInt();
        int device = m.require("device").asInt();
        for (String f : List.of("vendor", "device", "subsystemVendor", "subsystemDevice")) {
            m.get(f).ifPresent(n -> { if (n.asLong() < 0 || n.asLong() > 0xffff) throw n.error("out-of-range", n.path() + " must be a 16-bit id", null); });
        }
        return new Device(bdf, vendor, device,
                m.get("subsystemVendor", Node::asInt, 0), m.get("subsystemDevice", Node::asInt, 0),
                m.get("class", Node::asInt, 0), m.get("revision", Node::asInt, 0), driver,
                m.get("nonMappableBars", Node::asBoolean, false), bars, m.get("nodes", ScenarioReader::nodes, null));
    }

    /** {@code nodes: [resource0, resource2_wc]}: the resource files the machine shows (observed; none is [] ). */
    private static List<String> nodes(Node list) {
        List<String> out = new ArrayList<>();
        for (Node n : list.asList().items()) {
            String name = n.asString();
            if (!name.matches("resource[0-5](_wc|_wb)?")) {
                throw n.error("bad-value", "'" + name + "' is not a resource file name", "resourceN, resourceN_wc or resourceN_wb with N 0..5");
            }
            out.add(name);
        }
        return out;
    }

    /** A BAR's claim when the scenario states {@code busy}, else what the bound driver is known to do. */
    private static Bar claim(Bar b, Boolean busy, boolean exclusive, String driver) {
        if (busy == null) return Drivers.assumeClaim(b, driver);
        return b.withClaim(busy, busy ? driver : null, Bar.Claim.OBSERVED).withBusy(busy, exclusive);
    }

    private static Bar bar(MapNode m, Boolean deviceBusy, boolean exclusive, String driver) {
        m.rejectUnknown(BAR);
        Node idx = m.require("index");
        long index = idx.asLong();
        if (index < 0 || index > 5) throw idx.error("out-of-range", "a BAR index is 0 to 5, not " + index, null);
        long start = m.require("start").asLong();
        long end;
        if (m.get("end").isPresent() && m.get("size").isPresent()) {
            throw m.require("size").error("conflicting-fields", "give either end or size, not both", null);
        } else if (m.get("size").isPresent()) {
            long size = m.require("size").asLong();
            if (size <= 0 || size > Bar.MAX_SIZE) throw m.require("size").error("out-of-range", "a BAR size must be positive and at most 2^62 bytes", null);
            if (Long.compareUnsigned(start + size - 1, start) < 0) {
                throw m.require("size").error("out-of-range", "start + size overflows 64 bits", null);
            }
            end = start + size - 1;
        } else {
            end = m.require("end").asLong();
        }
        if (Long.compareUnsigned(end, start) < 0) throw m.require("end").error("out-of-range", "end is below start", "end is inclusive, as in the sysfs resource file");
        long flags = m.require("flags").asLong();
        try {
            Bar b = claim(new Bar((int) index, start, end, flags, false, false, m.get("backing", n -> n.as(Bar.Backing::parse), Bar.Backing.AUTO)),
                    m.get("busy", Node::asBoolean, deviceBusy), m.get("exclusive", Node::asBoolean, exclusive), driver);
            if (m.get("claim").isPresent()) {
                Bar.Claim how = m.require("claim").as(Bar.Claim::parse);
                b = b.withClaim(how == Bar.Claim.UNKNOWN ? false : b.busy(), b.claimant(), how);
            }
            if (m.get("claimant").isPresent()) {
                if (!b.busy()) throw m.require("claimant").error("conflicting-fields", "a claimant is given but the BAR is not busy", "add busy: true");
                b = b.withClaim(true, m.require("claimant").asString(), b.claim());
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw m.error("out-of-range", e.getMessage(), null);
        }
    }

    private static Reservation reservation(MapNode m) {
        m.rejectUnknown(RESERVATION);
        long start = m.require("start").asLong();
        long end;
        if (m.get("size").isPresent()) end = start + m.require("size").asLong();
        else end = m.require("end").asLong();
        if (Long.compareUnsigned(end, start) <= 0) {
            throw m.require(m.get("size").isPresent() ? "size" : "end").error("out-of-range", "a reservation must end above its start (end is exclusive, as pat_memtype_list prints it)", null);
        }
        return new Reservation(start, end, m.require("type").as(MemType::parse), m.get("owner", Node::asString, "reservation at " + m.location()));
    }

    private static Request request(MapNode m, int id, List<Device> devices) {
        m.rejectUnknown(REQUEST);
        Node devNode = m.require("device");
        String bdf = normalizeBdf(devNode.asString());
        Device dev = devices.stream().filter(d -> d.bdf().equals(bdf)).findFirst()
                .orElseThrow(() -> devNode.error("unknown-device", "no device " + bdf + " is described under devices", null));
        Node barNode = m.require("bar");
        int bar = barNode.asInt();
        if (dev.bar(bar).isEmpty()) {
            throw barNode.error("unknown-bar", bdf + " has no BAR" + bar, "its BARs: " + dev.bars().stream().map(b -> "BAR" + b.index()).toList());
        }
        if (m.get("node").isPresent() && m.get("intent").isPresent()) {
            throw m.require("intent").error("conflicting-fields", "give either node or intent, not both", null);
        }
        NodeKind node = m.get("node", n -> n.as(s -> NodeKind.parse(s, bar)), null);
        Intent intent = m.get("intent", n -> n.as(Intent::parse), null);
        long offset = m.get("offset", Node::asLong, 0L);
        if (offset < 0) throw m.require("offset").error("out-of-range", "offset must not be negative", null);
        Long length = m.get("length", Node::asLong, null);
        if (length != null && length < 0) throw m.require("length").error("out-of-range", "length must not be negative", null);
        if (length != null && offset + length < 0) throw m.require("length").error("out-of-range", "offset + length overflows 64 bits", null);
        return new Request(id, bdf, bar, node, intent, offset, length,
                m.get("prot", n -> n.as(Prot::parse), Prot.READ_WRITE),
                m.get("shared", Node::asBoolean, true), m.get("hold", Node::asBoolean, true));
    }
}
