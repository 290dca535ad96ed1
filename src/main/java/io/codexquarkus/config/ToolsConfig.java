package io.codexquarkus.config;

/** {@code [tools]}: optional model tools. */
public record ToolsConfig(boolean webSearch, boolean viewImage) {}
