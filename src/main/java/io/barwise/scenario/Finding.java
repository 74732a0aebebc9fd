package io.barwise.scenario;

import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;

/**
 * What the consistency checks found in a well-formed scenario: an error (no machine can look like
 * this, so deciding it would mean nothing) or a warning (real machines do show it, but a decision
 * about it may not mean what it seems). Always located, with a stable code and a fix hint.
 */
public record Finding(boolean error, String code, SourceLocation location, String message, String hint) {

    static Finding error(String code, SourceLocation at, String message, String hint) {
        return new Finding(true, code, at, message, hint);
    }

    static Finding warning(String code, SourceLocation at, String message, String hint) {
        return new Finding(false, code, at, message, hint);
    }

    /** The error as the exception every reader throws for bad input (exit 3). */
    public InvalidInputException toException() {
        return new InvalidInputException(code, location, message, hint);
    }

    /** {@code file:line:col (field): message - hint} on one line, as {@link InvalidInputException#describe()}. */
    public String describe() {
        return location + ": " + message + (hint == null ? "" : " - " + hint);
    }
}
