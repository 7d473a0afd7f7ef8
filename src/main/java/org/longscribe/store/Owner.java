package org.longscribe.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Who a file belongs to. A file longscribe reads back as its own (a journal, a work folder, a lock)
 * is believed only when it is this user's and nobody else may change it: in a shared folder anyone
 * can plant a file under one of our names, but not one owned by us.
 */
public final class Owner {
    private static final long UID = currentUid();

    private Owner() {
    }

    /** This process's user id; -1 where the system does not say. */
    public static long uid() {
        return UID;
    }

    /** Whether {@code path} itself (not a link's target) belongs to this user and no one else may write it. */
    public static boolean isOurs(Path path) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            return owns(path) && !mode.contains(PosixFilePermission.GROUP_WRITE) && !mode.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | RuntimeException e) {
            return false; // gone, or a file system without owners: nothing to prove it by
        }
    }

    /** Whether {@code path} itself belongs to this user (never where either owner is unknown). */
    public static boolean owns(Path path) {
        return UID >= 0 && ownerOf(path) == UID;
    }

    /** The user id that owns {@code path} itself, or -1. */
    public static long ownerOf(Path path) {
        try {
            return ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long currentUid() {
        try {
            // /proc/self is this process's folder, owned by its effective user.
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
