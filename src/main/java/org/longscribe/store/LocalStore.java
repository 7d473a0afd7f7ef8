package org.longscribe.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.longscribe.error.OutputNotWritableException;

/** Outputs in a local directory, each written through an {@link AtomicOutput}. */
public final class LocalStore implements OutputStore {
    private final Path root;

    public LocalStore(Path root) {
        this.root = root;
    }

    @Override
    public void write(String name, AtomicOutput.Writer writer) throws IOException {
        Path target = root.resolve(name);
        createParent(target);
        try (AtomicOutput out = AtomicOutput.create(target)) {
            out.writeAndCommit(writer);
        }
    }

    @Override
    public boolean exists(String name) {
        return Files.isRegularFile(root.resolve(name));
    }

    @Override
    public Optional<InputStream> read(String name) throws IOException {
        Path file = root.resolve(name);
        return Files.isRegularFile(file) ? Optional.of(Files.newInputStream(file)) : Optional.empty();
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(root.resolve(name)); // a link is removed as a link
    }

    @Override
    public Optional<Path> localPath(String name) {
        return Optional.of(root.resolve(name));
    }

    /** Creates the directory {@code target} goes into; failing that, says so (exit 73). */
    public static void createParent(Path target) throws OutputNotWritableException {
        Path parent = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw WriteFailure.cannotWrite(parent, "a directory here", e);
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
