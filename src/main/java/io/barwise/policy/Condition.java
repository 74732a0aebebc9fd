package io.barwise.policy;

import io.barwise.model.SourceLocation;

/**
 * One compiled match condition of a policy rule. {@code test} is evaluated against the views of a
 * request's device, BAR, platform and request; {@code describe} reports the values a failing
 * condition saw, for "why not" explanations.
 */
public interface Condition {
    String source();

    SourceLocation location();

    boolean test(PolicyContext ctx);

    /** The values of the variables and properties the expression reads, as {@code name=value} text. */
    String observed(PolicyContext ctx);

    /** The properties the expression reads, as {@code root.property} (e.g. {@code bar.index}), in order of first use. */
    default java.util.List<String> reads() { return java.util.List.of(); }
}
