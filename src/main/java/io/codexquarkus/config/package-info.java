/**
 * The configuration: {@code config.toml} layers, {@code -c} overrides and profiles merged into the typed {@code
 * CodexConfig} every other package reads, and the edits that write settings back.
 *
 * <p>Depends on: {@code common}.
 */
package io.codexquarkus.config;
