package io.barwise.engine;

import io.barwise.model.Alternative;
import io.barwise.model.Bar;
import io.barwise.model.Decision;
import io.barwise.model.Device;
import io.barwise.model.Errno;
import io.barwise.model.InvalidInputException;
import io.barwise.model.Intent;
import io.barwise.model.MemType;
import io.barwise.model.NodeKind;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;

/**
 * Decides mmap requests with the Drools rules: the built-in kernel rules (compiled at build time),
 * site policies and optional user DRL. Thread-safe: the rule base is shared and every
 * {@link #decide} call runs in a session of its own for the time of the call.
 */
public final class DecisionEngine {

    /** A request whose rules fire more often than this is taken to loop. */
    public static final int FIRING_LIMIT = 10_000;
    /** Firings allowed per fact when the scenario's facts are first inserted (node and quirk rules). */
    static final int FIRINGS_PER_FACT = 16;

    private final KieBase kieBase;
    /**
     * Idle sessions. A session is emptied by deleting its facts (newest first) and reused; that
     * keeps its node memories, where creating a session or resetting a pooled one reallocates them.
     */
    private final ConcurrentLinkedQueue<Worker> idle = new ConcurrentLinkedQueue<>();
    private final List<PolicyRule> policies;

    DecisionEngine(KieBase kieBase, List<PolicyRule> policies) {
        this.kieBase = kieBase;
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
        Worker w = idle.poll();
        if (w == null) w = new Worker(kieBase.newKieSession());
        boolean clean = false;
        try {
            Report report = w.decide(scenario);
            w.empty();
            clean = true;
            return report;
        } finally {
            // A session that failed part-way (a rule loop, an exception in a rule) is not reused.
            if (clean && idle.size() < MAX_IDLE) idle.offer(w);
            else w.session.dispose();
        }
    }

    /**
     * Decides independent scenarios on {@code threads} threads, each deciding with its own session;
     * the reports are in input order and equal to deciding each scenario alone.
     */
    public List<Report> decideAll(List<Scenario> scenarios, int threads) {
        scenarios.forEach(DecisionEngine::validate);
        int n = Math.max(1, Math.min(threads, scenarios.size()));
        if (n == 1) return scenarios.stream().map(this::decide).toList();
        Report[] out = new Report[scenarios.size()];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        for (int t = 0; t < n; t++) {
            workers.add(Thread.ofPlatform().name("barwise-decide-" + t).start(() -> {
                for (int i = next.getAndIncrement(); i < out.length && failure.get() == null; i = next.getAndIncrement()) {
                    try {
                        out[i] = decide(scenarios.get(i));
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }));
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while deciding", e);
            }
        }
        if (failure.get() != null) throw failure.get();
        return List.of(out);
    }

    /** Sessions kept for reuse; more threads than this create and drop sessions as they go. */
    private static final int MAX_IDLE = 16;

    /** A session with its two logs; used by one thread at a time. */
    private final class Worker {
        final KieSession session;
        final FactLog facts = new FactLog();
        final FiringLog log = new FiringLog();

        Worker(KieSession session) {
            this.session = session;
            session.addEventListener(facts);
            session.addEventListener(log);
        }

        Report decide(Scenario scenario) {
            session.insert(scenario.platform());
            int count = 1;
            for (PciBar b : relevantBars(scenario)) {
                session.insert(b);
                count++;
            }
            scenario.reservations().forEach(session::insert);
            policies.forEach(session::insert);
            count += scenario.reservations().size() + policies.size();
            fire(FIRING_LIMIT + FIRINGS_PER_FACT * count);

            List<Decision> decisions = new ArrayList<>();
            for (Request r : scenario.requests()) {
                Device d = scenario.device(r.device()).orElseThrow();
                Bar b = d.bar(r.bar()).orElseThrow();
                MmapRequest mr = resolve(r, b);
                int from = facts.mark();
                session.insert(mr);
                session.insert(new RequestScope(r.id(), new PolicyContext(new Views.DeviceView(d), new Views.BarView(b),
                        new Views.PlatformView(scenario.platform()), new Views.RequestView(r))));
                fire(FIRING_LIMIT);
                List<Object> perRequest = facts.perRequest(from, r.id());
                Decision decision = withUnknowns(collect(perRequest, facts.all(NodeFile.class), log, r, mr), perRequest);
                decisions.add(decision);
                // The request's facts have said all they can: drop them, so that a scenario with
                // many requests does not make each later one match against all the earlier ones' facts.
                facts.deletePerRequest(session, from, r.id());
                if (decision.granted() && r.hold() && decision.memtype() != null) {
                    session.insert(new Reservation(mr.physStart(), mr.physEnd(), decision.memtype(),
                            "request #" + r.id() + " (" + decision.node() + ")"));
                }
            }
            return new Report(decisions);
        }

        /** Deletes every fact; what the deletions stage is settled by the next scenario's first firing. */
        void empty() {
            facts.deleteAll(session);
            log.clear();
        }

        private void fire(int limit) {
            int fired = session.fireAllRules(limit);
            if (fired >= limit) throw new RuleLoopException(limit, log.recentDistinct());
        }
    }

    /**
     * The BARs the rules need: each BAR a request names, and every BAR of the scenario that shares
     * a page with one, or with a request's mapped range (a /dev/mem mapping may reach past its BAR),
     * for checks such as iomem_is_exclusive() that look at a whole page. Facts about other BARs
     * never reach a request, and each one costs the node and quirk rules' firings.
     */
    static List<PciBar> relevantBars(Scenario s) {
        List<long[]> ranges = new ArrayList<>();
        long page = s.platform().pageSize();
        java.util.Set<Bar> named = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Request r : s.requests()) {
            Bar b = s.device(r.device()).orElseThrow().bar(r.bar()).orElseThrow();
            named.add(b);
            ranges.add(pages(b.start(), b.end(), page));
            MmapRequest mr = resolve(r, b);
            if (mr.physEnd() > mr.physStart()) ranges.add(pages(mr.physStart(), mr.physEnd() - 1, page));
        }
        List<PciBar> out = new ArrayList<>();
        for (Device d : s.devices()) {
            for (Bar b : d.bars()) {
                if (named.contains(b) || touches(pages(b.start(), b.end(), page), ranges)) out.add(PciBar.of(d, b));
            }
        }
        return out;
    }

