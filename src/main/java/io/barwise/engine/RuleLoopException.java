package io.barwise.engine;

import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import java.util.List;

/**
 * The rules kept re-activating each other past the firing limit: a rule set that loops (for
 * example a user rule that inserts a fact its own condition matches). Names the rules involved.
 * It is the rule set's fault, so it is reported as invalid input (exit code 3).
 */
public class RuleLoopException extends InvalidInputException {
    private final List<String> rules;

    public RuleLoopException(int limit, List<String> rules) {
        super("rule-loop", SourceLocation.UNKNOWN, "rules kept firing past the limit of " + limit
                + " firings; the rules involved: " + String.join(", ", rules),
                "make each rule's consequence stop matching its own condition (e.g. add a `not` guard)");
        this.rules = List.copyOf(rules);
    }

    public List<String> rules() { return rules; }
}
