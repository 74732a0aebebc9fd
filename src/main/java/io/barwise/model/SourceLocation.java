package io.barwise.model;

/**
 * Where something was written: file, 1-based line and column, and the field path (YAML) if known.
 * Line 0 means the place has no line (a directory, an option): it prints as the file and field only.
 */
public record SourceLocation(String file, int line, int column, String field) {
    public static final SourceLocation UNKNOWN = new SourceLocation("<unknown>", 0, 0, "");

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line + ":" + column : "") + (field == null || field.isEmpty() ? "" : " (" + field + ")");
    }
}
