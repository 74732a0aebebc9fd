package io.barwise.authoring;

import io.barwise.model.SourceLocation;
import io.barwise.policy.PolicyRule;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which rules the tests exercised. Only requests that a test has an expectation for count. A policy rule is
 * covered when all its match conditions held for such a request (it matched, whether or not a higher-priority
 * rule overrode its effect). A DRL rule (built-in or user) is covered when it fired for such a request, or for
 * that request's BAR (the per-BAR rules such as "resourceN exists ..." that {@code Decision.rules()} lists).
 */
public final class Coverage {

    public enum Scope {
        ALL("all"), POLICIES("policies"), RULES("rules");

        private final String id;

        Scope(String id) { this.id = id; }

        public String id() { return id; }
    }

    /** A rule and how many asserted requests it matched or fired for. */
    public record Entry(String name, String kind, SourceLocation location, int hits) {}

    /** One condition of a policy rule: how often it held and how often it did not, over the asserted requests. */
    public record Cond(String rule, SourceLocation location, String source, int trues, int falses) {
        public boolean both() { return trues > 0 && falses > 0; }
    }

    private final Map<String, Entry> policies = new LinkedHashMap<>();
    private final Map<String, Cond> conditions = new LinkedHashMap<>();
    private final Map<String, Entry> rules = new TreeMap<>();

    static String key(PolicyRule r) { return r.name() + "@" + r.location().file(); }

    public void declarePolicies(List<PolicyRule> rs) {
        for (PolicyRule r : rs) {
            policies.putIfAbsent(key(r), new Entry(r.name(), "policy", r.location(), 0));
            for (int i = 0; i < r.conditions().size(); i++) {
                var c = r.conditions().get(i);
                conditions.putIfAbsent(key(r) + "#" + i, new Cond(r.name(), c.location(), c.source(), 0, 0));
            }
        }
    }

    public void declareRules(List<String> names, java.util.Set<String> builtIn) {
        for (String n : names) rules.putIfAbsent(n, new Entry(n, builtIn.contains(n) ? "built-in" : "user", null, 0));
    }

    public void hitPolicy(PolicyRule r) {
        policies.computeIfPresent(key(r), (k, e) -> new Entry(e.name(), e.kind(), e.location(), e.hits() + 1));
    }

    public void hitRule(String name) {
        rules.computeIfPresent(name, (k, e) -> new Entry(e.name(), e.kind(), e.location(), e.hits() + 1));
    }

    /** Evaluates every condition of the rule on its own (not only up to the first that fails) and counts true/false. */
    public void observeConditions(PolicyRule r, io.barwise.policy.PolicyContext ctx) {
        for (int i = 0; i < r.conditions().size(); i++) {
            boolean v = r.conditions().get(i).test(ctx);
            conditions.computeIfPresent(key(r) + "#" + i, (k, c) -> new Cond(c.rule(), c.location(), c.source(),
                    c.trues() + (v ? 1 : 0), c.falses() + (v ? 0 : 1)));
        }
    }

    /** Condition coverage: each condition seen both true and false. */
    public List<Cond> conditions() { return List.copyOf(conditions.values()); }

    public List<Entry> policies() { return List.copyOf(policies.values()); }

    public List<Entry> rules() { return List.copyOf(rules.values()); }

    public List<Entry> entries(Scope s) {
        List<Entry> out = new ArrayList<>();
        if (s != Scope.RULES) out.addAll(policies.values());
        if (s != Scope.POLICIES) out.addAll(rules.values());
        return out;
    }

    public int covered(Scope s) { return (int) entries(s).stream().filter(e -> e.hits() > 0).count(); }

    public int total(Scope s) { return entries(s).size(); }

    /**
     * The policy files' coverage as lcov tracefile text: each rule is a function (FN/FNDA: requests it matched),
     * each condition a line (DA: requests it held for) with two branches (held / did not hold).
     */
    public String lcov() {
        Map<String, List<Entry>> byFile = new LinkedHashMap<>();
        for (Entry e : policies.values()) byFile.computeIfAbsent(e.location().file(), k -> new ArrayList<>()).add(e);
        StringBuilder sb = new StringBuilder();
        for (var f : byFile.entrySet()) {
            sb.append("TN:barwise\nSF:").append(f.getKey()).append('\n');
            int fnh = 0;
            for (Entry e : f.getValue()) sb.append("FN:").append(e.location().line()).append(',').append(e.name()).append('\n');
            for (Entry e : f.getValue()) {
                sb.append("FNDA:").append(e.hits()).append(',').append(e.name()).append('\n');
                if (e.hits() > 0) fnh++;
            }
            sb.append("FNF:").append(f.getValue().size()).append("\nFNH:").append(fnh).append('\n');
            int lf = 0, lh = 0, brf = 0, brh = 0;
            Map<Integer, Integer> blocks = new java.util.HashMap<>();
            for (Cond c : conditions.values()) {
                if (!c.location().file().equals(f.getKey())) continue;
                int line = c.location().line();
                int block = blocks.merge(line, 1, Integer::sum) - 1;
                sb.append("BRDA:").append(line).append(',').append(block).append(",0,").append(c.trues() == 0 ? "-" : c.trues()).append('\n');
                sb.append("BRDA:").append(line).append(',').append(block).append(",1,").append(c.falses() == 0 ? "-" : c.falses()).append('\n');
                brf += 2;
                brh += (c.trues() > 0 ? 1 : 0) + (c.falses() > 0 ? 1 : 0);
            }
            Map<Integer, Integer> lines = new java.util.TreeMap<>();
            for (Cond c : conditions.values()) if (c.location().file().equals(f.getKey())) lines.merge(c.location().line(), c.trues(), Integer::sum);
            for (var l : lines.entrySet()) {
                sb.append("DA:").append(l.getKey()).append(',').append(l.getValue()).append('\n');
                lf++;
                if (l.getValue() > 0) lh++;
            }
            sb.append("BRF:").append(brf).append("\nBRH:").append(brh).append("\nLF:").append(lf).append("\nLH:").append(lh)
                    .append("\nend_of_record\n");
        }
        return sb.toString();
    }

    /** Exact percentage; 100 when there is nothing to cover. */
    public BigDecimal percent(Scope s) {
        if (total(s) == 0) return BigDecimal.valueOf(100);
        return BigDecimal.valueOf(covered(s) * 100L).divide(BigDecimal.valueOf(total(s)), 20, RoundingMode.DOWN);
    }

    /** Shown with two decimals, rounded down, so a shown 100.00% really is 100%. */
    public String percentText(Scope s) { return percent(s).setScale(2, RoundingMode.DOWN).toPlainString() + "%"; }

    /** covered / total >= threshold / 100, compared exactly (no rounding): 99.99% does not meet 100. */
    public boolean meets(BigDecimal threshold, Scope s) {
        if (total(s) == 0) return true;
        return BigDecimal.valueOf(covered(s) * 100L).compareTo(threshold.multiply(BigDecimal.valueOf(total(s)))) >= 0;
    }
}
