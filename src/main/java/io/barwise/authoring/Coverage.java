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

    private final Map<String, Entry> policies = new LinkedHashMap<>();
    private final Map<String, Entry> rules = new TreeMap<>();

    static String key(PolicyRule r) { return r.name() + "@" + r.location().file(); }

    public void declarePolicies(List<PolicyRule> rs) {
        for (PolicyRule r : rs) policies.putIfAbsent(key(r), new Entry(r.name(), "policy", r.location(), 0));
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
