package io.barwise.output;

import io.barwise.advice.Advice;
import io.barwise.model.Decision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Advice as data: {@code [{changes: [{id, what, cost}], node, outcome, memtype, effective}]}, one entry
 * per set of changes that would let the request reach what it asked for. An empty list: nothing to
 * change (the request got what it asked for), or no change barwise models would help.
 */
public final class AdviceDocument {
    private AdviceDocument() {}

    public static List<Object> of(List<Advice> advice) {
        List<Object> out = new ArrayList<>();
        for (Advice a : advice) {
            Map<String, Object> m = new LinkedHashMap<>();
            List<Object> changes = new ArrayList<>();
            for (Advice.Step s : a.changes()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("id", s.id());
                c.put("what", s.what());
                c.put("cost", s.cost());
                changes.add(c);
            }
            m.put("changes", changes);
            Decision d = a.decision();
            m.put("node", d.node());
            m.put("outcome", d.outcome().id());
            m.put("memtype", d.memtype() == null ? null : d.memtype().patName());
            m.put("effective", d.effective() == null ? null : d.effective().shortName());
            out.add(m);
        }
        return out;
    }
}
