package io.barwise.mapper;

/** Something stopped a BAR from being mapped or accessed. Subclasses say what. */
public class MappingException extends RuntimeException {
    public MappingException(String message) { super(message); }

    public MappingException(String message, Throwable cause) { super(message, cause); }
}
