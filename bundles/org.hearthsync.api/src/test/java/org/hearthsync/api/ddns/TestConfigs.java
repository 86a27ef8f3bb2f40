package org.hearthsync.api.ddns;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Instances of component property types (configuration annotations) for tests: the given values
 * by method name, the annotation's defaults for the rest, as Declarative Services would make them.
 */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static <A> A of(Class<A> type, Map<String, ?> values) {
        for (String k : values.keySet()) {
            try {
                type.getMethod(k);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type.getSimpleName() + " has no attribute " + k);
            }
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, m, args) -> {
            switch (m.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return type.getSimpleName() + values.keySet();
                case "hashCode":
                    return System.identityHashCode(p);
                case "equals":
                    return p == args[0];
                default:
                    return values.containsKey(m.getName()) ? values.get(m.getName()) : defaultOf(m);
            }
        });
        return type.cast(proxy);
    }

    private static Object defaultOf(Method m) {
        Object d = m.getDefaultValue();
        if (d == null) {
            throw new IllegalStateException(m.getName() + " has no default and no test value");
        }
        return d;
    }
}