    /** The first and last page address of [start, end], end inclusive, in the platform's pages (64K on ppc64le). */
    private static long[] pages(long start, long end, long pageSize) {
        long mask = ~(pageSize - 1);
        return new long[] {start & mask, Math.max(start, end) & mask};
    }

    private static boolean touches(long[] p, List<long[]> ranges) {
        for (long[] r : ranges) if (p[0] <= r[1] && r[0] <= p[1]) return true;
        return false;
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
    private static Decision withUnknowns(Decision d, List<Object> facts) {
        List<Unknown> u = facts.stream().filter(Unknown.class::isInstance).map(Unknown.class::cast)
                .sorted(Comparator.comparing(Unknown::fact).thenComparing(Unknown::text)).toList();
        return d.withUnknowns(u.stream().map(Unknown::fact).distinct().toList(), u.stream().map(Unknown::text).distinct().toList());
    }

    private static Decision collect(List<Object> facts, List<NodeFile> nodeFiles, FiringLog log, Request r, MmapRequest mr) {
        int q = r.id();
        Choice choice = first(facts, Choice.class, x -> true);
        List<String> rules = log.rulesFor(q, r.device(), r.bar(), choice == null ? null : choice.kind());
        List<String> warnings = new ArrayList<>(facts.stream().filter(Note.class::isInstance).map(o -> ((Note) o).text()).toList());
        List<String> reasons = new ArrayList<>();

        Denial denial = first(facts, Denial.class, x -> true);
        if (denial != null) {
            reasons.add(denial.policy() == null ? denial.message() : "policy " + denial.policy() + ": " + denial.message());
            return Decision.deniedBeforeChoice(new Decision.Basis(r, mr.physStart(), mr.length(), rules, reasons, warnings, List.of()));
        }
        WantedIntent intent = first(facts, WantedIntent.class, x -> true);
        if (intent != null) reasons.add("intent " + intent.intent().id() + " (from " + intent.source() + ")");

        if (choice == null || choice.kind() == null) {
            throw new IllegalStateException("no rule chose a node for request #" + q + "; fired: " + log.allRulesFor(q));
        }
        NodeKind k = choice.kind();
        String node = k.nodeName(r.bar());
        if (intent != null) reasons.add(node + ": " + choice.why());
        for (NodeFile f : nodeFiles) {
            if (f.kind() == k && f.bar() == r.bar() && f.bdf().equals(r.device())) reasons.add(node + " exists: " + f.rule());
        }

        List<Alternative> alternatives = alternatives(facts, r, k);
        Forbidden forbidden = first(facts, Forbidden.class, f -> f.kind() == k);
        if (forbidden != null) {
            reasons.add("policy " + forbidden.policy() + ": " + forbidden.message());
            return Decision.denied(new Decision.Basis(r, mr.physStart(), mr.length(), rules, reasons, warnings, alternatives), node);
        }
        Refusal refusal = first(facts, Refusal.class, f -> f.kind() == k);
        PageProt prot = first(facts, PageProt.class, f -> f.kind() == k);
        if (prot != null) reasons.add(prot.why());
        if (refusal != null) {
            reasons.add(refusal.errno() + ": " + refusal.why());
            return Decision.refused(new Decision.Basis(r, mr.physStart(), mr.length(), rules, reasons, warnings, alternatives), node,
                    refusal.errno(), prot == null ? null : prot.pgprot(), prot == null ? null : prot.remap());
        }
        PatEntry pat = first(facts, PatEntry.class, f -> f.kind() == k);
        EffectiveType eff = first(facts, EffectiveType.class, f -> f.kind() == k);
        if (prot == null || pat == null || eff == null) {
            throw new IllegalStateException("request #" + q + " (" + node + ") was neither refused nor fully decided; fired: " + log.allRulesFor(q));
        }
        reasons.add(pat.why());
        reasons.add(eff.why());
        return Decision.mapped(new Decision.Basis(r, mr.physStart(), mr.length(), rules, reasons, warnings, alternatives), node,
                prot.pgprot(), pat.type(), eff.type(), prot.remap());
    }

    private static List<Alternative> alternatives(List<Object> facts, Request r, NodeKind chosen) {
        List<Candidate> candidates = facts.stream().filter(Candidate.class::isInstance).map(Candidate.class::cast)
                .sorted(Comparator.comparingInt(Candidate::rank)).toList();
        List<Alternative> out = new ArrayList<>();
        WantedIntent wanted = first(facts, WantedIntent.class, x -> true);
        Intent intent = wanted == null ? null : wanted.intent();
        for (Candidate c : candidates) {
            String verdict;
            if (c.granted()) {
                verdict = "granted, " + c.pte().shortName() + " attributes, " + c.effective().shortName() + " in effect" + shortfall(c, intent);
            } else {
                Forbidden f = first(facts, Forbidden.class, x -> x.kind() == c.kind());
                Refusal ref = first(facts, Refusal.class, x -> x.kind() == c.kind());
                verdict = f != null ? "forbidden by policy " + f.policy() : ref != null ? ref.errno() + ": " + ref.why() : "not decided";
            }
            out.add(new Alternative(c.kind().nodeName(r.bar()), c.kind() == chosen, verdict, c.fulfils()));
        }
        if (out.isEmpty()) {
            facts.stream().filter(Attempt.class::isInstance).map(Attempt.class::cast)
                    .filter(a -> a.kind() != chosen).forEach(a -> out.add(new Alternative(a.node(), false, "not tried")));
        }
        return out;
    }

    /** Which half of a granted candidate falls short of the intent: its page attributes, its effective type, or both. */
    private static String shortfall(Candidate c, Intent intent) {
        if (c.fulfils() || intent == null) return "";
        boolean pte = Kernel.fulfils(intent, c.pte()), eff = Kernel.fulfils(intent, c.effective());
        return pte ? " (effective type falls short)" : eff ? " (attributes fall short)" : " (falls short)";
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
