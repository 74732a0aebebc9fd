package io.barwise.policy;

import io.barwise.model.SourceLocation;

import io.barwise.model.Intent;
import io.barwise.model.NodeKind;
import java.util.List;
import java.util.Set;

/**
 * A site policy rule from a YAML file. It applies to a request when every condition holds; it may
 * set the intent, allow or deny the request, and prefer or forbid node kinds. Higher priority wins.
 *
 * @param decision {@code null}, {@link Decision#ALLOW} or {@link Decision#DENY}
 */
public record PolicyRule(String name, String description, SourceLocation location, int priority,
                         List<Condition> conditions, Intent intent, Decision decision, String message,
                         List<NodeKind> prefer, Set<NodeKind> forbid) {

    public enum Decision { ALLOW, DENY }

    public PolicyRule {
        conditions = List.copyOf(conditions);
        prefer = List.copyOf(prefer);
        forbid = Set.copyOf(forbid);
    }


    public boolean matches(PolicyContext ctx) {
        for (Condition c : conditions) {
            if (!c.test(ctx)) return false;
        }
        return true;
    }

    /** The first condition that does not hold, or null if the rule matches. */
    public Condition firstFailing(PolicyContext ctx) {
        for (Condition c : conditions) {
            if (!c.test(ctx)) return c;
        }
        return null;
    }

    /** The message with its placeholders ({@code {device.bdf}}) filled in for this request, or null. */
    public String message(PolicyContext ctx) { return message == null ? null : Messages.expand(message, ctx); }

    public boolean prefers(NodeKind k) { return prefer.contains(k); }

    public boolean forbids(NodeKind k) { return forbid.contains(k); }

    public boolean denies() { return decision == Decision.DENY; }

    public boolean hasDecision() { return decision != null; }

    public boolean hasIntent() { return intent != null; }
}
