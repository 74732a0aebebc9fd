package io.barwise.rules;

import io.barwise.model.Intent;
import io.barwise.policy.PolicyRule;

/** A site policy rule whose conditions all hold for a request (fields flattened for matching). */
public record PolicyMatch(int req, String name, int priority, boolean hasDecision, boolean denies, Intent intent,
                          PolicyRule rule) implements Facts.PerRequest {

    public static PolicyMatch of(int req, PolicyRule r) {
        return new PolicyMatch(req, r.name(), r.priority(), r.hasDecision(), r.denies(), r.intent(), r);
    }
}
