/**
 * Runs commands and turns their output into what the model sees.
 *
 * <ul>
 *   <li>{@link io.codexquarkus.tools.process.SandboxedExec} is the one entry for a command under a sandbox policy
 *       (the {@code shell} tool, {@code execOneOffCommand}, {@code sandbox linux|macos}): it checks the sandbox,
 *       builds the environment, wraps the argv and runs it captured or in the foreground.
 *   <li>{@link io.codexquarkus.tools.process.ProcessRunner} spawns the (already sandbox-wrapped) argv with exactly the
 *       given environment, stdin from {@code /dev/null}, streams stdout/stderr chunks to an
 *       {@link io.codexquarkus.tools.process.OutputListener}, enforces the timeout and cancellation by killing the whole
 *       process tree, and returns an {@link io.codexquarkus.tools.process.ExecOutput}.
 *   <li>{@link io.codexquarkus.tools.process.ExecOutputFormatter} renders that output for the model (JSON envelope,
 *       head/tail truncation, timeout prefix).
 *   <li>{@link io.codexquarkus.tools.process.ShellEnvironment} builds the environment from {@code
 *       [shell_environment_policy]}; {@link io.codexquarkus.tools.process.SandboxDenial} guesses whether a sandboxed
 *       failure was the sandbox's doing.
 * </ul>
 */
package io.codexquarkus.tools.process;
