package io.barwise.authoring;

import io.barwise.model.Arch;
import io.barwise.model.Bar;
import io.barwise.model.Caller;
import io.barwise.model.Device;
import io.barwise.model.Feature;
import io.barwise.model.Hypervisor;
import io.barwise.model.Intent;
import io.barwise.model.KernelVersion;
import io.barwise.model.Lockdown;
import io.barwise.model.NodeKind;
import io.barwise.model.Platform;
import io.barwise.model.Prot;
import io.barwise.model.Request;
import io.barwise.model.Scenario;
import io.barwise.policy.PolicyContext;
import io.barwise.policy.Views;
import io.barwise.yaml.Numbers;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Representative, valid devices, BARs, platforms and requests to search for witnesses. Each dimension
 * (vendor, class code, BAR kind, BAR size, arch, ...) has a list of values: typical ones, plus values mined
 * from the literals in the policies (each number n gives n-1, n, n+1, and n&lt;&lt;8, n&lt;&lt;16 for class codes;
 * quoted strings become driver names, kernels, ...), so that comparisons in the rules can be made true and
 * false. A search varies only the dimensions the rules involved read; the rest keep a typical value. When
 * the product is larger than the budget, a fixed-seed sample of it is used (so results are reproducible).
 */
public final class Corpus {

    /** One generated (or example) situation, and the values the witness shows. */
    public record Context(PolicyContext ctx, String origin) {
        /** What a witness shows: device, bar, platform and request, each as one line (computed on demand). */
        public Map<String, String> shown() { return show(ctx); }
    }

    record Dim(String name, Set<String> properties, List<Object> values) {}

    static final long MEM32 = 0x40200, MEM32_PF = 0x42208, MEM64 = 0x140204, MEM64_PF = 0x14220c, IO = 0x40101;

    private final List<Dim> dims = new ArrayList<>();
    private final List<Context> examples = new ArrayList<>();
    private final int budget;

