package io.barwise.authoring;

import io.barwise.authoring.Shape.Bool;
import io.barwise.authoring.Shape.Expr;
import io.barwise.authoring.Shape.Field;
import io.barwise.authoring.Shape.Int;
import io.barwise.authoring.Shape.ListOf;
import io.barwise.authoring.Shape.Obj;
import io.barwise.authoring.Shape.PathOr;
import io.barwise.authoring.Shape.Str;
import io.barwise.model.Arch;
import io.barwise.model.Bar;
import io.barwise.model.Errno;
import io.barwise.model.Feature;
import io.barwise.model.Hypervisor;
import io.barwise.model.Intent;
import io.barwise.model.IomemMode;
import io.barwise.model.Lockdown;
import io.barwise.model.Platform;
import io.barwise.model.MemType;
import io.barwise.model.NodeKind;
import io.barwise.model.Outcome;
import io.barwise.model.Prot;
import io.barwise.model.RemapPath;
import io.barwise.policy.PolicyReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The three file formats (policy, scenario, test) as {@link Shape}s. Enum values come from the model's
 * enums; field names are checked against the readers' field sets by SchemaTest, so a field added to a
 * reader without a schema entry fails the build.
 */
public final class Schemas {
    private Schemas() {}

    public enum Kind {
        POLICY("policy"), SCENARIO("scenario"), TEST("test");

        private final String id;

        Kind(String id) { this.id = id; }

        public String id() { return id; }
    }

    public static Obj of(Kind k) {
        return switch (k) {
            case POLICY -> POLICY_FILE;
            case SCENARIO -> SCENARIO_FILE;
            case TEST -> TEST_FILE;
        };
    }

    static <E extends Enum<E>> List<String> ids(Class<E> type, Function<E, String> id) {
        return Arrays.stream(type.getEnumConstants()).map(id).toList();
    }

    static Str oneOf(String description, List<String> values) { return new Str(description, values, null, null); }

    /** Every spelling MemType.parse accepts (short, PAT and MTRR names), optionally without UC-. */
    static List<String> memTypes(boolean withUcMinus) {
        LinkedHashSet<String> s = new LinkedHashSet<>();
        for (MemType t : MemType.values()) {
            if (t == MemType.UC_MINUS && !withUcMinus) continue;
            s.add(t.shortName());
            s.add(t.patName());
            if (t.mtrrName() != null) s.add(t.mtrrName());
        }
        return List.copyOf(s);
    }

    static final Int NUMBER = new Int("a number: decimal, 0x hex, 0o octal, 0b binary, or with K/M/G/T (powers of 1024)", null, null);

    static Int id16(String d) { return new Int(d, 0L, 0xffffL); }

