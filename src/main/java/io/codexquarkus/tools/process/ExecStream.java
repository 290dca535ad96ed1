package io.codexquarkus.tools.process;

/** The two output streams of a command, with their names in {@code exec_command_output_delta} events. */
public enum ExecStream {
    STDOUT("stdout"),
    STDERR("stderr");

    private final String wire;

    ExecStream(String wire) {
        this.wire = wire;
    }

    /** The event spelling: {@code stdout} or {@code stderr}. */
    public String wire() {
        return wire;
    }
}
