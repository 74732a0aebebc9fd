package io.barwise.advice;

import io.barwise.engine.Report;
import io.barwise.model.Decision;
import io.barwise.model.Request;
import io.barwise.model.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What would change a decision that is degraded, refused or denied: the request is decided again
 * (with the requests before it, which may hold PAT entries) under each {@link Change} that applies,
 * and the changes under which it is granted and not degraded are the advice. When no single change
 * does, pairs are tried. A decision that got what it asked for has no advice.
 */
public final class Advisor {
    private final Function<Scenario, Report> decider;

    /** {@code decider} decides a scenario's requests in order, as {@code Barwise::decide} does. */
    public Advisor(Function<Scenario, Report> decider) { this.decider = decider; }

    /** Whether a decision got what its request asked for: mapped, and not through a lesser node. */
    public static boolean reached(Decision d) { return d.granted() && !d.degraded(); }

    /** Advice for every decision of the report, in request order (empty where there is nothing to change). */
    public List<List<Advice>> advise(Scenario scenario, Report report) {
        List<List<Advice>> out = new ArrayList<>();
        for (int i = 0; i < report.decisions().size(); i++) out.add(advise(scenario, i, report.decisions().get(i)));
        return out;
    }

    /** Advice for request {@code index} of the scenario, whose decision is {@code decision}. */
    public List<Advice> advise(Scenario scenario, int index, Decision decision) {
        if (reached(decision)) return List.of();
        Scenario upTo = new Scenario(scenario.platform(), scenario.devices(), scenario.reservations(),
                scenario.requests().subList(0, index + 1));
        Request r = upTo.requests().get(index);
        List<Change> applicable = new ArrayList<>();
        for (Change c : Change.values()) if (c.applies(upTo, r)) applicable.add(c);
        List<Advice> out = new ArrayList<>();
        for (Change c : applicable) attempt(upTo, r, List.of(c), out);
        if (!out.isEmpty()) return out;
        for (int a = 0; a < applicable.size(); a++) {
            for (int b = a + 1; b < applicable.size(); b++) attempt(upTo, r, List.of(applicable.get(a), applicable.get(b)), out);
        }
        return out;
    }

    private void attempt(Scenario s, Request r, List<Change> changes, List<Advice> out) {
        Scenario changed = s;
        List<Advice.Step> steps = new ArrayList<>();
        for (Change c : changes) {
            if (!c.applies(changed, r)) return;
            steps.add(new Advice.Step(c.id(), c.what(changed, r), c.cost()));
            changed = c.apply(changed, r);
        }
        List<Decision> ds = decider.apply(changed).decisions();
        Decision d = ds.get(ds.size() - 1);
        if (reached(d)) out.add(new Advice(steps, d));
    }
}
