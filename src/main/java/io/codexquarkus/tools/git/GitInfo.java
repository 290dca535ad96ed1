package io.codexquarkus.tools.git;

/**
 * What a session records about its working directory's repository: the commit {@code HEAD} names, the branch ({@code
 * HEAD} when detached, null when unknown) and the URL of {@code origin} (null when there is none).
 */
public record GitInfo(String commitHash, String branch, String repositoryUrl) {}
