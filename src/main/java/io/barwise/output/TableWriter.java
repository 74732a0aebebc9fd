package io.barwise.output;

import io.barwise.advice.Advice;
import io.barwise.engine.Report;
import io.barwise.model.Alternative;
import io.barwise.model.Decision;
import io.barwise.model.SourceLocation;
import io.barwise.policy.PolicyVerdict;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code eval}'s table: one block per request, laid out for {@link Text#WIDTH} columns. {@link Detail}
 * adds reasons, the rules that fired, the policy why-not and advice.
 */
public final class TableWriter {
    private TableWriter() {}

    /**
     * What to show beyond the decisions.
     *
     * @param explain  every reason, and with them the policy verdicts and advice when given
     * @param rules    the rules that fired for each request (long: only on request)
     * @param verdicts per request, each policy rule's verdict; or null
     * @param advice   per request, what would change it; or null
     */
    public record Detail(boolean explain, boolean rules, List<List<PolicyVerdict>> verdicts, List<List<Advice>> advice) {
        public static final Detail NONE = new Detail(false, false, null, null);
    }

    private static final String IN = "   ";
    private static final String MORE = "     ";

    public static void write(PrintWriter out, String source, Report report, Detail detail) {
        out.println("scenario " + source);
        for (int i = 0; i < report.decisions().size(); i++) {
            Decision d = report.decisions().get(i);
            out.println();
            String outcome = switch (d.outcome()) {
                case MAPPED -> "mapped";
                case REFUSED -> "refused " + d.errno();
                case DENIED -> "denied";
            };
            print(out, "#" + d.request().id() + " ", d.request().describe() + "  ->  " + (d.node() == null ? "-" : d.node()) + "  " + outcome, MORE);
            if (d.granted()) {
                print(out, IN, "pgprot " + d.pgprot() + " | PAT " + (d.memtype() == null ? "none (untracked)" : d.memtype().patName())
                        + " | effective " + d.effective().shortName() + " | " + d.remap().id(), MORE);
            }
            for (String w : d.warnings()) print(out, IN + "warning: ", w, MORE);
            if (detail.explain()) {
                for (String r : d.reasons()) print(out, IN + "because ", r, MORE);
            } else if (!d.granted() && !d.reasons().isEmpty()) {
                print(out, IN + "because ", d.reasons().get(d.reasons().size() - 1), MORE);
            }
            for (Alternative a : d.alternatives()) {
                print(out, String.format("%s%s %-14s ", IN, a.chosen() ? "*" : " ", a.node()), a.verdict(), " ".repeat(20));
            }
            if (detail.rules()) print(out, IN + "rules: ", String.join("; ", d.rules()), MORE);
            if (detail.explain() && detail.verdicts() != null) writePolicies(out, detail.verdicts().get(i));
            if (detail.explain() && detail.advice() != null) writeAdvice(out, d, detail.advice().get(i));
        }
        long granted = report.decisions().stream().filter(Decision::granted).count();
        out.println();
        out.printf("%d of %d requests mapped%n", granted, report.decisions().size());
    }

    /** What would let a degraded, refused or denied request get what it asked for. */
    static void writeAdvice(PrintWriter out, Decision d, List<Advice> advice) {
        if (d.granted() && !d.degraded()) return;
        String goal = d.request().node() != null ? "to map " + d.request().node().nodeName(d.request().bar())
                : "to get what the intent asks for";
        if (advice.isEmpty()) {
            print(out, IN + "advice: ", "no change barwise knows of (one or two at a time) would be enough " + goal, MORE);
            return;
        }
        out.println(IN + "advice: " + goal + ", any one of:");
        for (Advice a : advice) {
            print(out, MORE + "- ", a.what() + ": " + a.result(), MORE + "  ");
            print(out, MORE + "  cost: ", a.cost(), MORE + "        ");
        }
    }

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

    static String at(SourceLocation l) {
        return l.file() + ":" + l.line() + ":" + l.column();
    }

    private static void print(PrintWriter out, String first, String text, String rest) {
        for (String line : Text.wrap(first, text, rest)) out.println(line);
    }
}