    public Corpus(Set<Long> numbers, Set<String> strings, List<Scenario> exampleScenarios, List<String> exampleNames, int budget) {
        this.budget = budget;
        Set<Long> n16 = new TreeSet<>(), n24 = new TreeSet<>(), n8 = new TreeSet<>();
        for (long v : numbers) {
            for (long x : new long[] {v - 1, v, v + 1}) {
                if (x >= 0 && x <= 0xffff) n16.add(x);
                if (x >= 0 && x <= 0xff) n8.add(x);
            }
            for (long x : new long[] {v, v << 8, v << 16, (v << 8) | 0xff}) if (x >= 0 && x <= 0xffffff) n24.add(x);
        }
        dims.add(new Dim("vendor", Set.of("device.vendor"), merge(List.of(0x1af4L, 0x8086L, 0x10deL, 0x1234L), n16)));
        dims.add(new Dim("deviceId", Set.of("device.device"), merge(List.of(0x1110L, 0x1000L, 0x2000L), n16)));
        dims.add(new Dim("class", Set.of("device.classCode", "device.baseClass"),
                merge(List.of(0x050000L, 0x030000L, 0x020000L, 0x010802L, 0x058000L, 0xff0000L), n24)));
        dims.add(new Dim("subsystemVendor", Set.of("device.subsystemVendor"), merge(List.of(0L, 0x1af4L), n16)));
        dims.add(new Dim("subsystemDevice", Set.of("device.subsystemDevice"), merge(List.of(0L, 0x1100L), n16)));
        dims.add(new Dim("revision", Set.of("device.revision"), merge(List.of(1L, 0L), n8)));
        List<Object> drivers = new ArrayList<>(java.util.Arrays.asList(null, "vfio-pci", "uio_pci_generic", "nvidia"));
        List<Object> kernels = new ArrayList<>(List.of("6.12", "6.1", "5.4", "6.15"));
        List<Object> bdfs = new ArrayList<>(List.of("0000:00:02.0", "0000:01:00.0"));
        for (String s : strings) {
            if (s.matches("\\d+\\.\\d+.*")) kernels.add(s);
            else if (s.matches("([0-9a-f]{4}:)?[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]")) bdfs.add(s.length() == 7 ? "0000:" + s : s);
            else if (!drivers.contains(s)) drivers.add(s);
        }
        dims.add(new Dim("bdf", Set.of("device.bdf"), distinct(bdfs)));
        dims.add(new Dim("driver", Set.of("device.driver", "device.bound"), drivers));
        dims.add(new Dim("barIndex", Set.of("bar.index"), List.of(2L, 0L, 1L, 3L, 4L, 5L)));
        dims.add(new Dim("barKind", Set.of("bar.mem", "bar.io", "bar.prefetchable", "bar.mem64", "bar.flags"),
                List.of(MEM64_PF, MEM32, MEM32_PF, MEM64, IO)));
        List<Long> sizes = new ArrayList<>(List.of(4L << 20, 256L, 4096L, 1L << 20, 256L << 20, 8L << 30));
        for (long v : numbers) for (long x : new long[] {v - 1, v, v + 1}) if (x >= 1 && x <= (1L << 40)) sizes.add(x);
        dims.add(new Dim("barSize", Set.of("bar.size", "bar.end"), distinct(new ArrayList<>(sizes))));
        dims.add(new Dim("barStart", Set.of("bar.start"), List.of(0xfe400000L, 0x800000000L)));
        dims.add(new Dim("busy", Set.of("bar.busy"), List.of(false, true)));
        dims.add(new Dim("claim", Set.of("bar.claim", "bar.claimant"), List.of((Object[]) Bar.Claim.values())));
        dims.add(new Dim("arch", Set.of("platform.arch"), List.of((Object[]) Arch.values())));
        List<Object> parsedKernels = new ArrayList<>();
        for (Object k : distinct(kernels)) {
            try {
                parsedKernels.add(KernelVersion.parse((String) k));
            } catch (IllegalArgumentException ignored) {
                // a string literal that only looked like a version
            }
        }
        dims.add(new Dim("kernel", Set.of("platform.kernel"), parsedKernels));
        dims.add(new Dim("pat", Set.of("platform.pat"), List.of(true, false)));
        dims.add(new Dim("lockdown", Set.of("platform.lockdown"), List.of((Object[]) Lockdown.values())));
        dims.add(new Dim("hypervisor", Set.of("platform.hypervisor", "platform.virtualized"), List.of((Object[]) Hypervisor.values())));
        dims.add(new Dim("features", Set.of("platform.features"), List.of(Set.of(), Set.of(Feature.IVSHMEM_CACHEABLE_QUIRK),
                Set.of(Feature.RESOURCE_WB), Set.of(Feature.IVSHMEM_CACHEABLE_QUIRK, Feature.RESOURCE_WB))));
        dims.add(new Dim("root", Set.of("platform.root"), List.of(true, false)));
        List<Object> kinds = new ArrayList<>();
        kinds.add("policy-intent");
        for (Intent i : Intent.values()) kinds.add(i);
        for (NodeKind k : NodeKind.values()) kinds.add(k);
        dims.add(new Dim("request", Set.of("request.node", "request.intent"), kinds));
        List<Long> offsets = new ArrayList<>(List.of(0L, 4096L));
        for (long v : numbers) if (v >= 0 && v < (1L << 40)) offsets.add(v);
        dims.add(new Dim("offset", Set.of("request.offset"), distinct(new ArrayList<>(offsets))));
        dims.add(new Dim("write", Set.of("request.write"), List.of(true, false)));
        dims.add(new Dim("shared", Set.of("request.shared"), List.of(true, false)));
        List<Long> ids = new ArrayList<>(List.of(0L, 1L));
        for (long v : numbers) if (v >= 0 && v < 64) ids.add(v);
        dims.add(new Dim("requestId", Set.of("request.id"), distinct(new ArrayList<>(ids))));
        for (int i = 0; i < exampleScenarios.size(); i++) addExamples(exampleScenarios.get(i), exampleNames.get(i));
    }

    private static List<Object> merge(List<Long> base, Set<Long> more) {
        LinkedHashSet<Object> s = new LinkedHashSet<>(base);
        s.addAll(more);
        return new ArrayList<>(s);
    }

    private static List<Object> distinct(List<?> l) { return new ArrayList<>(new LinkedHashSet<>(l)); }

    private void addExamples(Scenario s, String name) {
        Set<String> seen = new LinkedHashSet<>();
        for (Request r : s.requests()) {
            PolicyContext c = PolicyContext.of(s, r);
            seen.add(r.device() + "#" + r.bar());
            examples.add(new Context(c, name + " request #" + r.id()));
        }
        for (Device d : s.devices()) {
            for (Bar b : d.bars()) {
                if (seen.contains(d.bdf() + "#" + b.index())) continue;
                Request r = new Request(0, d.bdf(), b.index(), null, null, 0, null, Prot.READ_WRITE, true, true);
                PolicyContext c = new PolicyContext(new Views.DeviceView(d), new Views.BarView(b), new Views.PlatformView(s.platform()),
                        new Views.RequestView(r));
                examples.add(new Context(c, name + " " + d.bdf() + " BAR" + b.index()));
            }
        }
    }

