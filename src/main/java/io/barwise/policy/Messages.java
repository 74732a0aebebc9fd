package io.barwise.policy;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A policy rule's {@code message} may name the request's facts as {@code {device.bdf}},
 * {@code {device.driver}}, {@code {bar.index}}: the properties conditions read. They are filled in
 * when the rule matches, so a message never shows a placeholder.
 */
public final class Messages {
    private Messages() {}

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)\\.([A-Za-z]+)}");

    /** The placeholders of {@code template} that name no property, as written ({@code {device.bfd}}). */
    public static List<String> unknown(String template) {
        List<String> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            var props = Properties.BY_ROOT.get(m.group(1));
            if (props == null || !props.contains(m.group(2))) out.add(m.group());
        }
        return out;
    }

    /** The template with each placeholder replaced by the value the request's context has. */
    public static String expand(String template, PolicyContext ctx) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(value(ctx, m.group(1), m.group(2), m.group())));
        m.appendTail(sb);
        return sb.toString();
    }

    private static String value(PolicyContext ctx, String root, String property, String asWritten) {
        Object view = switch (root) {
            case "device" -> ctx.device();
            case "bar" -> ctx.bar();
            case "platform" -> ctx.platform();
            case "request" -> ctx.request();
            default -> null;
        };
        if (view == null) return asWritten;
        String cap = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (String name : List.of("get" + cap, "is" + cap)) {
            try {
                Method g = view.getClass().getMethod(name);
                return String.valueOf(g.invoke(view));
            } catch (ReflectiveOperationException e) {
                // try the other getter form
            }
        }
        return asWritten;
    }
}
