package io.codexquarkus.tools.applypatch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Git's object id of a blob: SHA-1 of {@code "blob <length>\0"} followed by the bytes. */
public final class GitBlob {
    /** The id git prints for a side that does not exist. */
    public static final String ZERO_OID = "0000000000000000000000000000000000000000";

    private GitBlob() {}

    public static String oid(byte[] content) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            sha1.update(content);
            return HexFormat.of().formatHex(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
        }
    }
}
