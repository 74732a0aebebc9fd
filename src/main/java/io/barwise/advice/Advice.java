package io.barwise.advice;

import io.barwise.model.Decision;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Facts that, changed together, would let a request reach what it asked for, and the decision it
 * would then get.
 *
 * @param changes  one or two changes, each with what it costs
 * @param decision the request decided again under them: granted, and not degraded
 */
public record Advice(List<Step> changes, Decision decision) {

    /** One change: its stable id ({@link Change#id()}), what changes for this request, and what it costs. */
    public record Step(String id, String what, String cost) {}

    public Advice {
        changes = List.copyOf(changes);
    }

    /** {@code a kernel with resource2_wb and kernel lockdown off}. */
    public String what() { return changes.stream().map(Step::what).collect(Collectors.joining(" and ")); }

    /** {@code needs a patched kernel (...); host change}. */
    public String cost() { return changes.stream().map(Step::cost).collect(Collectors.joining("; ")); }

    /** {@code resource2_wb, WB in effect}. */
    public String result() { return decision.node() + ", " + decision.effective().shortName() + " in effect"; }
}
