package io.barwise.model;

/**
 * A node considered for an intent and why it was or was not chosen.
 *
 * @param fulfils granted, and both its page attributes and its effective type give what the intent asks for
 */
public record Alternative(String node, boolean chosen, String verdict, boolean fulfils) {
    /** A node that does not fulfil the intent (not granted, or not known to). */
    public Alternative(String node, boolean chosen, String verdict) { this(node, chosen, verdict, false); }
}
