package org.longscribe.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscribe.batch.BatchLock;
import org.longscribe.error.OutputNotWritableException;

/**
 * Files another user put where longscribe keeps its own (a shared OUT_DIR, a shared temp folder):
 * a lock that user could hold open, a FIFO at the lock's name, a work folder with our marker, a key
 * file others may read. The other user is {@code nobody}, through setpriv (the tests run as root on
 * CI; elsewhere the cases that need another user are skipped).
 */
class OtherUsersFilesTest {
    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    /** Runs {@code command} as nobody, in {@code dir} made writable for all. */
    private Process asNobody(String... command) throws Exception {
        assumeTrue(Owner.uid() == 0, "needs root to act as another user");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> c = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        c.addAll(List.of(command));
        return new ProcessBuilder(c).redirectErrorStream(true).start();
    }

    @Test
    void theBatchLockIsThisUsersAloneAndOnlyARegularFile() throws Exception {
        try (BatchLock held = BatchLock.tryAcquire(dir).orElseThrow()) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(dir.resolve(BatchLock.FILE_NAME)));
        }
        Path lock = dir.resolve(BatchLock.FILE_NAME);
        Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-r--r--")); // an older version's
        BatchLock.tryAcquire(dir).orElseThrow().close();
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(lock));
        if (Owner.uid() == 0) { // nobody cannot open it, so cannot hold it
            Process p = asNobody("sh", "-c", "exec 3<'" + lock + "'");
            assertNotEquals(0, p.waitFor(), "nobody opened our lock file");
        }
        Files.delete(lock);
        Process mkfifo = new ProcessBuilder("mkfifo", lock.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        CompletableFuture<Object> tried = CompletableFuture.supplyAsync(() -> {
            try {
                return BatchLock.tryAcquire(dir);
            } catch (Exception e) {
                return e;
            }
        });
        Object result = tried.get(10, TimeUnit.SECONDS); // a hang fails here
        assertTrue(result instanceof OutputNotWritableException, String.valueOf(result));
        assertTrue(((Exception) result).getMessage().contains("is not a regular file"), ((Exception) result).getMessage());
        assertEquals(73, ((OutputNotWritableException) result).exitCode());
    }

    @Test
    void aLockHeldByAnotherUserIsSaidToBeTheirs() throws Exception {
        Path lock = dir.resolve(BatchLock.FILE_NAME);
        Path holder = dir.resolve("Hold.java");
        Files.writeString(holder, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Hold {
                    public static void main(String[] a) throws Exception {
                        FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        c.lock();
                        System.out.println("held");
                        Thread.sleep(60_000);
                    }
                }
                """);
        Process p = asNobody(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m", holder.toString(), lock.toString());
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("held", r.readLine());
            assertEquals(Optional.empty(), BatchLock.tryAcquire(dir).map(l -> l));
            String who = BatchLock.holder(dir);
            assertEquals("process " + p.pid() + " of another user (uid " + NOBODY + ")", who.replaceAll("process \\d+", "process " + p.pid()));
            assertTrue(who.contains("of another user (uid " + NOBODY + ")"), who);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aWorkFolderOfAnotherUsersIsNeitherOursToMapNorToRemove() throws Exception {
        Path theirs = dir.resolve("longscribe-999999-planted");
        Path wav = theirs.resolve("decoded.wav");
        Process p = asNobody("sh", "-c", "mkdir -m 700 '" + theirs + "' && touch '" + theirs.resolve(WorkDirs.MARKER) + "' && printf RIFF > '"
                + wav + "' && printf '%s' '" + dir.resolve("talk.json.longscribe-journal") + "' > '" + theirs.resolve(WorkDirs.JOURNAL_LINK) + "'");
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertFalse(WorkDirs.isWorkDir(theirs));
        assertFalse(WorkDirs.keptFor(wav, dir.resolve("talk.json.longscribe-journal")));
        WorkDirs.removeStale(dir);
        assertTrue(Files.exists(wav), "their folder stays");

        Path ours = WorkDirs.create(dir);
        assertTrue(WorkDirs.isWorkDir(ours));
        Files.setPosixFilePermissions(ours, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertFalse(WorkDirs.isWorkDir(ours), "a folder anyone may write is not believed");
    }

    @Test
    void theKeyIsThisUsersPrivateFileOrNone() throws Exception {
        Path state = dir.resolve("state");
        RunKey first = RunKey.load(state);
        assertNull(first.problem());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(state.resolve(RunKey.FILE)));
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(state));
        assertArrayEquals(first.bytes(), RunKey.load(state).bytes(), "the same key every run");
        assertTrue(first.verify("line", first.sign("line")));
        assertFalse(first.verify("line.", first.sign("line")));

        Files.setPosixFilePermissions(state.resolve(RunKey.FILE), PosixFilePermissions.fromString("rw-r--r--"));
        RunKey readable = RunKey.load(state);
        assertTrue(readable.problem().contains("not this user's private file"), readable.problem());
        assertFalse(java.util.Arrays.equals(first.bytes(), readable.bytes()), "a key others may have read is not used");

        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Files.createSymbolicLink(other.resolve(RunKey.FILE), state.resolve(RunKey.FILE));
        assertTrue(RunKey.load(other).problem().contains("not this user's private file"));
    }

    @Test
    void twoFirstRunsAgreeOnOneKey() throws Exception {
        Path state = dir.resolve("state");
        List<CompletableFuture<RunKey>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> RunKey.load(state)));
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        byte[] key = Files.readAllBytes(state.resolve(RunKey.FILE));
        for (CompletableFuture<RunKey> r : runs) {
            assertArrayEquals(key, r.get().bytes());
        }
        assertThrows(IllegalArgumentException.class, () -> RunKey.use(new byte[3]));
    }
}
