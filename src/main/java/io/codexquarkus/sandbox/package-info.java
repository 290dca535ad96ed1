/**
 * Sandbox policies and how a command is wrapped to obey them: Landlock and seccomp through the Linux helper, Seatbelt on
 * macOS, the writable roots, and what this host supports. It only says what to spawn; running it is {@code
 * tools.process}'s job.
 *
 * <p>Depends on: {@code config}, {@code common}.
 */
package io.codexquarkus.sandbox;
