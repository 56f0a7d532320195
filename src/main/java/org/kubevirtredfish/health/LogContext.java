package org.kubevirtredfish.health;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;

/**
 * Fields added to every log record the current thread writes, through Open Liberty's
 * {@code com.ibm.websphere.logging.hpel.LogRecordContext}: in Liberty's JSON logs each one is a separate field
 * {@code ext_<name>} (a name ending in {@code _int}, {@code _long} or {@code _bool} gives a number or a boolean).
 * Outside Liberty (unit tests) there is no such class and nothing is added.
 */
final class LogContext {

    private static final MethodHandle ADD;
    private static final MethodHandle REMOVE;

    static {
        MethodHandle add = null;
        MethodHandle remove = null;
        try {
            Class<?> context = Class.forName("com.ibm.websphere.logging.hpel.LogRecordContext");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            add = lookup.findStatic(context, "addExtension", MethodType.methodType(void.class, String.class,
                    String.class));
            remove = lookup.findStatic(context, "removeExtension", MethodType.methodType(boolean.class,
                    String.class));
        } catch (ReflectiveOperationException | LinkageError absent) {
            // not on Open Liberty
        }
        ADD = add;
        REMOVE = remove;
    }

    private LogContext() {
    }

    static boolean available() {
        return ADD != null;
    }

    static void put(String name, String value) {
        if (ADD != null && value != null) {
            try {
                ADD.invokeExact(name, value);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static void putAll(Map<String, String> fields) {
        fields.forEach(LogContext::put);
    }

    static void remove(Iterable<String> names) {
        if (REMOVE != null) {
            for (String name : names) {
                try {
                    boolean removed = (boolean) REMOVE.invokeExact(name);
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
