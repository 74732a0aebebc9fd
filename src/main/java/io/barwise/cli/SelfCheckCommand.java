package io.barwise.cli;

import io.barwise.Barwise;
import io.barwise.mapper.SelfCheck;
import io.barwise.mapper.Verification.Check;
import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import io.barwise.sysfs.SysfsMachine;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code barwise selfcheck}: map every present node of every free BAR of this machine and compare with the prediction. */
@Command(name = "selfcheck", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check barwise against the kernel of this machine (live only; a snapshot has nothing to map).",
                "For every BAR of a device with no driver bound (all devices with --force) and every node of it that is",
                "present: open it read-only, mmap one page and then the whole BAR, touch no memory, read pat_memtype_list",
                "while the mapping is held, unmap; compare the errno and the PAT memtype with barwise's prediction (no site",
                "policy: the kernel's answer is compared). Nodes that are not present are listed, with whether the model",
                "expected them."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every prediction matched the kernel (or nothing could be tried)", "1:internal error",
                "2:at least one mismatch", "3:invalid option, or the bundle file cannot be written"})
final class SelfCheckCommand implements Callable<Integer> {

    enum Format { table, json }

    @Spec CommandSpec spec;

    @Option(names = "--force", description = "Also check BARs of devices that have a driver bound (read-only mappings, no access).")
    boolean force;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--bundle", paramLabel = "FILE", description = "Also write the machine's snapshot and these observations as one tar file "
            + "(gzipped if FILE ends in .gz or .tgz), for a bug report.")
    Path bundle;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SysfsMachine machine = SysfsMachine.live();
        Barwise engine = Engines.create(List.of(), List.of());
        SelfCheck.Result r = SelfCheck.run(machine, engine, force);
        String json = EvalCommand.write(SelfCheck.document(r), EvalCommand.Format.json);
        if (format == Format.json) out.print(json);
        else table(out, r);
        if (bundle != null) {
            try {
                SelfCheck.bundle(machine, json.getBytes(StandardCharsets.UTF_8), bundle);
            } catch (java.io.IOException e) {
                throw new InvalidInputException("unwritable", new SourceLocation(bundle.toString(), 0, 0, "--bundle"),
                        "cannot write the bundle: " + e.getMessage(), null);
            }
            if (format == Format.table) out.println("bundle: " + bundle);
        }
        out.flush();
        return r.clean() ? ExitCode.OK : ExitCode.REFUSED;
    }

    static void table(PrintWriter out, SelfCheck.Result r) {
        out.println("machine: " + r.machine() + (r.patReadable() ? "" : "  (pat_memtype_list unreadable: memtypes not compared)"));
        if (!r.probes().isEmpty()) {
            out.printf("%-12s %-4s %-13s %-5s %10s  %-24s %-24s %s%n", "device", "bar", "node", "step", "length", "predicted", "observed", "");
        }
        for (SelfCheck.Probe p : r.probes()) {
            String pred = outcome(p.checks(), true), obs = outcome(p.checks(), false);
            out.printf("%-12s %-4s %-13s %-5s %10s  %-24s %-24s %s%n", p.bdf(), "BAR" + p.bar(), p.node(), p.step(),
                    "0x" + Long.toHexString(p.length()), pred, obs, p.ok() ? "OK" : "MISMATCH");
            for (Check c : p.checks()) if (c.note() != null) out.println("      " + c.what() + ": " + c.note());
        }
        for (SelfCheck.Absent a : r.absent()) {
            out.printf("%-12s %-4s %-13s not present%s%n", a.bdf(), "BAR" + a.bar(), a.node(),
                    a.modelExpected() ? " (the kernel model creates it: a vendor change or a missing CONFIG; predicted ENOENT from what is observed)" : "");
        }
        for (SelfCheck.Skipped s : r.skipped()) out.println(s.bdf() + " skipped: " + s.why());
        out.println(r.probes().size() + " mapping(s) tried, " + r.mismatches() + " mismatch(es), " + r.absent().size() + " node(s) not present, "
                + r.skipped().size() + " skipped");
    }

    /** {@code mapped uncached-minus} or {@code ENOENT}, from the checks' predicted or observed side. */
    private static String outcome(List<Check> checks, boolean predicted) {
        StringBuilder sb = new StringBuilder();
        for (Check c : checks) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(predicted ? c.predicted() : c.observed());
        }
        return sb.toString();
    }
}
