package io.barwise.output;

import io.barwise.mapper.SelfCheck;
import io.barwise.mapper.Verification.Check;
import java.io.PrintWriter;
import java.util.List;

/** The table of {@code barwise selfcheck}: each mapping tried, predicted against observed, and the nodes not present. */
public final class SelfCheckReport {
    private SelfCheckReport() {}

    public static void table(PrintWriter out, SelfCheck.Result r) {
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
