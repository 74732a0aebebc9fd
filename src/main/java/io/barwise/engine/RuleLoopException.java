package io.barwise.engine;

import java.util.List;

/** The rules kept re-activating each other past the firing limit; names the rules involved. */
public class RuleLoopException extends RuntimeException {
    private final List<String> rules;

    public RuleLoopException(int limit, List<String> rules) {
        super("rules kept firing past the limit of " + limit + " firings for one request; involved: " + String.join(", ", rules));
        this.rules = List.copyOf(rules);
    }

    public List<String> rules() { return rules; }
}
