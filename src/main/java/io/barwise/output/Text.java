package io.barwise.output;

import java.util.ArrayList;
import java.util.List;

/** Human output fits {@link #WIDTH} columns: long lines wrap at spaces under a hanging indent. */
public final class Text {
    private Text() {}

    /** The width every table and message is laid out for. */
    public static final int WIDTH = 80;

    /**
     * {@code text} after {@code first}, wrapped at spaces to {@link #WIDTH} columns; continuation lines
     * start with {@code rest}. A word longer than a line (a path, a rule list item) is not broken.
     */
    public static List<String> wrap(String first, String text, String rest) {
        List<String> lines = new ArrayList<>();
        String line = first + text;
        int min = first.length();
        while (line.length() > WIDTH) {
            int cut = line.lastIndexOf(' ', WIDTH);
            if (cut <= min) cut = line.indexOf(' ', WIDTH);
            while (cut > min && line.charAt(cut - 1) == ' ') cut--;
            if (cut <= min) break;
            lines.add(line.substring(0, cut));
            line = rest + line.substring(cut).stripLeading();
            min = rest.length();
        }
        lines.add(line);
        return lines;
    }

    /** {@link #wrap} joined with newlines. */
    public static String wrapped(String first, String text, String rest) { return String.join("\n", wrap(first, text, rest)); }
}
