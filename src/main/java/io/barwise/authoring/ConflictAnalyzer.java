package io.barwise.authoring;

import io.barwise.authoring.Diagnostic.Related;
import io.barwise.authoring.Diagnostic.Severity;
import io.barwise.model.ErrorCode;
import io.barwise.model.NodeKind;
import io.barwise.model.Scenario;
import io.barwise.policy.Condition;
import io.barwise.policy.PolicyContext;
import io.barwise.policy.PolicyReader;
import io.barwise.policy.PolicyRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds policy rules that disagree, never take effect, or can never match. MVEL conditions are arbitrary,
 * so the analysis is a witness search over a {@link Corpus} of valid devices/BARs/platforms/requests (plus the
 * example scenarios' devices) and every finding names a concrete witness; a rule that cannot match is also
 * caught by {@link StaticCheck} when its comparisons contradict each other or the device model.
 *
 * <ul>
 *   <li>{@code conflict-intent}: two rules at the same priority set different intents and both match a
 *       request that names neither node nor intent, with no higher-priority intent rule matching: which one
 *       wins is not defined.</li>
 *   <li>{@code conflict-decision}: an allow and a deny at the same priority both match: the deny wins.</li>
 *   <li>{@code conflict-prefer-forbid}: one rule prefers a node kind another forbids, for the same request.</li>
 *   <li>{@code shadowed}: in every context where the rule matches, a higher-priority rule (or a deny at equal
 *       priority) sets each thing the rule sets, so it never takes effect.</li>
 *   <li>{@code never-matches}: the conditions contradict each other or the device model (static, certain), or no
 *       generated context satisfies them (a search result, reported as such).</li>
 * </ul>
 */
public final class ConflictAnalyzer {
    private final List<PolicyRule> rules;
    private final Corpus corpus;

    public ConflictAnalyzer(List<PolicyRule> rules, List<Scenario> examples, List<String> exampleNames, int budget) {
        this.rules = List.copyOf(rules);
        Set<Long> numbers = new LinkedHashSet<>();
        Set<String> strings = new LinkedHashSet<>();
        for (PolicyRule r : rules) for (Condition c : r.conditions()) Corpus.literals(c.source(), numbers, strings);
        this.corpus = new Corpus(numbers, strings, examples, exampleNames, budget);
    }

    /** One shared sample over every dimension any rule reads, with each rule evaluated once per context. */
    private List<Corpus.Context> sample;
    private boolean[][] matches;

    private void ensureSample() {
        if (sample != null) return;
        Set<String> all = reads(rules.toArray(PolicyRule[]::new));
        all.add("request.node");
        sample = new ArrayList<>();
        corpus.search(all, sample::add);
        matches = new boolean[sample.size()][rules.size()];
        for (int c = 0; c < sample.size(); c++) {
            for (int r = 0; r < rules.size(); r++) matches[c][r] = rules.get(r).matches(sample.get(c).ctx());
        }
    }

    static Set<String> reads(PolicyRule... rs) {
        Set<String> s = new LinkedHashSet<>();
        for (PolicyRule r : rs) for (Condition c : r.conditions()) s.addAll(c.reads());
        return s;
    }

    static boolean namesNeither(PolicyContext c) { return c.request().getNode() == null && c.request().getIntent() == null; }

    public List<Diagnostic> analyze() {
        List<Diagnostic> out = new ArrayList<>();
        Set<String> unsatisfiable = new LinkedHashSet<>();
        for (PolicyRule r : rules) {
            Diagnostic d = StaticCheck.check(r);
            if (d != null) {
                out.add(d);
                unsatisfiable.add(r.name());
                continue;
            }
            int[] hits = {0};
            int n = corpus.find(reads(r), (Corpus.Context c) -> {
                if (r.matches(c.ctx())) hits[0]++;
                return hits[0] > 0;
            });
            if (hits[0] == 0) {
                unsatisfiable.add(r.name());
                out.add(new Diagnostic(Severity.WARNING, ErrorCode.NEVER_MATCHES.id(), r.location(), r.name(),
                        "policy rule '" + r.name() + "' matched none of " + n + " generated devices/BARs/platforms/requests",
                        "check its conditions for values no real device has; the contexts vary " + String.join(", ", reads(r)), null, null));
            }
        }
        for (int i = 0; i < rules.size(); i++) {
            for (int j = i + 1; j < rules.size(); j++) {
                PolicyRule a = rules.get(i), b = rules.get(j);
                if (unsatisfiable.contains(a.name()) || unsatisfiable.contains(b.name())) continue;
                if (a.priority() == b.priority() && a.hasIntent() && b.hasIntent() && a.intent() != b.intent()) {
                    List<PolicyRule> above = rules.stream().filter(x -> x.hasIntent() && x.priority() > a.priority()).toList();
                    Corpus.Context w = witness(a, b, above, true);
                    if (w != null) out.add(pair(ErrorCode.CONFLICT_INTENT, a, b, w,
                            "policy rules '" + a.name() + "' and '" + b.name() + "' both match at priority " + a.priority()
                                    + " and set different intents (" + a.intent().id() + " vs " + b.intent().id() + "); which one applies is not defined",
                            "give one of them a higher priority, or narrow one's match"));
                }
                if (a.priority() == b.priority() && a.hasDecision() && b.hasDecision() && a.denies() != b.denies()) {
                    List<PolicyRule> above = rules.stream().filter(x -> x.hasDecision() && x.priority() > a.priority()).toList();
                    Corpus.Context w = witness(a, b, above, false);
                    if (w != null) out.add(pair(ErrorCode.CONFLICT_DECISION, a, b, w,
                            "policy rules '" + a.name() + "' (" + word(a) + ") and '" + b.name() + "' (" + word(b) + ") both match at priority "
                                    + a.priority() + "; the deny wins",
                            "if the allow is an exception to the deny, give it a higher priority"));
                }
                for (PolicyRule[] pr : new PolicyRule[][] {{a, b}, {b, a}}) {
                    for (NodeKind k : pr[0].prefer()) {
                        if (!pr[1].forbids(k)) continue;
                        Corpus.Context w = witness(pr[0], pr[1], List.of(), false);
                        if (w != null) out.add(pair(ErrorCode.CONFLICT_PREFER_FORBID, pr[0], pr[1], w,
                                "policy rule '" + pr[0].name() + "' prefers " + PolicyReader.name(k) + " and '" + pr[1].name()
                                        + "' forbids it for the same request; the forbid wins", "narrow one of the two matches"));
                    }
                }
            }
        }
        for (PolicyRule b : rules) {
            if (unsatisfiable.contains(b.name()) || !b.prefer().isEmpty() || !b.forbid().isEmpty()) continue;
            Diagnostic d = shadowed(b);
            if (d != null) out.add(d);
        }
        Diagnostic gap = gap();
        if (gap != null) out.add(gap);
        return out;
    }

    /**
     * A BAR no intent rule covers: a request naming neither node nor intent is denied there ("no policy gives
     * ... an intent"). Only looked for when some rule sets an intent; contexts a deny rule matches do not count.
     */
    private Diagnostic gap() {
        List<PolicyRule> intents = rules.stream().filter(PolicyRule::hasIntent).toList();
        if (intents.isEmpty()) return null;
        List<PolicyRule> denies = rules.stream().filter(PolicyRule::denies).toList();
        ensureSample();
        Corpus.Context[] found = {null};
        int n = 0;
        for (int ci = 0; ci < sample.size() && found[0] == null; ci++) {
            n++;
            Corpus.Context c = sample.get(ci);
            if (!namesNeither(c.ctx())) continue;
            boolean covered = false;
            for (PolicyRule r : intents) covered |= matches[ci][rules.indexOf(r)];
            for (PolicyRule r : denies) covered |= matches[ci][rules.indexOf(r)];
            if (!covered) found[0] = c;
        }
        if (found[0] == null) return null;
        PolicyRule last = intents.stream().min(java.util.Comparator.comparingInt(PolicyRule::priority)).orElseThrow();
        return new Diagnostic(Severity.WARNING, ErrorCode.GAP.id(), last.location(), null,
                "no policy rule gives an intent to every BAR: a request that names neither node nor intent is denied for e.g. "
                        + Corpus.describe(found[0]) + " (found after " + n + " generated contexts)",
                "add a low-priority catch-all such as: {name: registers-are-uncached, priority: 0, match: \"true\", intent: uncached}",
                intents.stream().map(r -> new Related(r.name(), r.location())).toList(), witness(found[0]));
    }

    private static String word(PolicyRule r) { return r.denies() ? "deny" : "allow"; }

    /** A context where a and b both match and none of {@code above} does; for intents, a request naming neither node nor intent. */
    private Corpus.Context witness(PolicyRule a, PolicyRule b, List<PolicyRule> above, boolean intentRequest) {
        Corpus.Context[] found = {null};
        Set<String> props = reads(a, b);
        if (intentRequest) {
            props.add("request.node");
        }
        corpus.find(props, (Corpus.Context c) -> {
            if (intentRequest && !namesNeither(c.ctx())) return false;
            if (!a.matches(c.ctx()) || !b.matches(c.ctx())) return false;
            for (PolicyRule x : above) if (x.matches(c.ctx())) return false;
            found[0] = c;
            return true;
        });
        return found[0];
    }

    private Diagnostic pair(ErrorCode code, PolicyRule a, PolicyRule b, Corpus.Context w, String message, String hint) {
        return new Diagnostic(Severity.WARNING, code.id(), b.location(), b.name(), message + "; e.g. " + Corpus.describe(w), hint,
                List.of(new Related(a.name(), a.location()), new Related(b.name(), b.location())), witness(w));
    }

    private static Map<String, String> witness(Corpus.Context w) {
        Map<String, String> m = new LinkedHashMap<>(w.shown());
        m.put("origin", w.origin());
        return m;
    }

    /** Rules that override b's intent (higher priority) or decision (higher priority, or a deny at equal priority over an allow). */
    private Diagnostic shadowed(PolicyRule b) {
        List<PolicyRule> intentOver = b.hasIntent() ? rules.stream().filter(x -> x != b && x.hasIntent() && x.priority() > b.priority())
                .sorted(java.util.Comparator.comparingInt(PolicyRule::priority).reversed()).toList() : List.of();
        List<PolicyRule> decisionOver = b.hasDecision() ? rules.stream().filter(x -> x != b && x.hasDecision()
                && (x.priority() > b.priority() || x.priority() == b.priority() && x.denies() && !b.denies())).toList() : List.of();
        if (b.hasIntent() && intentOver.isEmpty() || b.hasDecision() && decisionOver.isEmpty()) return null;
        Set<PolicyRule> all = new LinkedHashSet<>(intentOver);
        all.addAll(decisionOver);
        ensureSample();
        int bi = rules.indexOf(b);
        int[] matched = {0};
        boolean[] survives = {false};
        Corpus.Context[] first = {null};
        Map<String, Integer> by = new LinkedHashMap<>();
        List<Set<String>> always = new ArrayList<>();
        always.add(null);
        for (int ci = 0; ci < sample.size() && !survives[0]; ci++) {
            Corpus.Context c = sample.get(ci);
            boolean[] row = matches[ci];
            if (!row[bi]) continue;
            if (b.hasIntent() && !b.hasDecision() && !namesNeither(c.ctx())) continue;
            matched[0]++;
            Set<PolicyRule> here = new LinkedHashSet<>();
            for (PolicyRule x : all) if (row[rules.indexOf(x)]) here.add(x);
            PolicyRule over = null;
            boolean shadowedHere = true;
            if (b.hasIntent() && namesNeither(c.ctx())) {
                over = intentOver.stream().filter(here::contains).findFirst().orElse(null);
                shadowedHere = over != null;
            }
            if (shadowedHere && b.hasDecision()) {
                PolicyRule d = decisionOver.stream().filter(here::contains).findFirst().orElse(null);
                shadowedHere = d != null;
                if (over == null) over = d;
            }
            if (!shadowedHere) {
                survives[0] = true;
                break;
            }
            if (first[0] == null) first[0] = c;
            by.merge(over.name(), 1, Integer::sum);
            Set<String> names = new LinkedHashSet<>();
            for (PolicyRule x : here) names.add(x.name());
            if (always.get(0) == null) always.set(0, names);
            else always.get(0).retainAll(names);
        }
        if (survives[0] || matched[0] == 0) return null;
        List<Related> related = new ArrayList<>();
        if (always.get(0) != null && !always.get(0).isEmpty()) {
            by.clear();
            for (String n : always.get(0)) by.put(n, matched[0]);
        }
        for (String name : by.keySet()) {
            PolicyRule x = rules.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
            related.add(new Related(x.name(), x.location()));
        }
        related.add(new Related(b.name(), b.location()));
        String byText = String.join("', '", by.keySet());
        return new Diagnostic(Severity.WARNING, ErrorCode.SHADOWED.id(), b.location(), b.name(),
                "policy rule '" + b.name() + "' never takes effect: in all " + matched[0] + " generated contexts where it matches, '" + byText
                        + "' (higher priority) " + (by.size() == 1 ? "overrides" : "override") + " it; e.g. " + Corpus.describe(first[0]),
                "remove it, raise its priority, or narrow the rule that overrides it", related, witness(first[0]));
    }
}
