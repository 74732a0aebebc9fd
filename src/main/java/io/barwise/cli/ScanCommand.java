package io.barwise.cli;

import io.barwise.Barwise;
import io.barwise.engine.Report;
import io.barwise.model.Bar;
import io.barwise.model.Decision;
import io.barwise.model.Prot;
import io.barwise.model.Request;
import io.barwise.output.Documents;
import io.barwise.output.Format;
import io.barwise.output.MachineReport;
import io.barwise.sysfs.PciFunction;
import io.barwise.sysfs.PlatformFacts;
import io.barwise.policy.SitePolicy;
import io.barwise.sysfs.SysfsMachine;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code barwise scan}: every PCI device of a machine, its BARs and nodes, and the decision for each memory BAR. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"List the PCI devices of this machine or a snapshot, and decide each memory BAR.",
                "Shows each device's BARs, resource files and bound driver.",
                "Each memory BAR is decided under the site policy, as a request that names neither node nor intent."
                        + " The platform facts are listed with where each was read, and which were defaulted"
                        + " because they were unreadable. Maps nothing."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:scanned", "1:internal error", "3:invalid option, policy or unreadable root"})
final class ScanCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin MachineOption machine;

    @Mixin PolicyOption policies;

    @Mixin FormatOption format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Format f = format.tableOrDocument();
        SysfsMachine m = machine.machine();
        SitePolicy site = policies.site();
        Barwise engine = Engines.create(site, List.of());
        Engines.announce(spec, site, f == Format.table);
        PlatformFacts facts = m.platform();
        List<Request> requests = new ArrayList<>();
        for (PciFunction fn : m.devices()) {
            for (Bar b : fn.device().bars()) {
                if (b.isMem()) requests.add(new Request(requests.size(), fn.device().bdf(), b.index(), null, null, 0, null, Prot.READ_WRITE, true, false));
            }
        }
        Report report = engine.decide(m.scenario(requests));
        Map<String, Decision> byBar = new LinkedHashMap<>();
        for (Decision d : report.decisions()) byBar.put(d.request().device() + "/" + d.request().bar(), d);
        if (f.document()) out.print(Documents.write(MachineReport.scanJson(m, facts, byBar), f));
        else MachineReport.scanTable(out, m, facts, byBar);
        out.flush();
        return ExitCode.OK;
    }
}
