package io.barwise.policy;

import io.barwise.model.SourceLocation;

/**
 * Whether one policy rule applied to a request and, if not, the first condition that failed with
 * the values it saw ("why not").
 */
public record PolicyVerdict(String rule, SourceLocation location, boolean matched, String failedCondition,
                            SourceLocation conditionLocation, String observed) {

    /** Evaluates every rule's conditions for the request, in the order the rules were read. */
    public static java.util.List<PolicyVerdict> explain(java.util.List<PolicyRule> rules, PolicyContext ctx) {
        return rules.stream().map(r -> {
            Condition c = r.firstFailing(ctx);
            return c == null ? new PolicyVerdict(r.name(), r.location(), true, null, null, null)
                    : new PolicyVerdict(r.name(), r.location(), false, c.source(), c.location(), c.observed(ctx));
        }).toList();
    }
}
