package io.barwise.engine;

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
    private final Map<Integer, Set<String>> byRequest = new LinkedHashMap<>();
    private final Map<String, Set<String>> byBar = new LinkedHashMap<>();
    private final List<String> recent = new ArrayList<>();

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        String rule = event.getMatch().getRule().getName();
        recent.add(rule);
        if (recent.size() > 64) recent.remove(0);
        for (Object o : event.getMatch().getObjects()) {
            if (o instanceof Facts.PerRequest p) {
                byRequest.computeIfAbsent(p.req(), k -> new LinkedHashSet<>()).add(rule);
                return;
            }
        }
        for (Object o : event.getMatch().getObjects()) {
            if (o instanceof PciBar b) {
                byBar.computeIfAbsent(barKey(b.bdf(), b.index()), k -> new LinkedHashSet<>()).add(rule);
                return;
            }
        }
    }

    static String barKey(String bdf, int bar) { return bdf + "#" + bar; }

    List<String> rulesFor(int req, String bdf, int bar) {
        List<String> out = new ArrayList<>(byBar.getOrDefault(barKey(bdf, bar), Set.of()));
        out.addAll(byRequest.getOrDefault(req, Set.of()));
        return out;
    }

    List<String> recentDistinct() { return List.copyOf(new LinkedHashSet<>(recent)); }
}
