/**
 * The facts the DRL rules under {@code rules/io/barwise/rules} reason about. Internal: the public
 * API is {@link io.barwise.model} and {@link io.barwise.engine}. Every fact is an immutable record;
 * rules only insert, so each fact is one step of an explanation.
 */
package io.barwise.rules;
