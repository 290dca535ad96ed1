package io.codexquarkus.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** An enum whose constants have one exact spelling on the wire and in config.toml. */
public interface WireEnum {
    String wire();

    static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wire().equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown variant `" + value + "`, expected one of " + expected(type));
    }

    static <E extends Enum<E> & WireEnum> String expected(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(c -> "`" + c.wire() + "`")
                .collect(Collectors.joining(", "));
    }
}
