package org.longscribe.spark;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;

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
}
