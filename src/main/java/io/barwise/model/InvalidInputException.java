package io.barwise.model;

/**
 * Bad input: a scenario, policy, test or rule file that cannot be used. Carries where the problem
 * is, a stable code ({@link ErrorCode}), and a one-line hint for fixing it. The CLI turns it into exit code 3.
 */
public class InvalidInputException extends RuntimeException {
    private final SourceLocation location;
    private final String code;
    private final String hint;

    public InvalidInputException(String code, SourceLocation location, String message, String hint) {
        super(message);
        this.code = code;
        this.location = location == null ? SourceLocation.UNKNOWN : location;
        this.hint = hint;
    }

    public InvalidInputException(ErrorCode code, SourceLocation location, String message, String hint) {
        this(code.id(), location, message, hint);
    }

    public InvalidInputException(String code, SourceLocation location, String message) {
        this(code, location, message, null);
    }

    public SourceLocation location() { return location; }

    public String code() { return code; }

    public String hint() { return hint; }

    /** {@code file:line:col: message (field) - hint} on one line. */
    public String describe() {
        return location + ": " + getMessage() + (hint == null ? "" : " - " + hint);
    }
}
