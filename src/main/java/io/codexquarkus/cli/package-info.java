/**
 * The command line: picocli commands, logging set-up and the native image's reflection list. The top of the graph.
 *
 * <p>Depends on: {@code exec}, {@code mcp}, {@code agent}, {@code model}, {@code tools}, {@code sandbox}, {@code auth},
 * {@code config}, {@code common}.
 */
package io.codexquarkus.cli;
