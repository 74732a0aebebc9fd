package io.barwise.output;

/**
 * How a command prints its result: a table for people, a document for tools (JSON or YAML, the same
 * data), or JUnit XML for CI (only {@code barwise test}).
 */
public enum Format {
    table, json, yaml, junit, csv, jsonl;

    /** JSON or YAML: a data document written by {@link Contract#write}. */
    public boolean document() { return this == json || this == yaml; }
}
