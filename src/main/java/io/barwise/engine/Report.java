package io.barwise.engine;

import io.barwise.model.Decision;
import io.barwise.model.Outcome;
import java.util.List;

/** The decisions for one scenario, one per request, in request order. */
public record Report(List<Decision> decisions) {
    public Report {
        decisions = List.copyOf(decisions);
    }

    /** True when every request would be mapped. */
    public boolean allGranted() {
        return decisions.stream().allMatch(d -> d.outcome() == Outcome.MAPPED);
    }
}
