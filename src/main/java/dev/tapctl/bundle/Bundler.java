package dev.tapctl.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Reproducible Lambda deployment packages: the same function folder gives the same zip bytes, and so
 * the same {@code CodeSha256}, on any machine and in any run, so a changed hash means changed code.
 *
 * <ul>
 *   <li>Files only, in the order of their relative path ({@code /}-separated, {@link String#compareTo});
 *       no directory entries (unzip and Lambda create parent folders themselves).</li>
 *   <li>Left out: dotfiles and dot-folders, {@code __pycache__/}, {@code *.pyc}, {@code *.pyo} and
 *       {@code test_*.py}.</li>
 *   <li>Every entry has the DOS time {@link #ENTRY_TIME}, set with {@link ZipEntry#setTimeLocal}, which
 *       depends on no time zone; entries carry no extra field and no comment.</li>
 *   <li>Every entry is recorded as made on Unix with mode {@code 0644} (-rw-r--r--): Lambda needs code
 *       world-readable, and the mode on disk (umask, chmod, Windows) must not change the bytes.
 *       {@link ZipOutputStream} has no API for it, so the central directory it wrote is patched.</li>
 *   <li>DEFLATED at level {@value #COMPRESSION_LEVEL}. Deflate output is fixed for a given deflate
 *       implementation: the JDK's zlib gives the same bytes run after run; a JDK linked to a
 *       re-implementation (zlib-ng, Intel's or Cloudflare's zlib) may compress differently.</li>
 *   <li>A symbolic link inside the folder is refused rather than followed or stored (the folder itself
 *       may be a link).</li>
 *   <li>The files of the shared library, the folder {@value #SHARED_LIBRARY} beside the function
 *       folder (e.g. {@code functions/_shared/jsonlog.py}), when there is one, are in every function's
 *       zip too, at the same relative path, so {@code import jsonlog} works in Lambda; they follow the
 *       same rules, and a change to them changes every function's hash. A function's own file cannot
 *       replace a shared one: a file of the same path (or one that is a folder in the other) is refused.</li>
 * </ul>
 */
public final class Bundler {
    /**
     * DOS timestamp of every entry: 1980-02-01 00:00 (Gradle's constant, for the same reason). Not
     * 1980-01-01 00:00: its DOS encoding is the JDK's "before 1980" marker, for which
     * {@link ZipEntry#setTimeLocal} keeps a zone-dependent time that ZipOutputStream writes as an
     * extended-timestamp extra field, so the bytes would depend on the machine's time zone.
     */
    public static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 2, 1, 0, 0);
    /** Deflate level of every entry. */
    public static final int COMPRESSION_LEVEL = Deflater.BEST_COMPRESSION;
    /** Unix file type and mode of every entry: regular file, 0644. */
    public static final int UNIX_FILE_MODE = 0100644;
    /**
     * The folder, beside the function folders, of the files every function's bundle holds. A
     * function's name starts with a lowercase letter (the configuration checks it), so this
     * folder is never taken for a function.
     */
    public static final String SHARED_LIBRARY = "_shared";

    private static final int CEN_SIGNATURE = 0x02014b50;
    private static final int END_SIGNATURE = 0x06054b50;
    private static final int END_SIZE = 22;
    private static final int MADE_BY_UNIX = 3;

    /**
     * Writes {@code <outputDir>/<name>.zip}, {@code name} being the function folder's name, replacing
     * any earlier one atomically, and returns it with its hash and size.
     *
     * @throws BundleException if the folder is missing, not a folder, holds nothing to bundle or holds a
     *                         symbolic link, if a file of it clashes with a shared library file, or if
     *                         {@code outputDir} lies inside it or inside the shared library
     * @throws UncheckedIOException if a file cannot be read or the zip cannot be written
     */
    public FunctionBundle bundle(Path functionDir, Path outputDir) {
        Path dir = checkedFolder(functionDir);
        Path out = outputDir.toAbsolutePath().normalize();
        if (out.startsWith(dir) || out.startsWith(realPath(dir))) {
            throw new BundleException("output folder " + outputDir + " lies inside function folder " + functionDir
                    + "; the next bundle would contain this one");
        }
        Path shared = sharedLibrary(dir);
        if (Files.isDirectory(shared) && (out.startsWith(shared) || out.startsWith(realPath(shared)))) {
            throw new BundleException("output folder " + outputDir + " lies inside shared library " + shared
                    + "; the next bundle would contain this one");
        }
        String name = dir.getFileName().toString();
        byte[] zip = zipBytes(dir);
        Path target = out.resolve(name + ".zip");
        try {
            Files.createDirectories(out);
            Path temp = Files.createTempFile(out, "." + name + "-", ".zip.tmp");
            try {
                Files.write(temp, zip);
                try {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        return new FunctionBundle(name, target, codeSha256(zip), zip.length);
    }

    /** The zip {@link #bundle} writes for this folder, without writing it (e.g. to compare hashes in a plan). */
    public byte[] zipBytes(Path functionDir) {
        Path dir = checkedFolder(functionDir);
        TreeMap<String, Path> files = bundleFiles(dir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setMethod(ZipOutputStream.DEFLATED);
            zip.setLevel(COMPRESSION_LEVEL);
            for (var file : files.entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setMethod(ZipEntry.DEFLATED);
                entry.setTimeLocal(ENTRY_TIME);
                zip.putNextEntry(entry);
                zip.write(read(file.getValue()));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot zip " + functionDir + ": " + e.getMessage(), e);
        }
        byte[] zip = bytes.toByteArray();
        setUnixMode(zip, files.size());
        return zip;
    }

    /** The relative paths ({@code /}-separated) that a bundle of this folder holds, in zip order. */
    public List<String> entries(Path functionDir) {
        return Collections.unmodifiableList(
                new ArrayList<>(bundleFiles(checkedFolder(functionDir)).keySet()));
    }

    /** Base64 of the SHA-256 of {@code zip}: what Lambda reports as {@code CodeSha256}. */
    public static String codeSha256(byte[] zip) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(zip));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Whether a file or folder name is left out of bundles. */
    static boolean excluded(String fileName, boolean directory) {
        if (fileName.startsWith(".") || fileName.equals("__pycache__")) {
            return true;
        }
        return !directory
                && (fileName.endsWith(".pyc")
                        || fileName.endsWith(".pyo")
                        || (fileName.startsWith("test_") && fileName.endsWith(".py")));
    }

    private static Path checkedFolder(Path functionDir) {
        Path dir = functionDir.toAbsolutePath().normalize();
        if (!Files.exists(dir)) {
            throw new BundleException("function folder " + functionDir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new BundleException("function folder " + functionDir + " is not a folder");
        }
        if (dir.getFileName() == null) {
            throw new BundleException("function folder " + functionDir + " has no name to give the bundle");
        }
        return dir;
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read function folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path sharedLibrary(Path functionDir) {
        return functionDir.resolveSibling(SHARED_LIBRARY);
    }

    /** The function folder's files and the shared library's, by relative path. */
    private static TreeMap<String, Path> bundleFiles(Path functionDir) {
        TreeMap<String, Path> files = files(functionDir, "function folder");
        if (files.isEmpty()) {
            throw new BundleException("function folder " + functionDir + " holds no file to bundle"
                    + " (dotfiles, __pycache__, *.pyc and test_*.py are left out)");
        }
        Path shared = sharedLibrary(functionDir);
        if (!Files.exists(shared) || shared.equals(functionDir)) {
            return files;
        }
        if (!Files.isDirectory(shared)) {
            throw new BundleException("shared library " + shared + " is not a folder");
        }
        files(shared, "shared library").forEach((name, file) -> {
            String clash = clash(files, name);
            if (clash != null) {
                throw new BundleException("function folder " + functionDir + " holds " + clash + ", which clashes with "
                        + name + " of shared library " + shared + "; a function's file cannot replace a shared one:"
                        + " rename or remove one of them");
            }
            files.put(name, file);
        });
        return files;
    }

    /**
     * The entry of {@code files} that {@code name} cannot sit beside in one zip: the same path, or
     * a path that would be a file in one and a folder in the other; null if none.
     */
    private static String clash(TreeMap<String, Path> files, String name) {
        if (files.containsKey(name)) {
            return name;
        }
        for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
            if (files.containsKey(name.substring(0, slash))) {
                return name.substring(0, slash);
            }
        }
        String below = files.ceilingKey(name + "/");
        return below != null && below.startsWith(name + "/") ? below : null;
    }

    /** The files of {@code folder} (a function folder or the shared library, as {@code what} says). */
    private static TreeMap<String, Path> files(Path folder, String what) {
        Path dir = realPath(folder);
        TreeMap<String, Path> files = new TreeMap<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return !d.equals(dir) && excluded(d.getFileName().toString(), true)
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (excluded(file.getFileName().toString(), attrs.isDirectory())) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (!attrs.isRegularFile()) {
                        throw new BundleException(what + " " + folder + " holds " + dir.relativize(file)
                                + ", which is " + (attrs.isSymbolicLink() ? "a symbolic link" : "not a regular file")
                                + "; bundles hold regular files only");
                    }
                    files.put(relativeName(dir, file), file);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + dir + ": " + e.getMessage(), e);
        }
        return files;
    }

    private static String relativeName(Path dir, Path file) {
        StringBuilder name = new StringBuilder();
        for (Path part : dir.relativize(file)) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(part);
        }
        return name.toString();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records every central-directory entry as made on Unix (high byte of "version made by" = 3) with
     * external attributes {@code UNIX_FILE_MODE << 16}, as zip tools do (APPNOTE.TXT 4.4.2, 4.4.15).
     * Only fields outside every checksum change; the zip was just written by us, without zip64 or comment.
     */
    private static void setUnixMode(byte[] zip, int expectedEntries) {
        int end = zip.length - END_SIZE;
        if (end < 0 || le32(zip, end) != END_SIGNATURE) {
            throw new IllegalStateException("unexpected zip layout: no end-of-central-directory record");
        }
        int count = le16(zip, end + 10);
        long offset = le32(zip, end + 16) & 0xffffffffL;
        if (count != expectedEntries || offset >= end) {
            throw new BundleException("too many files or bytes for a Lambda bundle (zip64 is not supported): "
                    + expectedEntries + " files");
        }
        int p = (int) offset;
        for (int i = 0; i < count; i++) {
            if (le32(zip, p) != CEN_SIGNATURE) {
                throw new IllegalStateException("unexpected zip layout: no central directory entry at " + p);
            }
            zip[p + 5] = (byte) MADE_BY_UNIX; // version made by: low byte = spec version, high = host
            int attributes = UNIX_FILE_MODE << 16; // external attributes: mode in the high 16 bits
            zip[p + 38] = (byte) attributes;
            zip[p + 39] = (byte) (attributes >>> 8);
            zip[p + 40] = (byte) (attributes >>> 16);
            zip[p + 41] = (byte) (attributes >>> 24);
            p += 46 + le16(zip, p + 28) + le16(zip, p + 30) + le16(zip, p + 32);
        }
    }

    private static int le16(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    private static int le32(byte[] b, int i) {
        return le16(b, i) | le16(b, i + 2) << 16;
    }
}
