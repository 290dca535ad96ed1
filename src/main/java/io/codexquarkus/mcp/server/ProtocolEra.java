package io.codexquarkus.mcp.server;

/**
 * Which protocol a connection speaks, decided by its opening messages: an {@code initialize} chooses the 2025-era
 * protocol; a request carrying the 2026-07-28 {@code _meta} chooses the stateless revision; a {@code server/discover}
 * alone does not decide yet, because a dual-era client may probe with it and then send {@code initialize} on the same
 * stream.
 */
public enum ProtocolEra {
    /** Nothing read yet. */
    UNDECIDED,
    /** Only a 2026-07-28 {@code server/discover} so far: an {@code initialize} may still choose the 2025 protocol. */
    PROBED,
    /** {@code initialize} (or a request without the 2026-07-28 claim) came first: the 2025-era protocol. */
    LEGACY,
    /** A 2026-07-28 request other than {@code server/discover} came first: every request is judged on its own. */
    MODERN
}
