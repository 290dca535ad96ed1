package io.codexquarkus.agent.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.HashMap;
import java.util.Map;

/** The wire name of each {@link EventMsg} variant, read once from the {@code @JsonSubTypes} table. */
final class EventTypes {
    private static final Map<Class<?>, String> NAMES = new HashMap<>();

    static {
        for (JsonSubTypes.Type type :
                EventMsg.class.getAnnotation(JsonSubTypes.class).value()) {
            NAMES.put(type.value(), type.name());
        }
    }

    private EventTypes() {}

    static String nameOf(EventMsg msg) {
        return NAMES.get(msg.getClass());
    }
}
