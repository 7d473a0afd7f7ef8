package org.longscribe.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.longscribe.error.IntegrityException;
import org.longscribe.store.WriteFailure;

/**
 * Unpacks a downloaded zip, which is other people's data: no entry may land outside the target
 * directory (absolute names, {@code ..}), and the bytes actually written (not what the headers claim)
 * may not exceed a bound, so a zip bomb stops early. A single top-level folder, as the official
 * model zips have, is stripped.
 */
final class SafeUnzip {
    static final int MAX_ENTRIES = 100_000;

    private SafeUnzip() {
    }

    /**
     * Unpacks {@code zip} (the download of {@code model}, named in errors) into the existing, empty
     * directory {@code target}, writing at most {@code maxBytes}. On failure what was written stays:
     * the caller removes {@code target}.
     */
    static void unpack(Path zip, Path target, long maxBytes, String model) throws IOException {
        Path what = Path.of(model);
        try (ZipFile file = new ZipFile(zip.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(file.entries());
            if (entries.size() > MAX_ENTRIES) {
                throw new IntegrityException(what, "the zip has " + entries.size() + " entries; at most " + MAX_ENTRIES);
            }
            String prefix = commonFolder(entries);
            Path root = target.toAbsolutePath().normalize();
            long written = 0;
            byte[] buffer = new byte[1 << 16];
            for (ZipEntry entry : entries) {
                String name = entry.getName().replace('\\', '/');
                if (name.startsWith("/") || name.matches("^[A-Za-z]:.*") || List.of(name.split("/")).contains("..")) {
                    throw new IntegrityException(what, "the zip entry '" + entry.getName() + "' points outside its folder");
                }
                String relative = name.substring(prefix.length());
                if (relative.isEmpty()) {
                    continue;
                }
                Path out = root.resolve(relative).normalize();
                if (!out.startsWith(root)) {
                    throw new IntegrityException(what, "the zip entry '" + entry.getName() + "' points outside its folder");
                }
                try {
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                        continue;
                    }
                    Files.createDirectories(out.getParent());
                    try (InputStream in = file.getInputStream(entry); OutputStream o = Files.newOutputStream(out)) {
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            written += n;
                            if (written > maxBytes) {
                                throw new IntegrityException(what, "the zip expands beyond " + maxBytes / 1_000_000
                                        + " MB (a zip bomb, or not the model the list describes)");
                            }
                            o.write(buffer, 0, n);
                        }
                    }
                } catch (IntegrityException e) {
                    throw e;
                } catch (ZipException e) {
                    throw new IntegrityException(what, "the zip is damaged (" + e.getMessage() + ")");
                } catch (IOException e) {
                    throw WriteFailure.cannotWrite(out, "the unpacked model", e);
                }
            }
        } catch (ZipException e) {
            throw new IntegrityException(what, "not a zip file (" + e.getMessage() + ")");
        }
    }

    /** "NAME/" when every entry is inside one top-level folder, else "". */
    private static String commonFolder(List<? extends ZipEntry> entries) {
        String folder = null;
        for (ZipEntry e : entries) {
            String name = e.getName().replace('\\', '/');
            int slash = name.indexOf('/');
            if (slash <= 0) {
                return "";
            }
            String first = name.substring(0, slash + 1);
            if (folder == null) {
                folder = first;
            } else if (!folder.equals(first)) {
                return "";
            }
        }
        return folder == null ? "" : folder;
    }
}
