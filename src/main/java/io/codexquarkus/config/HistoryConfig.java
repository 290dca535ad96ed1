package io.codexquarkus.config;

import java.util.Optional;

/** {@code [history]}: the global prompt history file. */
public record HistoryConfig(HistoryPersistence persistence, Optional<Long> maxBytes) {}
