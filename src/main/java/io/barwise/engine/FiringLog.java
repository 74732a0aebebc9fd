package io.barwise.engine;

import io.barwise.model.NodeKind;
import io.barwise.rules.Facts;
import io.barwise.rules.PciBar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/**
 * Records which rules fired, attributed to the request or the BAR whose facts they matched. A
 * firing is kept as it happened (rule, request, node kind, BAR); the per-request lists are built
 * only when a decision asks for them.
 */
final class FiringLog extends DefaultAgendaEventListener {
    /** A firing: {@code kind} null when it concerned the whole request; {@code bar} only when no request's fact took part. */
    private record Firing(String rule, NodeKind kind, PciBar bar) {}

    private final Map<Integer, List<Firing>> byRequest = new HashMap<>();
    private final List<Firing> byBar = new ArrayList<>();
    private final String[] recent = new String[64];
    private int fired;

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        String rule = event.getMatch().getRule().getName();
        recent[fired++ & 63] = rule;
        Integer req = null;
        NodeKind kind = null;
        PciBar bar = null;
        for (Object o : event.getMatch().getObjects()) {
            if (o instanceof Facts.PerNode n && kind == null) kind = n.kind();
            if (o instanceof Facts.PerRequest p && req == null) req = p.req();
            if (o instanceof PciBar b && bar == null) bar = b;
        }
        if (req != null) {
            byRequest.computeIfAbsent(req, k -> new ArrayList<>()).add(new Firing(rule, kind, null));
        } else if (bar != null) {
            byBar.add(new Firing(rule, null, bar));
        }
    }

    /**
     * Rules that fired for the BAR, then those that fired for the request as a whole or for the
     * chosen node (if any); each once, in the order of its first firing.
     */
    List<String> rulesFor(int req, String bdf, int bar, NodeKind chosen) {
        Set<String> forBar = new LinkedHashSet<>();
        for (Firing f : byBar) if (f.bar.index() == bar && f.bar.bdf().equals(bdf)) forBar.add(f.rule);
        Map<String, Boolean> forRequest = new LinkedHashMap<>();
        for (Firing f : byRequest.getOrDefault(req, List.of())) {
            boolean concerns = f.kind == null || f.kind == chosen;
            forRequest.merge(f.rule, concerns, Boolean::logicalOr);
        }
        List<String> out = new ArrayList<>(forBar);
        forRequest.forEach((rule, concerns) -> { if (concerns) out.add(rule); });
        return out;
    }

    /** Every rule that fired for the request, whichever node it concerned. */
    List<String> allRulesFor(int req) {
        Set<String> out = new LinkedHashSet<>();
        for (Firing f : byRequest.getOrDefault(req, List.of())) out.add(f.rule);
        return List.copyOf(out);
    }

    /** The last rules that fired, oldest first, each once: what a loop is made of. */
    List<String> recentDistinct() {
        Set<String> out = new LinkedHashSet<>();
        for (int i = Math.max(0, fired - recent.length); i < fired; i++) out.add(recent[i & 63]);
        return List.copyOf(out);
    }

    /** Forgets everything, for the session's next scenario. */
    void clear() {
        byRequest.clear();
        byBar.clear();
        fired = 0;
    }
}