    /** Numbers and quoted strings written in policy conditions: the values worth trying. */
    static final Pattern NUMBER = Pattern.compile("(?<![\\w.])(0[xX][0-9a-fA-F_]+|\\d[\\d_]*)(?![\\w.])");
    static final Pattern STRING = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'|\"((?:[^\"\\\\]|\\\\.)*)\"");

    public static void literals(String source, Set<Long> numbers, Set<String> strings) {
        Matcher m = STRING.matcher(source);
        while (m.find()) strings.add(m.group(1) != null ? m.group(1) : m.group(2));
        Matcher n = NUMBER.matcher(STRING.matcher(source).replaceAll("''"));
        while (n.find()) {
            try {
                numbers.add(Numbers.parse(n.group(1)));
            } catch (RuntimeException ignored) {
                // not a number after all
            }
        }
    }

    public int budget() { return budget; }

    /** The dimensions some of these properties depend on. */
    List<Dim> dimsFor(Set<String> properties) {
        return dims.stream().filter(d -> d.properties().stream().anyMatch(properties::contains)).toList();
    }

    /** Like {@link #find}, never stopping early. */
    public int search(Set<String> properties, Consumer<Context> each) {
        return find(properties, c -> {
            each.accept(c);
            return false;
        });
    }

    /**
     * Calls {@code each} with every context over the dimensions these properties read (sampled beyond the budget),
     * then the examples, until it returns true. Returns how many contexts it was called with.
     */
    public int find(Set<String> properties, java.util.function.Predicate<Context> each) {
        List<Dim> vary = dimsFor(properties);
        long product = 1;
        for (Dim d : vary) product = Math.min(Long.MAX_VALUE / 64, product * d.values().size());
        int count = 0;
        if (product <= budget) {
            int[] idx = new int[vary.size()];
            for (long i = 0; i < product; i++) {
                count++;
                if (each.test(build(vary, idx))) return count;
                for (int k = 0; k < idx.length; k++) {
                    if (++idx[k] < vary.get(k).values().size()) break;
                    idx[k] = 0;
                }
            }
        } else {
            Random rnd = new Random(0x6261727769736588L);
            int[] idx = new int[vary.size()];
            // The first values of every dimension are the typical ones: try each single change from them first.
            count++;
            if (each.test(build(vary, idx))) return count;
            for (int k = 0; k < vary.size(); k++) {
                for (int v = 1; v < vary.get(k).values().size(); v++) {
                    int[] one = new int[vary.size()];
                    one[k] = v;
                    count++;
                    if (each.test(build(vary, one))) return count;
                }
            }
            while (count < budget) {
                for (int k = 0; k < idx.length; k++) idx[k] = rnd.nextInt(vary.get(k).values().size());
                count++;
                if (each.test(build(vary, idx))) return count;
            }
        }
        for (Context c : examples) {
            count++;
            if (each.test(c)) return count;
        }
        return count;
    }

    private final Map<List<Object>, Views.DeviceView> devices = new java.util.HashMap<>();
    private final Map<List<Object>, Views.BarView> bars = new java.util.HashMap<>();
    private final Map<List<Object>, Views.PlatformView> platforms = new java.util.HashMap<>();
    private static final int CACHE_LIMIT = 200_000;

