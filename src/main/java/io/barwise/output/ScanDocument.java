package io.barwise.output;

import io.barwise.model.Bar;
import io.barwise.model.Decision;
import io.barwise.model.Device;
import io.barwise.model.Feature;
import io.barwise.model.MtrrRange;
import io.barwise.model.Platform;
import io.barwise.sysfs.Fact;
import io.barwise.sysfs.PciFunction;
import io.barwise.sysfs.PlatformFacts;
import io.barwise.sysfs.SnapshotInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code kind: ScanReport}: one entry in {@code machines[]} per machine or snapshot scanned, and a summary over all. */
public final class ScanDocument {
    private ScanDocument() {}

    /**
     * One scanned machine.
     *
     * @param name     where it was read from ({@code / (live)}, a snapshot directory or tar)
     * @param snapshot what the snapshot recorded (host, time, kernel release, barwise version), or null
     * @param byBar    the decision for each memory BAR, keyed {@code BDF/INDEX}
     */
    public record Machine(String name, SnapshotInfo snapshot, PlatformFacts facts, List<PciFunction> devices,
                          Map<String, Decision> byBar, List<String> warnings) {}

    public static Map<String, Object> of(List<Machine> machines) {
        Map<String, Object> doc = Contract.document(Contract.Kind.SCAN_REPORT);
        ReportDocument.Tally all = ReportDocument.Tally.ZERO;
        long devices = 0;
        List<Object> list = new ArrayList<>();
        for (Machine m : machines) {
            devices += m.devices().size();
            for (Decision d : m.byBar().values()) all = all.plus(ReportDocument.Tally.of(d));
            list.add(machine(m));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("machines", machines.size());
        summary.put("devices", devices);
        summary.put("bars", all.total());
        all.into(summary);
        doc.put("summary", summary);
        doc.put("machines", list);
        return doc;
    }

    static Map<String, Object> machine(Machine m) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", m.name());
        doc.put("snapshot", m.snapshot() == null ? null : m.snapshot().toMap());
        doc.put("platform", platform(m.facts().platform()));
        List<Object> pf = new ArrayList<>();
        for (Fact f : m.facts().facts()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", f.name());
            x.put("text", f.value());
            x.put("source", f.source());
            x.put("defaulted", f.defaulted());
            pf.add(x);
        }
        doc.put("facts", pf);
        List<Object> devs = new ArrayList<>();
        for (PciFunction f : m.devices()) devs.add(device(f, m.byBar()));
        doc.put("devices", devs);
        doc.put("warnings", m.warnings());
        return doc;
    }

    static Map<String, Object> device(PciFunction f, Map<String, Decision> byBar) {
        Device d = f.device();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bdf", d.bdf());
        m.put("vendor", d.vendor());
        m.put("device", d.device());
        m.put("vendorName", f.vendorName());
        m.put("deviceName", f.deviceName());
        m.put("subsystemVendor", d.subsystemVendor());
        m.put("subsystemDevice", d.subsystemDevice());
        m.put("class", d.classCode());
        m.put("revision", d.revision());
        m.put("driver", d.driver());
        m.put("nodes", f.nodes());
        List<Object> bars = new ArrayList<>();
        for (Bar b : d.bars()) {
            Map<String, Object> bm = new LinkedHashMap<>();
            bm.put("index", b.index());
            bm.put("start", b.start());
            bm.put("size", b.size());
            bm.put("flags", b.flags());
            bm.put("decoded", decode(b));
            bm.put("busy", b.busy());
            bm.put("claimant", b.claimant());
            bm.put("claim", b.claim().id());
            Decision dec = byBar.get(d.bdf() + "/" + b.index());
            bm.put("decision", dec == null ? null : ReportDocument.decision(dec, null));
            bars.add(bm);
        }
        m.put("bars", bars);
        return m;
    }

    /** The platform with typed values, in the field names and spellings of a scenario's {@code platform}. */
    public static Map<String, Object> platform(Platform p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arch", p.arch().id());
        m.put("kernel", p.kernel().toString());
        m.put("pat", p.pat());
        Map<String, Object> mtrr = new LinkedHashMap<>();
        mtrr.put("enabled", p.mtrr().enabled());
        mtrr.put("default", p.mtrr().defaultType().mtrrName());
        List<Object> ranges = new ArrayList<>();
        for (MtrrRange r : p.mtrr().ranges()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("base", r.base());
            x.put("size", r.size());
            x.put("type", r.type().mtrrName());
            ranges.add(x);
        }
        mtrr.put("ranges", ranges);
        m.put("mtrr", mtrr);
        m.put("lockdown", p.lockdown().id());
        m.put("iomem", p.iomem().id());
        m.put("strictDevmem", p.strictDevmem());
        m.put("ioStrictDevmem", p.ioStrictDevmem());
        Map<String, Object> caller = new LinkedHashMap<>();
        caller.put("root", p.caller().root());
        caller.put("capSysRawio", p.caller().capSysRawio());
        m.put("caller", caller);
        m.put("hypervisor", p.hypervisor().id());
        m.put("features", p.features().stream().map(Feature::id).sorted().toList());
        m.put("devmem", p.devmem());
        m.put("unknown", p.unknown().stream().sorted().toList());
        return m;
    }

    /** {@code [mem, 64-bit, prefetchable]}, {@code [io]}, plus cacheable/disabled/unset. */
    public static List<String> decode(Bar b) {
        List<String> w = new ArrayList<>();
        w.add(b.isMem() ? "mem" : b.isIo() ? "io" : String.format("type 0x%x", b.flags() & 0x1f00));
        if (b.isMem()) w.add(b.is64() ? "64-bit" : "32-bit");
        if (b.prefetchable()) w.add("prefetchable");
        if (b.flaggedCacheable()) w.add("cacheable");
        if ((b.flags() & Bar.IORESOURCE_DISABLED) != 0) w.add("disabled");
        if ((b.flags() & Bar.IORESOURCE_UNSET) != 0) w.add("unset");
        return w;
    }
}