    private static Map<String, Field> fields(Object... kv) {
        Map<String, Field> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            String key = (String) kv[i];
            boolean req = key.endsWith("!");
            m.put(req ? key.substring(0, key.length() - 1) : key, new Field((Shape) kv[i + 1], req));
        }
        return m;
    }

    // ---------------------------------------------------------------- policy

    public static final List<String> POLICY_NODE_KINDS;

    static {
        List<String> k = new ArrayList<>();
        for (NodeKind n : NodeKind.values()) k.add(PolicyReader.name(n));
        for (NodeKind n : NodeKind.values()) if (!n.isDevmem()) k.add(PolicyReader.name(n).replace("resource", "resourceN"));
        POLICY_NODE_KINDS = List.copyOf(k);
    }

    static final Obj POLICY_RULE = new Obj("One site policy rule: when every condition in match holds for a request's BAR, its effects apply.", fields(
            "name!", new Str("Unique name of the rule (letters, digits, '.', '_', '-').", List.of(), PolicyReader.NAME_PATTERN,
                    "a name of letters, digits, '.', '_' and '-' (no spaces), starting with a letter or digit, e.g. gpu-memory-wc"),
            "description", Str.text("What the rule is for."),
            "priority", new Int("Higher wins; at equal priority a deny beats an allow. Default 0.", (long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE),
            "match!", new ListOf("One MVEL condition, or a list that must all hold, over device, bar, platform, request.",
                    new Expr("An MVEL boolean expression, e.g. device.vendor == 0x1af4 && bar.index == 2"), true),
            "intent", oneOf("The intent for requests that name neither node nor intent.", ids(Intent.class, Intent::id)),
            "decision", oneOf("Allow or deny the request.", List.of("allow", "deny")),
            "message", Str.text("Shown when the rule denies or forbids."),
            "prefer", new ListOf("Node kinds to try first for an intent.", oneOf("A node kind.", POLICY_NODE_KINDS), true),
            "forbid", new ListOf("Node kinds the request may not use.", oneOf("A node kind.", POLICY_NODE_KINDS), true)));

    public static final Obj POLICY_FILE = new Obj("A barwise site policy file.", fields(
            "policies!", new ListOf("The rules.", POLICY_RULE, false),
            "description", Str.text("What this policy file is for.")));

    // ---------------------------------------------------------------- scenario

    static final Obj MTRR_RANGE = new Obj("A variable MTRR.", fields(
            "base!", NUMBER, "size!", new Int("Size in bytes (positive).", 1L, null),
            "type!", oneOf("MTRR type (UC- is not one).", memTypes(false))));

    static final Obj MTRR = new Obj("The MTRR setup.", fields(
            "enabled", new Bool("MTRRs on (default true)."),
            "default", oneOf("Default type (default write-back).", memTypes(false)),
            "ranges", new ListOf("Variable ranges: each a power-of-two size of at least 4 KiB, its base aligned to its size.", MTRR_RANGE, false),
            "vcnt", new Int("How many variable MTRRs the CPU has (IA32_MTRRCAP.VCNT, usually 8 or 10); bounds the ranges.", 0L, 255L)));

    static final Obj CALLER = new Obj("Who opens the node.", fields(
            "root", new Bool("uid 0 (default true)."), "capSysRawio", new Bool("Has CAP_SYS_RAWIO (default: same as root).")));

    static final Obj PLATFORM = new Obj("The machine; omitted fields take the defaults of a stock x86_64 6.12 host.", fields(
            "arch", oneOf("CPU architecture.", ids(Arch.class, Arch::id)),
            "kernel", new Str("Kernel release MAJOR.MINOR, e.g. \"6.12\" (quote it).", List.of(), "^\\s*\\d+\\.\\d+", "MAJOR.MINOR, e.g. \"6.12\""),
            "pat", new Bool("PAT enabled."),
            "mtrr", MTRR,
            "lockdown", oneOf("Kernel lockdown mode.", ids(Lockdown.class, Lockdown::id)),
            "iomem", oneOf("The iomem= boot parameter.", ids(IomemMode.class, IomemMode::id)),
            "strictDevmem", new Bool("CONFIG_STRICT_DEVMEM."),
            "ioStrictDevmem", new Bool("CONFIG_IO_STRICT_DEVMEM."),
            "caller", CALLER,
            "hypervisor", oneOf("What runs below the kernel.", ids(Hypervisor.class, Hypervisor::id)),
            "features", new ListOf("Modelled kernel changes that are not upstream.", oneOf("A feature.", ids(Feature.class, Feature::id)), true),
            "pageSize", new Int("The kernel's PAGE_SIZE: 4K, 16K or 64K (default: 4K on x86_64 and arm64, 64K on ppc64le).", 4096L, 65536L),
            "physBits", new Int("Physical address width ('address sizes: N bits physical' in /proc/cpuinfo); BARs, MTRRs and PAT entries lie below 2^N.", 32L, 52L),
            "devmem", new Bool("/dev/mem exists (CONFIG_DEVMEM; default true)."),
            "unknown", new ListOf("Fields the machine did not show: their values are assumptions, and decisions that depend on them say so.",
                    oneOf("A platform field.", Platform.UNKNOWABLE.stream().sorted().toList()), true)));

    static final Obj BAR = new Obj("One BAR.", fields(
            "index!", new Int("BAR number 0..5.", 0L, 5L),
            "start!", NUMBER,
            "end", new Int("Last byte (inclusive, as in the sysfs resource file); or give size.", null, null),
            "size", new Int("Size in bytes; or give end.", 1L, null),
            "flags!", new Int("res->flags, e.g. 0x40200 (memory) or 0x14220c (64-bit prefetchable).", null, null),
            "busy", new Bool("A driver claimed the region (as /proc/iomem shows it)."),
            "exclusive", new Bool("The claim was exclusive."),
            "backing", oneOf("What backs the BAR under a hypervisor.", ids(Bar.Backing.class, Bar.Backing::id)),
            "claimant", Str.text("Who claimed it: the name under the BAR in /proc/iomem, e.g. virtio-pci-modern (needs busy)."),
            "claim", oneOf("How busy is known: observed (default when busy is given), assumed (from the bound driver), unknown.",
                    ids(Bar.Claim.class, Bar.Claim::id))));

    static final Obj DEVICE = new Obj("A PCI function.", fields(
            "bdf!", new Str("PCI address DDDD:BB:DD.F (quote it).", List.of(), "^([0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-1][0-9a-fA-F]\\.[0-7]$", "DDDD:BB:DD.F, e.g. 0000:00:02.0"),
            "vendor!", id16("Vendor id, e.g. 0x1af4."),
            "device!", id16("Device id, e.g. 0x1110."),
            "subsystemVendor", id16("Subsystem vendor id."),
            "subsystemDevice", id16("Subsystem device id."),
            "class", new Int("24-bit class code, e.g. 0x050000.", 0L, 0xffffffL),
            "revision", new Int("Revision id.", 0L, 0xffL),
            "driver", Str.text("Bound driver's name."),
            "nonMappableBars", new Bool("pdev->non_mappable_bars (s390 ISM)."),
            "bars", new ListOf("The BARs.", BAR, false),
            "resource", Str.text("The text of /sys/bus/pci/devices/<bdf>/resource, instead of bars."),
            "busy", new Bool("Default for every BAR: a driver claimed the regions (default: what the bound driver is known to do; unknown for a driver barwise does not know)."),
            "exclusive", new Bool("Default for every BAR: exclusive claim."),
            "nodes", new ListOf("The resource files the machine shows (observed); absent ones are ENOENT. Omit to let the model decide.",
                    new Str("resourceN, resourceN_wc or resourceN_wb.", List.of(), "^resource[0-5](_wc|_wb)?$", "resourceN[_wc|_wb]"), true)));

    static final Obj RESERVATION = new Obj("A PAT memtype entry already present.", fields(
            "start!", NUMBER, "end", new Int("End (exclusive, as pat_memtype_list prints it); or give size.", null, null),
            "size", new Int("Size in bytes; or give end.", 1L, null),
            "type!", oneOf("PAT type.", memTypes(true)), "owner", Str.text("Who made it.")));

    static final Obj REQUEST = new Obj("One mmap request; give node or intent, or neither for the policy's intent.", fields(
            "device!", new Str("The device's bdf.", List.of(), null, null),
            "bar!", new Int("BAR number.", 0L, 5L),
            "node", new Str("resourceN, resourceN_wc, resourceN_wb (N = the BAR), devmem or devmem-sync.", List.of(),
                    "^(resource[0-5](_wc|_wb)?|devmem|devmem-sync)$", "resourceN, resourceN_wc, resourceN_wb, devmem or devmem-sync"),
            "intent", oneOf("What the mapping is for.", ids(Intent.class, Intent::id)),
            "offset", new Int("Offset into the BAR (page-aligned for mmap).", 0L, null),
            "length", new Int("Bytes to map (default: the whole BAR).", 0L, null),
            "prot", oneOf("r or rw (default).", ids(Prot.class, Prot::id)),
            "shared", new Bool("MAP_SHARED (default true)."),
            "hold", new Bool("Keep the mapping for the requests after it (default true).")));

    public static final Obj SCENARIO_FILE = new Obj("A barwise scenario: a platform, its devices, PAT entries and requests.", fields(
            "platform", PLATFORM,
            "devices", new ListOf("The PCI functions.", DEVICE, false),
            "reservations", new ListOf("PAT entries already present.", RESERVATION, false),
            "requests", new ListOf("The requests, decided in order.", REQUEST, false),
            "description", Str.text("What this scenario shows.")));

    // ---------------------------------------------------------------- test

    static List<String> withNone(List<String> values) {
        List<String> l = new ArrayList<>(values);
        l.add("none");
        return l;
    }

    static final ListOf NAMES = new ListOf("Names.", Str.text("A name."), true);

    public static final Obj EXPECTATION = new Obj("What one request must come out as; every field given is compared.", fields(
            "request!", new Int("Index of the request in the scenario (0 = first).", 0L, null),
            "name", Str.text("Label for this expectation in the output."),
            "node", Str.text("The node mapped, e.g. resource2_wc, or none."),
            "outcome", oneOf("mapped, refused or denied.", ids(Outcome.class, Outcome::id)),
            "errno", oneOf("The errno of a refusal, or none.", withNone(ids(Errno.class, Enum::name))),
            "pgprot", Str.text("The page protection, e.g. \"PCD (UC-)\", or none."),
            "memtype", oneOf("The PAT entry type, or none (untracked / not mapped).", withNone(memTypes(true))),
            "effective", oneOf("The effective memory type, or none.", withNone(memTypes(true))),
            "remap", oneOf("The kernel function that installs the PTEs, or none.", withNone(ids(RemapPath.class, RemapPath::id))),
            "fired", new ListOf("Built-in or user DRL rules that must fire for the request.", Str.text("A DRL rule name."), true),
            "notFired", new ListOf("DRL rules that must not fire.", Str.text("A DRL rule name."), true),
            "matched", new ListOf("Policy rules that must match the request.", Str.text("A policy rule name."), true),
            "notMatched", new ListOf("Policy rules that must not match.", Str.text("A policy rule name."), true),
            "warnings", new ListOf("Each text must occur in some warning; [] means no warning at all.", Str.text("Text of a warning."), true),
            "reasons", new ListOf("Each text must occur in some reason.", Str.text("Text of a reason."), true)));

    static final Obj TEST = new Obj("One test: a scenario, the policies it runs under, and expectations per request.", fields(
            "name!", Str.text("The test's name."),
            "description", Str.text("What it shows."),
            "cites", Str.text("What the expectations follow: kernel functions or documents, e.g. pat_x_mtrr_type()."),
            "scenario!", new PathOr("A scenario file (path relative to this file), or the scenario inline.", SCENARIO_FILE),
            "policies", new ListOf("Policy files or directories (relative to this file); default: the file's policies.", Str.text("A path."), true),
            "rules", new ListOf("User DRL files or directories (relative to this file); default: the file's rules.", Str.text("A path."), true),
            "expect!", new ListOf("Expectations, one per request checked.", EXPECTATION, false)));

    public static final Obj TEST_FILE = new Obj("A barwise test file (name it *.test.yaml).", fields(
            "description", Str.text("What these tests cover."),
            "policies", new ListOf("Policy files or directories for every test (relative to this file).", Str.text("A path."), true),
            "rules", new ListOf("User DRL files or directories for every test (relative to this file).", Str.text("A path."), true),
            "tests!", new ListOf("The tests.", TEST, false)));
}