    private Context build(List<Dim> vary, int[] idx) {
        Map<String, Object> v = new java.util.HashMap<>();
        for (Dim d : dims) v.put(d.name(), d.values().get(0));
        for (int k = 0; k < vary.size(); k++) v.put(vary.get(k).name(), vary.get(k).values().get(idx[k]));
        String driver = (String) v.get("driver");
        long kind = (Long) v.get("barKind");
        long size = (Long) v.get("barSize");
        if (kind == IO) size = Math.min(size, 256);
        long start = kind == IO ? 0xc000 : (Long) v.get("barStart");
        List<Object> barKey = java.util.Arrays.asList(v.get("barIndex"), start, size, kind, v.get("busy"), v.get("claim"), driver);
        boolean busy = (Boolean) v.get("busy");
        Bar bar = new Bar((int) (long) (Long) v.get("barIndex"), start, start + size - 1, kind, busy, false, Bar.Backing.AUTO,
                busy ? driver : null, (Bar.Claim) v.get("claim"));
        List<Object> devKey = java.util.Arrays.asList(v.get("bdf"), v.get("vendor"), v.get("deviceId"), v.get("subsystemVendor"),
                v.get("subsystemDevice"), v.get("class"), v.get("revision"), driver, barKey);
        Views.DeviceView dv = devices.get(devKey);
        if (dv == null) {
            Device dev = new Device((String) v.get("bdf"), (int) (long) (Long) v.get("vendor"), (int) (long) (Long) v.get("deviceId"),
                    (int) (long) (Long) v.get("subsystemVendor"), (int) (long) (Long) v.get("subsystemDevice"), (int) (long) (Long) v.get("class"),
                    (int) (long) (Long) v.get("revision"), driver, false, List.of(bar));
            dv = new Views.DeviceView(dev);
            if (devices.size() < CACHE_LIMIT) devices.put(devKey, dv);
        }
        Views.BarView bv = bars.computeIfAbsent(barKey, k -> new Views.BarView(bar));
        @SuppressWarnings("unchecked")
        Set<Feature> features = (Set<Feature>) v.get("features");
        boolean root = (Boolean) v.get("root");
        List<Object> platKey = java.util.Arrays.asList(v.get("arch"), v.get("kernel"), v.get("pat"), v.get("lockdown"), v.get("hypervisor"),
                features, root);
        Views.PlatformView pv = platforms.get(platKey);
        if (pv == null) {
            Platform base = Platform.DEFAULT;
            Platform p = new Platform((Arch) v.get("arch"), (KernelVersion) v.get("kernel"), (Boolean) v.get("pat"), base.mtrr(),
                    (Lockdown) v.get("lockdown"), base.iomem(), base.strictDevmem(), base.ioStrictDevmem(), new Caller(root, root),
                    (Hypervisor) v.get("hypervisor"), features.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(features));
            pv = new Views.PlatformView(p);
            if (platforms.size() < CACHE_LIMIT) platforms.put(platKey, pv);
        }
        Object rk = v.get("request");
        NodeKind node = rk instanceof NodeKind k ? k : null;
        Intent intent = rk instanceof Intent i ? i : null;
        Request r = new Request((int) (long) (Long) v.get("requestId"), dv.getBdf(), bar.index(), node, intent, (Long) v.get("offset"), null,
                (Boolean) v.get("write") ? Prot.READ_WRITE : Prot.READ, (Boolean) v.get("shared"), true);
        PolicyContext c = new PolicyContext(dv, bv, pv, new Views.RequestView(r));
        return new Context(c, "generated");
    }

    /** A compact, readable description of a context. */
    static Map<String, String> show(PolicyContext c) {
        Map<String, String> m = new LinkedHashMap<>();
        var d = c.device();
        var b = c.bar();
        var p = c.platform();
        var r = c.request();
        m.put("device", String.format("%s %04x:%04x class 0x%06x%s", d.getBdf(), d.getVendor(), d.getDevice(), d.getClassCode(),
                d.getDriver() == null ? " (no driver)" : " driver " + d.getDriver()));
        String kind = b.isIo() ? "I/O" : (b.isMem64() ? "mem64" : "mem32") + (b.isPrefetchable() ? " prefetchable" : "");
        m.put("bar", "BAR" + b.getIndex() + " " + kind + " size 0x" + Long.toHexString(b.getSize()) + " flags 0x" + Long.toHexString(b.getFlags())
                + (b.isBusy() ? " busy" : ""));
        m.put("platform", p.getArch() + " " + p.getKernel() + (p.isPat() ? " pat" : " nopat") + " lockdown=" + p.getLockdown()
                + " hypervisor=" + p.getHypervisor() + (p.getFeatures().isEmpty() ? "" : " features=" + new TreeSet<>(p.getFeatures()))
                + (p.isRoot() ? "" : " non-root"));
        m.put("request", "#" + r.getId() + " " + (r.getNode() != null ? "node " + r.getNode() : r.getIntent() != null ? "intent " + r.getIntent()
                : "no node or intent (policy intent)") + (r.getOffset() != 0 ? " offset 0x" + Long.toHexString(r.getOffset()) : "")
                + (r.isWrite() ? "" : " read-only"));
        return m;
    }

    static String describe(Context c) {
        Map<String, String> s = c.shown();
        return s.get("device") + ", " + s.get("bar") + ", " + s.get("platform") + ", request " + s.get("request")
                + (c.origin().equals("generated") ? "" : " [" + c.origin() + "]");
    }
}
