package io.barwise.output;

import io.barwise.advice.Advice;
import io.barwise.engine.Report;
import io.barwise.model.Alternative;
import io.barwise.model.Decision;
import io.barwise.model.Request;
import io.barwise.policy.PolicyVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documented shape of a report for JSON and YAML output: {@code results[]} with {@code request},
 * {@code node}, {@code outcome}, {@code errno}, {@code pgprot}, {@code memtype}, {@code effective},
 * {@code remap}, {@code rules}, {@code reasons}, {@code warnings}, {@code alternatives}, and with
 * explanations {@code policies} (each rule: matched, or the condition that failed and what it saw) and
 * {@code advice} (what would change a degraded, refused or denied result).
 */
public final class ReportDocument {
    private ReportDocument() {}

    public static Map<String, Object> of(String source, Report report, List<List<PolicyVerdict>> explanations) {
        return of(source, report, explanations, null);
    }

    /** With {@code advice} (per request, from {@code Barwise.advise}), each result also has {@code advice} ({@link AdviceDocument}). */
    public static Map<String, Object> of(String source, Report report, List<List<PolicyVerdict>> explanations,
                                         List<List<Advice>> advice) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", source);
        doc.put("granted", report.allGranted());
        List<Object> results = new ArrayList<>();
        for (int i = 0; i < report.decisions().size(); i++) {
            Map<String, Object> r = result(report.decisions().get(i), explanations == null ? null : explanations.get(i));
            if (advice != null) r.put("advice", AdviceDocument.of(advice.get(i)));
            results.add(r);
        }
        doc.put("results", results);
        return doc;
    }

    static Map<String, Object> result(Decision d, List<PolicyVerdict> verdicts) {
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
        map.put("start", hex(d.mapStart()));
        map.put("length", d.mapLength());
        m.put("map", map);
        m.put("rules", d.rules());
        m.put("reasons", d.reasons());
        m.put("warnings", d.warnings());
        m.put("unknowns", d.unknowns());
        List<Object> alts = new ArrayList<>();
        for (Alternative a : d.alternatives()) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("node", a.node());
            am.put("chosen", a.chosen());
            am.put("verdict", a.verdict());
            alts.add(am);
        }
        m.put("alternatives", alts);
        if (verdicts != null) {
            List<Object> pv = new ArrayList<>();
            for (PolicyVerdict v : verdicts) {
                Map<String, Object> vm = new LinkedHashMap<>();
                vm.put("rule", v.rule());
                vm.put("location", v.location().toString());
                vm.put("priority", v.priority());
                vm.put("effect", v.effect());
                vm.put("relevant", v.relevant());
                vm.put("matched", v.matched());
                if (v.matched()) vm.put("role", v.role());
                if (!v.matched()) {
                    vm.put("failed", v.failedCondition());
                    vm.put("at", v.conditionLocation().toString());
                    vm.put("saw", v.observed());
                }
                pv.add(vm);
            }
            m.put("policies", pv);
        }
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
        return m;
    }

    static Map<String, Object> request(Request r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("device", r.device());
        m.put("bar", r.bar());
        if (r.node() != null) m.put("node", r.node().nodeName(r.bar()));
        if (r.intent() != null) m.put("intent", r.intent().id());
        m.put("offset", r.offset());
        if (r.length() != null) m.put("length", r.length());
        m.put("prot", r.prot().id());
        if (!r.shared()) m.put("shared", false);
        if (!r.hold()) m.put("hold", false);
        return m;
    }

    static String hex(long v) { return "0x" + Long.toHexString(v); }
}
