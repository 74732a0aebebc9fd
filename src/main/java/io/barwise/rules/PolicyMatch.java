package io.barwise.rules;

import io.barwise.model.Intent;
import io.barwise.policy.PolicyContext;
import io.barwise.policy.PolicyRule;

/**
 * A site policy rule whose conditions all hold for a request (fields flattened for matching), with
 * its message filled in for that request (null if it has none).
 */
public record PolicyMatch(int req, String name, int priority, boolean hasDecision, boolean denies, Intent intent,
                          PolicyRule rule, String message) implements Facts.PerRequest {

    public static PolicyMatch of(int req, PolicyRule r, PolicyContext ctx) {
        return new PolicyMatch(req, r.name(), r.priority(), r.hasDecision(), r.denies(), r.intent(), r, r.message(ctx));
    }
}
