package io.barwise.policy;

import io.barwise.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether one policy rule applied to a request and, if not, the first condition that failed with the
 * values it saw ("why not"). {@code relevant} is false for a rule whose effects cannot change this request
 * (an intent rule, when the request names a node or an intent; a prefer-only rule, when it names a node);
 * {@code role} says, for a matched rule, what it did: set the intent, denied, or was overridden by whom.
 */
public record PolicyVerdict(String rule, SourceLocation location, boolean matched, String failedCondition,
                            SourceLocation conditionLocation, String observed, int priority, String effect,
                            boolean relevant, String role) {

    public PolicyVerdict(String rule, SourceLocation location, boolean matched, String failedCondition,
                         SourceLocation conditionLocation, String observed) {
        this(rule, location, matched, failedCondition, conditionLocation, observed, 0, "", true, null);
    }

    /** Evaluates every rule's conditions for the request, in the order the rules were read. */
    public static List<PolicyVerdict> explain(List<PolicyRule> rules, PolicyContext ctx) {
        boolean namesNode = ctx.request().getNode() != null;
        boolean namesIntent = ctx.request().getIntent() != null;
        List<PolicyRule> matched = rules.stream().filter(r -> r.matches(ctx)).toList();
        List<PolicyVerdict> out = new ArrayList<>();
        for (PolicyRule r : rules) {
            boolean relevant = r.hasDecision() || !r.forbid().isEmpty() || r.hasIntent() && !namesNode && !namesIntent
                    || !r.prefer().isEmpty() && !namesNode;
            Condition c = r.firstFailing(ctx);
            if (c == null) {
                out.add(new PolicyVerdict(r.name(), r.location(), true, null, null, null, r.priority(), effect(r), relevant,
                        role(r, matched, namesNode, namesIntent)));
            } else {
                out.add(new PolicyVerdict(r.name(), r.location(), false, c.source(), c.location(), c.observed(ctx), r.priority(), effect(r),
                        relevant, null));
            }
        }
        return out;
    }

    /** {@code intent cacheable, deny, forbid devmem}: what the rule sets. */
    static String effect(PolicyRule r) {
        List<String> e = new ArrayList<>();
        if (r.hasIntent()) e.add("intent " + r.intent().id());
        if (r.hasDecision()) e.add(r.denies() ? "deny" : "allow");
        if (!r.prefer().isEmpty()) e.add("prefer " + r.prefer().stream().map(PolicyReader::name).collect(Collectors.joining(",")));
        if (!r.forbid().isEmpty()) e.add("forbid " + r.forbid().stream().map(PolicyReader::name).sorted().collect(Collectors.joining(",")));
        return String.join(", ", e);
    }

    /** What a matched rule did, following site-policy.drl: highest priority wins; at equal priority a deny wins. */
    static String role(PolicyRule r, List<PolicyRule> matched, boolean namesNode, boolean namesIntent) {
        List<String> parts = new ArrayList<>();
        if (r.hasIntent()) {
            if (namesNode || namesIntent) {
                parts.add("its intent does not apply: the request names " + (namesNode ? "a node" : "an intent"));
            } else {
                int top = matched.stream().filter(PolicyRule::hasIntent).mapToInt(PolicyRule::priority).max().orElse(r.priority());
                List<PolicyRule> ties = matched.stream().filter(x -> x != r && x.hasIntent() && x.priority() == r.priority()
                        && x.intent() != r.intent()).toList();
                if (r.priority() < top) {
                    PolicyRule over = matched.stream().filter(x -> x.hasIntent() && x.priority() == top).findFirst().orElseThrow();
                    parts.add("its intent is overridden by " + over.name() + " (priority " + top + ")");
                } else if (!ties.isEmpty()) {
                    parts.add("sets the intent, tied at priority " + r.priority() + " with " + ties.get(0).name()
                            + " (" + ties.get(0).intent().id() + "): which one wins is not defined");
                } else {
                    parts.add("sets the intent " + r.intent().id());
                }
            }
        }
        if (r.hasDecision()) {
            PolicyRule top = null;
            for (PolicyRule x : matched) {
                if (!x.hasDecision()) continue;
                if (top == null || x.priority() > top.priority() || x.priority() == top.priority() && x.denies() && !top.denies()) top = x;
            }
            if (top == r || top != null && top.priority() == r.priority() && top.denies() == r.denies()) {
                parts.add(r.denies() ? "denies the request" : "allows the request");
            } else if (top != null) {
                parts.add("its " + (r.denies() ? "deny" : "allow") + " is overridden by " + top.name() + " (" + (top.denies() ? "deny" : "allow")
                        + ", priority " + top.priority() + ")");
            }
        }
        if (!r.forbid().isEmpty()) parts.add("forbids " + r.forbid().stream().map(PolicyReader::name).sorted().collect(Collectors.joining(", ")));
        if (!r.prefer().isEmpty()) {
            parts.add(namesNode ? "its prefer does not apply: the request names a node"
                    : "prefers " + r.prefer().stream().map(PolicyReader::name).collect(Collectors.joining(", ")));
        }
        return String.join("; ", parts);
    }
}
