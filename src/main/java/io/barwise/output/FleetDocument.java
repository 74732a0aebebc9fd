package io.barwise.output;

import io.barwise.model.Decision;
import io.barwise.model.Device;
import io.barwise.output.ReportDocument.Tally;
import io.barwise.sysfs.PciFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code barwise fleet}: {@code kind: FleetReport} (a summary per host), and one {@code kind: FleetBar} JSON line or CSV row per BAR. */
public final class FleetDocument {
    private FleetDocument() {}

    /** One host's result: its scan, or why the snapshot could not be read. */
    public record Host(String source, ScanDocument.Machine machine, String error) {
        public String host() {
            return machine != null && machine.snapshot() != null && machine.snapshot().host() != null ? machine.snapshot().host() : source;
        }

        public Tally tally() {
            Tally t = Tally.ZERO;
            if (machine != null) for (Decision d : machine.byBar().values()) t = t.plus(Tally.of(d));
            return t;
        }

        public int devices() { return machine == null ? 0 : machine.devices().size(); }
    }

    /** A host reduced to what the summary needs, so a fleet's decisions need not stay in memory. */
    public record HostSummary(String source, String host, String kernelRelease, String takenAt, String barwiseVersion,
                              int devices, Tally tally, String error) {
        public static HostSummary of(Host h) {
            var s = h.machine() == null ? null : h.machine().snapshot();
            return new HostSummary(h.source(), h.host(), s == null ? null : s.kernelRelease(), s == null ? null : s.takenAt(),
                    s == null ? null : s.barwiseVersion(), h.devices(), h.tally(), h.error());
        }
    }

    public static Map<String, Object> report(List<HostSummary> hosts, long wallMillis) {
        Map<String, Object> doc = Contract.document(Contract.Kind.FLEET_REPORT);
        Tally all = Tally.ZERO;
        long devices = 0, failed = 0;
        List<Object> list = new ArrayList<>();
        for (HostSummary h : hosts) {
            all = all.plus(h.tally());
            devices += h.devices();
            if (h.error() != null) failed++;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", h.host());
            m.put("source", h.source());
            m.put("kernelRelease", h.kernelRelease());
            m.put("takenAt", h.takenAt());
            m.put("barwiseVersion", h.barwiseVersion());
            m.put("devices", h.devices());
            m.put("bars", h.tally().total());
            h.tally().into(m);
            m.put("error", h.error());
            list.add(m);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("hosts", hosts.size());
        summary.put("failedHosts", failed);
        summary.put("devices", devices);
        summary.put("bars", all.total());
        all.into(summary);
        summary.put("wallMillis", wallMillis);
        doc.put("summary", summary);
        doc.put("hosts", list);
        return doc;
    }

    /** The {@code FleetBar} documents of a host, one per decided BAR, in device order. */
    public static List<Map<String, Object>> bars(Host h) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (h.machine() == null) return out;
        for (PciFunction f : h.machine().devices()) {
            Device dev = f.device();
            for (var b : dev.bars()) {
                Decision d = h.machine().byBar().get(dev.bdf() + "/" + b.index());
                if (d == null) continue;
                Map<String, Object> m = Contract.document(Contract.Kind.FLEET_BAR);
                m.put("host", h.host());
                m.put("source", h.source());
                m.put("kernelRelease", h.machine().snapshot() == null ? null : h.machine().snapshot().kernelRelease());
                m.put("bdf", dev.bdf());
                m.put("vendor", dev.vendor());
                m.put("device", dev.device());
                m.put("class", dev.classCode());
                m.put("driver", dev.driver());
                m.put("bar", b.index());
                m.put("size", b.size());
                m.put("decision", ReportDocument.decision(d, null));
                out.add(m);
            }
        }
        return out;
    }

    public static final List<String> CSV_HEADER = List.of("host", "source", "bdf", "vendor", "device", "class", "driver", "bar", "size",
            "node", "outcome", "errno", "memtype", "effective", "intent", "fulfilsIntent", "degraded", "warnings");

    /** The CSV rows of a host, one per decided BAR (RFC 4180 quoting; ids in 0x hex as lspci prints them). */
    public static List<String> csv(Host h) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> bar : bars(h)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) bar.get("decision");
            List<Object> cells = List.of(s(bar.get("host")), s(bar.get("source")), s(bar.get("bdf")),
                    String.format("0x%04x", (Integer) bar.get("vendor")), String.format("0x%04x", (Integer) bar.get("device")),
                    String.format("0x%06x", (Integer) bar.get("class")), s(bar.get("driver")), s(bar.get("bar")), s(bar.get("size")),
                    s(d.get("node")), s(d.get("outcome")), s(d.get("errno")), s(d.get("memtype")), s(d.get("effective")),
                    s(d.get("intent")), s(d.get("fulfilsIntent")), s(d.get("degraded")), String.join(" | ", castList(d.get("warnings"))));
            StringBuilder sb = new StringBuilder();
            for (Object c : cells) {
                if (sb.length() > 0) sb.append(',');
                sb.append(quote(c.toString()));
            }
            out.add(sb.toString());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) { return (List<String>) o; }

    private static String s(Object o) { return o == null ? "" : o.toString(); }

    public static String quote(String c) {
        return c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r") ? '"' + c.replace("\"", "\"\"") + '"' : c;
    }
}
