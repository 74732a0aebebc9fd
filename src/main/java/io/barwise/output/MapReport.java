package io.barwise.output;

import io.barwise.mapper.Access;
import io.barwise.mapper.MapRun;
import io.barwise.mapper.MapRun.Result;
import io.barwise.mapper.Verification;
import io.barwise.mapper.Verification.Check;
import java.io.PrintWriter;
import java.util.List;

/** What {@code map} prints: the prediction, the mapping, each access, the verification and the result. */
public final class MapReport {
    private MapReport() {}

    private static final String MORE = "           ";

    public static void table(PrintWriter out, Result r) {
        List<String> summary = MachineReport.summary(r.decision());
        print(out, "predicted: ", summary.get(0), MORE);
        for (String line : summary.subList(1, summary.size())) print(out, MORE, line, MORE);
        if (r.skipped() != null) {
            print(out, "not tried: ", switch (r.skipped()) {
                case DENIED -> "denied by policy; --force maps it anyway";
                case REFUSAL_PREDICTED -> "the kernel is predicted to refuse; --verify asks it and compares, --force tries anyway";
            }, MORE);
        }
        if (r.mapped() != null) {
            MapRun.Mapped m = r.mapped();
            print(out, "mapped:    ", String.format("%s offset 0x%x length 0x%x (phys 0x%x)%s", m.path(), m.fileOffset(), m.length(),
                    m.physicalStart(), m.barOffset() > 0 ? String.format(", BAR starts at mapping offset 0x%x", m.barOffset()) : ""), MORE);
            for (String p : r.observed().patEntries()) out.println(MORE + p);
        } else if (r.observed() != null) {
            print(out, "failed:    ", r.observed().stage() + "(2) failed: " + r.observed().errno(), MORE);
        }
        for (Access.Result a : r.accesses()) out.println(a.text());
        if (r.failure() != null) print(out, r.revoked() ? "revoked:   " : "failed:    ", r.failure(), MORE);
        if (!r.checks().isEmpty()) {
            for (Check c : r.checks()) {
                out.printf("verify %-8s predicted %-16s observed %-16s %s%s%n", c.what(), c.predicted(), c.observed(),
                        c.ok() ? "as predicted" : "MISMATCH", c.note() == null ? "" : "  (" + c.note() + ")");
            }
        }
        out.println("result:    " + (r.succeeded() ? "OK" : "FAILED: " + why(r)));
    }

    /** One line per access, value only: the hex value of each read, the lines of each dump. For scripts. */
    public static void values(PrintWriter out, Result r) {
        for (Access.Result a : r.accesses()) if (a.value() != null) out.println(a.value());
    }

    /** Why a run did not succeed, in a few words. */
    static String why(Result r) {
        if (r.skipped() == MapRun.Skipped.DENIED) return "denied by policy";
        if (r.skipped() == MapRun.Skipped.REFUSAL_PREDICTED) return "refusal predicted, not tried";
        if (r.revoked()) return "the mapping was revoked";
        if (r.failure() != null && r.observed() != null) return "an access failed";
        if (r.failure() != null) return "not mapped";
        if (r.observed() != null && !r.observed().mapped()) {
            return r.observed().stage() + "(2) failed with " + r.observed().errno()
                    + (r.checks().isEmpty() ? "" : Verification.allOk(r.checks()) ? " (as predicted)" : "");
        }
        return "the kernel did not do what was predicted";
    }

    private static void print(PrintWriter out, String first, String text, String rest) {
        for (String line : Text.wrap(first, text, rest)) out.println(line);
    }
}
