package io.codexquarkus.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether prompts are appended to history.jsonl ({@code history.persistence}). */
public enum HistoryPersistence implements WireEnum {
    SAVE_ALL("save-all"),
    NONE("none");

    private final String wire;

    HistoryPersistence(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static HistoryPersistence fromWire(String value) {
        return WireEnum.parse(HistoryPersistence.class, value);
    }

    @Override
    public String toString() {
        return wire;
    }
}
