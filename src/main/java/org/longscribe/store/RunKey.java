package org.longscribe.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret that proves a file longscribe reads back (a journal's lines) was written by this
 * user's longscribe: each line carries an HMAC-SHA256 under it, and a line without a valid one is
 * someone else's and never believed. Kept in {@value #FILE} under the user's state folder
 * ({@code $LONGSCRIBE_STATE_DIR}, else {@code $XDG_STATE_HOME/longscribe}, else
 * {@code ~/.local/state/longscribe}), mode 0600 in a folder of mode 0700, made on first use.
 *
 * <p>A key that cannot be had (a read-only home, a key file someone else owns or may read) leaves
 * the run with a key of its own, for this process alone: what it writes can never be resumed, and
 * {@link #problem()} says why, once. The Spark job hands the driver's key to its executors
 * ({@link #use}), so one job's journals prove themselves on every machine.
 */
public final class RunKey {
    public static final String FILE = "journal.key";
    private static final int BYTES = 32;
    private static volatile RunKey current;

    private final byte[] key;
    private final String problem;

    private RunKey(byte[] key, String problem) {
        this.key = key;
        this.problem = problem;
    }

    /** This user's key (made on first use), or a key for this process alone with {@link #problem()} saying why. */
    public static RunKey current() {
        RunKey k = current;
        if (k == null) {
            synchronized (RunKey.class) {
                if (current == null) {
                    current = load(stateDir());
                }
                k = current;
            }
        }
        return k;
    }

    /** Uses {@code key} (a job-wide secret, {@link #bytes()} of the driver's) in this process from now on. */
    public static void use(byte[] key) {
        if (key == null || key.length != BYTES) {
            throw new IllegalArgumentException("a run key has " + BYTES + " bytes, not " + (key == null ? "none" : key.length));
        }
        current = new RunKey(key.clone(), null);
    }

    /** The key's bytes, to hand to another process of the same job. */
    public byte[] bytes() {
        return key.clone();
    }

    /** Why what this process writes cannot be proven later (null when it can). */
    public String problem() {
        return problem;
    }

    /** The state folder the key is kept in. */
    public static Path stateDir() {
        String dir = System.getenv("LONGSCRIBE_STATE_DIR");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "longscribe");
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "longscribe");
    }

    /** The key in {@code dir}, made when there is none. */
    static RunKey load(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                create(dir, file);
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !Owner.owns(file)
                    || !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(TempFiles.PRIVATE)) {
                return ephemeral(file + " is not this user's private file (a link, another owner, or readable by others)");
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != BYTES) {
                return ephemeral(file + " does not hold a key of " + BYTES + " bytes");
            }
            return new RunKey(key, null);
        } catch (IOException | RuntimeException e) {
            return ephemeral(file + " cannot be made or read (" + e.getMessage() + ")");
        }
    }

    private static void create(Path dir, Path file) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        byte[] key = new byte[BYTES];
        new SecureRandom().nextBytes(key);
        // Written whole under a temporary name, then linked into place: two first runs at once
        // agree on one key (the second link fails, and it reads the first's).
        Path temp = Files.createTempFile(dir, "." + FILE + ".", ".tmp", PosixFilePermissions.asFileAttribute(TempFiles.PRIVATE));
        Files.write(temp, key);
        try {
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException raced) {
            // the other run's key stands
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static RunKey ephemeral(String problem) {
        byte[] key = new byte[BYTES];
        new SecureRandom().nextBytes(key);
        return new RunKey(key, problem);
    }

    /** The HMAC of {@code text} under this key, in lowercase hex. */
    public String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** Whether {@code mac} is {@code text}'s HMAC under this key (compared in constant time). */
    public boolean verify(String text, String mac) {
        return mac != null && MessageDigest.isEqual(sign(text).getBytes(StandardCharsets.US_ASCII), mac.getBytes(StandardCharsets.US_ASCII));
    }
}
