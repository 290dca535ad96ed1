package io.codexquarkus.tools.mcp;

/** The protocol era a server was reached in, decided per server by {@link EraProbe}. */
enum McpEra {
    /** {@code initialize} and a stateful session: the 2025 protocol revisions. */
    LEGACY("2025-06-18"),
    /** Stateless requests carrying their own {@code _meta}: the 2026-07-28 revision. */
    MODERN("2026-07-28");

    /** The protocol version this client claims in the era. */
    final String version;

    McpEra(String version) {
        this.version = version;
    }
}
