package io.barwise.model;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parses the lower-case names that scenario files use for enums, with a message listing valid names. */
final class Names {
    private Names() {}

    static <E extends Enum<E>> E parse(Class<E> type, String text, Function<E, String> name) {
        if (text != null) {
            for (E e : type.getEnumConstants()) {
                if (name.apply(e).equalsIgnoreCase(text.trim())) return e;
            }
        }
        throw new IllegalArgumentException("unknown value '" + text + "', expected one of: "
                + Arrays.stream(type.getEnumConstants()).map(name).collect(Collectors.joining(", ")));
    }
}
