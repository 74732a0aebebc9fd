/**
 * The decision engine: a Drools session per {@link io.barwise.engine.DecisionEngine#decide} call
 * over a shared, immutable rule base (the built-in executable model plus optional user DRL).
 */
package io.barwise.engine;
