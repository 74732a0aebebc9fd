package io.barwise.reference;

import io.barwise.model.Bar;
import io.barwise.model.Decision;
import io.barwise.model.Device;
import io.barwise.model.Feature;
import io.barwise.model.MtrrRange;
import io.barwise.model.Platform;
import io.barwise.model.Request;
import io.barwise.model.Reservation;
import io.barwise.model.Scenario;
import java.util.stream.Collectors;

/** A readable, YAML-like rendering of scenarios and decisions, for failure reports. Not meant to be parsed back. */
public final class ScenarioText {
    private ScenarioText() {}

    public static String hex(long v) { return "0x" + Long.toHexString(v); }

    public static String of(Scenario s) {
        StringBuilder sb = new StringBuilder();
        Platform p = s.platform();
        sb.append("platform:\n");
        sb.append("  arch: ").append(p.arch().id()).append('\n');
        sb.append("  kernel: \"").append(p.kernel()).append("\"\n");
        sb.append("  pat: ").append(p.pat()).append('\n');
        if (!p.mtrr().enabled()) {
            sb.append("  mtrr: {enabled: false}\n");
        } else {
            sb.append("  mtrr:\n    default: ").append(p.mtrr().defaultType().shortName()).append('\n');
            if (!p.mtrr().ranges().isEmpty()) {
                sb.append("    ranges:\n");
                for (MtrrRange r : p.mtrr().ranges()) {
                    sb.append("      - {base: ").append(hex(r.base())).append(", size: ").append(hex(r.size()))
                            .append(", type: ").append(r.type().shortName()).append("}\n");
                }
            }
        }
        sb.append("  lockdown: ").append(p.lockdown().id()).append('\n');
        sb.append("  iomem: ").append(p.iomem().id()).append('\n');
        sb.append("  strict_devmem: ").append(p.strictDevmem()).append('\n');
        sb.append("  io_strict_devmem: ").append(p.ioStrictDevmem()).append('\n');
        sb.append("  caller: {root: ").append(p.caller().root()).append(", cap_sys_rawio: ").append(p.caller().capSysRawio()).append("}\n");
        sb.append("  hypervisor: ").append(p.hypervisor().id()).append('\n');
        sb.append("  features: [").append(p.features().stream().map(Feature::id).sorted().collect(Collectors.joining(", "))).append("]\n");
        if (p.pageSize() != Platform.defaultPageSize(p.arch())) sb.append("  pageSize: ").append(hex(p.pageSize())).append('\n');
        sb.append("devices:\n");
        for (Device d : s.devices()) {
            sb.append("  - address: ").append(d.bdf()).append('\n');
            sb.append("    id: \"").append(d.ids()).append("\"\n");
            if (d.nonMappableBars()) sb.append("    non_mappable_bars: true\n");
            sb.append("    bars:\n");
            for (Bar b : d.bars()) {
                sb.append("      - {index: ").append(b.index()).append(", start: ").append(hex(b.start())).append(", end: ").append(hex(b.end()))
                        .append(", flags: ").append(hex(b.flags()));
                if (b.busy()) sb.append(", busy: true");
                if (b.exclusive()) sb.append(", exclusive: true");
                if (b.backing() != Bar.Backing.AUTO) sb.append(", backing: ").append(b.backing().id());
                sb.append("}   # size ").append(hex(b.size())).append('\n');
            }
        }
        if (!s.reservations().isEmpty()) {
            sb.append("reservations:\n");
            for (Reservation r : s.reservations()) {
                sb.append("  - {start: ").append(hex(r.start())).append(", end: ").append(hex(r.end())).append(", type: ")
                        .append(r.type().shortName()).append("}\n");
            }
        }
        sb.append("requests:\n");
        for (Request r : s.requests()) sb.append("  - ").append(request(r)).append('\n');
        return sb.toString();
    }

    public static String request(Request r) {
        StringBuilder sb = new StringBuilder("{id: ").append(r.id()).append(", device: ").append(r.device()).append(", bar: ").append(r.bar());
        if (r.node() != null) sb.append(", node: ").append(r.node().nodeName(r.bar()));
        if (r.intent() != null) sb.append(", intent: ").append(r.intent().id());
        if (r.offset() != 0) sb.append(", offset: ").append(hex(r.offset()));
        if (r.length() != null) sb.append(", length: ").append(hex(r.length()));
        sb.append(", hold: ").append(r.hold()).append('}');
        return sb.toString();
    }

    /** The compared fields of a decision on one line. */
    public static String decision(Decision d) {
        if (d == null) return "(none)";
        StringBuilder sb = new StringBuilder("{node: ").append(d.node()).append(", outcome: ").append(d.outcome().id());
        if (d.errno() != null) sb.append(", errno: ").append(d.errno());
        if (d.memtype() != null) sb.append(", memtype: ").append(d.memtype().shortName());
        if (d.effective() != null) sb.append(", effective: ").append(d.effective().shortName());
        if (d.remap() != null) sb.append(", remap: ").append(d.remap().id());
        sb.append('}');
        return sb.toString();
    }
}
