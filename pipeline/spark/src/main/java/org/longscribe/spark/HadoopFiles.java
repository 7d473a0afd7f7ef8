package org.longscribe.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.longscribe.transcript.AtomicOutput;

/** The few things the job does with Hadoop file systems, in one place. */
final class HadoopFiles {
    private HadoopFiles() {
    }

    /** The local path a URI names when it is on the local file system (file: or no scheme); else empty. */
    static Optional<Path> localPath(String uri) {
        URI u = URI.create(uri);
        if (u.getScheme() == null) {
            return Optional.of(Path.of(u.getPath()));
        }
        return "file".equals(u.getScheme()) ? Optional.of(Path.of(u)) : Optional.empty();
    }

    /** Hadoop's local file system writes a .crc file beside each file; the raw one does not. */
    static FileSystem withoutChecksums(FileSystem fs) {
        return fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRawFileSystem() : fs;
    }

    /**
     * Writes {@code target} under a temporary name beside it, then renames it into place: atomic on
     * HDFS; on S3 a rename is a copy, so the file appears late but never half-written.
     */
    static void writeAtomically(org.apache.hadoop.fs.Path target, org.apache.hadoop.conf.Configuration conf,
                                AtomicOutput.Writer writer) throws IOException {
        FileSystem fs = withoutChecksums(target.getFileSystem(conf));
        org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(target.getParent(),
                "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try (OutputStream out = fs.create(temp, true)) {
            writer.write(out);
        }
        if (fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(temp, target)) {
            fs.delete(temp, false);
            throw new IOException("cannot rename " + temp + " to " + target);
        }
    }
}
