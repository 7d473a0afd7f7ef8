package org.longscribe.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.longscribe.store.AtomicOutput;
import org.longscribe.store.LocalStore;
import org.longscribe.store.OutputStore;

/**
 * Outputs under a Hadoop file system root (HDFS, S3, viewfs, ...), with the contract of the CLI's
 * {@link LocalStore}: a file is written under a temporary name beside its target and renamed into
 * place when complete (atomic on HDFS; on S3 a rename is a copy, so it appears late but never half).
 */
final class HadoopStore implements OutputStore {
    private final org.apache.hadoop.fs.Path root;
    private final Configuration conf;

    private HadoopStore(org.apache.hadoop.fs.Path root, Configuration conf) {
        this.root = root;
        this.conf = conf;
    }

    /** The store for {@code root}: a {@link LocalStore} on the local file system (as the CLI writes), else Hadoop's. */
    static OutputStore at(String root, Configuration conf) {
        Optional<Path> local = HadoopFiles.localPath(root);
        return local.isPresent() ? new LocalStore(local.get()) : new HadoopStore(new org.apache.hadoop.fs.Path(root), conf);
    }

    private org.apache.hadoop.fs.Path path(String name) {
        return new org.apache.hadoop.fs.Path(root, name);
    }

    private FileSystem fs() throws IOException {
        return HadoopFiles.withoutChecksums(root.getFileSystem(conf));
    }

    @Override
    public void write(String name, AtomicOutput.Writer writer) throws IOException {
        FileSystem fs = fs();
        org.apache.hadoop.fs.Path target = path(name);
        fs.mkdirs(target.getParent());
        org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(target.getParent(),
                "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = fs.create(temp, true)) {
                writer.write(out);
            }
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(temp, target)) {
                throw new IOException("cannot rename " + temp + " to " + target);
            }
        } catch (IOException | RuntimeException e) {
            fs.delete(temp, false);
            throw e;
        }
    }

    @Override
    public boolean exists(String name) throws IOException {
        return fs().isFile(path(name));
    }

    @Override
    public Optional<InputStream> read(String name) throws IOException {
        FileSystem fs = fs();
        org.apache.hadoop.fs.Path file = path(name);
        return fs.isFile(file) ? Optional.of(fs.open(file)) : Optional.empty();
    }

    @Override
    public void delete(String name) throws IOException {
        FileSystem fs = fs();
        if (fs.isFile(path(name))) {
            fs.delete(path(name), false);
        }
    }

    @Override
    public Optional<Path> localPath(String name) {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
