package io.barwise.output;

import io.barwise.engine.Report;
import io.barwise.model.Alternative;
import io.barwise.model.Decision;
import io.barwise.policy.PolicyVerdict;
import java.io.PrintWriter;
import java.util.List;

/** Human-readable output: one block per request; {@code explain} adds reasons, alternatives and the policy why-not. */
public final class TableWriter {
    private TableWriter() {}

    /**
     * The policy "why / why not" of one request: every rule whose effect could apply to it, matched or not;
     * for a matched rule what it did, for the others the first condition that failed, where, and the values it saw.
     */
    static void writePolicies(PrintWriter out, List<PolicyVerdict> verdicts) {
        int hidden = 0;
        for (PolicyVerdict v : verdicts) {
            if (!v.relevant()) {
                hidden++;
                continue;
            }
            String head = "   policy " + v.rule() + " [" + v.effect() + ", priority " + v.priority() + "] " + at(v.location());
            if (v.matched()) {
                out.println(head + ": matched, " + v.role());
            } else {
                out.println(head + ": not matched: `" + v.failedCondition() + "` is false at " + at(v.conditionLocation())
                        + ", saw " + (v.observed().isEmpty() ? "no properties" : v.observed()));
            }
        }
        if (hidden > 0) {
            out.println("   (" + hidden + " more policy rule" + (hidden == 1 ? "" : "s") + " not shown: they only set an intent or prefer a node, "
                    + "which a request naming a node or intent does not use)");
        }
    }

    static String at(io.barwise.model.SourceLocation l) {
        return l.file() + ":" + l.line() + ":" + l.column();
    }

    public static void write(PrintWriter out, String source, Report report, List<List<PolicyVerdict>> explanations, boolean explain) {
        out.println("scenario " + source);
        for (int i = 0; i < report.decisions().size(); i++) {
            Decision d = report.decisions().get(i);
            out.println();
            String outcome = switch (d.outcome()) {
                case MAPPED -> "mapped";
                case REFUSED -> "refused " + d.errno();
                case DENIED -> "denied";
            };
            out.printf("#%d %s  ->  %s  %s%n", d.request().id(), d.request().describe(), d.node() == null ? "-" : d.node(), outcome);
            if (d.granted()) {
                out.printf("   pgprot %s | PAT %s | effective %s | %s%n", d.pgprot(),
                        d.memtype() == null ? "none (untracked)" : d.memtype().patName(), d.effective().shortName(), d.remap().id());
            }
            for (String w : d.warnings()) out.println("   warning: " + w);
            if (explain) {
                for (String r : d.reasons()) out.println("   because " + r);
            } else if (!d.granted() && !d.reasons().isEmpty()) {
                out.println("   because " + d.reasons().get(d.reasons().size() - 1));
            }
            if (explain || !d.alternatives().isEmpty()) {
                for (Alternative a : d.alternatives()) {
                    out.printf("   %s %-14s %s%n", a.chosen() ? "*" : " ", a.node(), a.verdict());
                }
            }
            out.println("   rules: " + String.join("; ", d.rules()));
            if (explain && explanations != null) writePolicies(out, explanations.get(i));
        }
        long granted = report.decisions().stream().filter(Decision::granted).count();
        out.println();
        out.printf("%d of %d requests mapped%n", granted, report.decisions().size());
    }
}
