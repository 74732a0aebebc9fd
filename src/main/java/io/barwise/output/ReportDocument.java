package io.barwise.output;

import io.barwise.advice.Advice;
import io.barwise.engine.Report;
import io.barwise.model.Alternative;
import io.barwise.model.Decision;
import io.barwise.model.Intent;
import io.barwise.model.Outcome;
import io.barwise.model.Request;
import io.barwise.policy.PolicyVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The v1 {@code Decision} object, shared by every document that holds a decision (eval, scan, map,
 * test, fleet, serve), and the {@code EvalReport} document. With explanations a decision also has
 * {@code policies} (each rule: matched, or the condition that failed and what it saw) and {@code advice}
 * (what would change a degraded, refused or denied result). See docs/output-contract.md for the fields.
 */
public final class ReportDocument {
    private ReportDocument() {}

    /** One scenario's decisions: {@code source} names the input (a file, {@code -} for standard input, {@code request} in serve). */
    public record Evaluated(String source, Report report, List<List<PolicyVerdict>> explanations, List<List<Advice>> advice) {
        public Evaluated(String source, Report report, List<List<PolicyVerdict>> explanations) {
            this(source, report, explanations, null);
        }
    }

    /** {@code kind: EvalReport}: {@code granted} (every request of every scenario mapped) and {@code scenarios[]}, however many inputs. */
    public static Map<String, Object> eval(List<Evaluated> scenarios) {
        Map<String, Object> doc = Contract.document(Contract.Kind.EVAL_REPORT);
        doc.put("granted", scenarios.stream().allMatch(e -> e.report().allGranted()));
        List<Object> list = new ArrayList<>();
        for (Evaluated e : scenarios) list.add(scenario(e));
        doc.put("scenarios", list);
        return doc;
    }

    static Map<String, Object> scenario(Evaluated e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", e.source());
        m.put("granted", e.report().allGranted());
        List<Object> decisions = new ArrayList<>();
        for (int i = 0; i < e.report().decisions().size(); i++) {
            decisions.add(decision(e.report().decisions().get(i), e.explanations() == null ? null : e.explanations().get(i),
                    e.advice() == null ? null : e.advice().get(i)));
        }
        m.put("decisions", decisions);
        return m;
    }

    public static Map<String, Object> decision(Decision d, List<PolicyVerdict> verdicts) {
        return decision(d, verdicts, null);
    }

    /**
     * The {@code Decision} object; {@code verdicts} (may be null) adds {@code policies}, the why and why-not
     * of each policy rule, and {@code advice} (may be null, from {@code Barwise.advise}) adds {@code advice}.
     */
    public static Map<String, Object> decision(Decision d, List<PolicyVerdict> verdicts, List<Advice> advice) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request", request(d.request()));
        m.put("node", d.node());
        m.put("outcome", d.outcome().id());
        m.put("errno", d.errno() == null ? null : d.errno().name());
        m.put("pgprot", d.pgprot());
        m.put("memtype", d.memtype() == null ? null : d.memtype().patName());
        m.put("effective", d.effective() == null ? null : d.effective().shortName());
        m.put("remap", d.remap() == null ? null : d.remap().id());
        Map<String, Object> map = new LinkedHashMap<>(); // not Map.of: its iteration order changes from one JVM to the next
        map.put("start", d.mapStart());
        map.put("length", d.mapLength());
        m.put("map", map);
        Intent intent = Verdicts.intent(d);
        m.put("intent", intent == null ? null : intent.id());
        m.put("fulfilsIntent", Verdicts.fulfilsIntent(d));
        m.put("degraded", Verdicts.degraded(d));
        m.put("rules", d.rules());
        m.put("reasons", d.reasons());
        m.put("warnings", d.warnings());
        m.put("unknowns", d.unknowns());
        List<Object> alts = new ArrayList<>();
        for (Alternative a : d.alternatives()) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("node", a.node());
            am.put("chosen", a.chosen());
            am.put("granted", Verdicts.granted(a));
            am.put("verdict", a.verdict());
            alts.add(am);
        }
        m.put("alternatives", alts);
        if (verdicts != null) m.put("policies", policies(verdicts));
        if (advice != null) m.put("advice", AdviceDocument.of(advice));
        return m;
    }

    static List<Object> policies(List<PolicyVerdict> verdicts) {
        List<Object> pv = new ArrayList<>();
        for (PolicyVerdict v : verdicts) {
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("rule", v.rule());
            vm.put("location", location(v.location()));
            vm.put("priority", v.priority());
            vm.put("effect", v.effect());
            vm.put("relevant", v.relevant());
            vm.put("matched", v.matched());
            vm.put("role", v.matched() ? v.role() : null);
            vm.put("failed", v.matched() ? null : v.failedCondition());
            vm.put("at", v.matched() ? null : location(v.conditionLocation()));
            vm.put("saw", v.matched() ? null : v.observed());
            pv.add(vm);
        }
        return pv;
    }

    static Map<String, Object> location(io.barwise.model.SourceLocation l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", l.file());
        m.put("line", l.line());
        m.put("col", l.column());
        return m;
    }

    /** The decision's outcome fields, without the explanation: for audit logs. */
    public static Map<String, Object> summary(Decision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request", request(d.request()));
        m.put("node", d.node());
        m.put("outcome", d.outcome().id());
        m.put("errno", d.errno() == null ? null : d.errno().name());
        m.put("memtype", d.memtype() == null ? null : d.memtype().patName());
        m.put("effective", d.effective() == null ? null : d.effective().shortName());
        m.put("degraded", Verdicts.degraded(d));
        return m;
    }

    /** The request, every field present: {@code node}, {@code intent} and {@code length} are null when not given. */
    static Map<String, Object> request(Request r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("device", r.device());
        m.put("bar", r.bar());
        m.put("node", r.node() == null ? null : r.node().nodeName(r.bar()));
        m.put("intent", r.intent() == null ? null : r.intent().id());
        m.put("offset", r.offset());
        m.put("length", r.length());
        m.put("prot", r.prot().id());
        m.put("shared", r.shared());
        m.put("hold", r.hold());
        return m;
    }

    /** Counts of a set of decisions: mapped, degraded (mapped, but not as the intent asks), refused, denied. */
    public record Tally(long mapped, long degraded, long refused, long denied) {
        public static final Tally ZERO = new Tally(0, 0, 0, 0);

        public static Tally of(Decision d) {
            return new Tally(d.outcome() == Outcome.MAPPED ? 1 : 0, Verdicts.degraded(d) ? 1 : 0,
                    d.outcome() == Outcome.REFUSED ? 1 : 0, d.outcome() == Outcome.DENIED ? 1 : 0);
        }

        public Tally plus(Tally o) {
            return new Tally(mapped + o.mapped, degraded + o.degraded, refused + o.refused, denied + o.denied);
        }

        public long total() { return mapped + refused + denied; }

        void into(Map<String, Object> m) {
            m.put("mapped", mapped);
            m.put("degraded", degraded);
            m.put("refused", refused);
            m.put("denied", denied);
        }
    }
}
