/**
 * {@code codex-quarkus exec}: runs one conversation without a terminal UI and prints its events, for people or as JSON
 * lines.
 *
 * <p>Depends on: {@code agent}, {@code model}, {@code tools}, {@code sandbox}, {@code auth}, {@code config}, {@code
 * common}.
 */
package io.codexquarkus.exec;
