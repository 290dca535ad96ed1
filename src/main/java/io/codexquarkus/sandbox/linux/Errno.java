package io.codexquarkus.sandbox.linux;

/** Linux errno values (the same on x86_64 and aarch64) and the C library's text for the ones the helper meets. */
final class Errno {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int E2BIG = 7;
    static final int ENOEXEC = 8;
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int ENODEV = 19;
    static final int ENOTDIR = 20;
    static final int EINVAL = 22;
    static final int ETXTBSY = 26;
    static final int ENAMETOOLONG = 36;
    static final int ENOSYS = 38;
    static final int ELOOP = 40;
    static final int EOPNOTSUPP = 95;
    static final int ETIMEDOUT = 110;
    static final int EHOSTUNREACH = 113;
    static final int ESTALE = 116;

    private Errno() {}

    /** {@code strerror(errno)} followed by {@code (os error N)}, as Rust's io::Error prints it. */
    static String describe(int errno) {
        String text = switch (errno) {
            case EPERM -> "Operation not permitted";
            case ENOENT -> "No such file or directory";
            case EINTR -> "Interrupted system call";
            case E2BIG -> "Argument list too long";
            case ENOEXEC -> "Exec format error";
            case ENOMEM -> "Cannot allocate memory";
            case EACCES -> "Permission denied";
            case ENODEV -> "No such device";
            case ENOTDIR -> "Not a directory";
            case EINVAL -> "Invalid argument";
            case ETXTBSY -> "Text file busy";
            case ENAMETOOLONG -> "File name too long";
            case ENOSYS -> "Function not implemented";
            case ELOOP -> "Too many levels of symbolic links";
            case EOPNOTSUPP -> "Operation not supported";
            default -> "error " + errno;
        };
        return text + " (os error " + errno + ")";
    }
}
