package io.barwise.cli;

import io.barwise.Barwise;
import io.barwise.fleet.FailOn;
import io.barwise.fleet.Fleet;
import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import io.barwise.output.Contract;
import io.barwise.output.Format;
import io.barwise.policy.SitePolicy;
import io.barwise.output.FleetDocument;
import io.barwise.output.FleetDocument.HostSummary;
import io.barwise.output.ReportDocument.Tally;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code barwise fleet DIR}: scan a directory of snapshots, one per host, in one process. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {"Audit a fleet: decide every memory BAR of every snapshot in DIR, under one site policy. Maps nothing.",
                "DIR holds one snapshot per host: a snapshot directory, or a tar from 'barwise snapshot -'. Several hosts"
                        + " are decided at a time, in one process.",
                "table: a line per host and a total (mapped, degraded, refused, denied); json or yaml: a FleetReport;"
                        + " jsonl: one FleetBar JSON line per BAR; csv: one row per BAR."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:audited (and nothing matched --fail-on)", "1:internal error",
                "2:a finding named by --fail-on", "3:invalid option or policy, DIR unreadable, or some snapshot unreadable"})
final class FleetCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "A directory of snapshots (directories and .tar/.tar.gz files).")
    Path dir;

    @Mixin PolicyOption policies;

    @Mixin FormatOption formatOption;

    @Option(names = "--fail-on", paramLabel = "FINDING", split = ",",
            description = "degraded, refused, denied (repeatable or comma-separated): exit 2 when any BAR has one.")
    List<FailOn> failOn = new ArrayList<>();

    @Option(names = "--jobs", paramLabel = "N", description = "Hosts decided at once (default: the number of processors).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Format format = formatOption.accept(Format.table, Format.json, Format.yaml, Format.jsonl, Format.csv);
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("no-such-directory", new SourceLocation(dir.toString(), 0, 0, "DIR"), "not a directory",
                    "give a directory holding one snapshot per host");
        }
        if (jobs < 1) throw new InvalidInputException("bad-option", new SourceLocation("command line", 0, 0, "--jobs"), "--jobs must be at least 1", null);
        List<Path> snapshots;
        try {
            snapshots = Fleet.snapshots(dir);
        } catch (IOException e) {
            throw new InvalidInputException("unreadable", new SourceLocation(dir.toString(), 0, 0, "DIR"), e.getMessage(), null);
        }
        SitePolicy site = policies.site();
        Barwise barwise = Engines.create(site, List.of());
        Engines.announce(spec, site, format == Format.table);
        long start = System.nanoTime();
        List<HostSummary> hosts = new ArrayList<>();
        if (format == Format.csv) out.println(String.join(",", FleetDocument.CSV_HEADER));
        Fleet.run(snapshots, barwise, jobs, h -> {
            hosts.add(HostSummary.of(h));
            switch (format) {
                case jsonl -> FleetDocument.bars(h).forEach(b -> out.println(Contract.line(b)));
                case csv -> FleetDocument.csv(h).forEach(out::println);
                default -> { }
            }
            if (h.error() != null) spec.commandLine().getErr().println("barwise fleet: " + h.source() + ": " + h.error());
        });
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (format.document()) out.print(Contract.write(FleetDocument.report(hosts, millis), format));
        if (format == Format.table) table(out, hosts, millis);
        out.flush();
        Tally all = hosts.stream().map(HostSummary::tally).reduce(Tally.ZERO, Tally::plus);
        if (hosts.stream().anyMatch(h -> h.error() != null)) return ExitCode.INVALID_INPUT;
        return FailOn.hit(failOn, all) ? ExitCode.REFUSED : ExitCode.OK;
    }

    static void table(PrintWriter out, List<HostSummary> hosts, long millis) {
        int w = Math.max(4, hosts.stream().mapToInt(h -> h.host().length()).max().orElse(4));
        String fmt = "%-" + w + "s %-22s %7s %6s %7s %8s %7s %6s%n";
        out.printf(fmt, "host", "kernel", "devices", "bars", "mapped", "degraded", "refused", "denied");
        Tally all = Tally.ZERO;
        long devices = 0;
        for (HostSummary h : hosts) {
            all = all.plus(h.tally());
            devices += h.devices();
            if (h.error() != null) {
                out.printf("%-" + w + "s ERROR %s%n", h.host(), h.error());
                continue;
            }
            Tally t = h.tally();
            out.printf(fmt, h.host(), h.kernelRelease() == null ? "-" : h.kernelRelease(), h.devices(), t.total(), t.mapped(), t.degraded(),
                    t.refused(), t.denied());
        }
        out.printf(fmt, "total (" + hosts.size() + " hosts)", "", devices, all.total(), all.mapped(), all.degraded(), all.refused(), all.denied());
        out.printf("%d host(s) in %.1f s%n", hosts.size(), millis / 1000.0);
    }
}
