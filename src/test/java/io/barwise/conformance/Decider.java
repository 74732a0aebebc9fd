package io.barwise.conformance;

import io.barwise.engine.Report;
import io.barwise.model.Scenario;

/**
 * Something that decides every request of a scenario: the Drools engine or the plain-Java reference model.
 * Every conformance case runs against both, the way OPA runs its test cases against each of its evaluators.
 */
@FunctionalInterface
interface Decider {
    Report decide(Scenario scenario);
}
