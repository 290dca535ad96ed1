package io.codexquarkus.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** URI scheme for file links ({@code file_opener}). */
public enum FileOpener implements WireEnum {
    VSCODE("vscode"),
    VSCODE_INSIDERS("vscode-insiders"),
    WINDSURF("windsurf"),
    CURSOR("cursor"),
    NONE("none");

    private final String wire;

    FileOpener(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static FileOpener fromWire(String value) {
        return WireEnum.parse(FileOpener.class, value);
    }

    @Override
    public String toString() {
        return wire;
    }
}
