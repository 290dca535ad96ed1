package io.codexquarkus.exec.output;

/** ANSI styling that disappears when colour is off. */
public record Style(boolean enabled) {
    private static final String RESET = "\u001b[0m";

    public String bold(String text) {
        return wrap("1", text);
    }

    public String dim(String text) {
        return wrap("2", text);
    }

    public String italic(String text) {
        return wrap("3", text);
    }

    public String red(String text) {
        return wrap("31", text);
    }

    public String green(String text) {
        return wrap("32", text);
    }

    public String magenta(String text) {
        return wrap("35", text);
    }

    public String cyan(String text) {
        return wrap("36", text);
    }

    private String wrap(String code, String text) {
        return enabled ? "\u001b[" + code + "m" + text + RESET : text;
    }
}
