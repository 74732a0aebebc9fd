package io.barwise.policy;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The property names each view offers to policy expressions, derived from the views' getters. */
final class Properties {
    private Properties() {}

    static final Map<String, Set<String>> BY_ROOT = new TreeMap<>(Map.of(
            "device", of(Views.DeviceView.class), "bar", of(Views.BarView.class),
            "platform", of(Views.PlatformView.class), "request", of(Views.RequestView.class)));

    static final Set<String> ALL = BY_ROOT.values().stream().flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());

    private static Set<String> of(Class<?> view) {
        Set<String> names = new TreeSet<>();
        for (Method m : view.getDeclaredMethods()) {
            String n = m.getName();
            if (m.getParameterCount() != 0 || !java.lang.reflect.Modifier.isPublic(m.getModifiers())) continue;
            if (n.startsWith("get") && n.length() > 3) names.add(decapitalize(n.substring(3)));
            else if (n.startsWith("is") && n.length() > 2) names.add(decapitalize(n.substring(2)));
        }
        return names;
    }

    private static String decapitalize(String s) {
        return s.length() > 1 && Character.isUpperCase(s.charAt(1)) ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    static String describe() {
        return BY_ROOT.entrySet().stream().map(e -> e.getKey() + ".{" + String.join(",", e.getValue()) + "}")
                .collect(Collectors.joining(" "));
    }
}
