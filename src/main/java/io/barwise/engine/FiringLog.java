package io.barwise.engine;

import io.barwise.model.NodeKind;
import io.barwise.rules.Facts;
import io.barwise.rules.PciBar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/** Records which rules fired, attributed to the request or the BAR whose facts they matched. */
final class FiringLog extends DefaultAgendaEventListener {
    /** Per request: rule name -> the node kinds its matches concerned, or {@link #WHOLE_REQUEST}. */
    private final Map<Integer, Map<String, Set<String>>> byRequest = new LinkedHashMap<>();
    private static final String WHOLE_REQUEST = "*";
    private final Map<String, Set<String>> byBar = new LinkedHashMap<>();
    private final List<String> recent = new ArrayList<>();

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        String rule = event.getMatch().getRule().getName();
        recent.add(rule);
        if (recent.size() > 64) recent.remove(0);
        Integer req = null;
        NodeKind kind = null;
        for (Object o : event.getMatch().getObjects()) {
            if (o instanceof Facts.PerNode n && kind == null) kind = n.kind();
            if (o instanceof Facts.PerRequest p && req == null) req = p.req();
        }
        if (req != null) {
            byRequest.computeIfAbsent(req, k -> new LinkedHashMap<>()).computeIfAbsent(rule, k -> new LinkedHashSet<>()).add(
                    kind == null ? WHOLE_REQUEST : kind.name());
            return;
        }
        for (Object o : event.getMatch().getObjects()) {
            if (o instanceof PciBar b) {
                byBar.computeIfAbsent(barKey(b.bdf(), b.index()), k -> new LinkedHashSet<>()).add(rule);
                return;
            }
        }
    }

    static String barKey(String bdf, int bar) { return bdf + "#" + bar; }

    /** Rules that fired for the BAR, for the request as a whole, and for the chosen node (if any). */
    List<String> rulesFor(int req, String bdf, int bar, NodeKind chosen) {
        List<String> out = new ArrayList<>(byBar.getOrDefault(barKey(bdf, bar), Set.of()));
        byRequest.getOrDefault(req, Map.of()).forEach((rule, kinds) -> {
            if (kinds.contains(WHOLE_REQUEST) || (chosen != null && kinds.contains(chosen.name()))) out.add(rule);
        });
        return out;
    }

    /** Every rule that fired for the request, whichever node it concerned. */
    List<String> allRulesFor(int req) {
        return List.copyOf(byRequest.getOrDefault(req, Map.of()).keySet());
    }

    List<String> recentDistinct() { return List.copyOf(new LinkedHashSet<>(recent)); }
}
