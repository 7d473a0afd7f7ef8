package org.longscribe.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.longscribe.asr.vosk.VoskModel;
import org.longscribe.asr.vosk.VoskSpeakerModel;
import org.longscribe.error.IntegrityException;
import org.longscribe.error.ModelException;
import org.longscribe.error.UnavailableException;
import org.longscribe.fetch.Downloader;
import org.longscribe.fetch.Http;
import org.longscribe.store.AtomicOutput;
import org.longscribe.store.TempFiles;
import org.longscribe.store.WriteFailure;

/**
 * Installs a model of the {@link ModelList} as {@code MODELS_DIR/NAME}: downloads its zip to a
 * temporary file beside MODELS_DIR (an interrupted download resumes with an HTTP range request when
 * run again), checks its size and md5 against the list, unpacks it into a temporary folder, checks
 * that it is a Vosk model (or a speaker model), and renames it into place. A failure leaves nothing
 * in MODELS_DIR.
 */
public final class ModelInstaller {
    /** Hears how an installation goes. */
    public interface Listener {
        /** {@code done} of {@code total} bytes downloaded (total -1 when unknown). */
        default void downloading(long done, long total) {
        }

        /** One line worth telling. */
        default void note(String line) {
        }
    }

    private final Path modelsDir;
    private final Http http;
    private final Listener listener;

    public ModelInstaller(Path modelsDir, Http http, Listener listener) {
        this.modelsDir = modelsDir;
        this.http = http;
        this.listener = listener;
    }

    /** Whether {@code name} is installed: a folder of that name that holds a model. */
    public static boolean installed(Path modelsDir, String name) {
        Path dir = modelsDir.resolve(name);
        return VoskModel.missingParts(dir).isEmpty() || VoskSpeakerModel.missingParts(dir).isEmpty();
    }

