package io.barwise.engine;

import io.barwise.model.Alternative;
import io.barwise.model.Bar;
import io.barwise.model.Decision;
import io.barwise.model.Device;
import io.barwise.model.Errno;
import io.barwise.model.InvalidInputException;
import io.barwise.model.MemType;
import io.barwise.model.NodeKind;
import io.barwise.model.Outcome;
import io.barwise.model.RemapPath;
import io.barwise.model.Request;
import io.barwise.model.Reservation;
import io.barwise.model.Scenario;
import io.barwise.model.SourceLocation;
import io.barwise.policy.PolicyContext;
import io.barwise.policy.PolicyRule;
import io.barwise.policy.Views;
import io.barwise.rules.Attempt;
import io.barwise.rules.Candidate;
import io.barwise.rules.Choice;
import io.barwise.rules.Denial;
import io.barwise.rules.EffectiveType;
import io.barwise.rules.Facts;
import io.barwise.rules.Forbidden;
import io.barwise.rules.Kernel;
import io.barwise.rules.MmapRequest;
import io.barwise.rules.NodeFile;
import io.barwise.rules.Note;
import io.barwise.rules.Unknown;
import io.barwise.rules.PageProt;
import io.barwise.rules.PatEntry;
import io.barwise.rules.PciBar;
import io.barwise.rules.Refusal;
import io.barwise.rules.RequestScope;
import io.barwise.rules.WantedIntent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Decides mmap requests with the Drools rules: the built-in kernel rules (compiled at build time),
 * site policies and optional user DRL. Thread-safe: the rule base is shared and every
 * {@link #decide} call runs in its own session.
 */
public final class DecisionEngine {

    /** A request whose rules fire more often than this is taken to loop. */
    public static final int FIRING_LIMIT = 10_000;
    /** Firings allowed per fact when the scenario's facts are first inserted (node and quirk rules). */
    static final int FIRINGS_PER_FACT = 16;

    private final KieBase kieBase;
    /** Sessions are reset and reused: creating one per decision costs more than deciding. */
    private final KieSessionsPool sessions;
    private final List<PolicyRule> policies;

    DecisionEngine(KieBase kieBase, List<PolicyRule> policies) {
        this.kieBase = kieBase;
        this.sessions = kieBase.newKieSessionsPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        this.policies = List.copyOf(policies);
    }

    /** An engine with the built-in rules and no site policy. */
    public static DecisionEngine builtIn() {
        return new DecisionEngine(RuleBases.builtIn(), List.of());
    }

    /** An engine with the built-in rules, these site policies and these user DRL files. */
    public static DecisionEngine create(List<PolicyRule> policies, List<java.nio.file.Path> userDrl) {
        return new DecisionEngine(userDrl.isEmpty() ? RuleBases.builtIn() : RuleBases.withUserRules(userDrl), policies);
    }

    public List<PolicyRule> policies() { return policies; }

    /** The names of every DRL rule in this engine (built-in and user), sorted; for coverage reports. */
    public List<String> ruleNames() {
        return kieBase.getKiePackages().stream().flatMap(p -> p.getRules().stream()).map(org.kie.api.definition.rule.Rule::getName)
                .sorted().toList();
    }

    /** Decides every request of the scenario in order; a granted, held mapping is a PAT entry for the requests after it. */
    public Report decide(Scenario scenario) {
        validate(scenario);
        KieSession session = sessions.newKieSession();
        FiringLog log = new FiringLog();
        session.addEventListener(log);
        try {
            session.insert(scenario.platform());
            // Only the devices that requests name can matter: facts about a device never reach another.
            int facts = 1;
            for (Device d : requestedDevices(scenario)) {
                for (Bar b : d.bars()) {
                    session.insert(PciBar.of(d, b));
                    facts++;
                }
            }
            scenario.reservations().forEach(session::insert);
            policies.forEach(session::insert);
            facts += scenario.reservations().size() + policies.size();
            fire(session, log, FIRING_LIMIT + FIRINGS_PER_FACT * facts);

            List<Decision> decisions = new ArrayList<>();
            for (Request r : scenario.requests()) {
                Device d = scenario.device(r.device()).orElseThrow();
                Bar b = d.bar(r.bar()).orElseThrow();
                MmapRequest mr = resolve(r, b);
                session.insert(mr);
                session.insert(new RequestScope(r.id(), new PolicyContext(new Views.DeviceView(d), new Views.BarView(b),
                        new Views.PlatformView(scenario.platform()), new Views.RequestView(r))));
                fire(session, log, FIRING_LIMIT);
                Decision decision = withUnknowns(collect(session, log, r, mr), session, r.id());
                decisions.add(decision);
                // The request's facts have said all they can: drop them, so that a scenario with
                // many requests does not make each later one scan all the earlier ones' facts.
                List<FactHandle> spent = new ArrayList<>(session.<FactHandle>getFactHandles(
                        o -> o instanceof Facts.PerRequest p && p.req() == r.id()));
                spent.forEach(session::delete);
                if (decision.granted() && r.hold() && decision.memtype() != null) {
                    session.insert(new Reservation(mr.physStart(), mr.physEnd(), decision.memtype(),
                            "request #" + r.id() + " (" + decision.node() + ")"));
                }
            }
            return new Report(decisions);
        } finally {
            session.removeEventListener(log);
            session.dispose(); // back to the pool, emptied
        }
    }

    private static void fire(KieSession session, FiringLog log, int limit) {
        int fired = session.fireAllRules(limit);
        if (fired >= limit) throw new RuleLoopException(limit, log.recentDistinct());
    }

    private static List<Device> requestedDevices(Scenario s) {
        java.util.Set<String> named = new java.util.HashSet<>();
        s.requests().forEach(r -> named.add(r.device()));
        return s.devices().stream().filter(d -> named.contains(d.bdf())).toList();
    }

    private static void validate(Scenario s) {
        for (Request r : s.requests()) {
            Device d = s.device(r.device()).orElseThrow(() -> new InvalidInputException("unknown-device", SourceLocation.UNKNOWN,
                    "request #" + r.id() + " names device " + r.device() + ", which the scenario does not describe",
                    "add it under devices: or fix the address"));
            if (d.bar(r.bar()).isEmpty()) {
                throw new InvalidInputException("unknown-bar", SourceLocation.UNKNOWN,
                        "request #" + r.id() + " names BAR" + r.bar() + " of " + r.device() + ", which has no such BAR",
                        "the device has BARs " + d.bars().stream().map(x -> String.valueOf(x.index())).toList());
            }
            if (r.offset() < 0 || (r.length() != null && r.length() < 0)) {
                throw new InvalidInputException("bad-range", SourceLocation.UNKNOWN,
                        "request #" + r.id() + ": offset and length must not be negative", null);
            }
        }
    }

    /**
     * Default length: the BAR rounded up to pages, from the offset on; the mapping starts at the
     * BAR's page. A start past 2^63 saturates (the rules refuse such ranges).
     */
    static MmapRequest resolve(Request r, Bar b) {
        long barBytes = b.pages(Kernel.PAGE_SIZE) * Kernel.PAGE_SIZE;
        long length = r.length() != null ? r.length() : Math.max(0, barBytes - r.offset());
        long pageStart = b.start() & ~(Kernel.PAGE_SIZE - 1);
        long physStart = r.offset() > Long.MAX_VALUE - pageStart ? Long.MAX_VALUE : pageStart + r.offset();
        return new MmapRequest(r.id(), r.device(), r.bar(), r.node(), r.intent(), r.offset(), length, r.prot(), r.shared(), physStart);
    }

    /** The facts the machine did not show that this request's decision depends on (rules insert {@link Unknown}). */
    private static Decision withUnknowns(Decision d, KieSession session, int q) {
        List<Unknown> u = session.getObjects(o -> o instanceof Unknown x && x.req() == q).stream().map(Unknown.class::cast)
                .sorted(Comparator.comparing(Unknown::fact).thenComparing(Unknown::text)).toList();
        return d.withUnknowns(u.stream().map(Unknown::fact).distinct().toList(), u.stream().map(Unknown::text).distinct().toList());
    }

    private static Decision collect(KieSession session, FiringLog log, Request r, MmapRequest mr) {
        int q = r.id();
        List<Object> facts = new ArrayList<>(session.getObjects(o -> o instanceof Facts.PerRequest p && p.req() == q));
        Choice choice = first(facts, Choice.class, x -> true);
        List<String> rules = log.rulesFor(q, r.device(), r.bar(), choice == null ? null : choice.kind());
        List<String> warnings = new ArrayList<>(facts.stream().filter(Note.class::isInstance).map(o -> ((Note) o).text()).toList());
        List<String> reasons = new ArrayList<>();

        Denial denial = first(facts, Denial.class, x -> true);
        if (denial != null) {
            reasons.add(denial.policy() == null ? denial.message() : "policy " + denial.policy() + ": " + denial.message());
            return new Decision(r, r.node() == null ? null : r.node().nodeName(r.bar()), Outcome.DENIED, null, null, null, null,
                    null, rules, reasons, warnings, List.of(), mr.physStart(), mr.length());
        }
        WantedIntent intent = first(facts, WantedIntent.class, x -> true);
        if (intent != null) reasons.add("intent " + intent.intent().id() + " (from " + intent.source() + ")");

        if (choice == null || choice.kind() == null) {
            throw new IllegalStateException("no rule chose a node for request #" + q + "; fired: " + log.allRulesFor(q));
        }
        NodeKind k = choice.kind();
        String node = k.nodeName(r.bar());
        if (intent != null) reasons.add(node + ": " + choice.why());
        session.getObjects(o -> o instanceof NodeFile f && f.bdf().equals(r.device()) && f.bar() == r.bar() && f.kind() == k)
                .forEach(o -> reasons.add(node + " exists: " + ((NodeFile) o).rule()));

        List<Alternative> alternatives = alternatives(facts, r, k);
        Forbidden forbidden = first(facts, Forbidden.class, f -> f.kind() == k);
        if (forbidden != null) {
            reasons.add("policy " + forbidden.policy() + ": " + forbidden.message());
            return new Decision(r, node, Outcome.DENIED, null, null, null, null, null, rules, reasons, warnings, alternatives,
                    mr.physStart(), mr.length());
        }
        Refusal refusal = first(facts, Refusal.class, f -> f.kind() == k);
        PageProt prot = first(facts, PageProt.class, f -> f.kind() == k);
        if (prot != null) reasons.add(prot.why());
        if (refusal != null) {
            reasons.add(refusal.errno() + ": " + refusal.why());
            return new Decision(r, node, Outcome.REFUSED, refusal.errno(), prot == null ? null : prot.pgprot(), null, null,
                    prot == null ? null : prot.remap(), rules, reasons, warnings, alternatives, mr.physStart(), mr.length());
        }
        PatEntry pat = first(facts, PatEntry.class, f -> f.kind() == k);
        EffectiveType eff = first(facts, EffectiveType.class, f -> f.kind() == k);
        if (prot == null || pat == null || eff == null) {
            throw new IllegalStateException("request #" + q + " (" + node + ") was neither refused nor fully decided; fired: " + log.allRulesFor(q));
        }
        reasons.add(pat.why());
        reasons.add(eff.why());
        MemType memtype = pat.type();
        RemapPath remap = prot.remap();
        return new Decision(r, node, Outcome.MAPPED, null, prot.pgprot(), memtype, eff.type(), remap, rules, reasons, warnings,
                alternatives, mr.physStart(), mr.length());
    }

    private static List<Alternative> alternatives(List<Object> facts, Request r, NodeKind chosen) {
        List<Candidate> candidates = facts.stream().filter(Candidate.class::isInstance).map(Candidate.class::cast)
                .sorted(Comparator.comparingInt(Candidate::rank)).toList();
        List<Alternative> out = new ArrayList<>();
        for (Candidate c : candidates) {
            String verdict;
            if (c.granted()) {
                verdict = "granted, effective " + c.effective().shortName() + (c.fulfils() ? "" : " (does not fulfil the intent)");
            } else {
                Forbidden f = first(facts, Forbidden.class, x -> x.kind() == c.kind());
                Refusal ref = first(facts, Refusal.class, x -> x.kind() == c.kind());
                verdict = f != null ? "forbidden by policy " + f.policy() : ref != null ? ref.errno() + ": " + ref.why() : "not decided";
            }
            out.add(new Alternative(c.kind().nodeName(r.bar()), c.kind() == chosen, verdict));
        }
        if (out.isEmpty()) {
            facts.stream().filter(Attempt.class::isInstance).map(Attempt.class::cast)
                    .filter(a -> a.kind() != chosen).forEach(a -> out.add(new Alternative(a.node(), false, "not tried")));
        }
        return out;
    }

    private static <T> T first(List<Object> facts, Class<T> type, java.util.function.Predicate<T> p) {
        for (Object o : facts) {
            if (type.isInstance(o) && p.test(type.cast(o))) return type.cast(o);
        }
        return null;
    }

    /** The errno of a refused decision, for callers that compare with real mmap failures. */
    public static Errno errnoOf(Decision d) { return d.errno(); }
}
