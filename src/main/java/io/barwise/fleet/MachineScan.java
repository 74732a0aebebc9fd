package io.barwise.fleet;

import io.barwise.Barwise;
import io.barwise.engine.Report;
import io.barwise.model.Bar;
import io.barwise.model.Decision;
import io.barwise.model.Prot;
import io.barwise.model.Request;
import io.barwise.output.ScanDocument;
import io.barwise.sysfs.PciFunction;
import io.barwise.sysfs.SnapshotInfo;
import io.barwise.sysfs.SysfsMachine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code barwise scan} decides for a machine: the site policy's intent for every memory BAR, none held. */
public final class MachineScan {
    private MachineScan() {}

    public static ScanDocument.Machine scan(SysfsMachine machine, String name, Barwise barwise) {
        List<Request> requests = new ArrayList<>();
        for (PciFunction f : machine.devices()) {
            for (Bar b : f.device().bars()) {
                if (b.isMem()) requests.add(new Request(requests.size(), f.device().bdf(), b.index(), null, null, 0, null, Prot.READ_WRITE, true, false));
            }
        }
        Report report = barwise.decide(machine.scenario(requests));
        Map<String, Decision> byBar = new LinkedHashMap<>();
        for (Decision d : report.decisions()) byBar.put(d.request().device() + "/" + d.request().bar(), d);
        SnapshotInfo info = machine.isLive() ? SnapshotInfo.now(machine.root()) : SnapshotInfo.recorded(machine.root()).orElse(null);
        return new ScanDocument.Machine(name, info, machine.platform(), machine.devices(), byBar, machine.warnings());
    }
}