    /** Installs {@code name} from {@code list}; returns its directory (also when it was there already). */
    public Path install(ModelList list, String name) throws IOException {
        Path target = modelsDir.resolve(name);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._+-]*")) {
            throw new ModelException(Path.of(name), "not a model name");
        }
        if (installed(modelsDir, name)) {
            listener.note(name + " is installed already, in " + target);
            return target;
        }
        ModelList.Entry entry = list.find(name).orElseThrow(() -> new ModelException(Path.of(name),
                "no such model in " + list.address() + "; closest: " + String.join(", ", list.closest(name, 3))));
        if (Files.exists(target)) {
            throw new ModelException(target, "is in the way: it exists but holds no model; remove it and try again");
        }
        try {
            Files.createDirectories(modelsDir);
        } catch (IOException e) {
            throw WriteFailure.cannotWrite(modelsDir, "the models directory", e);
        }
        URI zip = entry.zip(list.address());
        if (Downloader.isHttp(list.address().toString()) && !Downloader.isHttp(zip.toString())) {
            // A list from a server may not send the installer to local files (file:/etc/...) or elsewhere.
            throw new IntegrityException(Path.of(name), "the list at " + list.address() + " gives a zip address that is not http(s): " + zip);
        }
        Path lockFile = besideModelsDir(name + ".lock");
        java.util.Optional<org.longscribe.store.LockFile> lock;
        try {
            lock = org.longscribe.store.LockFile.tryAcquire(lockFile);
        } catch (IOException e) {
            throw WriteFailure.cannotWrite(lockFile, "the installation's lock", e);
        }
        if (lock.isEmpty()) {
            throw new org.longscribe.error.BusyException(Path.of(name), "another longscribe is installing this model now; "
                    + "try again when it has finished");
        }
        try (org.longscribe.store.LockFile held = lock.get().removedOnClose()) {
            if (installed(modelsDir, name)) { // the run we waited for installed it
                listener.note(name + " is installed already, in " + target);
                return target;
            }
            return installLocked(entry, name, zip, target);
        }
    }

    private Path installLocked(ModelList.Entry entry, String name, URI zip, Path target) throws IOException {
        Path partial = partialDownload(name);
        download(zip, partial, entry);
        verify(partial, entry);
        removeStaleUnpacking(name);
        Path unpacked = modelsDir.resolve("." + name + ".unpacking-" + ProcessHandle.current().pid());
        TempFiles.register(unpacked);
        try {
            Files.createDirectories(unpacked);
            // Vosk models compress by 1.2-3x; more than 10x is not a model.
            SafeUnzip.unpack(partial, unpacked, 10 * Files.size(partial) + (1 << 20), name);
            checkModel(unpacked, entry);
            if (!entry.isSpeakerModel()) {
                ReproducibleConf.disableDither(unpacked);
            }
            AtomicOutput.moveIntoPlace(unpacked, target);
            TempFiles.forget(unpacked);
        } catch (IntegrityException e) {
            Files.deleteIfExists(partial); // the download is what is wrong: fetch it anew next time
            throw e;
        } finally {
            TempFiles.delete(unpacked);
        }
        Files.deleteIfExists(partial);
        listener.note("installed " + name + " in " + target);
        return target;
    }

    /** Folders that a killed run (SIGKILL: no cleanup) was unpacking into. */
    private void removeStaleUnpacking(String name) {
        TempFiles.deleteDeadOwners(modelsDir, "." + name + ".unpacking-");
    }

    /** Where the zip is downloaded: beside MODELS_DIR, so that nothing half-done is ever in it. */
    Path partialDownload(String name) {
        return besideModelsDir(name + ".zip.partial");
    }

    /** {@code .MODELS-WHAT} in MODELS_DIR's parent: the installation's own files (the zip, the lock). */
    private Path besideModelsDir(String what) {
        Path absolute = modelsDir.toAbsolutePath().normalize();
        Path parent = absolute.getParent() == null ? absolute : absolute.getParent();
        return parent.resolve("." + absolute.getFileName() + "-" + what);
    }

    private void download(URI zip, Path partial, ModelList.Entry entry) throws IOException {
        Path what = Path.of(entry.name());
        String scheme = zip.getScheme() == null ? "" : zip.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            try (OutputStream out = java.nio.channels.Channels.newOutputStream(TempFiles.createExclusive(partial))) {
                Files.copy(Path.of(zip), out);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new UnavailableException(what, "the zip is not at " + zip, e);
            }
            return;
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IntegrityException(what, "the list gives a zip address that is not http(s) or file: " + zip);
        }
        long have = TempFiles.isRegularFile(partial) ? Files.size(partial) : 0; // a link there is not resumed into
        if (entry.size() > 0 && have > entry.size()) {
            Files.delete(partial);
            have = 0;
        }
        if (entry.size() > 0 && have == entry.size()) {
            return; // complete already (a run stopped while verifying or unpacking)
        }
        if (have > 0) {
            listener.note("resuming the download of " + entry.name() + " at " + have / 1_000_000 + " MB");
        }
        HttpResponse<InputStream> response;
        try {
            response = have > 0 ? http.get(zip, "Range", "bytes=" + have + "-") : http.get(zip);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        } catch (IOException e) {
            throw new UnavailableException(what, "cannot download " + zip + " (" + Http.why(e) + ")", e);
        }
        boolean append = have > 0 && response.statusCode() == 206;
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200 && response.statusCode() != 206) {
                throw new UnavailableException(what, "cannot download " + zip + " (HTTP " + response.statusCode() + ")", null);
            }
            long done = append ? have : 0;
            long total = entry.size() > 0 ? entry.size() : -1;
            try (OutputStream out = java.nio.channels.Channels.newOutputStream(append
                    ? TempFiles.openExclusiveForAppend(partial) : TempFiles.createExclusive(partial))) {
                byte[] buffer = new byte[1 << 16];
                for (int n; ; ) {
                    try {
                        n = in.read(buffer);
                    } catch (IOException e) {
                        throw new UnavailableException(what, "the download broke off at " + done / 1_000_000
                                + " MB (" + Http.why(e) + "); run the same command again to resume", e);
                    }
                    if (n < 0) {
                        break;
                    }
                    try {
                        out.write(buffer, 0, n);
                    } catch (IOException e) {
                        throw WriteFailure.cannotWrite(partial, "the download", e);
                    }
                    done += n;
                    listener.downloading(done, total);
                    if (total > 0 && done > total) {
                        break; // more than the list says: verify() tells
                    }
                }
            }
            if (total > 0 && done < total) {
                throw new UnavailableException(what, "the download ended at " + done + " of " + total
                        + " bytes; run the same command again to resume", null);
            }
        }
    }

    private static void verify(Path zip, ModelList.Entry entry) throws IOException {
        Path what = Path.of(entry.name());
        long size = Files.size(zip);
        if (entry.size() > 0 && size != entry.size()) {
            Files.deleteIfExists(zip);
            throw new IntegrityException(what, "downloaded " + size + " bytes, the list says " + entry.size());
        }
        if (entry.md5() != null && !entry.md5().isBlank()) {
            String md5 = md5(zip);
            if (!md5.equalsIgnoreCase(entry.md5().strip())) {
                Files.deleteIfExists(zip);
                throw new IntegrityException(what, "md5 of the download is " + md5 + ", the list says " + entry.md5());
            }
        }
    }

    static String md5(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void checkModel(Path dir, ModelList.Entry entry) throws IOException {
        Path what = Path.of(entry.name());
        if (entry.isSpeakerModel()) {
            List<String> missing = VoskSpeakerModel.missingParts(dir);
            if (!missing.isEmpty()) {
                throw new IntegrityException(what, "not a speaker model: missing " + String.join(", ", missing));
            }
            return;
        }
        List<String> missing = VoskModel.missingParts(dir);
        if (!missing.isEmpty()) {
            throw new IntegrityException(what, "not a Vosk model: missing " + String.join(", ", missing));
        }
    }
}
