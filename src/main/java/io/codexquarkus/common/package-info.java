/**
 * Small helpers any package may use: the shared JSON mapper, exit codes and the exception that carries one, ids, shell
 * quoting, durations, file helpers and the lazily started Vert.x.
 *
 * <p>Depends on: nothing else in the project.
 */
package io.codexquarkus.common;
